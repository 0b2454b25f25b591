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

    def evaluate(self, start: dt.datetime, end: dt.datetime) -> float | int | None:
        func: Callable[[dt.datetime, dt.datetime], float | int | None] = import_string(self.compute)
        return func(start, end)


def indicator_definitions() -> dict[str, IndicatorDefinition]:
    """Every installed app's indicators, by code."""
    found: dict[str, IndicatorDefinition] = {}
    for config in apps.get_app_configs():
        for definition in getattr(config, "indicators", ()):
            if definition.code in found:
                raise ValueError(f"indicator {definition.code!r} is declared twice")
            found[definition.code] = definition
    return found
