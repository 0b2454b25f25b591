"""The desk's statistics (Directive 2023/977, Art. 18) and the exchange's plan indicators.

Aggregates only: counts, shares, a median. Never a row or anything personal, so the figures
may be shown to the steering committee and sent to the partner.
"""

from __future__ import annotations

import datetime as dt
import statistics as pystats
from collections import Counter
from typing import Any

from django.db.models import F, QuerySet

from jisr.exchange.models import (
    REQUEST_KINDS,
    LimitChange,
    Message,
    MessageKind,
    RefusalGround,
    TimeLimit,
)


def _period(
    rows: QuerySet[Any], field: str, start: dt.datetime | None, end: dt.datetime | None
) -> QuerySet[Any]:
    if start is not None:
        rows = rows.filter(**{f"{field}__gte": start})
    if end is not None:
        rows = rows.filter(**{f"{field}__lt": end})
    return rows


def _requests(direction: str, partner: str) -> QuerySet[Message]:
    rows = Message.objects.filter(kind__in=REQUEST_KINDS).exclude(release_status="pending")
    rows = rows.exclude(release_status="returned")
    if direction == "sent":
        rows = rows.filter(sender__is_own=True)
        if partner:
            rows = rows.filter(recipients__code=partner)
    else:
        rows = rows.filter(sender__is_own=False)
        if partner:
            rows = rows.filter(sender__code=partner)
    return rows.distinct()


def _by_tier(rows: QuerySet[Message]) -> dict[str, int]:
    counts = Counter(rows.values_list("time_limit", flat=True))
    out = {tier: counts.get(tier, 0) for tier in TimeLimit.values}
    out["total"] = sum(counts.values())
    return out


def _answer_hours(rows: QuerySet[Message]) -> list[float]:
    hours = []
    for started, created, answered in rows.filter(answered_at__isnull=False).values_list(
        "limit_started_at", "created_at", "answered_at"
    ):
        if answered is not None:
            hours.append(((answered - (started or created)).total_seconds()) / 3600)
    return hours


def _answered_and_within(received: QuerySet[Message]) -> tuple[int, int]:
    """Requests received that got an answer (a refusal is one), and how many in time."""
    answered = received.filter(
        answered_at__isnull=False, outcome__in=["answered", "partly_answered", "refused"]
    )
    within = answered.filter(due_at__isnull=False, answered_at__lte=F("due_at"))
    return answered.count(), within.count()


def desk_statistics(
    *, partner: str = "", start: dt.datetime | None = None, end: dt.datetime | None = None
) -> dict[str, Any]:
    """Requests sent and received by tier, answers within the limit, median answer time,
    refusals by ground, clarifications and extensions, for one partner (or all) and a period."""
    received = _period(_requests("received", partner), "created_at", start, end)
    sent = _period(_requests("sent", partner), "created_at", start, end)
    answered, within = _answered_and_within(received)
    hours = _answer_hours(received.exclude(outcome="withdrawn"))
    sent_hours = _answer_hours(sent.exclude(outcome="withdrawn"))
    refusals_given: Counter[str] = Counter()
    refusals_received: Counter[str] = Counter()
    refusals = _period(Message.objects.filter(kind=MessageKind.REFUSAL), "created_at", start, end)
    if partner:
        refusals = refusals.filter(case__participants__code=partner).distinct()
    for own, grounds in refusals.values_list("sender__is_own", "refusal_grounds"):
        (refusals_given if own else refusals_received).update(grounds or [])
    clarifications = _period(
        Message.objects.filter(kind=MessageKind.CLARIFICATION_REQUEST), "created_at", start, end
    )
    extensions = _period(
        LimitChange.objects.filter(event=LimitChange.Event.EXTENDED), "at", start, end
    )
    if partner:
        clarifications = clarifications.filter(case__participants__code=partner).distinct()
        extensions = extensions.filter(message__case__participants__code=partner).distinct()
    labels = dict(RefusalGround.choices)
    return {
        "partner": partner or None,
        "from": start,
        "to": end,
        "sent": _by_tier(sent),
        "received": _by_tier(received),
        "answered": answered,
        "answered_within_limit": within,
        "answered_within_limit_share": round(within / answered, 4) if answered else None,
        "median_answer_hours": round(pystats.median(hours), 2) if hours else None,
        "median_answer_hours_sent": round(pystats.median(sent_hours), 2) if sent_hours else None,
        "refusals_given": [
            {"code": code, "label": str(labels.get(code, code)), "count": n}
            for code, n in refusals_given.most_common()
        ],
        "refusals_received": [
            {"code": code, "label": str(labels.get(code, code)), "count": n}
            for code, n in refusals_received.most_common()
        ],
        "clarifications_asked": clarifications.filter(sender__is_own=True).count(),
        "clarifications_received": clarifications.filter(sender__is_own=False).count(),
        "extensions": extensions.count(),
    }


# --- indicators (ExchangeConfig.indicators) ------------------------------------------------


def requests_sent(start: dt.datetime, end: dt.datetime) -> int:
    return _period(_requests("sent", ""), "created_at", start, end).count()


def requests_received(start: dt.datetime, end: dt.datetime) -> int:
    return _period(_requests("received", ""), "created_at", start, end).count()


def answered_within_limit(start: dt.datetime, end: dt.datetime) -> float | None:
    answered, within = _answered_and_within(
        _period(_requests("received", ""), "created_at", start, end)
    )
    return round(within / answered, 4) if answered else None


def median_answer_hours(start: dt.datetime, end: dt.datetime) -> float | None:
    hours = _answer_hours(
        _period(_requests("received", ""), "created_at", start, end).exclude(outcome="withdrawn")
    )
    return round(pystats.median(hours), 2) if hours else None
