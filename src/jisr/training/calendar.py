"""The session calendar: a month grid for the page and an iCalendar feed per user."""

from __future__ import annotations

import calendar as pycalendar
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core import signing

FEED_SALT = "jisr.training.ics"


@dataclass
class Day:
    date: dt.date
    in_month: bool
    sessions: list[Any] = field(default_factory=list)


def month_from(value: str, today: dt.date) -> dt.date:
    """The first day of ``?month=YYYY-MM`` (this month when absent or malformed)."""
    try:
        year, month = (int(part) for part in value.split("-", 1))
        if 2000 <= year <= 2100 and 1 <= month <= 12:
            return dt.date(year, month, 1)
    except (TypeError, ValueError):
        pass
    return today.replace(day=1)


def shift(month: dt.date, by: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + by
    return dt.date(index // 12, index % 12 + 1, 1)


def month_grid(month: dt.date, sessions: Any) -> list[list[Day]]:
    """Weeks (Monday first) of the month, each day with the sessions running that day."""
    weeks = pycalendar.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month)
    days = {d: Day(d, d.month == month.month) for week in weeks for d in week}
    first, last = weeks[0][0], weeks[-1][-1]
    for session in sessions.filter(starts_on__lte=last, ends_on__gte=first):
        current = max(session.starts_on, first)
        while current <= min(session.ends_on, last):
            days[current].sessions.append(session)
            current += dt.timedelta(days=1)
    return [[days[d] for d in week] for week in weeks]


def feed_token(user: Any) -> str:
    """A signed, per-user token for the feed URL (a calendar client cannot sign in)."""
    return signing.dumps({"u": user.pk}, salt=FEED_SALT)


def user_for_token(token: str) -> Any:
    from jisr.accounts.models import User

    try:
        data = signing.loads(token, salt=FEED_SALT)
    except signing.BadSignature:
        return None
    return User.objects.filter(pk=data.get("u"), is_active=True).first()


def ics_bytes(sessions: Any, *, host: str) -> bytes:
    """The sessions as an iCalendar (RFC 5545) feed: all-day events, one per session."""
    from icalendar import Calendar, Event

    cal = Calendar()
    cal.add("prodid", "-//Jisr//training//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Jisr")
    for session in sessions:
        event = Event()
        event.add("uid", f"{session.id}@{host}")
        event.add("summary", f"{session.course.title} ({session.course.owner.code})")
        event.add("dtstart", session.starts_on)
        event.add("dtend", session.ends_on + dt.timedelta(days=1))
        event.add("dtstamp", session.created_at)
        if session.place or session.link:
            event.add("location", session.place or session.link)
        event.add("status", "CANCELLED" if session.status == "cancelled" else "CONFIRMED")
        cal.add_component(event)
    return bytes(cal.to_ical())
