"""The indicator registry: figures the action plan reads from live data, declared by each app.

An indicator is a named, versioned definition evaluated by the system over a period, never a
typed number. Each app declares its own on its AppConfig, as data::

    indicators = (
        IndicatorDefinition(
            code="hits.answered_on_time",
            label=_("Hits answered within the deadline"),
            description=_("Share of hits received in the period answered before their deadline."),
            unit=IndicatorUnit.SHARE,
            compute="jisr.wanted.indicators.hits_answered_on_time",
            mechanism="hit_reply",
        ),
    )

``compute`` names a function ``(start, end) -> float | int | None`` over the node's own data
in the half-open UTC interval ``[start, end)``; ``None`` means "no data in the period". It
returns an aggregate only (a count, a share, a median), never rows or anything personal, so a
figure can travel to the partner. The plan app evaluates definitions, keeps series, exchanges
aggregates with partners and draws the steering committee's pages; when a module is not
installed its indicators simply do not exist, and the plan shows them as unavailable.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.db import models
from django.utils.functional import Promise
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _


class IndicatorUnit(models.TextChoices):
    COUNT = "count", _("count")
    SHARE = "share", _("share")
    SECONDS = "seconds", _("seconds")
    HOURS = "hours", _("hours")
    DAYS = "days", _("days")
    SCORE = "score", _("score")


@dataclass(frozen=True)
class IndicatorDefinition:
    """One indicator: what it counts, how, and which way is better."""

    code: str
    label: str | Promise
    description: str | Promise
    unit: str
    compute: str
    version: int = 1
    higher_is_better: bool = True
    #: The cooperation mechanism it measures, for the evaluation scorecards
    #: ("request_channel", "alert_sharing", "hit_reply", "event_cooperation",
    #: "working_groups", "training", "federation", "risk_anticipation").
    mechanism: str = ""
    #: A figure typed in by a person (the plan shows who entered it and when), not computed;
    #: ``compute`` is then empty.
    manual: bool = False

    @property
    def unit_label(self) -> str:
        try:
            return str(IndicatorUnit(self.unit).label)
        except ValueError:
            return self.unit

    @property
    def is_count(self) -> bool:
        return self.unit == IndicatorUnit.COUNT

    def evaluate(self, start: dt.datetime, end: dt.datetime) -> float | int | None:
        if self.manual or not self.compute:
            return None
        func: Callable[[dt.datetime, dt.datetime], float | int | None] = import_string(self.compute)
        return func(start, end)


#: Counts under this many are never sent to a partner as a number (shown there as "< N").
DEFAULT_SMALL_COUNT_THRESHOLD = 5
SMALL_COUNT_SETTING = "indicator_small_count_threshold"


def small_count_threshold() -> int:
    """The node's small-count threshold: the ``NodeSetting`` row of that name, else 5."""
    from jisr.core.models import NodeSetting

    row = NodeSetting.objects.filter(name=SMALL_COUNT_SETTING).first()
    try:
        value = int(row.value) if row is not None else DEFAULT_SMALL_COUNT_THRESHOLD
    except (TypeError, ValueError):
        value = DEFAULT_SMALL_COUNT_THRESHOLD
    return max(1, min(value, 1000))


def indicator_definitions() -> dict[str, IndicatorDefinition]:
    """Every installed app's indicators, by code."""
    found: dict[str, IndicatorDefinition] = {}
    for config in apps.get_app_configs():
        for definition in getattr(config, "indicators", ()):
            if definition.code in found:
                raise ValueError(f"indicator {definition.code!r} is declared twice")
            found[definition.code] = definition
    return found
