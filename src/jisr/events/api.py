"""JSON API of the events module, mounted at the root of /api/v1."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from jisr.accounts.models import Agency
from jisr.core import bounds
from jisr.core.access import parse_uuid, require_perm
from jisr.core.uploads import read_upload
from jisr.core.web import ApiPagination, ApiRows
from jisr.events import selectors, services
from jisr.events.accreditation_file import list_limits
from jisr.events.models import (
    AccreditationCandidate,
    AccreditationList,
    Event,
    Incident,
    Protocol,
    ProtocolItem,
    Risk,
    Venue,
)
from jisr.events.permissions import COORDINATE_EVENTS
from jisr.events.protocols import item_label

router = Router(tags=["events"])


class EventIn(Schema):
    name: str = Field(max_length=bounds.MAX_NAME)
    starts_on: dt.date
    ends_on: dt.date
    description: str = Field("", max_length=bounds.MAX_LONG_TEXT)
    participants: list[str] = Field([], max_length=50)


class VenueIn(Schema):
    name: str = Field(max_length=bounds.MAX_NAME)
    kind: str = Field(max_length=32)
    capacity: int = Field(0, ge=0, le=bounds.MAX_CAPACITY)
    address: str = Field("", max_length=bounds.MAX_SHORT_TEXT)


class EventRiskIn(Schema):
    threat: str
    venue: str | None = None
    likelihood: int
    impact: int
    mitigation: str = ""
    owner_agency: str | None = None
    status: str = "open"


class IncidentIn(Schema):
    venue: str | None = None
    category: str
    severity: int | None = None
    description: str
    assigned_agency: str | None = None
    occurred_at: dt.datetime | None = None


class IncidentStatusIn(Schema):
    status: str


class AccreditationDecisionIn(Schema):
    decision: str
    reason: str


# -- what the API returns ----------------------------------------------------------------


class VenueOut(Schema):
    id: str
    name: str
    kind: str
    capacity: int
    address: str
    readiness: int | None


class ParticipantOut(Schema):
    agency: str
    status: str


class EventOut(Schema):
    id: str
    owner: str
    name: str
    starts_on: str
    ends_on: str
    description: str
    participants: list[ParticipantOut]
    venues: list[VenueOut]


class JoinOut(Schema):
    event: str
    agency: str
    status: str


class EventRiskOut(Schema):
    id: str
    threat: str
    venue: str | None
    likelihood: int
    impact: int
    level: int
    mitigation: str
    owner_agency: str
    status: str


class IncidentOut(Schema):
    id: str
    event: str
    owner: str
    venue: str | None
    occurred_at: str
    category: str
    severity: int
    description: str
    status: str
    assigned_agency: str


class ProtocolItemOut(Schema):
    id: int
    code: str
    label: str
    owner_agency: str
    done: bool


class ProtocolOut(Schema):
    id: int
    venue: str
    template: str
    items: list[ProtocolItemOut]


class AccreditationListOut(Schema):
    id: str
    event: str
    filename: str
    status: str
    total: int
    processed: int
    percent: int
    with_candidates: int
    uploaded_at: str
    finished_at: str | None
    failure_reason: str


class CandidatePersonOut(Schema):
    line: int
    full_name: str
    category: str


class CandidateOut(Schema):
    id: int
    person: CandidatePersonOut
    alert_id: str
    owner: str
    score: float
    status: str
    reason: str
    hit_id: str | None


class CandidateDecisionOut(Schema):
    id: int
    status: str
    hit_id: str | None
    decision: str


class OrganiserDecisionOut(Schema):
    line: int
    full_name: str
    category: str
    decision: str


class BoardVenueOut(Schema):
    venue: str
    name: str
    open_by_severity: list[int]
    readiness: int | None


class BoardOut(Schema):
    open_incidents: list[IncidentOut]
    severity_totals: dict[str, int]
    venues: list[BoardVenueOut]
    screening: dict[str, int]


class DebriefOut(Schema):
    event: str
    incidents: int
    incidents_by_severity: dict[str, int]
    screened: int
    accredited: int
    refused: int
    hits: int
    lessons_learned: str


def _venue_out(v: Venue, readiness: int | None = None) -> dict[str, Any]:
    return {
        "id": str(v.id),
        "name": v.name,
        "kind": v.kind,
        "capacity": v.capacity,
        "address": v.address,
        "readiness": readiness,
    }


def _event_out(e: Event) -> dict[str, Any]:
    readiness = selectors.readiness_by_venue(e)
    return {
        "id": str(e.id),
        "owner": e.owner.code,
        "name": e.name,
        "starts_on": e.starts_on.isoformat(),
        "ends_on": e.ends_on.isoformat(),
        "description": e.description,
        "participants": [
            {"agency": p.agency.code, "status": p.status}
            for p in e.participants.select_related("agency")
        ],
        "venues": [_venue_out(v, readiness.get(v.id)) for v in e.venues.all()],
    }


def _risk_out(r: Risk) -> dict[str, Any]:
    return {
        "id": str(r.id),
        "threat": r.threat,
        "venue": str(r.venue_id) if r.venue_id else None,
        "likelihood": r.likelihood,
        "impact": r.impact,
        "level": r.level,
        "mitigation": r.mitigation,
        "owner_agency": r.owner_agency.code,
        "status": r.status,
    }


def _incident_out(i: Incident) -> dict[str, Any]:
    return {
        "id": str(i.id),
        "event": str(i.event_id),
        "owner": i.owner.code,
        "venue": str(i.venue_id) if i.venue_id else None,
        "occurred_at": i.occurred_at.isoformat(),
        "category": i.category,
        "severity": i.severity,
        "description": i.description,
        "status": i.status,
        "assigned_agency": i.assigned_agency.code,
    }


def _list_out(acc: AccreditationList) -> dict[str, Any]:
    return {
        "id": str(acc.id),
        "event": str(acc.event_id),
        "filename": acc.filename,
        "status": acc.status,
        "total": acc.total,
        "processed": acc.processed,
        "percent": acc.percent,
        "with_candidates": acc.candidates,
        "uploaded_at": acc.uploaded_at.isoformat(),
        "finished_at": acc.finished_at.isoformat() if acc.finished_at else None,
        "failure_reason": acc.failure_text,
    }


def _agency(code: str | None, field: str) -> Agency | None:
    if code is None:
        return None
    agency = Agency.objects.filter(code=code).first()
    if agency is None:
        raise ValidationError({field: [_("Unknown agency %(code)s.") % {"code": code}]})
    return agency


def _venue(event: Event, venue_id: str | None, field: str = "venue") -> Venue | None:
    if not venue_id:
        return None
    venue = event.venues.filter(id=venue_id).first() if parse_uuid(venue_id) else None
    if venue is None:
        raise ValidationError({field: [_("This venue is not part of the event.")]})
    return venue


@router.get("/events", response=list[EventOut])
@paginate(ApiPagination)
def list_events(request: HttpRequest) -> ApiRows:
    events = selectors.events_visible_to(request.user).order_by("starts_on", "pk")
    return ApiRows(events, _event_out)


@router.post("/events", response={201: EventOut})
def create_event(request: HttpRequest, payload: EventIn) -> Status[dict[str, Any]]:
    require_perm(request.user, COORDINATE_EVENTS)
    participants = [
        a for a in (_agency(c, "participants") for c in payload.participants) if a is not None
    ]
    event = services.event_create(
        acting_user=request.user,
        name=payload.name,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
        description=payload.description,
        participants=participants,
    )
    return Status(201, _event_out(event))


@router.get("/events/{event_id}", response=EventOut)
def get_event(request: HttpRequest, event_id: str) -> dict[str, Any]:
    return _event_out(selectors.access_event_for_view(event_id, request.user))


@router.post("/events/{event_id}/join", response=JoinOut)
def join_event(request: HttpRequest, event_id: str) -> dict[str, Any]:
    event = selectors.access_event_for_joining(event_id, request.user)
    participant = services.event_join(acting_user=request.user, event=event)
    return {"event": str(event.id), "agency": participant.agency.code, "status": participant.status}


@router.get("/events/{event_id}/venues", response=list[VenueOut])
@paginate(ApiPagination)
def list_venues(request: HttpRequest, event_id: str) -> list[dict[str, Any]]:
    event = selectors.access_event_for_view(event_id, request.user)
    readiness = selectors.readiness_by_venue(event)
    return [_venue_out(v, readiness.get(v.id)) for v in event.venues.all()]


@router.post("/events/{event_id}/venues", response={201: VenueOut})
def add_venue(request: HttpRequest, event_id: str, payload: VenueIn) -> Status[dict[str, Any]]:
    event = selectors.access_event_for_coordination(event_id, request.user)
    venue = services.venue_add(acting_user=request.user, event=event, **payload.dict())
    return Status(201, _venue_out(venue))


@router.get("/events/{event_id}/risks", response=list[EventRiskOut])
@paginate(ApiPagination)
def list_risks(request: HttpRequest, event_id: str) -> ApiRows:
    event = selectors.access_event_for_view(event_id, request.user)
    return ApiRows(event.risks.select_related("owner_agency").order_by("pk"), _risk_out)


@router.post("/events/{event_id}/risks", response={201: EventRiskOut})
def add_risk(request: HttpRequest, event_id: str, payload: EventRiskIn) -> Status[dict[str, Any]]:
    event = selectors.access_event_for_coordination(event_id, request.user)
    risk = services.risk_add(
        acting_user=request.user,
        event=event,
        threat=payload.threat,
        venue=_venue(event, payload.venue),
        likelihood=payload.likelihood,
        impact=payload.impact,
        mitigation=payload.mitigation,
        owner_agency=_agency(payload.owner_agency, "owner_agency") or event.owner,
        status=payload.status,
    )
    return Status(201, _risk_out(risk))


class RiskStatusIn(Schema):
    status: str


@router.post("/events/risks/{risk_id}/status", response=EventRiskOut)
def set_risk_status(request: HttpRequest, risk_id: str, payload: RiskStatusIn) -> dict[str, Any]:
    risk = (
        Risk.objects.select_related("event").filter(id=risk_id).first()
        if parse_uuid(risk_id)
        else None
    )
    if risk is None:
        raise Http404
    selectors.access_event_for_coordination(risk.event_id, request.user)
    return _risk_out(
        services.risk_set_status(acting_user=request.user, risk=risk, status=payload.status)
    )


class ProtocolIn(Schema):
    venue: str
    template: str


class ProtocolItemIn(Schema):
    done: bool | None = None
    owner_agency: str | None = None


def _protocol_out(p: Protocol) -> dict[str, Any]:
    return {
        "id": p.pk,
        "venue": str(p.venue_id),
        "template": p.template,
        "items": [
            {
                "id": i.pk,
                "code": i.code,
                "label": item_label(i.code),
                "owner_agency": i.owner_agency.code,
                "done": i.done,
            }
            for i in p.items.select_related("owner_agency")
        ],
    }


@router.get("/events/{event_id}/protocols", response=list[ProtocolOut])
@paginate(ApiPagination)
def list_protocols(request: HttpRequest, event_id: str) -> ApiRows:
    event = selectors.access_event_for_view(event_id, request.user)
    return ApiRows(Protocol.objects.filter(event=event).order_by("pk"), _protocol_out)


@router.post("/events/{event_id}/protocols", response={201: ProtocolOut})
def add_protocol(
    request: HttpRequest, event_id: str, payload: ProtocolIn
) -> Status[dict[str, Any]]:
    event = selectors.access_event_for_coordination(event_id, request.user)
    venue = _venue(event, payload.venue)
    if venue is None:
        raise ValidationError({"venue": [_("Choose one of the event's venues.")]})
    protocol = services.protocol_create(
        acting_user=request.user, event=event, venue=venue, template=payload.template
    )
    return Status(201, _protocol_out(protocol))


@router.post("/events/protocol-items/{item_id}", response=ProtocolOut)
def update_protocol_item(
    request: HttpRequest, item_id: int, payload: ProtocolItemIn
) -> dict[str, Any]:
    item = ProtocolItem.objects.select_related("protocol__event").filter(pk=item_id).first()
    if item is None:
        raise Http404
    event = selectors.access_event_for_coordination(item.protocol.event_id, request.user)
    owner = None
    if payload.owner_agency is not None:
        codes = {event.owner.code, *event.participants.values_list("agency__code", flat=True)}
        if payload.owner_agency not in codes:
            raise ValidationError(
                {"owner_agency": [_("Choose the host or a participating agency.")]}
            )
        owner = _agency(payload.owner_agency, "owner_agency")
    services.protocol_item_set(
        acting_user=request.user,
        item=item,
        done=item.done if payload.done is None else payload.done,
        owner_agency=owner,
    )
    return _protocol_out(item.protocol)


@router.get("/events/{event_id}/incidents", response=list[IncidentOut])
@paginate(ApiPagination)
def list_incidents(request: HttpRequest, event_id: str, status: str | None = None) -> ApiRows:
    event = selectors.access_event_for_view(event_id, request.user)
    qs = event.incidents.select_related("owner", "assigned_agency")
    if status:
        qs = qs.filter(status=status)
    return ApiRows(qs.order_by("-occurred_at", "pk"), _incident_out)


@router.post("/events/{event_id}/incidents", response={201: IncidentOut})
def add_incident(
    request: HttpRequest, event_id: str, payload: IncidentIn
) -> Status[dict[str, Any]]:
    event = selectors.access_event_for_incidents(event_id, request.user)
    incident = services.incident_record(
        acting_user=request.user,
        event=event,
        venue=_venue(event, payload.venue),
        category=payload.category,
        severity=payload.severity,
        description=payload.description,
        assigned_agency=_agency(payload.assigned_agency, "assigned_agency"),
        occurred_at=payload.occurred_at,
    )
    return Status(201, _incident_out(incident))


@router.post("/events/incidents/{incident_id}/status", response=IncidentOut)
def set_incident_status(
    request: HttpRequest, incident_id: str, payload: IncidentStatusIn
) -> dict[str, Any]:
    incident = selectors.access_incident_for_update(incident_id, request.user)
    return _incident_out(
        services.incident_update(acting_user=request.user, incident=incident, status=payload.status)
    )


@router.post("/events/{event_id}/accreditation-lists", response={201: AccreditationListOut})
def upload_list(
    request: HttpRequest,
    event_id: str,
    file: File[UploadedFile],
    purpose: Form[str],
) -> Status[dict[str, Any]]:
    """Multipart upload (``file``, ``purpose``); a malformed list → 422 with every bad line."""
    event = selectors.access_event_for_screening(event_id, request.user)
    acc = services.accreditation_upload(
        acting_user=request.user,
        event=event,
        filename=file.name or "list.csv",
        content=read_upload(file, list_limits()),
        purpose=purpose,
    )
    return Status(201, _list_out(acc))


@router.get("/events/{event_id}/accreditation-lists", response=list[AccreditationListOut])
@paginate(ApiPagination)
def list_lists(request: HttpRequest, event_id: str) -> ApiRows:
    event = selectors.access_event_for_screening(event_id, request.user)
    return ApiRows(event.accreditation_lists.order_by("-uploaded_at", "pk"), _list_out)


@router.get("/events/accreditation-lists/{list_id}", response=AccreditationListOut)
def list_status(request: HttpRequest, list_id: str) -> dict[str, Any]:
    return _list_out(selectors.access_list_for_screening(list_id, request.user))


@router.get("/events/{event_id}/accreditation-candidates", response=list[CandidateOut])
@paginate(ApiPagination)
def list_candidates(
    request: HttpRequest, event_id: str, status: str = "pending"
) -> list[dict[str, Any]]:
    event = selectors.access_event_for_screening(event_id, request.user)
    qs = AccreditationCandidate.objects.filter(
        person__accreditation_list__event=event, status=status
    ).select_related("person")
    rows = list(qs)
    services.review_consulted(acting_user=request.user, event=event, candidates=len(rows))
    return [
        {
            "id": c.pk,
            "person": {
                "line": c.person.line,
                "full_name": c.person.full_name,
                "category": c.person.category,
            },
            "alert_id": c.alert_id,
            "owner": c.alert_owner,
            "score": round(c.score, 4),
            "status": c.status,
            "reason": c.reason,
            "hit_id": c.hit_id or None,
        }
        for c in rows
    ]


@router.post(
    "/events/accreditation-candidates/{candidate_id}/decision", response=CandidateDecisionOut
)
def decide_candidate(
    request: HttpRequest, candidate_id: int, payload: AccreditationDecisionIn
) -> dict[str, Any]:
    candidate = selectors.access_candidate_for_review(candidate_id, request.user)
    c = services.candidate_decide(
        acting_user=request.user,
        candidate=candidate,
        decision=payload.decision,
        reason=payload.reason,
    )
    return {
        "id": c.pk,
        "status": c.status,
        "hit_id": c.hit_id or None,
        "decision": c.person.decision,
    }


@router.get("/events/{event_id}/accreditation-decisions", response=list[OrganiserDecisionOut])
@paginate(ApiPagination)
def organiser_decisions(request: HttpRequest, event_id: str) -> ApiRows:
    """The organiser's view: a decision per accredited person, nothing about alerts."""
    event = selectors.access_event_for_screening(event_id, request.user)
    services.export_record(
        acting_user=request.user, event=event, what="accreditation_decisions", fmt="json"
    )
    from jisr.events.models import AccreditedPerson

    persons = AccreditedPerson.objects.filter(accreditation_list__event=event)
    return ApiRows(
        persons.order_by("line", "pk"),
        lambda p: {
            "line": p.line,
            "full_name": p.full_name,
            "category": p.category,
            "decision": p.decision,
        },
    )


