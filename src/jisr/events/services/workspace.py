"""The event workspace"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from jisr.accounts.models import Agency
from jisr.audit.actions import AuditAction
from jisr.audit.services import audit_record, field_changes
from jisr.core import bounds, clock
from jisr.core.access import require_perm
from jisr.events import federation
from jisr.events.models import (
    Event,
    EventParticipant,
    LiaisonDeployment,
    Protocol,
    ProtocolItem,
    Risk,
    Venue,
)
from jisr.events.permissions import COORDINATE_EVENTS, JOIN_EVENT
from jisr.events.protocols import TEMPLATES
from jisr.events.services.common import _bump_and_share, _own, _require_host

# -- event workspace -----------------------------------------------------------------------


def event_create(
    *,
    acting_user: Any,
    name: str,
    starts_on: dt.date,
    ends_on: dt.date,
    description: str = "",
    participants: list[Agency] | None = None,
) -> Event:
    require_perm(acting_user, COORDINATE_EVENTS)
    errors: dict[str, list[str]] = {}
    if not name.strip():
        errors["name"] = [_("Give the event a name.")]
    if ends_on < starts_on:
        errors["ends_on"] = [_("The last day cannot be before the first day.")]
    for key, day in (("starts_on", starts_on), ("ends_on", ends_on)):
        if key not in errors and (problem := bounds.event_day_problem(day)):
            errors[key] = [problem]
    for key, text, limit in (
        ("name", name, bounds.MAX_NAME),
        ("description", description, bounds.MAX_LONG_TEXT),
    ):
        if problem := bounds.text_problem(text, limit):
            errors[key] = [problem]
    own = _own()
    if acting_user.agency_id != own.pk:
        raise PermissionDenied(_("You may not do this."))
    if any(p.pk == own.pk for p in participants or []):
        errors["participants"] = [_("The host agency is not a participant of its own event.")]
    if errors:
        raise ValidationError(errors)
    now = clock.now()
    with transaction.atomic():
        event = Event.objects.create(
            owner=own,
            name=name.strip(),
            starts_on=starts_on,
            ends_on=ends_on,
            description=description,
            created_by=acting_user,
            created_at=now,
            updated_at=now,
        )
        for agency in participants or []:
            EventParticipant.objects.create(event=event, agency=agency)
        audit_record(acting_user, AuditAction.EVENT_CREATE, target=event)
        for code in federation.share_event(event):
            audit_record(
                acting_user,
                AuditAction.EVENT_SHARE,
                target=event,
                recipient=code,
                extra={"version": 1},
            )
    return event


def event_join(*, acting_user: Any, event: Event) -> EventParticipant:
    """A participating agency's coordinator joins a partner's event."""
    require_perm(acting_user, COORDINATE_EVENTS)
    require_perm(acting_user, JOIN_EVENT, _("Your agency is not invited to this event."), obj=event)
    participant = EventParticipant.objects.get(event=event, agency=acting_user.agency)
    with transaction.atomic():
        if participant.status != EventParticipant.Status.JOINED:
            participant.status = EventParticipant.Status.JOINED
            participant.joined_at = clock.now()
            participant.save(update_fields=["status", "joined_at"])
            federation.send_join(event)
            audit_record(
                acting_user, AuditAction.EVENT_JOIN, target=event, recipient=event.owner.code
            )
    return participant


def venue_add(
    *, acting_user: Any, event: Event, name: str, kind: str, capacity: int, address: str = ""
) -> Venue:
    _require_host(acting_user, event)
    errors: dict[str, list[str]] = {}
    if not name.strip():
        errors["name"] = [_("Give the venue a name.")]
    if kind not in Venue.Kind.values:
        errors["kind"] = [_("Choose a kind of venue.")]
    if capacity < 0:
        errors["capacity"] = [_("The capacity cannot be negative.")]
    elif capacity > bounds.MAX_CAPACITY:
        errors["capacity"] = [
            _("The capacity is at most %(max)s people.")
            % {"max": formats.number_format(bounds.MAX_CAPACITY, force_grouping=True)}
        ]
    for key, text, limit in (
        ("name", name, bounds.MAX_NAME),
        ("address", address, bounds.MAX_SHORT_TEXT),
    ):
        if problem := bounds.text_problem(text, limit):
            errors[key] = [problem]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        venue = Venue.objects.create(
            event=event, name=name.strip(), kind=kind, capacity=capacity, address=address
        )
        audit_record(
            acting_user, AuditAction.EVENT_VENUE_ADD, target=event, extra={"venue": str(venue.id)}
        )
        _bump_and_share(event)
    return venue


def deployment_add(
    *,
    acting_user: Any,
    event: Event,
    officer: str,
    agency: Agency,
    venue: Venue | None,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
) -> LiaisonDeployment:
    _require_host(acting_user, event)
    errors: dict[str, list[str]] = {}
    if not officer.strip():
        errors["officer"] = [_("Name the officer.")]
    if ends_at <= starts_at:
        errors["ends_at"] = [_("The end must be after the start.")]
    # A deployment lies within the event's days, read in the active (user's or node's) zone.
    for key, moment in (("starts_at", starts_at), ("ends_at", ends_at)):
        day = timezone.localtime(moment).date()
        if key == "ends_at" and timezone.localtime(moment).time() == dt.time(0, 0):
            day -= dt.timedelta(days=1)  # ending at midnight ends on the day before
        if not event.starts_on <= day <= event.ends_on:
            errors.setdefault(key, []).append(
                _("The deployment must lie within the event's days (%(first)s to %(last)s).")
                % {
                    "first": formats.date_format(event.starts_on, "SHORT_DATE_FORMAT"),
                    "last": formats.date_format(event.ends_on, "SHORT_DATE_FORMAT"),
                }
            )
    if problem := bounds.text_problem(officer, bounds.MAX_NAME):
        errors["officer"] = [problem]
    if venue is not None and venue.event_id != event.id:
        errors["venue"] = [_("This venue is not part of the event.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        deployment = LiaisonDeployment.objects.create(
            event=event,
            officer=officer.strip(),
            agency=agency,
            venue=venue,
            starts_at=starts_at,
            ends_at=ends_at,
        )
        audit_record(
            acting_user,
            AuditAction.EVENT_DEPLOYMENT_ADD,
            target=event,
            extra={"deployment": str(deployment.id)},
        )
        _bump_and_share(event)
    return deployment


def _check_scale(errors: dict[str, list[str]], field: str, value: int, top: int) -> None:
    if not 1 <= value <= top:
        errors[field] = [_("Choose a value from 1 to %(top)s.") % {"top": top}]


def risk_add(
    *,
    acting_user: Any,
    event: Event,
    threat: str,
    likelihood: int,
    impact: int,
    owner_agency: Agency,
    venue: Venue | None = None,
    mitigation: str = "",
    status: str = Risk.Status.OPEN,
) -> Risk:
    _require_host(acting_user, event)
    errors: dict[str, list[str]] = {}
    if not threat.strip():
        errors["threat"] = [_("Describe the threat.")]
    _check_scale(errors, "likelihood", likelihood, 5)
    _check_scale(errors, "impact", impact, 5)
    if status not in Risk.Status.values:
        errors["status"] = [_("Choose a status.")]
    if venue is not None and venue.event_id != event.id:
        errors["venue"] = [_("This venue is not part of the event.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        risk = Risk.objects.create(
            event=event,
            venue=venue,
            threat=threat.strip(),
            likelihood=likelihood,
            impact=impact,
            mitigation=mitigation,
            owner_agency=owner_agency,
            status=status,
        )
        audit_record(
            acting_user, AuditAction.EVENT_RISK_ADD, target=event, extra={"risk": str(risk.id)}
        )
        _bump_and_share(event)
    return risk


def risk_set_status(*, acting_user: Any, risk: Risk, status: str) -> Risk:
    event = risk.event
    _require_host(acting_user, event)
    if status not in Risk.Status.values:
        raise ValidationError({"status": [_("Choose a status.")]})
    changes = field_changes(risk, {"status": status})
    with transaction.atomic():
        risk.status = status
        risk.save(update_fields=["status"])
        audit_record(
            acting_user,
            AuditAction.EVENT_RISK_STATUS,
            target=event,
            extra={"risk": str(risk.id), "status": status, **changes},
        )
        _bump_and_share(event)
    return risk


def protocol_create(*, acting_user: Any, event: Event, venue: Venue, template: str) -> Protocol:
    _require_host(acting_user, event)
    errors: dict[str, list[str]] = {}
    if template not in TEMPLATES:
        errors["template"] = [_("Choose a protocol template.")]
    if venue.event_id != event.id:
        errors["venue"] = [_("This venue is not part of the event.")]
    elif Protocol.objects.filter(venue=venue, template=template).exists():
        errors["template"] = [_("This venue already has this protocol.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        protocol = Protocol.objects.create(
            event=event, venue=venue, template=template, created_at=clock.now()
        )
        ProtocolItem.objects.bulk_create(
            ProtocolItem(protocol=protocol, position=i, code=code, owner_agency=event.owner)
            for i, (code, _label) in enumerate(TEMPLATES[template])
        )
        audit_record(
            acting_user,
            AuditAction.EVENT_PROTOCOL_CREATE,
            target=event,
            extra={"template": template},
        )
        _bump_and_share(event)
    return protocol


def protocol_item_set(
    *, acting_user: Any, item: ProtocolItem, done: bool, owner_agency: Agency | None = None
) -> ProtocolItem:
    event = item.protocol.event
    _require_host(acting_user, event)
    new_values: dict[str, Any] = {"done": done}
    if owner_agency is not None:
        new_values["owner_agency"] = owner_agency
    changes = field_changes(item, new_values)
    with transaction.atomic():
        item.done = done
        item.done_at = clock.now() if done else None
        item.done_by = acting_user if done else None
        if owner_agency is not None:
            item.owner_agency = owner_agency
        item.save()
        audit_record(
            acting_user,
            AuditAction.EVENT_PROTOCOL_ITEM,
            target=event,
            extra={"item": item.code, "done": done, **changes},
        )
        _bump_and_share(event)
    return item


def debrief_update(*, acting_user: Any, event: Event, lessons_learned: str) -> Event:
    _require_host(acting_user, event)
    changes = field_changes(event, {"lessons_learned": lessons_learned})
    with transaction.atomic():
        event.lessons_learned = lessons_learned
        event.save(update_fields=["lessons_learned"])
        audit_record(acting_user, AuditAction.EVENT_DEBRIEF_UPDATE, target=event, extra=changes)
        _bump_and_share(event)
    return event


_EXPORT_ACTIONS = {
    "debrief": AuditAction.EVENT_DEBRIEF_EXPORT,
    "accreditation_decisions": AuditAction.EVENT_ACCREDITATION_DECISIONS_EXPORT,
}


def export_record(*, acting_user: Any, event: Event, what: str, fmt: str) -> None:
    """Every export is logged."""
    with transaction.atomic():
        audit_record(acting_user, _EXPORT_ACTIONS[what], target=event, extra={"format": fmt})


def review_consulted(*, acting_user: Any, event: Event, candidates: int) -> None:
    """Opening the review queue shows accredited people next to alert matches: logged, with its purpose."""
    if not candidates:
        return
    purposes = sorted(set(event.accreditation_lists.values_list("purpose", flat=True)))
    with transaction.atomic():
        audit_record(
            acting_user,
            AuditAction.ACCREDITATION_REVIEW_VIEW,
            target=event,
            justification="; ".join(purposes)[:500],
            extra={"candidates": candidates},
        )
