"""JSON API of data protection (DPO only), mounted at the root of /api/v1."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from jisr.core import clock
from jisr.core.web import acting_user
from jisr.privacy import schedule, selectors
from jisr.privacy.services import dsr
from jisr.privacy.services.person import person_search_record

router = Router(tags=["privacy"])


class PersonQuery(Schema):
    name: str = Field("", max_length=200)
    birth_date: str = Field("", max_length=10)
    document: str = Field("", max_length=64)


class RecordOut(Schema):
    kind: str
    id: str
    owner: str


class AccessEventOut(Schema):
    at: dt.datetime
    actor: str
    agency: str
    action: str
    purpose: str
    recipient: str


class PersonOut(Schema):
    records: list[RecordOut]
    events: list[AccessEventOut]


@router.get("/dpo/person", response=PersonOut)
def dpo_person(request: HttpRequest, query: Query[PersonQuery]) -> dict[str, Any]:
    """Every record about a person (name in any script, date of birth, document number) and
    every consultation, disclosure and change of them, including partners' receipts."""
    result = person_search_record(
        acting_user=acting_user(request),
        name=query.name,
        birth_date=query.birth_date,
        document=query.document,
    )
    return {"records": result.records, "events": result.events}


class RetentionOut(Schema):
    kind: str
    label: str
    count: int
    oldest: dt.datetime | None
    due: int
    period_days: int
    min_days: int
    max_days: int
    at_end: str
    reason: str


@router.get("/retention", response=list[RetentionOut])
def retention(request: HttpRequest) -> list[dict[str, Any]]:
    """Per kind of record: how many exist, the oldest, how many are due, the period and rule."""
    rows = selectors.retention_report_for_dpo(acting_user(request))
    return [{**row.as_dict(), "oldest": row.oldest} for row in rows]


class RetentionSetIn(Schema):
    days: int = Field(ge=0, le=100_000)


@router.put("/retention/{kind}", response=RetentionOut)
def retention_set(request: HttpRequest, kind: str, body: RetentionSetIn) -> dict[str, Any]:
    """Set the agency's period for one kind, within its bounds (422 outside them)."""
    from jisr.privacy.services.retention import retention_setting_set

    retention_setting_set(acting_user=acting_user(request), kind=kind, days=body.days)
    for row in schedule.report(clock.now()):
        if row.kind.key == kind:
            return {**row.as_dict(), "oldest": row.oldest}
    raise ValidationError({"kind": "unknown"})


class PrivacySubjectIn(Schema):
    names: list[str] = Field(default_factory=list, max_length=20)
    birth_date: str = Field("", max_length=10)
    documents: list[str] = Field(default_factory=list, max_length=10)


class DsrIn(Schema):
    kind: str = Field(max_length=16)
    subject: PrivacySubjectIn
    received: dt.date
    notes: str = Field("", max_length=5000)
    identity_checked_by: str = Field("", max_length=200)
    identity_note: str = Field("", max_length=1000)
    language: str = Field("fr", max_length=2)


class DsrOut(Schema):
    id: str
    deadline: dt.datetime | None
    status: str


def _dsr_out(request: Any) -> dict[str, Any]:
    return {"id": str(request.id), "deadline": request.due_at, "status": request.status}


@router.post("/dsr", response={201: DsrOut})
def dsr_create(request: HttpRequest, body: DsrIn) -> Any:
    created = dsr.dsr_create(
        acting_user=acting_user(request),
        kind=body.kind,
        names=body.subject.names,
        birth_date=body.subject.birth_date,
        documents=body.subject.documents,
        received=body.received,
        notes=body.notes,
        identity_checked_by=body.identity_checked_by,
        identity_note=body.identity_note,
        language=body.language,
    )
    return Status(201, _dsr_out(created))


class ForwardOut(Schema):
    agency: str
    sent_at: dt.datetime
    answered_at: dt.datetime | None
    decision: str
    ground: str


class RecordActionOut(Schema):
    kind: str
    id: str
    owner: str
    action: str
    lifted_at: dt.datetime | None


class DsrDetailOut(Schema):
    id: str
    kind: str
    origin: str
    status: str
    deadline: dt.datetime | None
    decision: str
    ground: str
    forwards: list[ForwardOut]
    records: list[RecordActionOut]


@router.get("/dsr/{request_id}", response=DsrDetailOut)
def dsr_detail(request: HttpRequest, request_id: str) -> dict[str, Any]:
    """A request, its decision and each partner's answer (not the identity data)."""
    found = selectors.access_request_for_dpo(request_id, acting_user(request))
    return {
        "id": str(found.id),
        "kind": found.kind,
        "origin": found.origin,
        "status": found.status,
        "deadline": found.due_at,
        "decision": found.decision,
        "ground": found.ground,
        "forwards": [
            {
                "agency": f.agency,
                "sent_at": f.sent_at,
                "answered_at": f.answered_at,
                "decision": f.decision,
                "ground": f.ground,
            }
            for f in found.forwards.order_by("sent_at")
        ],
        "records": [
            {
                "kind": a.kind,
                "id": a.record_id,
                "owner": a.owner,
                "action": a.action,
                "lifted_at": a.lifted_at,
            }
            for a in found.record_actions.all()
        ],
    }


class PrivacyForwardIn(Schema):
    agency: str = Field(max_length=32)


@router.post("/dsr/{request_id}/forward", response=DsrOut)
def dsr_forward(request: HttpRequest, request_id: str, body: PrivacyForwardIn) -> dict[str, Any]:
    user = acting_user(request)
    found = selectors.access_request_for_dpo(request_id, user)
    dsr.dsr_forward(acting_user=user, request=found, agency=body.agency)
    return _dsr_out(found)


class PrivacyDecisionIn(Schema):
    decision: str = Field(max_length=10)
    ground: str = Field("", max_length=20)
    answer: str = Field("", max_length=5000)
    records: list[str] = Field(default_factory=list, max_length=200)
    corrections: dict[str, Any] | None = None


@router.post("/dsr/{request_id}/decision", response=DsrOut)
def dsr_decision(request: HttpRequest, request_id: str, body: PrivacyDecisionIn) -> dict[str, Any]:
    user = acting_user(request)
    found = selectors.access_request_for_dpo(request_id, user)
    dsr.dsr_decide(
        acting_user=user,
        request=found,
        decision=body.decision,
        ground=body.ground,
        answer=body.answer,
        records=body.records,
        corrections=body.corrections,
    )
    return _dsr_out(found)
