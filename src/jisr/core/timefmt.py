"""How Jisr shows a moment and a time left: one place, used by every template.

Times are stored in UTC and shown in the active time zone (the user's, else the
node's, activated by ``jisr.core.middleware.UserTimeZoneMiddleware``) with the zone
named, in the active language's format (``jisr/formats/<lang>/formats.py``).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from functools import lru_cache

from django.utils import formats, timezone
from django.utils.translation import gettext as _


@lru_cache(maxsize=1)
def time_zone_names() -> tuple[str, ...]:
    """Every IANA zone name this machine knows, sorted (the user's choice on their page)."""
    return tuple(sorted(zoneinfo.available_timezones() - {"localtime", "Factory"}))


def is_time_zone(name: str) -> bool:
    return name in time_zone_names()


def zone_label(moment: dt.datetime) -> str:
    """The zone's abbreviation (CET, CEST, UTC), else its offset ("UTC+01")."""
    abbreviation = moment.tzname() or ""
    if abbreviation.isalpha():
        return abbreviation
    offset = moment.utcoffset() or dt.timedelta()
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}" + (f":{rest:02d}" if rest else "")


def moment(value: dt.datetime | None) -> str:
    """``01/12/2026 14:05 UTC+01``: a stored UTC time in the active zone, zone named."""
    if value is None:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    shown = formats.date_format(local, "SHORT_DATETIME_FORMAT")
    return f"{shown} {zone_label(local)}" if timezone.is_aware(value) else shown


def span(seconds: float) -> str:
    """A length of time as an officer reads it: "11 h 59 min", "2 d 3 h"."""
    minutes = int(abs(seconds) // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return _("%(days)d d %(hours)d h") % {"days": days, "hours": hours}
    return _("%(hours)d h %(minutes)02d min") % {"hours": hours, "minutes": mins}


def time_left(deadline: dt.datetime, now: dt.datetime) -> tuple[bool, str]:
    """(overdue?, "11 h 59 min left" or "overdue by 1 h 02 min") for a deadline."""
    seconds = (deadline - now).total_seconds()
    if seconds < 0:
        return True, _("overdue by %(span)s") % {"span": span(seconds)}
    return False, _("%(span)s left") % {"span": span(seconds)}


def partial_date(value: object) -> str:
    """ "1986-04-17" as 17/04/1986 (ar, fr) or 1986-04-17 (en); "1986-04" as "avril 1986"."""
    if value is None or value == "":
        return ""
    if isinstance(value, dt.date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    text = str(value).strip()
    parts = text.split("-")
    try:
        numbers = [int(p) for p in parts]
        if len(numbers) == 3:
            return formats.date_format(dt.date(*numbers), "SHORT_DATE_FORMAT")
        if len(numbers) == 2:
            return formats.date_format(dt.date(numbers[0], numbers[1], 1), "YEAR_MONTH_FORMAT")
    except ValueError:
        pass
    return text  # a year alone, or a value kept as the partner sent it
