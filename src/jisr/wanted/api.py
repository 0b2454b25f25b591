"""The register's JSON API, mounted at the root of /api/v1."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal, cast

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Router, Schema, Status, UploadedFile
from ninja.pagination import paginate

from jisr.accounts.models import User
from jisr.core import bounds
from jisr.core.uploads import read_upload
from jisr.core.web import ApiPagination, ApiRows, acting_user, resolved_annotations
from jisr.wanted import selectors, services
from jisr.wanted.models import Alert, Hit, Screening
from jisr.wanted.reference import OffenceCategory
from jisr.wanted.subjects import batch_limits

router = Router(tags=["wanted"])


def _user(request: HttpRequest) -> User:
    return cast(User, acting_user(request))


class LegalBasisIn(Schema):
    reference: str = Field("", max_length=200)
    authority: str = Field("", max_length=200)
    date: str | None = Field(None, max_length=10)
    offence_category: str = Field("", max_length=40)
    offence_description: str = Field("", max_length=bounds.MAX_LONG_TEXT)
    max_penalty: str = Field("", max_length=200)


class DocumentIn(Schema):
    type: str = Field(max_length=32)
    number: str = Field(max_length=64)
    country: str = Field("", max_length=3)


class AlertIn(Schema):
    category: str
    names: list[str]
    birth_date: str | None = Field(None, max_length=10)
    nationality: list[str] = Field(default_factory=list, max_length=10)
    sex: str | None = Field(None, max_length=1)
    aliases: list[str] = Field(default_factory=list, max_length=bounds.MAX_NAMES)
    place_of_birth: str = Field("", max_length=200)
    documents: list[DocumentIn] = Field(default_factory=list, max_length=bounds.MAX_NAMES)
    physical_description: str = Field("", max_length=bounds.MAX_LONG_TEXT)
    handling_code: str = "H1"
    handling_restriction: str = Field(default="", max_length=500)
    owner_only: bool = False
    legal_basis: LegalBasisIn | None = None


class AlertOut(Schema):
    id: str
    owner: str
    is_copy: bool
    status: str
    category: str
    names: list[str]
    aliases: list[str]
    birth_date: str
    nationality: list[str]
    handling_code: str
    handling_restriction: str
    owner_only: bool
    version: int
    shared_with: list[str]
    expires_on: dt.date | None


class ReviewIn(Schema):
    decision: str = Field(max_length=16)
    reason: str = Field("", max_length=bounds.MAX_LONG_TEXT)
    share_with: list[str] = Field(default_factory=list)
    checklist: dict[str, bool] | None = None


class WithdrawIn(Schema):
    reason: str = Field("", max_length=bounds.MAX_LONG_TEXT)


class SubjectIn(Schema):
    names: list[str] | str
    birth_date: str | None = None
    nationality: list[str] | str = Field(default_factory=list)


class ScreeningIn(Schema):
    purpose: str = Field(max_length=500)
    subjects: list[SubjectIn]


class HitIn(Schema):
    alert_id: str = Field(max_length=64)
    circumstances: str = Field(max_length=bounds.MAX_LONG_TEXT)
    location: str = Field(max_length=bounds.MAX_SHORT_TEXT)
    seen_at: dt.datetime | None = None
    document_seen: str = Field("", max_length=bounds.MAX_SHORT_TEXT)
    screening_id: str | None = None
    subject: int | None = None


class HitOut(Schema):
    id: str
    alert_id: str
    direction: str
    owner: str
    reporter: str
    status: str
    deadline: dt.datetime
    location: str
    circumstances: str
    response_action: str
    response_note: str
    outcome: str


class RespondIn(Schema):
    action: str
    note: str = ""


class OutcomeIn(Schema):
    outcome: str
    note: str = ""


class CodeLabel(Schema):
    code: str
    label: str


def _alert_out(alert: Alert) -> dict[str, Any]:
    return {
        "id": str(alert.id),
        "owner": alert.owner.code,
        "is_copy": alert.is_copy,
        "status": alert.status,
        "category": alert.category,
        "names": alert.names,
        "aliases": alert.aliases,
        "birth_date": alert.birth_date,
        "nationality": alert.nationalities,
        "handling_code": alert.handling_code,
        "handling_restriction": alert.handling_restriction,
        "owner_only": alert.owner_only,
        "version": alert.version,
        "shared_with": alert.shared_with,
        "expires_on": alert.expires_on,
    }


def _hit_out(hit: Hit) -> dict[str, Any]:
    return {
        "id": str(hit.id),
        "alert_id": str(hit.alert_ref),
        "direction": hit.direction,
        "owner": hit.owner_code,
        "reporter": hit.reporter_code,
        "status": hit.status,
        "deadline": hit.deadline,
        "location": hit.location,
        "circumstances": hit.circumstances,
        "response_action": hit.response_action,
        "response_note": hit.response_note,
        "outcome": hit.outcome,
    }


def _screening_out(screening: Screening) -> dict[str, Any]:
    """Results only once the screening is done; while a batch runs, its progress."""
    done = screening.status == Screening.JobStatus.DONE
    return {
        "id": str(screening.id),
        "status": screening.status,
        "total": screening.total,
        "progress": screening.progress,
        "failure_reason": screening.failure_reason,
        "results": screening.results if done else [],
    }


@router.get("/reference/offence-categories", response=list[CodeLabel])
def offence_categories(request: HttpRequest) -> list[dict[str, str]]:
    """The controlled list of offence categories, labels in the request's language."""
    return [{"code": c.value, "label": str(c.label)} for c in OffenceCategory]


@router.post("/alerts", response={201: AlertOut})
def alert_create(request: HttpRequest, payload: AlertIn) -> Status[dict[str, Any]]:
    """Record a draft alert of the user's agency."""
    data = payload.dict()
    alert = services.alert_create(acting_user=_user(request), data=data)
    return Status(201, _alert_out(alert))