@router.get("/events/{event_id}/board", response=BoardOut)
def situation_board(request: HttpRequest, event_id: str) -> dict[str, Any]:
    event = selectors.access_event_for_view(event_id, request.user)
    data = selectors.board(event)
    return {
        "open_incidents": [_incident_out(i) for i in data["incidents"]],
        "severity_totals": dict(zip(["4", "3", "2", "1"], data["severity_totals"], strict=True)),
        "venues": [
            {
                "venue": str(r["venue"].id),
                "name": r["venue"].name,
                "open_by_severity": r["counts"],
                "readiness": r["readiness"],
            }
            for r in data["by_venue"]
        ],
        "screening": data["screening"],
    }


@router.get("/events/{event_id}/debrief", response=DebriefOut)
def debrief(request: HttpRequest, event_id: str) -> dict[str, Any]:
    event = selectors.access_event_for_view(event_id, request.user)
    f = selectors.debrief_figures(event)
    return {
        "event": str(event.id),
        "incidents": f["incidents"],
        "incidents_by_severity": {str(s): n for s, n in f["incidents_by_severity"]},
        "screened": f["screened"],
        "accredited": f["accredited"],
        "refused": f["refused"],
        "hits": f["hits"],
        "lessons_learned": event.lessons_learned,
    }
