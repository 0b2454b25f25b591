"""Kinds the privacy app declares: the audit log's rows, and its own requests."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from jisr.core.retention import RetentionEnd, RetentionKind


def audit_rows_purge(qs: QuerySet[Any]) -> int:
    """Audit rows are never deleted by the schedule: the chain would break (see the reason)."""
    raise ValidationError(
        gettext(
            "The audit log is append-only: archive the old rows with a verified backup "
            "instead of deleting them."
        )
    )


def decided_requests(qs: QuerySet[Any]) -> QuerySet[Any]:
    return qs.filter(status="decided")


RETENTION_KINDS = (
    RetentionKind(
        key="audit.entry",
        label=_("Audit log rows"),
        model="audit.AuditEntry",
        age_field="created_at",
        default_days=10 * 365,
        min_days=5 * 365,
        max_days=30 * 365,
        at_end=RetentionEnd.REVIEW,
        reason=_(
            "An audit row must outlive what it records, so that a person can learn who saw "
            "their data after the data itself is gone; the log is a hash chain that deleting "
            "rows would break, so at the end a person reviews and archives, nothing is deleted."
        ),
    ),
    RetentionKind(
        key="privacy.request",
        label=_("Decided data-subject requests"),
        model="privacy.DataSubjectRequest",
        age_field="decided_at",
        default_days=3 * 365,
        min_days=365,
        max_days=10 * 365,
        at_end=RetentionEnd.DELETE,
        reason=_(
            "The agency must be able to show how it answered a request to the supervisory "
            "authority for three years; after that the request's identity data goes."
        ),
        scope="jisr.privacy.retention_kinds.decided_requests",
    ),
)
