"""The module's figures for the action plan, computed from its own rows (never typed in)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Avg

from jisr.training.models import AssistanceRequest, Nomination, TrainingSession
from jisr.training.reference import AssistanceStatus, NominationStatus, SessionStatus


def _days(start: dt.datetime, end: dt.datetime) -> tuple[dt.date, dt.date]:
    return start.date(), end.date()


def sessions_delivered(start: dt.datetime, end: dt.datetime) -> int:
    """Our sessions delivered whose last day falls in the period."""
    first, last = _days(start, end)
    return TrainingSession.objects.filter(
        course__owner__is_own=True,
        status=SessionStatus.DELIVERED,
        ends_on__gte=first,
        ends_on__lt=last,
    ).count()


def _participants(start: dt.datetime, end: dt.datetime, *, own_agency: bool) -> int:
    first, last = _days(start, end)
    return (
        Nomination.objects.filter(
            status=NominationStatus.ACCEPTED,
            agency__is_own=own_agency,
            session__ends_on__gte=first,
            session__ends_on__lt=last,
            attendance__present=True,
        )
        .distinct()
        .count()
    )


def participants_own_agency(start: dt.datetime, end: dt.datetime) -> int:
    """Our officers trained by a partner (accepted, attended) in sessions ending in the period."""
    return _participants(start, end, own_agency=True)


def participants_partner_agencies(start: dt.datetime, end: dt.datetime) -> int:
    """Partner officers trained in our sessions ending in the period."""
    return _participants(start, end, own_agency=False)


def _closed(start: dt.datetime, end: dt.datetime) -> object:
    return AssistanceRequest.objects.filter(
        status=AssistanceStatus.CLOSED,
        steps__kind="closed",
        steps__at__gte=start,
        steps__at__lt=end,
    ).distinct()


def assistance_closed(start: dt.datetime, end: dt.datetime) -> int:
    """Assistance requests (either direction) closed in the period."""
    return int(_closed(start, end).count())  # type: ignore[attr-defined]


def assistance_average_rating(start: dt.datetime, end: dt.datetime) -> float | None:
    """The requesters' mean rating (1–5) of the requests closed in the period."""
    ids = list(_closed(start, end).values_list("id", flat=True))  # type: ignore[attr-defined]
    value = AssistanceRequest.objects.filter(id__in=ids).aggregate(avg=Avg("rating"))["avg"]
    return None if value is None else round(float(value), 2)
