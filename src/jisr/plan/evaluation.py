"""Evaluating indicators: a value for a period, the previous period's, a trend and a light.

Deterministic: the same rows give the same value (the compute functions aggregate; nothing
here depends on order or on the audit log). An :class:`Evaluator` remembers what it has
computed, so a page that shows one indicator under several pillars computes it once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from jisr.core import clock
from jisr.core.indicators import IndicatorDefinition, IndicatorUnit, indicator_definitions
from jisr.plan.periods import Period, periods_between


@dataclass
class Figure:
    """One indicator for one period, as pages, the API and reports show it."""

    code: str
    period: Period
    definition: IndicatorDefinition | None
    value: float | int | None = None
    previous: float | int | None = None
    target: float | None = None
    manual_by: str = ""
    manual_at: dt.datetime | None = None
    partners: list[dict[str, Any]] = field(default_factory=list)

    @property
    def available(self) -> bool:
        return self.definition is not None

    @property
    def label(self) -> str:
        return str(self.definition.label) if self.definition else self.code

    @property
    def unit(self) -> str:
        return self.definition.unit if self.definition else ""

    @property
    def trend(self) -> str:
        """ "up", "down", "flat", or "" when one of the two periods has no value."""
        if self.value is None or self.previous is None:
            return ""
        if self.value > self.previous:
            return "up"
        return "down" if self.value < self.previous else "flat"

    @property
    def trend_good(self) -> bool | None:
        if not self.trend or self.trend == "flat" or self.definition is None:
            return None
        return (self.trend == "up") == self.definition.higher_is_better

    @property
    def light(self) -> str:
        """ "green", "amber", "red", or "grey" (no value or no target)."""
        if self.definition is None or self.value is None or self.target is None:
            return "grey"
        return traffic_light(float(self.value), float(self.target), self.definition)

    @property
    def display(self) -> str:
        return format_value(self.value, self.unit) if self.available else _("not available")

    @property
    def partner_displays(self) -> list[tuple[str, str]]:
        return [(p["agency"], partner_display(p, self.unit)) for p in self.partners]

    @property
    def target_display(self) -> str:
        return "" if self.target is None else format_value(self.target, self.unit)


def traffic_light(value: float, target: float, definition: IndicatorDefinition) -> str:
    """Green when the target is met, amber within 20 % of it, red beyond."""
    if definition.higher_is_better:
        if value >= target:
            return "green"
        return "amber" if value >= 0.8 * target else "red"
    if value <= target:
        return "green"
    return "amber" if value <= target * 1.2 else "red"


def format_value(value: float | int | None, unit: str) -> str:
    if value is None:
        return _("no data")
    if unit == IndicatorUnit.SHARE:
        return f"{round(float(value) * 100):d} %"
    if unit == IndicatorUnit.SECONDS:
        return _("%(n)s s") % {"n": _number(value)}
    if unit == IndicatorUnit.HOURS:
        return _("%(n)s h") % {"n": _number(value)}
    if unit == IndicatorUnit.DAYS:
        return _("%(n)s d") % {"n": _number(value)}
    return _number(value)


def _number(value: float | int) -> str:
    number = float(value)
    return str(int(number)) if number.is_integer() else f"{number:.1f}"


_MISSING = object()


class Evaluator:
    """Evaluates indicators over periods, remembering each (code, period) it computed."""

    def __init__(
        self,
        definitions: dict[str, IndicatorDefinition] | None = None,
        *,
        cache_seconds: int = 0,
    ) -> None:
        self.definitions = indicator_definitions() if definitions is None else definitions
        self._values: dict[tuple[str, Period], tuple[float | int | None, str, Any]] = {}
        #: Pages may keep the figures of *closed* periods (ended before yesterday) this long;
        #: the current period is always computed live. Reports and the API never cache.
        self.cache_seconds = cache_seconds

    def definition(self, code: str) -> IndicatorDefinition | None:
        return self.definitions.get(code)

    def value(self, code: str, period: Period) -> float | int | None:
        return self._value(code, period)[0]

    def _value(self, code: str, period: Period) -> tuple[float | int | None, str, Any]:
        key = (code, period)
        if key not in self._values:
            definition = self.definitions.get(code)
            if definition is None:
                self._values[key] = (None, "", None)
            elif definition.manual:
                self._values[key] = manual_value(code, period)
            else:
                self._values[key] = (self._computed(definition, period), "", None)
        return self._values[key]

    def _computed(self, definition: IndicatorDefinition, period: Period) -> float | int | None:
        start, end = period.interval
        closed = period.end < clock.now().date() - dt.timedelta(days=1)
        if not (self.cache_seconds and closed):
            return definition.evaluate(start, end)
        from django.core.cache import cache

        cache_key = f"jisr.plan.figure:{definition.code}:{definition.version}:{period.label}"
        found = cache.get(cache_key, _MISSING)
        if found is _MISSING:
            found = definition.evaluate(start, end)
            cache.set(cache_key, found, self.cache_seconds)
        return found  # type: ignore[no-any-return]

    def figure(
        self, code: str, period: Period, *, target: float | None = None, partners: bool = True
    ) -> Figure:
        value, by, at = self._value(code, period)
        previous = self.value(code, period.previous()) if code in self.definitions else None
        figure = Figure(
            code=code,
            period=period,
            definition=self.definitions.get(code),
            value=value,
            previous=previous,
            target=target,
            manual_by=by,
            manual_at=at,
        )
        if partners and figure.available:
            figure.partners = partner_figures(code, period)
        return figure

    def series(self, code: str, start: dt.date, end: dt.date, granularity: str) -> list[Figure]:
        return [
            self.figure(code, period, partners=False)
            for period in periods_between(start, end, granularity)
        ]


def manual_value(code: str, period: Period) -> tuple[float | int | None, str, Any]:
    """The sum of the manual entries inside the period, with the last entry's author and time."""
    from jisr.plan.models import ManualIndicatorValue

    rows = list(
        ManualIndicatorValue.objects.filter(
            code=code, period_start__gte=period.start, period_end__lte=period.end
        )
        .select_related("entered_by")
        .order_by("period_start", "entered_at", "pk")
    )
    if not rows:
        return None, "", None
    last = max(rows, key=lambda row: (row.entered_at, row.pk))
    return sum(row.value for row in rows), last.entered_by.get_username(), last.entered_at


def partner_figures(code: str, period: Period) -> list[dict[str, Any]]:
    """Partners' aggregates for exactly this period, as they sent them (never our own)."""
    from jisr.accounts.selectors import own_agency
    from jisr.plan.models import IndicatorSnapshot

    own = own_agency()
    rows = IndicatorSnapshot.objects.filter(
        code=code, period_start=period.start, period_end=period.end
    ).exclude(agency=own.code if own else "")
    return [
        {
            "agency": row.agency,
            "value": None if row.suppressed else row.value,
            "suppressed": row.suppressed,
            "threshold": row.threshold,
            "received_at": row.received_at,
        }
        for row in rows.order_by("agency")
    ]


def partner_display(entry: dict[str, Any], unit: str) -> str:
    if entry["suppressed"]:
        return f"< {entry['threshold']}"
    return format_value(entry["value"], unit)
