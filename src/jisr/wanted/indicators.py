"""The wanted register's indicators (declared on WantedConfig), computed from alerts and hits.

Each function takes the half-open UTC interval ``[start, end)`` and returns an aggregate only.
They read the domain rows (not the audit log, which retention may thin out):

- an alert is *submitted* when created in the period and no longer a draft;
- *approved* and *refused* count reviews made in the period (``reviewed_at``); an approval
  sets the expiry date, a refusal does not, which tells them apart after a withdrawal;
- the *Art. 3* refusals are those whose reviewer did not confirm the ordinary-crime check
  (political, military, religious or racial character, INTERPOL Constitution Art. 3);
- *withdrawn* and *expired* count alerts whose last change (to that state) is in the period;
- hits *received* are partners' hits on our alerts (we must answer); the on-time share is over
  those whose deadline has passed or that were answered.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from jisr.core import clock
from jisr.core.indicators import IndicatorDefinition, IndicatorUnit
from jisr.wanted.reference import HitOutcome, Status

if TYPE_CHECKING:
    from jisr.wanted.models import Alert, Hit

# The module is imported by WantedConfig before the models are ready: models load lazily.


def _alert_model() -> Any:
    from jisr.wanted.models import Alert

    return Alert


def _hit_model() -> Any:
    from jisr.wanted.models import Hit

    return Hit


def _own_alerts() -> QuerySet[Alert]:
    return _alert_model().objects.filter(is_copy=False)  # type: ignore[no-any-return]


def _reviewed(start: dt.datetime, end: dt.datetime) -> QuerySet[Alert]:
    return _own_alerts().filter(reviewed_at__gte=start, reviewed_at__lt=end)


def alerts_submitted(start: dt.datetime, end: dt.datetime) -> int:
    return (
        _own_alerts()
        .filter(created_at__gte=start, created_at__lt=end)
        .exclude(status=Status.DRAFT)
        .count()
    )


def alerts_approved(start: dt.datetime, end: dt.datetime) -> int:
    return _reviewed(start, end).filter(expires_on__isnull=False).count()


def alerts_refused(start: dt.datetime, end: dt.datetime) -> int:
    return _reviewed(start, end).filter(expires_on__isnull=True).count()


def alerts_refused_art3(start: dt.datetime, end: dt.datetime) -> int:
    refused = _reviewed(start, end).filter(expires_on__isnull=True)
    return refused.exclude(review_checklist__ordinary_crime=True).count()


def alerts_shared(start: dt.datetime, end: dt.datetime) -> int:
    return _reviewed(start, end).filter(expires_on__isnull=False).exclude(shared_with=[]).count()


def _ended(status: str, start: dt.datetime, end: dt.datetime) -> int:
    return _own_alerts().filter(status=status, updated_at__gte=start, updated_at__lt=end).count()


def alerts_withdrawn(start: dt.datetime, end: dt.datetime) -> int:
    return _ended(Status.WITHDRAWN, start, end)


def alerts_expired(start: dt.datetime, end: dt.datetime) -> int:
    return _ended(Status.EXPIRED, start, end)


def _incoming(start: dt.datetime, end: dt.datetime) -> QuerySet[Hit]:
    return _hit_model().objects.filter(  # type: ignore[no-any-return]
        direction="incoming", reported_at__gte=start, reported_at__lt=end
    )


def hits_reported(start: dt.datetime, end: dt.datetime) -> int:
    return int(
        _hit_model()
        .objects.filter(direction="outgoing", reported_at__gte=start, reported_at__lt=end)
        .count()
    )


def hits_received(start: dt.datetime, end: dt.datetime) -> int:
    return _incoming(start, end).count()


def hits_answered_on_time(start: dt.datetime, end: dt.datetime) -> float | None:
    """Share (0–1) of hits on our alerts answered by their deadline."""
    hits = _incoming(start, end).filter(due_at__isnull=False)
    settled = hits.filter(Q(responded_at__isnull=False) | Q(due_at__lte=clock.now()))
    total = settled.count()
    if not total:
        return None
    on_time = settled.filter(responded_at__isnull=False, responded_at__lte=F("due_at")).count()
    return round(on_time / total, 4)


def _outcome(outcome: str, start: dt.datetime, end: dt.datetime) -> int:
    return int(
        _hit_model()
        .objects.filter(
            direction="incoming", outcome=outcome, outcome_at__gte=start, outcome_at__lt=end
        )
        .count()
    )


def hits_located(start: dt.datetime, end: dt.datetime) -> int:
    return _outcome(HitOutcome.LOCATED, start, end)


def hits_arrested(start: dt.datetime, end: dt.datetime) -> int:
    return _outcome(HitOutcome.ARRESTED, start, end)


def hits_surrendered(start: dt.datetime, end: dt.datetime) -> int:
    return _outcome(HitOutcome.SURRENDERED_EXTRADITED, start, end)


def hits_not_the_person(start: dt.datetime, end: dt.datetime) -> int:
    return _outcome(HitOutcome.NOT_THE_PERSON, start, end)


INDICATORS = (
    IndicatorDefinition(
        code="alerts.submitted",
        label=_("Alerts submitted for review"),
        description=_("Our alerts created in the period and sent to the compliance review."),
        unit=IndicatorUnit.COUNT,
        compute="jisr.wanted.indicators.alerts_submitted",
        mechanism="alert_sharing",
    ),
    IndicatorDefinition(
        code="alerts.approved",
        label=_("Alerts approved at review"),
        description=_("Reviews of our alerts in the period that approved the alert."),
        unit=IndicatorUnit.COUNT,
        compute="jisr.wanted.indicators.alerts_approved",
        mechanism="alert_sharing",
    ),
    IndicatorDefinition(
        code="alerts.refused",
        label=_("Alerts refused at review"),
        description=_("Reviews of our alerts in the period that refused the alert."),
        unit=IndicatorUnit.COUNT,
        compute="jisr.wanted.indicators.alerts_refused",
        mechanism="alert_sharing",
        higher_is_better=False,
    ),
    IndicatorDefinition(
        code="alerts.refused_art3",
        label=_("Alerts refused for their political, military, religious or racial character"),
        description=_(
            "Refusals in the period where the reviewer did not confirm the ordinary-crime check (Art. 3 of the INTERPOL Constitution)."
        ),
        unit=IndicatorUnit.COUNT,
        compute="jisr.wanted.indicators.alerts_refused_art3",
        mechanism="alert_sharing",
        higher_is_better=False,
    ),
    IndicatorDefinition(
        code="alerts.shared",
        label=_("Alerts shared with partners"),
        description=_("Alerts approved in the period and shared with at least one partner."),
        unit=IndicatorUnit.COUNT,
        compute="jisr.wanted.indicators.alerts_shared",
        mechanism="alert_sharing",
    ),
    IndicatorDefinition(
        code="alerts.withdrawn",
        label=_("Alerts withdrawn"),
        description=_("Our alerts withdrawn in the period."),
        unit=IndicatorUnit.COUNT,
        compute="jisr.wanted.indicators.alerts_withdrawn",
        mechanism="alert_sharing",
        higher_is_better=False,
    ),
    IndicatorDefinition(
        code="alerts.expired",
        label=_("Alerts expired"),
        description=_("Our alerts that expired in the period."),
        unit=IndicatorUnit.COUNT,
        compute="jisr.wanted.indicators.alerts_expired",
        mechanism="alert_sharing",
        higher_is_better=False,
    ),
    IndicatorDefinition(
        code="hits.reported",
        label=_("Hits reported to partners"),
        description=_("Hits our officers reported on partners' alerts in the period."),
        unit=IndicatorUnit.COUNT,
        compute="jisr.wanted.indicators.hits_reported",
        mechanism="hit_reply",
    ),
    IndicatorDefinition(
        code="hits.received",
        label=_("Hits received on our alerts"),
        description=_("Hits partners reported on our alerts in the period."),
        unit=IndicatorUnit.COUNT,
        compute="jisr.wanted.indicators.hits_received",
        mechanism="hit_reply",
    ),
    IndicatorDefinition(
        code="hits.answered_on_time",
        label=_("Hits answered within the deadline"),
        description=_(
            "Share of the hits on our alerts received in the period that we answered before their deadline (hits still within their deadline are not counted)."
        ),
        unit=IndicatorUnit.SHARE,
        compute="jisr.wanted.indicators.hits_answered_on_time",
        mechanism="hit_reply",
    ),
    IndicatorDefinition(
        code="hits.located",
        label=_("Hits: persons located"),
        description=_("Hits on our alerts closed in the period with the outcome located."),
        unit=IndicatorUnit.COUNT,
        compute="jisr.wanted.indicators.hits_located",
        mechanism="hit_reply",
    ),
    IndicatorDefinition(
        code="hits.arrested",
        label=_("Hits: persons arrested"),
        description=_("Hits on our alerts closed in the period with the outcome arrested."),
        unit=IndicatorUnit.COUNT,
        compute="jisr.wanted.indicators.hits_arrested",
        mechanism="hit_reply",
    ),
    IndicatorDefinition(
        code="hits.surrendered",
        label=_("Hits: persons surrendered or extradited"),
        description=_(
            "Hits on our alerts closed in the period with the outcome surrendered or extradited."
        ),
        unit=IndicatorUnit.COUNT,
        compute="jisr.wanted.indicators.hits_surrendered",
        mechanism="hit_reply",
    ),
    IndicatorDefinition(
        code="hits.not_the_person",
        label=_("Hits: not the person"),
        description=_("Hits on our alerts closed in the period as not the person."),
        unit=IndicatorUnit.COUNT,
        compute="jisr.wanted.indicators.hits_not_the_person",
        mechanism="hit_reply",
        higher_is_better=False,
    ),
)
