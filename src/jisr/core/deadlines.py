"""One deadline shape and one sweep for every app.

A model with a time limit inherits ``jisr.core.models.DeadlineMixin`` (``due_at``,
``remind_at`` and one timestamp per step already taken). Its app declares it as data on its
AppConfig, in ``deadlines``: one :class:`Deadline` per model, naming the model, the function
that lists its open rows and the callbacks of the reminder and the escalation (the wanted
app's ``WantedConfig.deadlines`` is an example).

The worker calls :func:`deadlines_sweep`. Each step of each row is claimed with a
conditional UPDATE before its callback runs, in the same transaction, so any
number of workers (PostgreSQL) send each reminder exactly once.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core import checks
from django.db import models, transaction
from django.utils.module_loading import import_string

log = logging.getLogger("jisr.deadlines")


def deadline_fields(
    start: dt.datetime, due: dt.datetime | None, *, remind: bool = True
) -> dict[str, dt.datetime | None]:
    """``due_at`` and ``remind_at`` (half time) for a deadline running from ``start``."""
    if due is None:
        return {"due_at": None, "remind_at": None}
    return {"due_at": due, "remind_at": start + (due - start) / 2 if remind else None}


Callback = Callable[[Any, dt.datetime], object]


@dataclass(frozen=True)
class Deadline:
    """One model's deadline, declared by its app.

    ``open`` names a function returning the queryset of rows still waiting (not
    answered, not closed). Each ``on_*`` names a function ``(row, now)`` that
    notifies; a missing one is a step this model does not take. Escalation comes
    ``escalate_after`` past the deadline.
    """

    model: str
    open: str
    on_reminder: str = ""
    on_overdue: str = ""
    on_escalate: str = ""
    escalate_after: dt.timedelta = dt.timedelta(0)


# step name -> (claimed field, condition on rows due for this step)
def _steps(deadline: Deadline, now: dt.datetime) -> list[tuple[str, str, str, models.Q]]:
    return [
        ("reminders", deadline.on_reminder, "reminded_at", models.Q(remind_at__lte=now)),
        ("overdue", deadline.on_overdue, "overdue_notified_at", models.Q(due_at__lt=now)),
        (
            "escalations",
            deadline.on_escalate,
            "escalated_at",
            models.Q(due_at__lt=now - deadline.escalate_after),
        ),
    ]


def registered_deadlines() -> list[Deadline]:
    """Every app's ``deadlines`` declarations."""
    found: list[Deadline] = []
    for config in apps.get_app_configs():
        found.extend(getattr(config, "deadlines", ()))
    return found


def check_deadlines(
    app_configs: Any = None, *, deadlines: list[Deadline] | None = None, **kwargs: Any
) -> list[checks.CheckMessage]:
    """System check: every declared deadline names an installed model and importable callbacks."""
    errors: list[checks.CheckMessage] = []
    fields = ("due_at", "remind_at", "reminded_at", "overdue_notified_at", "escalated_at")
    for deadline in registered_deadlines() if deadlines is None else deadlines:
        try:
            model = apps.get_model(deadline.model)
        except (LookupError, ValueError):
            errors.append(checks.Error(f"unknown deadline model {deadline.model}", id="jisr.E101"))
            continue
        names = {f.name for f in model._meta.get_fields()}
        if not names.issuperset(fields):
            errors.append(
                checks.Error(f"{deadline.model} lacks the DeadlineMixin fields", id="jisr.E102")
            )
        for path in (
            deadline.open,
            deadline.on_reminder,
            deadline.on_overdue,
            deadline.on_escalate,
        ):
            if not path:
                continue
            try:
                import_string(path)
            except ImportError:
                errors.append(checks.Error(f"cannot import {path}", id="jisr.E103"))
    return errors


def claim(model: type[models.Model], pk: Any, field: str, now: dt.datetime) -> bool:
    """Take one step of one row: true for exactly one caller, however many race."""
    return (
        model._default_manager.filter(pk=pk, **{f"{field}__isnull": True}).update(**{field: now})
        == 1
    )


def deadlines_sweep(now: dt.datetime, *, deadlines: list[Deadline] | None = None) -> dict[str, int]:
    """Send every reminder, overdue notice and escalation that is due at ``now``.

    Returns how many of each were sent. Safe to run in several workers at once.
    """
    sent: Counter[str] = Counter({"reminders": 0, "overdue": 0, "escalations": 0})
    for deadline in registered_deadlines() if deadlines is None else deadlines:
        model = apps.get_model(deadline.model)
        open_rows: Callable[[], models.QuerySet[Any]] = import_string(deadline.open)
        for step, callback_path, field, due in _steps(deadline, now):
            if not callback_path:
                continue
            callback: Callback = import_string(callback_path)
            pending = open_rows().filter(due, **{f"{field}__isnull": True})
            for pk in list(pending.values_list("pk", flat=True)):
                try:
                    with transaction.atomic():
                        if not claim(model, pk, field, now):
                            continue  # another worker took it
                        row = open_rows().filter(pk=pk).first()
                        if row is None:
                            continue  # closed meanwhile: nothing to send
                        callback(row, now)
                        sent[step] += 1
                except Exception:
                    # The claim is rolled back with the failed notice, so the next sweep
                    # retries this row; the other rows go on.
                    log.exception("deadline %s of %s %s failed", step, deadline.model, pk)
    return dict(sent)
