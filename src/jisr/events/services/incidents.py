"""The live incident log."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jisr.accounts.models import Agency
from jisr.audit.actions import AuditAction
from jisr.audit.services import audit_record, field_changes
from jisr.core import bounds, clock
from jisr.core.access import require_perm
from jisr.events import federation
from jisr.events.models import (
    Event,
    Incident,
    Venue,
)
from jisr.events.permissions import CHANGE_INCIDENT, LOG_INCIDENTS
from jisr.events.services.common import _own

# -- incidents ---------------------------------------------------------------------------


# Incidents of the preparation phase (a threat before the opening) are logged with the event.
INCIDENT_LEAD = dt.timedelta(days=30)


def incident_record(
    *,
    acting_user: Any,
    event: Event,
    venue: Venue | None,
    category: str,
    severity: int | None,
    description: str,
    assigned_agency: Agency | None = None,
    occurred_at: dt.datetime | None = None,
) -> Incident:
    require_perm(acting_user, LOG_INCIDENTS)
    errors: dict[str, list[str]] = {}
    if venue is None:
        errors["venue"] = [_("Say at which venue the incident happened.")]
    elif venue.event_id != event.id:
        errors["venue"] = [_("This venue is not part of the event.")]
    if severity is None:
        errors["severity"] = [_("Give the severity, from 1 (minor) to 4 (critical).")]
    elif not 1 <= severity <= 4:
        errors["severity"] = [_("The severity goes from 1 (minor) to 4 (critical).")]
    if category not in Incident.Category.values:
        errors["category"] = [_("Choose a category.")]
    if not description.strip():
        errors["description"] = [_("Describe the incident.")]
    elif problem := bounds.text_problem(description, bounds.MAX_LONG_TEXT):
        errors["description"] = [problem]
    if occurred_at is not None:
        if problem := bounds.not_future_problem(occurred_at):
            errors["occurred_at"] = [problem]
        elif timezone.localtime(occurred_at).date() < event.starts_on - INCIDENT_LEAD:
            errors["occurred_at"] = [
                _("An incident of this event cannot be more than %(days)d days before it.")
                % {"days": INCIDENT_LEAD.days}
            ]
    if errors:
        raise ValidationError(errors)
    assert venue is not None and severity is not None
    own = _own()
    now = clock.now()
    with transaction.atomic():
        incident = Incident.objects.create(
            event=event,
            owner=own,
            venue=venue,
            occurred_at=occurred_at or now,
            category=category,
            severity=severity,
            description=description.strip(),
            assigned_agency=assigned_agency or own,
            recorded_at=now,
        )
        audit_record(
            acting_user,
            AuditAction.INCIDENT_RECORD,
            target=incident,
            extra={"event": str(event.id)},
        )
        for code in federation.share_incident(incident):
            audit_record(acting_user, AuditAction.INCIDENT_SHARE, target=incident, recipient=code)
    return incident


def incident_update(
    *, acting_user: Any, incident: Incident, status: str, assigned_agency: Agency | None = None
) -> Incident:
    require_perm(acting_user, LOG_INCIDENTS)
    require_perm(
        acting_user,
        CHANGE_INCIDENT,
        _("Only the agency that recorded this incident can change it."),
        obj=incident,
    )
    if status not in Incident.Status.values:
        raise ValidationError({"status": [_("Choose a status.")]})
    new_values: dict[str, Any] = {"status": status}
    if assigned_agency is not None:
        new_values["assigned_agency"] = assigned_agency
    changes = field_changes(incident, new_values)
    with transaction.atomic():
        if status == Incident.Status.CLOSED and incident.status != status:
            incident.closed_at = clock.now()
        elif status != Incident.Status.CLOSED:
            incident.closed_at = None
        incident.status = status
        if assigned_agency is not None:
            incident.assigned_agency = assigned_agency
        incident.version += 1
        incident.save()
        audit_record(
            acting_user,
            AuditAction.INCIDENT_UPDATE,
            target=incident,
            extra={"status": status, **changes},
        )
        for code in federation.share_incident(incident):
            audit_record(acting_user, AuditAction.INCIDENT_SHARE, target=incident, recipient=code)
    return incident
