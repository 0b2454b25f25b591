"""The wanted app's kinds of personal data and how the retention schedule treats them.

Declared on WantedConfig.retention_kinds; applied by the privacy app's worker task.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext_lazy as _

from jisr.core.retention import RetentionEnd, RetentionKind


def _without_hit(qs: QuerySet[Any], kind: str) -> QuerySet[Any]:
    from jisr.wanted.models import Hit, Screening

    return (
        qs.filter(kind=kind)
        .exclude(status__in=[Screening.JobStatus.QUEUED, Screening.JobStatus.RUNNING])
        .exclude(Exists(Hit.objects.filter(screening=OuterRef("pk"))))
    )


def single_screenings_without_hit(qs: QuerySet[Any]) -> QuerySet[Any]:
    return _without_hit(qs, "single")


def batch_screenings_without_hit(qs: QuerySet[Any]) -> QuerySet[Any]:
    return _without_hit(qs, "batch")


def closed_hits(qs: QuerySet[Any]) -> QuerySet[Any]:
    from jisr.wanted.reference import HitStatus

    return qs.filter(status=HitStatus.CLOSED)


def ended_own_alerts(qs: QuerySet[Any]) -> QuerySet[Any]:
    from jisr.wanted.reference import Status

    return qs.filter(
        is_copy=False,
        status__in=[Status.WITHDRAWN, Status.EXPIRED, Status.LOCATED, Status.REFUSED],
    )


def alerts_purge(qs: QuerySet[Any]) -> int:
    """Delete ended alerts; one still shared (located) sends its tombstone to partner copies."""
    from jisr.federation.selectors import partner_agencies
    from jisr.federation.services import replicate_withdraw
    from jisr.wanted.reference import Status
    from jisr.wanted.services.common import RECORD_TYPE

    linked = {agency.code for agency in partner_agencies()}
    count = 0
    for alert in qs:
        recipients = [code for code in alert.shared_with if code in linked]
        if recipients and alert.status == Status.LOCATED:
            replicate_withdraw(
                record_type=RECORD_TYPE,
                record_id=str(alert.id),
                version=alert.version,
                recipients=recipients,
            )
        alert.delete()
        count += 1
    return count


RETENTION_KINDS = (
    RetentionKind(
        key="wanted.screening",
        label=_("Screened persons with no confirmed hit"),
        model="wanted.Screening",
        age_field="created_at",
        default_days=30,
        min_days=1,
        max_days=365,
        at_end=RetentionEnd.DELETE,
        reason=_(
            "A person screened who matched nobody was checked, not suspected: the check is "
            "kept days, for the officer's follow-up questions, not years."
        ),
        scope="jisr.wanted.retention.single_screenings_without_hit",
    ),
    RetentionKind(
        key="wanted.batch_screening",
        label=_("Screened manifests and their results, with no confirmed hit"),
        model="wanted.Screening",
        age_field="created_at",
        default_days=14,
        min_days=1,
        max_days=365,
        at_end=RetentionEnd.DELETE,
        reason=_(
            "A passenger manifest names thousands of people who are not suspected of "
            "anything; without a confirmed hit it is needed only for the journey's checks."
        ),
        scope="jisr.wanted.retention.batch_screenings_without_hit",
    ),
    RetentionKind(
        key="wanted.hit",
        label=_("Closed hits"),
        model="wanted.Hit",
        age_field="reported_at",
        default_days=730,
        min_days=180,
        max_days=3650,
        at_end=RetentionEnd.DELETE,
        reason=_(
            "A closed hit documents an arrest or a check that courts and partners may ask "
            "about for two years; the counts stay in the plan's figures."
        ),
        scope="jisr.wanted.retention.closed_hits",
    ),
    RetentionKind(
        key="wanted.alert_ended",
        label=_("Withdrawn, expired, located or refused alerts"),
        model="wanted.Alert",
        age_field="updated_at",
        default_days=365,
        min_days=30,
        max_days=3650,
        at_end=RetentionEnd.REVIEW,
        reason=_(
            "An ended alert may still be needed for a surrender or an appeal: a person "
            "decides after a year whether it is kept (with a reason) or deleted."
        ),
        scope="jisr.wanted.retention.ended_own_alerts",
        purge="jisr.wanted.retention.alerts_purge",
    ),
)
