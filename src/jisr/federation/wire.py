"""Dates and times in an envelope's body, as the wire carries them (ISO 8601).

Every app's bodies write them with :func:`iso` and read them back with the ``wire_*``
functions; a malformed value raises ValueError, which refuses the envelope for good.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.dateparse import parse_date, parse_datetime


def iso(value: dt.date | dt.datetime | None) -> str | None:
    """A date or a date-time as ISO 8601 text; None stays None."""
    return value.isoformat() if value is not None else None


def wire_date(value: Any) -> dt.date:
    parsed = parse_date(str(value))
    if parsed is None:
        raise ValueError(f"not a date: {str(value)[:20]}")
    return parsed


def wire_datetime(value: Any) -> dt.datetime:
    parsed = parse_datetime(str(value))
    if parsed is None:
        raise ValueError(f"not a date-time: {str(value)[:40]}")
    return parsed


def wire_date_or_none(value: Any) -> dt.date | None:
    """As :func:`wire_date`, where the field may be empty (null or "")."""
    return None if value in (None, "") else wire_date(value)


def wire_datetime_or_none(value: Any) -> dt.datetime | None:
    """As :func:`wire_datetime`, where the field may be empty (null or "")."""
    return None if value in (None, "") else wire_datetime(value)
