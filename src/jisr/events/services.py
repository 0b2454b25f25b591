"""Every write of the events module: one transaction, the audit row written inside it."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from jisr.accounts.models import Agency
from jisr.audit.services import audit_record
from jisr.core import clock
from jisr.core.access import require_perm
from jisr.core.node import own_agency
from jisr.events import federation
from jisr.events.accreditation_file import ListError, read_list
from jisr.events.models import (
    AccreditationCandidate,
    AccreditationList,
    AccreditedPerson,
    Event,
    EventParticipant,
    Incident,
    LiaisonDeployment,
    Protocol,
    ProtocolItem,
    Risk,
    Venue,
)
from jisr.events.protocols import TEMPLATES
from jisr.events.selectors import PERM_COORDINATE, PERM_INCIDENTS, PERM_SCREEN


def _require_host(user: Any, event: Event) -> None:
    require_perm(user, PERM_COORDINATE)
    if not event.is_own or user.agency_id != event.owner_id:
        raise PermissionDenied(_("Only the host agency can change this event."))


def _own() -> Agency:
    agency = own_agency()
    if agency is None:
        raise PermissionDenied(_("This node has no agency yet."))
    return agency


def _bump_and_share(event: Event) -> None:
    event.version += 1
    event.updated_at = clock.now()
    event.save(update_fields=["version", "updated_at"])
    for code in federation.share_event(event):
        audit_record(
            "system", "event.share", target=event, recipient=code, extra={"version": event.version}
        )


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
    require_perm(acting_user, PERM_COORDINATE)
    errors: dict[str, list[str]] = {}
    if not name.strip():
        errors["name"] = [_("Give the event a name.")]
    if ends_on < starts_on:
        errors["ends_on"] = [_("The last day cannot be before the first day.")]
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
        audit_record(acting_user, "event.create", target=event)
        for code in federation.share_event(event):
            audit_record(
                acting_user, "event.share", target=event, recipient=code, extra={"version": 1}
            )
    return event


def event_join(*, acting_user: Any, event: Event) -> EventParticipant:
    """A participating agency's coordinator joins a partner's event."""
    require_perm(acting_user, PERM_COORDINATE)
    participant = EventParticipant.objects.filter(event=event, agency=acting_user.agency).first()
    if event.is_own or participant is None:
        raise PermissionDenied(_("Your agency is not invited to this event."))
    with transaction.atomic():
        if participant.status != EventParticipant.Status.JOINED:
            participant.status = EventParticipant.Status.JOINED
            participant.joined_at = clock.now()
            participant.save(update_fields=["status", "joined_at"])
            federation.send_join(event)
            audit_record(acting_user, "event.join", target=event, recipient=event.owner.code)
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
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        venue = Venue.objects.create(
            event=event, name=name.strip(), kind=kind, capacity=capacity, address=address
        )
        audit_record(acting_user, "event.venue.add", target=event, extra={"venue": str(venue.id)})
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
            "event.deployment.add",
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
        audit_record(acting_user, "event.risk.add", target=event, extra={"risk": str(risk.id)})
        _bump_and_share(event)
    return risk


def risk_set_status(*, acting_user: Any, risk: Risk, status: str) -> Risk:
    event = risk.event
    _require_host(acting_user, event)
    if status not in Risk.Status.values:
        raise ValidationError({"status": [_("Choose a status.")]})
    with transaction.atomic():
        risk.status = status
        risk.save(update_fields=["status"])
        audit_record(
            acting_user,
            "event.risk.status",
            target=event,
            extra={"risk": str(risk.id), "status": status},
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
            acting_user, "event.protocol.create", target=event, extra={"template": template}
        )
        _bump_and_share(event)
    return protocol


def protocol_item_set(
    *, acting_user: Any, item: ProtocolItem, done: bool, owner_agency: Agency | None = None
) -> ProtocolItem:
    event = item.protocol.event
    _require_host(acting_user, event)
    with transaction.atomic():
        item.done = done
        item.done_at = clock.now() if done else None
        item.done_by = acting_user if done else None
        if owner_agency is not None:
            item.owner_agency = owner_agency
        item.save()
        audit_record(
            acting_user,
            "event.protocol.item",
            target=event,
            extra={"item": item.code, "done": done},
        )
        _bump_and_share(event)
    return item


def debrief_update(*, acting_user: Any, event: Event, lessons_learned: str) -> Event:
    _require_host(acting_user, event)
    with transaction.atomic():
        event.lessons_learned = lessons_learned
        event.save(update_fields=["lessons_learned"])
        audit_record(acting_user, "event.debrief.update", target=event)
        _bump_and_share(event)
    return event


def export_record(*, acting_user: Any, event: Event, what: str, fmt: str) -> None:
    """Every export is logged."""
    with transaction.atomic():
        audit_record(acting_user, f"event.{what}.export", target=event, extra={"format": fmt})


def review_consulted(*, acting_user: Any, event: Event, candidates: int) -> None:
    """Opening the review queue shows accredited people next to alert matches: logged, with its purpose."""
    if not candidates:
        return
    purposes = sorted(set(event.accreditation_lists.values_list("purpose", flat=True)))
    with transaction.atomic():
        audit_record(
            acting_user,
            "accreditation.review.view",
            target=event,
            justification="; ".join(purposes)[:500],
            extra={"candidates": candidates},
        )


# -- incidents ---------------------------------------------------------------------------


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
    require_perm(acting_user, PERM_INCIDENTS)
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
            acting_user, "incident.record", target=incident, extra={"event": str(event.id)}
        )
        for code in federation.share_incident(incident):
            audit_record(acting_user, "incident.share", target=incident, recipient=code)
    return incident


def incident_update(
    *, acting_user: Any, incident: Incident, status: str, assigned_agency: Agency | None = None
) -> Incident:
    require_perm(acting_user, PERM_INCIDENTS)
    if not incident.owner.is_own:
        raise PermissionDenied(_("Only the agency that recorded this incident can change it."))
    if status not in Incident.Status.values:
        raise ValidationError({"status": [_("Choose a status.")]})
    with transaction.atomic():
        incident.status = status
        if assigned_agency is not None:
            incident.assigned_agency = assigned_agency
        incident.version += 1
        incident.save()
        audit_record(acting_user, "incident.update", target=incident, extra={"status": status})
        for code in federation.share_incident(incident):
            audit_record(acting_user, "incident.share", target=incident, recipient=code)
    return incident


# -- accreditation screening --------------------------------------------------------------


def accreditation_upload(
    *, acting_user: Any, event: Event, filename: str, content: bytes, purpose: str
) -> AccreditationList:
    """Read the whole list; a malformed list raises ValidationError line by line, nothing is kept."""
    require_perm(acting_user, PERM_SCREEN)
    if not purpose.strip():
        raise ValidationError({"purpose": [_("Give the purpose of this screening.")]})
    try:
        rows = read_list(filename, content)
    except ListError as exc:
        raise ValidationError({"file": [str(e) for e in exc.errors[:500]]}) from exc
    with transaction.atomic():
        acc = AccreditationList.objects.create(
            event=event,
            filename=filename[:200],
            purpose=purpose.strip(),
            uploaded_by=acting_user,
            uploaded_at=clock.now(),
            total=len(rows),
        )
        AccreditedPerson.objects.bulk_create(
            (
                AccreditedPerson(
                    accreditation_list=acc,
                    line=r.line,
                    full_name=r.full_name,
                    birth_date=r.birth_date,
                    nationality=r.nationality,
                    category=r.category,
                    organisation=r.organisation,
                )
                for r in rows
            ),
            batch_size=2000,
        )
        audit_record(
            acting_user,
            "accreditation.upload",
            target=acc,
            justification=acc.purpose,
            extra={"event": str(event.id), "people": len(rows)},
        )
    return acc


LEASE = dt.timedelta(seconds=60)


def _claim_list() -> AccreditationList | None:
    """Claim one list to screen: queued, or running with an expired lease (a worker died)."""
    now = clock.now()
    with transaction.atomic():
        qs = AccreditationList.objects.filter(status__in=["queued", "running"]).exclude(
            leased_until__gt=now
        )
        if connection.features.has_select_for_update_skip_locked:
            qs = qs.select_for_update(skip_locked=True)
        acc = qs.order_by("uploaded_at").first()
        if acc is None:
            return None
        acc.status = AccreditationList.Status.RUNNING
        acc.leased_until = now + LEASE
        acc.started_at = acc.started_at or now
        acc.save(update_fields=["status", "leased_until", "started_at"])
    return acc


def screening_step(*, budget_seconds: float = 1.0, batch: int = 500) -> AccreditationList | None:
    """Screen the next slice of a claimed list for about ``budget_seconds``; progress goes in the row.

    Short slices keep the worker's other tasks (the outbox relay) responsive.
    """
    from jisr.events.screening import alert_candidates, refresh_alert_index, remember_rejections
    from jisr.matching import Person

    acc = _claim_list()
    if acc is None:
        return None
    refresh_alert_index()
    deadline = time.monotonic() + budget_seconds
    try:
        while True:
            people = list(
                AccreditedPerson.objects.filter(accreditation_list=acc, screened=False).order_by(
                    "line"
                )[:batch]
            )
            if not people:
                _finish(acc)
                break
            found: list[AccreditationCandidate] = []
            clear_ids: list[int] = []
            review_ids: list[int] = []
            for p in people:
                query = Person(
                    str(p.pk),
                    [p.full_name],
                    p.birth_date or None,
                    [p.nationality] if p.nationality else [],
                )
                matches = alert_candidates(query)
                if matches:
                    remember_rejections(p, matches)
                    review_ids.append(p.pk)
                    found.extend(
                        AccreditationCandidate(
                            person=p,
                            alert_id=m.alert_id,
                            alert_owner=m.owner,
                            score=m.score,
                            explanation=m.explanation,
                        )
                        for m in matches
                    )
                else:
                    clear_ids.append(p.pk)
            with transaction.atomic():
                AccreditationCandidate.objects.bulk_create(found, batch_size=1000)
                AccreditedPerson.objects.filter(pk__in=clear_ids).update(
                    screened=True, decision="accredit"
                )
                AccreditedPerson.objects.filter(pk__in=review_ids).update(screened=True)
                AccreditationList.objects.filter(pk=acc.pk).update(
                    processed=F("processed") + len(people),
                    candidates=F("candidates") + len(review_ids),
                    leased_until=clock.now() + LEASE,
                )
            if time.monotonic() >= deadline:
                break
    finally:
        # Release the lease so the next tick (of any worker) continues.
        AccreditationList.objects.filter(pk=acc.pk, status="running").update(leased_until=None)
    acc.refresh_from_db()
    return acc


def _finish(acc: AccreditationList) -> None:
    with transaction.atomic():
        acc.refresh_from_db()
        acc.status = AccreditationList.Status.DONE
        acc.finished_at = clock.now()
        acc.leased_until = None
        acc.save(update_fields=["status", "finished_at", "leased_until"])
        audit_record(
            "system",
            "accreditation.screen",
            target=acc,
            justification=acc.purpose,
            extra={"people": acc.total, "with_candidates": acc.candidates},
        )


def candidate_decide(
    *, acting_user: Any, candidate: AccreditationCandidate, decision: str, reason: str
) -> AccreditationCandidate:
    """Human review of one candidate: ``cleared`` or ``flagged``, always with a reason.

    Flagging starts the hit workflow with the alert's owner and refuses the accreditation;
    when every candidate of a person is cleared, the person is accredited.
    """
    require_perm(acting_user, PERM_SCREEN)
    errors: dict[str, list[str]] = {}
    if decision not in ("cleared", "flagged"):
        errors["decision"] = [_("Choose cleared or flagged.")]
    if not reason.strip():
        errors["reason"] = [_("Give the reason for this decision.")]
    if candidate.status != AccreditationCandidate.Status.PENDING:
        errors["decision"] = [_("This candidate has already been reviewed.")]
    if errors:
        raise ValidationError(errors)
    person = candidate.person
    event = person.accreditation_list.event
    with transaction.atomic():
        candidate.status = decision
        candidate.reason = reason.strip()
        candidate.decided_by = acting_user
        candidate.decided_at = clock.now()
        if decision == "flagged":
            from jisr.events.screening import start_hit_for_flagged

            candidate.hit_id = start_hit_for_flagged(
                acting_user=acting_user,
                alert_id=candidate.alert_id,
                circumstances=_("Accreditation screening for %(event)s: %(reason)s")
                % {"event": event.name, "reason": candidate.reason},
                location=_("Accreditation for %(event)s (%(category)s, %(organisation)s)")
                % {
                    "event": event.name,
                    "category": person.get_category_display(),
                    "organisation": person.organisation or "-",
                },
            )
        candidate.save()
        if decision == "cleared":
            from jisr.events.screening import rejection_for_cleared

            rejection_for_cleared(acting_user=acting_user, candidate=candidate)
        audit_record(
            acting_user,
            f"accreditation.{decision}",
            target=candidate,
            justification=candidate.reason,
            recipient=candidate.alert_owner if decision == "flagged" else "",
            extra={"alert": candidate.alert_id, "person": person.pk, "hit": candidate.hit_id},
        )
        remaining = person.candidates.exclude(pk=candidate.pk)
        if decision == "flagged" or remaining.filter(status="flagged").exists():
            person.decision = AccreditedPerson.Decision.REFUSE
        elif not remaining.filter(status="pending").exists():
            person.decision = AccreditedPerson.Decision.ACCREDIT
        person.save(update_fields=["decision"])
    return candidate
