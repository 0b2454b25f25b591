"""Patterns a DPO watches, found in the audit log once a day and told as notices.

- volume: a user consulted far more records in a day than their usual (the mean of the
  previous 30 days, times the ``pattern_volume_factor`` node setting, and at least
  ``pattern_volume_minimum``);
- no_case: screenings whose purpose names no case reference (``screening_case_reference``);
- off_hours: consultations outside ``working_hours_start``..``working_hours_end`` (UTC).

Each finding is stored once per day, kind and user (``PatternFinding``) and notified once.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.urls import reverse

from jisr.audit.models import AuditEntry
from jisr.audit.services import audit_record
from jisr.core import clock
from jisr.core.node_settings import node_setting
from jisr.privacy.actions import PrivacyAction
from jisr.privacy.models import PatternFinding
from jisr.privacy.permissions import ACT_AS_DPO
from jisr.privacy.reference import NoticeKind, PatternKind

#: Audit actions that are consultations of a record holding personal data.
CONSULT_ACTIONS = (
    "alert.view",
    "hit.view",
    "message.view",
    "attachment.download",
    "screening.run",
    "screening.batch",
    "accreditation.review.view",
)
SCREENING_ACTIONS = ("screening.run", "screening.batch")
#: A case reference as the exchange app numbers cases (FR-DGPN-2026-0007), or "case"/"dossier"
#: followed by a number.
CASE_REFERENCE = re.compile(
    r"[A-Z]{2}-[A-Z]+-\d{4}-\d+|\b(?:case|dossier|affaire|ملف)\s*(?:n[°o.]?\s*)?[\w/-]*\d",
    re.IGNORECASE,
)


def _day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime.combine(day, dt.time.min, tzinfo=dt.UTC)
    return start, start + dt.timedelta(days=1)


def _human(qs: Any) -> Any:
    return qs.exclude(actor_id__isnull=True)


def find_patterns(day: dt.date) -> list[PatternFinding]:
    """The findings of ``day`` (not yet stored)."""
    start, end = _day_bounds(day)
    rows = _human(AuditEntry.objects.filter(created_at__gte=start, created_at__lt=end))
    consults = rows.filter(action__in=CONSULT_ACTIONS)
    found: list[PatternFinding] = []

    factor = float(node_setting("pattern_volume_factor"))
    minimum = int(node_setting("pattern_volume_minimum"))
    today = dict(
        consults.values("actor_username")
        .annotate(n=Count("seq"))
        .values_list("actor_username", "n")
    )
    if today:
        history_start = start - dt.timedelta(days=30)
        before = dict(
            _human(
                AuditEntry.objects.filter(
                    created_at__gte=history_start,
                    created_at__lt=start,
                    action__in=CONSULT_ACTIONS,
                    actor_username__in=list(today),
                )
            )
            .values("actor_username")
            .annotate(n=Count("seq"))
            .values_list("actor_username", "n")
        )
        for username, count in today.items():
            usual = before.get(username, 0) / 30
            if count >= minimum and count > factor * max(usual, 1.0):
                found.append(
                    PatternFinding(
                        day=day,
                        kind=PatternKind.VOLUME,
                        username=username,
                        count=count,
                        baseline=round(usual, 1),
                    )
                )

    if node_setting("screening_case_reference"):
        missing: Counter[str] = Counter()
        for username, purpose in rows.filter(action__in=SCREENING_ACTIONS).values_list(
            "actor_username", "justification"
        ):
            if not CASE_REFERENCE.search(purpose or ""):
                missing[username] += 1
        found += [
            PatternFinding(day=day, kind=PatternKind.NO_CASE, username=u, count=n)
            for u, n in missing.items()
        ]

    first = int(node_setting("working_hours_start"))
    last = int(node_setting("working_hours_end"))
    outside: Counter[str] = Counter()
    for username, at in consults.values_list("actor_username", "created_at"):
        if not first <= at.astimezone(dt.UTC).hour < last:
            outside[username] += 1
    found += [
        PatternFinding(day=day, kind=PatternKind.OFF_HOURS, username=u, count=n)
        for u, n in outside.items()
    ]
    return found


def patterns_check(day: dt.date | None = None) -> list[PatternFinding]:
    """Store and notify the day's new findings (yesterday's by default, for the daily task)."""
    from jisr.notices.services import notify
    from jisr.privacy.selectors import users_with_perm

    day = day or (clock.now() - dt.timedelta(days=1)).date()
    stored = []
    for finding in find_patterns(day):
        try:
            with transaction.atomic():
                finding.save()
                audit_record(
                    "system",
                    PrivacyAction.PATTERN_FOUND,
                    target=finding,
                    extra={"kind": finding.kind, "count": finding.count, "day": str(day)},
                )
                notify(
                    users_with_perm(ACT_AS_DPO),
                    NoticeKind.PATTERN,
                    finding,
                    url=reverse("privacy:home") + "#patterns",
                    text=f"{finding.get_kind_display()}: {finding.username} ({finding.count})",
                )
        except IntegrityError:
            continue  # already found and told
        stored.append(finding)
    return stored
