"""The risk-anticipation figures the action plan reads (aggregates only)."""

from __future__ import annotations

import datetime as dt

from django.db.models import F

from jisr.core import clock
from jisr.risks.models import Bulletin, Risk, RiskReview


def bulletins_sent(start: dt.datetime, end: dt.datetime) -> int:
    """Our bulletins released in the period."""
    return Bulletin.objects.filter(
        owner__is_own=True, released_at__gte=start, released_at__lt=end
    ).count()


def alert_bulletins_acknowledged_within_hour(start: dt.datetime, end: dt.datetime) -> float | None:
    """Share of named recipients who acknowledged our alert bulletins within one hour."""
    from jisr.risks.models import Acknowledgement

    rows = Acknowledgement.objects.filter(
        bulletin__owner__is_own=True,
        bulletin__kind="alert_bulletin",
        bulletin__released_at__gte=start,
        bulletin__released_at__lt=end,
    )
    total = rows.count()
    if not total:
        return None
    on_time = rows.filter(
        acknowledged_at__lte=F("bulletin__released_at") + dt.timedelta(hours=1)
    ).count()
    return on_time / total


def risks_reviewed_on_time(start: dt.datetime, end: dt.datetime) -> float | None:
    """Share of our risk reviews due in the period that were done by their review date
    (a risk still unreviewed past its date counts as late)."""
    reviews = RiskReview.objects.filter(
        risk__owner__is_own=True, due_on__gte=start.date(), due_on__lt=end.date()
    )
    on_time = sum(1 for r in reviews if r.reviewed_at.date() <= r.due_on)
    overdue = Risk.objects.filter(
        owner__is_own=True,
        review_on__gte=start.date(),
        review_on__lt=min(end.date(), clock.now().date()),
    ).count()
    total = reviews.count() + overdue
    return None if not total else on_time / total
