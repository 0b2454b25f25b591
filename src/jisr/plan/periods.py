"""Reporting periods: months, quarters and years, as inclusive date ranges evaluated in UTC."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Period:
    start: dt.date
    end: dt.date  # inclusive

    @property
    def interval(self) -> tuple[dt.datetime, dt.datetime]:
        """The half-open UTC interval ``[start 00:00, end + 1 day 00:00)``."""
        begin = dt.datetime.combine(self.start, dt.time(), tzinfo=dt.UTC)
        return begin, dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC)

    @property
    def label(self) -> str:
        s, e = self.start, self.end
        if s.day == 1 and s.month == 1 and e == dt.date(s.year, 12, 31):
            return f"{s.year}"
        if s.day == 1 and (s.month - 1) % 3 == 0 and e == _month_end(s.year, s.month + 2):
            return f"{s.year}-Q{(s.month - 1) // 3 + 1}"
        if s.day == 1 and e == _month_end(s.year, s.month):
            return f"{s.year}-{s.month:02d}"
        return f"{s.isoformat()}/{e.isoformat()}"

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self, granularity: str | None = None) -> Period:
        """The period of the same kind just before this one."""
        granularity = granularity or self.granularity
        if granularity in ("month", "quarter", "year"):
            return period_containing(self.start - dt.timedelta(days=1), granularity)
        end = self.start - dt.timedelta(days=1)
        return Period(end - dt.timedelta(days=self.days - 1), end)

    @property
    def granularity(self) -> str:
        label = self.label
        if "/" in label:
            return "custom"
        if "Q" in label:
            return "quarter"
        return "month" if "-" in label else "year"

    def as_dict(self) -> dict[str, str]:
        return {"from": self.start.isoformat(), "to": self.end.isoformat(), "label": self.label}


def _month_end(year: int, month: int) -> dt.date:
    year += (month - 1) // 12
    month = (month - 1) % 12 + 1
    first_next = dt.date(year + (month == 12), month % 12 + 1, 1)
    return first_next - dt.timedelta(days=1)


def period_containing(day: dt.date, granularity: str) -> Period:
    if granularity == "month":
        return Period(day.replace(day=1), _month_end(day.year, day.month))
    if granularity == "year":
        return Period(dt.date(day.year, 1, 1), dt.date(day.year, 12, 31))
    first = (day.month - 1) // 3 * 3 + 1
    return Period(dt.date(day.year, first, 1), _month_end(day.year, first + 2))


def periods_between(start: dt.date, end: dt.date, granularity: str) -> list[Period]:
    """The periods of ``granularity`` that cover ``[start, end]``, in order."""
    found: list[Period] = []
    day = start
    while day <= end and len(found) < 400:
        period = period_containing(day, granularity)
        found.append(period)
        day = period.end + dt.timedelta(days=1)
    return found


def series_granularity(start: dt.date, end: dt.date) -> str:
    """Months for up to a year and a half, quarters up to six years, years beyond."""
    days = (end - start).days
    if days <= 550:
        return "month"
    return "quarter" if days <= 6 * 366 else "year"


def parse_period(text: str | None) -> Period | None:
    """``2026-Q3``, ``2026-07`` or ``2026`` as a period; None for anything else."""
    import re

    text = (text or "").strip()
    if m := re.fullmatch(r"(\d{4})-Q([1-4])", text):
        return period_containing(dt.date(int(m[1]), int(m[2]) * 3 - 2, 1), "quarter")
    if m := re.fullmatch(r"(\d{4})-(\d{2})", text):
        if 1 <= int(m[2]) <= 12:
            return period_containing(dt.date(int(m[1]), int(m[2]), 1), "month")
    if m := re.fullmatch(r"(\d{4})", text):
        return period_containing(dt.date(int(m[1]), 1, 1), "year")
    return None
