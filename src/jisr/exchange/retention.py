"""The exchange app's kinds of personal data: closed cases, their messages and attachments."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from jisr.core.retention import RetentionEnd, RetentionKind


def closed_cases(qs: QuerySet[Any]) -> QuerySet[Any]:
    return qs.filter(status="closed")


def attachments_of_closed_cases(qs: QuerySet[Any]) -> QuerySet[Any]:
    return qs.filter(message__case__status="closed")


def cases_purge(qs: QuerySet[Any]) -> int:
    """Delete closed cases (messages and attachments with them); our own shared cases send a
    tombstone so partner copies go too."""
    from jisr.exchange.federation import CASE_RECORD
    from jisr.federation.selectors import partner_agencies
    from jisr.federation.services import replicate_withdraw

    linked = {agency.code for agency in partner_agencies()}
    count = 0
    for case in qs.select_related("owner"):
        if case.owner.is_own:
            recipients = sorted(set(case.participants.values_list("code", flat=True)) & linked)
            if recipients:
                replicate_withdraw(
                    record_type=CASE_RECORD,
                    record_id=str(case.id),
                    version=case.version,
                    recipients=recipients,
                )
        case.delete()
        count += 1
    return count


RETENTION_KINDS = (
    RetentionKind(
        key="exchange.case_closed",
        label=_("Closed cases with their messages"),
        model="exchange.Case",
        age_field="updated_at",
        default_days=5 * 365,
        min_days=365,
        max_days=10 * 365,
        at_end=RetentionEnd.DELETE,
        reason=_(
            "A closed case may be reopened or asked about in proceedings for years; five "
            "years after its last change it has served its purpose."
        ),
        scope="jisr.exchange.retention.closed_cases",
        purge="jisr.exchange.retention.cases_purge",
    ),
    RetentionKind(
        key="exchange.attachment_closed",
        label=_("Attachments of closed cases"),
        model="exchange.Attachment",
        age_field="message__case__updated_at",
        default_days=3 * 365,
        min_days=180,
        max_days=10 * 365,
        at_end=RetentionEnd.DELETE,
        reason=_(
            "Files (scans, photos, records) hold the most personal data of a case; the "
            "messages say what they showed, so the files go earlier."
        ),
        scope="jisr.exchange.retention.attachments_of_closed_cases",
    ),
)
