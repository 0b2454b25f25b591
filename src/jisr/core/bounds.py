"""The bounds every input is held to, with their translated errors: one place, so a
date, a number or a text is refused the same way in forms, the API and the services.

Each ``*_problem`` returns a translated message, or "" when the value is fine.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from jisr.core import clock

FIRST_BIRTH_YEAR = 1900
FIRST_DECISION_YEAR = 1900
FIRST_EVENT_YEAR = 2000
EVENT_YEARS_AHEAD = 10
# An incident may be logged this long after it happened... and never in the future.
FUTURE_TOLERANCE = dt.timedelta(minutes=5)
MAX_CAPACITY = 10_000_000
# Text lengths: a name, a short text (reference, place), a long text (a description).
MAX_NAME = 200
MAX_NAMES = 20
MAX_SHORT_TEXT = 300
MAX_LONG_TEXT = 5000


def today() -> dt.date:
    """Today in the active time zone (the user's, else the node's)."""
    return timezone.localtime(clock.now()).date()


def birth_date_problem(year: int, month: int | None = None, day: int | None = None) -> str:
    """A (possibly partial) date of birth before 1900 or after today."""
    now = today()
    if year < FIRST_BIRTH_YEAR:
        return _("The date of birth cannot be before %(year)d.") % {"year": FIRST_BIRTH_YEAR}
    if (year, month or 1, day or 1) > (now.year, now.month, now.day):
        return _("The date of birth cannot be in the future.")
    return ""


def past_date_problem(value: dt.date) -> str:
    """A date of a decision (a warrant, a judgement): not before 1900, not after today."""
    if value.year < FIRST_DECISION_YEAR:
        return _("The date cannot be before %(year)d.") % {"year": FIRST_DECISION_YEAR}
    if value > today():
        return _("The date cannot be in the future.")
    return ""


def event_day_problem(value: dt.date) -> str:
    """A day of a major event: from 2000 to ten years from now."""
    if value.year < FIRST_EVENT_YEAR:
        return _("An event cannot start before %(year)d.") % {"year": FIRST_EVENT_YEAR}
    latest = today().replace(year=today().year + EVENT_YEARS_AHEAD, day=1)
    if value > latest:
        return _("An event cannot be more than %(years)d years ahead.") % {
            "years": EVENT_YEARS_AHEAD
        }
    return ""


def not_future_problem(value: dt.datetime) -> str:
    """Something that already happened (an incident, a sighting) cannot be in the future."""
    if value > clock.now() + FUTURE_TOLERANCE:
        return _("This time is in the future.")
    return ""


def text_problem(value: str, limit: int) -> str:
    if len(value) > limit:
        return _("This text is too long (at most %(limit)d characters).") % {"limit": limit}
    return ""