@router.get("/alerts", response=list[AlertOut])
@paginate(ApiPagination)
@resolved_annotations
def alert_list(
    request: HttpRequest,
    owner: Literal["own", "partner"] | None = None,
    status: str | None = None,
    q: str = "",
) -> ApiRows:
    """The agency's own alerts and the partners' shared copies."""
    qs = selectors.alerts_for_list(_user(request), owner=owner, status=status, q=q)
    return ApiRows(qs, _alert_out)


@router.get("/alerts/{alert_id}", response=AlertOut)
def alert_detail(request: HttpRequest, alert_id: str, purpose: str = "") -> dict[str, Any]:
    """One alert; the consultation is logged."""
    return _alert_out(selectors.access_alert_for_view(alert_id, _user(request), purpose=purpose))


@router.post("/alerts/{alert_id}/submit", response=AlertOut)
def alert_submit(request: HttpRequest, alert_id: str) -> dict[str, Any]:
    """Send a draft to compliance review (422 without a complete legal basis)."""
    alert = selectors.access_alert_for_edit(alert_id, _user(request))
    return _alert_out(services.alert_submit(acting_user=_user(request), alert=alert))


@router.post("/alerts/{alert_id}/review", response=AlertOut)
def alert_review(request: HttpRequest, alert_id: str, payload: ReviewIn) -> dict[str, Any]:
    """Four-eyes decision; 403 for the author or a user without the reviewer role."""
    alert = selectors.access_alert_for_review(alert_id, _user(request))
    alert = services.alert_review(
        acting_user=_user(request),
        alert=alert,
        decision=payload.decision,
        reason=payload.reason,
        share_with=payload.share_with,
        checklist=payload.checklist,
    )
    return _alert_out(alert)


@router.post("/alerts/{alert_id}/withdraw", response=AlertOut)
def alert_withdraw(
    request: HttpRequest, alert_id: str, payload: WithdrawIn | None = None
) -> dict[str, Any]:
    """Withdraw an alert with a reason (``{"reason": "..."}``, else 422); partner copies disappear."""
    alert = selectors.access_alert_for_withdraw(alert_id, _user(request))
    reason = payload.reason.strip() if payload else ""
    if not reason:
        raise ValidationError({"reason": [_("Give the reason for the withdrawal.")]})
    return _alert_out(
        services.alert_withdraw(acting_user=_user(request), alert=alert, reason=reason)
    )


@router.post("/screenings")
def screening_create(request: HttpRequest, payload: ScreeningIn) -> dict[str, Any]:
    """Screen persons against own active alerts and partner copies (purpose required)."""
    screening = services.screening_run(
        acting_user=_user(request),
        purpose=payload.purpose,
        subjects=[s.dict() for s in payload.subjects],
    )
    return _screening_out(screening)


@router.post("/screenings/batch", response={202: dict[str, Any]})
def screening_batch(
    request: HttpRequest, purpose: Form[str], file: File[UploadedFile]
) -> Status[dict[str, Any]]:
    """Queue a CSV, XLSX or JSONL list for the worker; 422 lists every bad line."""
    screening = services.screening_batch_create(
        acting_user=_user(request),
        purpose=purpose,
        filename=file.name or "",
        content=read_upload(file, batch_limits()),
    )
    return Status(202, _screening_out(screening))


@router.get("/screenings/{screening_id}")
def screening_detail(request: HttpRequest, screening_id: str) -> dict[str, Any]:
    """A screening's progress and results (batch jobs too), for the officer who ran it."""
    return _screening_out(selectors.access_screening_for_view(screening_id, _user(request)))


@router.post("/hits", response={201: HitOut})
def hit_create(request: HttpRequest, payload: HitIn) -> Status[dict[str, Any]]:
    """Confirm a hit: it goes to the alert's owner with the circumstances."""
    screening = None
    if payload.screening_id:
        screening = selectors.access_screening_for_view(payload.screening_id, _user(request))
    hit = services.hit_report(
        acting_user=_user(request),
        alert_id=payload.alert_id,
        circumstances=payload.circumstances,
        location=payload.location,
        seen_at=payload.seen_at,
        document_seen=payload.document_seen,
        screening=screening,
        subject=payload.subject,
    )
    return Status(201, _hit_out(hit))


@router.get("/hits", response=list[HitOut])
@paginate(ApiPagination)
@resolved_annotations
def hit_list(
    request: HttpRequest, direction: Literal["incoming", "outgoing"] = "incoming"
) -> ApiRows:
    """Hits on our alerts (incoming) or reported by us (outgoing)."""
    return ApiRows(selectors.hits_for_queue(_user(request), direction=direction), _hit_out)


@router.post("/hits/{hit_id}/respond", response=HitOut)
def hit_respond(request: HttpRequest, hit_id: str, payload: RespondIn) -> dict[str, Any]:
    """The owner's answer: arrest_surrender, discreet_check_report or no_action."""
    hit = selectors.access_hit(hit_id, _user(request))
    hit = services.hit_respond(
        acting_user=_user(request), hit=hit, action=payload.action, note=payload.note
    )
    return _hit_out(hit)


@router.post("/hits/{hit_id}/outcome", response=HitOut)
def hit_outcome(request: HttpRequest, hit_id: str, payload: OutcomeIn) -> dict[str, Any]:
    """Record the outcome: located, arrested, surrendered_extradited or not_the_person."""
    hit = selectors.access_hit(hit_id, _user(request))
    hit = services.hit_record_outcome(
        acting_user=_user(request), hit=hit, outcome=payload.outcome, note=payload.note
    )
    return _hit_out(hit)
