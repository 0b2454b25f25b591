"""How events and incidents travel between nodes (federation contract of issue 4).

- ``events.event`` (replicated, owner = host agency): the workspace — venues, participants,
  liaison deployments, the risk register and protocol readiness per venue.
- ``events.incident`` (replicated, owner = the agency that recorded it): sent to every
  other agency of the event, so the common incident log is live on every node.
- ``events.join`` (envelope to the host): a participating agency joins the event.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from django.utils.dateparse import parse_date

from jisr.accounts.models import Agency
from jisr.audit.actions import AuditAction
from jisr.core import clock
from jisr.federation.wire import wire_datetime

log = logging.getLogger("jisr.events")

EVENT_TYPE = "events.event"
INCIDENT_TYPE = "events.incident"
JOIN_TYPE = "events.join"


def _partner_codes() -> set[str]:
    from jisr.federation.selectors import partner_agencies

    return {agency.code for agency in partner_agencies()}


def recipients_for(event: Any, *, exclude: str | None = None) -> list[str]:
    """Every agency of the event (host and participants) that is a registered partner."""
    from jisr.accounts.selectors import own_agency

    own = own_agency()
    codes = {event.owner.code} | {
        p.agency.code for p in event.participants.select_related("agency")
    }
    codes.discard(own.code if own else "")
    if exclude:
        codes.discard(exclude)
    return sorted(codes & _partner_codes())


# -- bodies --------------------------------------------------------------------------------


def event_body(event: Any) -> dict[str, Any]:
    from jisr.events.selectors import readiness_by_venue

    readiness = readiness_by_venue(event)
    return {
        "id": str(event.id),
        "owner": event.owner.code,
        "name": event.name,
        "starts_on": event.starts_on.isoformat(),
        "ends_on": event.ends_on.isoformat(),
        "description": event.description,
        "lessons_learned": event.lessons_learned,
        "participants": [
            {"agency": p.agency.code, "status": p.status}
            for p in event.participants.select_related("agency")
        ],
        "venues": [
            {
                "id": str(v.id),
                "name": v.name,
                "kind": v.kind,
                "capacity": v.capacity,
                "address": v.address,
                "readiness": readiness.get(v.id),
            }
            for v in event.venues.all()
        ],
        "deployments": [
            {
                "id": str(d.id),
                "officer": d.officer,
                "agency": d.agency.code,
                "venue": str(d.venue_id) if d.venue_id else None,
                "starts_at": d.starts_at.isoformat(),
                "ends_at": d.ends_at.isoformat(),
            }
            for d in event.deployments.select_related("agency")
        ],
        "risks": [
            {
                "id": str(r.id),
                "venue": str(r.venue_id) if r.venue_id else None,
                "threat": r.threat,
                "likelihood": r.likelihood,
                "impact": r.impact,
                "mitigation": r.mitigation,
                "owner_agency": r.owner_agency.code,
                "status": r.status,
            }
            for r in event.risks.select_related("owner_agency")
        ],
    }


def incident_body(incident: Any) -> dict[str, Any]:
    return {
        "id": str(incident.id),
        "event": str(incident.event_id),
        "owner": incident.owner.code,
        "venue": str(incident.venue_id),
        "occurred_at": incident.occurred_at.isoformat(),
        "category": incident.category,
        "severity": incident.severity,
        "description": incident.description,
        "status": incident.status,
        "assigned_agency": incident.assigned_agency.code,
    }


# -- sending (always inside the caller's transaction) ------------------------------------


def _share(record_type: str, record: Any, body: dict[str, Any], event: Any) -> list[str]:
    """Replicate ``record`` to every partner agency of ``event``; the agencies it went to."""
    from jisr.federation.services import replicate_upsert

    recipients = recipients_for(event)
    if recipients:
        replicate_upsert(
            record_type=record_type,
            record_id=str(record.id),
            version=record.version,
            body=body,
            recipients=recipients,
        )
    return recipients


def share_event(event: Any) -> list[str]:
    return _share(EVENT_TYPE, event, event_body(event), event)


def share_incident(incident: Any) -> list[str]:
    return _share(INCIDENT_TYPE, incident, incident_body(incident), incident.event)


def send_join(event: Any) -> None:
    from jisr.federation.services import outbox_enqueue

    outbox_enqueue(
        envelope_type=JOIN_TYPE, recipient=event.owner.code, body={"event": str(event.id)}
    )


# -- receiving ------------------------------------------------------------------------------


def _agency(code: str) -> Agency:
    from jisr.federation.registry import PermanentEnvelopeError

    agency = Agency.objects.filter(code=code).first()
    if agency is None:
        raise PermanentEnvelopeError(f"unknown agency {code}")
    return agency


def on_event_upsert(sender: str, record_id: str, version: int, body: dict[str, Any]) -> None:
    from jisr.audit.services import audit_record
    from jisr.events.models import Event, EventParticipant, LiaisonDeployment, Risk, Venue
    from jisr.federation.registry import PermanentEnvelopeError

    if body.get("owner") != sender or body.get("id") != record_id:
        raise PermanentEnvelopeError("an event can only be replicated by its host")
    owner = _agency(sender)
    if owner.is_own:
        raise PermanentEnvelopeError("a partner cannot overwrite our own event")
    now = clock.now()
    starts_on, ends_on = parse_date(body["starts_on"]), parse_date(body["ends_on"])
    if starts_on is None or ends_on is None:
        raise PermanentEnvelopeError("event without dates")
    with transaction.atomic():
        fields = {
            "owner": owner,
            "name": body["name"],
            "starts_on": starts_on,
            "ends_on": ends_on,
            "description": body.get("description", ""),
            "lessons_learned": body.get("lessons_learned", ""),
            "version": version,
            "updated_at": now,
        }
        event, _created = Event.objects.update_or_create(
            id=record_id, defaults=fields, create_defaults={**fields, "created_at": now}
        )
        seen = set()
        for p in body.get("participants", []):
            agency = Agency.objects.filter(code=p["agency"]).first()
            if agency is None:
                continue
            seen.add(agency.pk)
            EventParticipant.objects.update_or_create(
                event=event, agency=agency, defaults={"status": p.get("status", "invited")}
            )
        event.participants.exclude(agency_id__in=seen).delete()
        venue_ids = set()
        readiness: dict[str, Any] = {}
        for v in body.get("venues", []):
            Venue.objects.update_or_create(
                id=v["id"],
                defaults={
                    "event": event,
                    "name": v["name"],
                    "kind": v["kind"],
                    "capacity": int(v.get("capacity") or 0),
                    "address": v.get("address", ""),
                },
            )
            venue_ids.add(v["id"])
            readiness[v["id"]] = v.get("readiness")
        event.deployments.all().delete()
        for d in body.get("deployments", []):
            LiaisonDeployment.objects.create(
                id=d["id"],
                event=event,
                officer=d["officer"],
                agency=_agency(d["agency"]),
                venue_id=d["venue"] if d.get("venue") in venue_ids else None,
                starts_at=wire_datetime(d["starts_at"]),
                ends_at=wire_datetime(d["ends_at"]),
            )
        event.risks.all().delete()
        for r in body.get("risks", []):
            Risk.objects.create(
                id=r["id"],
                event=event,
                venue_id=r["venue"] if r.get("venue") in venue_ids else None,
                threat=r["threat"],
                likelihood=int(r["likelihood"]),
                impact=int(r["impact"]),
                mitigation=r.get("mitigation", ""),
                owner_agency=_agency(r["owner_agency"]),
                status=r.get("status", "open"),
            )
        # The host computes readiness; a partner copy keeps the host's figures as sent.
        for venue_id, value in readiness.items():
            Venue.objects.filter(id=venue_id, event=event).update(
                readiness_copy=None if value is None else int(value)
            )
        audit_record(sender, AuditAction.EVENT_RECEIVE, target=event, extra={"version": version})


def on_event_withdraw(sender: str, record_id: str) -> None:
    from jisr.audit.services import audit_record
    from jisr.events.models import Event

    event = Event.objects.filter(id=record_id, owner__code=sender).first()
    if event is not None and event.incidents.filter(owner__is_own=True).exists():
        # Our incidents hang on it (on_delete=CASCADE): not deleted on a partner's word.
        from jisr.federation.registry import NotOwner

        raise NotOwner(f"events.event {record_id} holds incidents {sender} does not own")
    if event is not None:
        audit_record(sender, AuditAction.EVENT_WITHDRAWN, target=("events.event", record_id))
        event.delete()


def event_state(record_id: str) -> tuple[int, dict[str, Any]] | None:
    from jisr.events.models import Event

    event = Event.objects.filter(id=record_id, owner__is_own=True).first()
    return None if event is None else (event.version, event_body(event))


def on_incident_upsert(sender: str, record_id: str, version: int, body: dict[str, Any]) -> None:
    from jisr.audit.services import audit_record
    from jisr.events.models import Event, Incident, Venue
    from jisr.federation.registry import PermanentEnvelopeError, RetryLater

    if body.get("owner") != sender:
        raise PermanentEnvelopeError(
            "an incident can only be replicated by the agency that recorded it"
        )
    event = Event.objects.filter(id=str(body.get("event"))).first()
    venue = Venue.objects.filter(id=str(body.get("venue")), event=event).first() if event else None
    if event is None or venue is None:
        # The event copy has not arrived yet: let the relay retry later.
        raise RetryLater("event or venue not known yet")
    defaults = {
        "event": event,
        "owner": _agency(sender),
        "venue": venue,
        "occurred_at": wire_datetime(body["occurred_at"]),
        "category": body["category"],
        "severity": int(body["severity"]),
        "description": body.get("description", ""),
        "status": body.get("status", "open"),
        "assigned_agency": _agency(body["assigned_agency"]),
        "version": version,
    }
    now = clock.now()
    incident, _created = Incident.objects.update_or_create(
        id=record_id,
        defaults=defaults,
        create_defaults={**defaults, "recorded_at": now, "received_at": now},
    )
    audit_record(sender, AuditAction.INCIDENT_RECEIVE, target=incident, extra={"version": version})


def on_incident_withdraw(sender: str, record_id: str) -> None:
    from jisr.events.models import Incident

    Incident.objects.filter(id=record_id, owner__code=sender).delete()


def incident_state(record_id: str) -> tuple[int, dict[str, Any]] | None:
    from jisr.events.models import Incident

    incident = Incident.objects.filter(id=record_id, owner__is_own=True).first()
    return None if incident is None else (incident.version, incident_body(incident))


def handle_join(envelope: Any) -> None:
    from jisr.audit.services import audit_record
    from jisr.events.models import Event, EventParticipant
    from jisr.federation.registry import PermanentEnvelopeError

    event = Event.objects.filter(id=envelope.body.get("event"), owner__is_own=True).first()
    if event is None:
        raise PermanentEnvelopeError("no such event hosted here")
    participant = EventParticipant.objects.filter(event=event, agency__code=envelope.sender).first()
    if participant is None:
        raise PermanentEnvelopeError("agency was not invited to this event")
    if participant.status != EventParticipant.Status.JOINED:
        participant.status = EventParticipant.Status.JOINED
        participant.joined_at = clock.now()
        participant.save(update_fields=["status", "joined_at"])
        event.version += 1
        event.save(update_fields=["version"])
        audit_record(envelope.sender, AuditAction.EVENT_JOINED, target=event)
        share_event(event)


# -- ownership, as the replication layer checks it ------------------------------------------


def event_owner(record_id: str) -> str | None:
    from jisr.events.models import Event

    return Event.objects.filter(id=record_id).values_list("owner__code", flat=True).first()


def incident_owner(record_id: str) -> str | None:
    from jisr.events.models import Incident

    return Incident.objects.filter(id=record_id).values_list("owner__code", flat=True).first()


def _owner_of_event_part(model_name: str) -> Any:
    def owners(ident: str) -> set[str] | None:
        from jisr.events import models

        model = getattr(models, model_name)
        host = model.objects.filter(id=ident).values_list("event__owner__code", flat=True).first()
        return None if host is None else {host}

    return owners


def _event_members(event_id: str) -> set[str] | None:
    """Who may attach an incident to an event: its host and its participants."""
    from jisr.events.models import Event, EventParticipant

    host = Event.objects.filter(id=event_id).values_list("owner__code", flat=True).first()
    if host is None:
        return None
    members = EventParticipant.objects.filter(event_id=event_id).values_list(
        "agency__code", flat=True
    )
    return {host, *members}


def _venue_members(venue_id: str) -> set[str] | None:
    from jisr.events.models import Venue

    event_id = Venue.objects.filter(id=venue_id).values_list("event_id", flat=True).first()
    return None if event_id is None else _event_members(str(event_id))


def _ids(key: str) -> Any:
    def ids(body: dict[str, Any]) -> list[Any]:
        return [item["id"] for item in body.get(key) or []]

    return ids


def _event_audience() -> list[tuple[str, int, list[str]]]:
    from jisr.events.models import Event

    events = Event.objects.filter(owner__is_own=True, participants__isnull=False).distinct()
    return [
        (str(event.id), event.version, recipients_for(event))
        for event in events.select_related("owner")
    ]


def _incident_audience() -> list[tuple[str, int, list[str]]]:
    from jisr.events.models import Incident

    incidents = Incident.objects.filter(owner__is_own=True).select_related("event__owner")
    return [
        (str(incident.id), incident.version, recipients_for(incident.event))
        for incident in incidents
    ]


def register() -> None:
    """Called from EventsConfig.ready()."""
    from jisr.federation.registry import Reference, register_handler, register_replicated_type

    register_replicated_type(
        EVENT_TYPE,
        on_upsert=on_event_upsert,
        on_withdraw=on_event_withdraw,
        body_for=event_state,
        owner_of=event_owner,
        references=(
            # Rows an event's body writes: they must be the host's own.
            Reference("events.venue", _ids("venues"), _owner_of_event_part("Venue")),
            Reference(
                "events.deployment", _ids("deployments"), _owner_of_event_part("LiaisonDeployment")
            ),
            Reference("events.risk", _ids("risks"), _owner_of_event_part("Risk")),
        ),
        audience=_event_audience,
    )
    register_replicated_type(
        INCIDENT_TYPE,
        on_upsert=on_incident_upsert,
        on_withdraw=on_incident_withdraw,
        body_for=incident_state,
        owner_of=incident_owner,
        references=(
            # Rows an incident links to: an event the sender takes part in, and its venue.
            Reference("events.event", lambda body: [body.get("event")], _event_members),
            Reference("events.venue", lambda body: [body.get("venue")], _venue_members),
        ),
        audience=_incident_audience,
    )
    register_handler(JOIN_TYPE, handle_join)
