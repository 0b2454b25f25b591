"""The events app's kinds of personal data (accreditation lists and their candidates)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from jisr.core.retention import RetentionEnd, RetentionKind


def screened_lists(qs: QuerySet[Any]) -> QuerySet[Any]:
    return qs.filter(status="done")


def cleared_candidates(qs: QuerySet[Any]) -> QuerySet[Any]:
    return qs.filter(status="cleared")


RETENTION_KINDS = (
    RetentionKind(
        key="events.accreditation_list",
        label=_("Accreditation lists and the people on them"),
        model="events.AccreditationList",
        age_field="uploaded_at",
        default_days=180,
        min_days=30,
        max_days=730,
        at_end=RetentionEnd.DELETE,
        reason=_(
            "Staff, volunteers and journalists of an event are screened for that event only; "
            "six months covers the event, its debrief and any complaint."
        ),
        scope="jisr.events.retention.screened_lists",
    ),
    RetentionKind(
        key="events.accreditation_candidate",
        label=_("Cleared accreditation candidates"),
        model="events.AccreditationCandidate",
        age_field="decided_at",
        default_days=30,
        min_days=1,
        max_days=365,
        at_end=RetentionEnd.DELETE,
        reason=_(
            "A possible match that a person cleared is a false alarm about someone "
            "unsuspected: it is kept only for the review's traceability."
        ),
        scope="jisr.events.retention.cleared_candidates",
    ),
)
