"""The events app's kinds of personal data (accreditation lists, their candidates, incidents)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from jisr.core.retention import RetentionEnd, RetentionKind


def screened_lists(qs: QuerySet[Any]) -> QuerySet[Any]:
    return qs.filter(status="done")


def cleared_candidates(qs: QuerySet[Any]) -> QuerySet[Any]:
    return qs.filter(status="cleared")


def closed_incidents(qs: QuerySet[Any]) -> QuerySet[Any]:
    return qs.filter(status="closed", closed_at__isnull=False)


def incidents_purge(qs: QuerySet[Any]) -> int:
    """Delete closed incidents; our own send a tombstone to the event's other agencies so the
    common incident log loses them everywhere (a partner's incident goes only here)."""
    from jisr.events.federation import INCIDENT_TYPE, recipients_for
    from jisr.federation.services import replicate_withdraw

    count = 0
    for incident in qs.select_related("owner", "event__owner"):
        if incident.owner.is_own:
            recipients = recipients_for(incident.event)
            if recipients:
                replicate_withdraw(
                    record_type=INCIDENT_TYPE,
                    record_id=str(incident.id),
                    version=incident.version,
                    recipients=recipients,
                )
        incident.delete()
        count += 1
    return count


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
    RetentionKind(
        key="events.incident_closed",
        label=_("Closed incidents of major events"),
        model="events.Incident",
        age_field="closed_at",
        default_days=3 * 365,
        min_days=365,
        max_days=10 * 365,
        at_end=RetentionEnd.DELETE,
        reason=_(
            "An incident's description may name the people involved; three years after it "
            "was closed covers the debrief, complaints and most proceedings; the "
            "schedule's tallies keep how many there were."
        ),
        scope="jisr.events.retention.closed_incidents",
        purge="jisr.events.retention.incidents_purge",
    ),
)
