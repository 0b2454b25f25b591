"""JSON API of the training and assistance module, mounted at the root of /api/v1."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.dateparse import parse_date
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from jisr.accounts.models import Agency
from jisr.core.access import parse_uuid
from jisr.core.web import ApiPagination, ApiRows, acting_user, resolved_annotations
from jisr.federation.selectors import partner_agencies
from jisr.training import selectors, services
from jisr.training.models import (
    AssistanceRequest,
    AssistanceStep,
    Certificate,
    Course,
    Nomination,
    TrainingSession,
)

router = Router(tags=["training"])

Scalar = int | str | None


# -- bodies ----------------------------------------------------------------------------------


class CourseIn(Schema):
    title: str = ""
    titles: dict[str, str] = {}
    description: str = ""
    descriptions: dict[str, str] = {}
    domain: str = ""
    format: str = ""
    duration_days: Scalar = None
    languages: list[str] = []
    prerequisites: str = ""
    seats_per_session: Scalar = None
    published: bool = True


class SessionIn(Schema):
    start: str | None = None
    end: str | None = None
    place: str = ""
    link: str = ""
    trainers: str = ""
    seats: Scalar = None
    partner_seats: Scalar = 0
    partner: str | None = None
    nomination_deadline: str | None = None


class ParticipantIn(Schema):
    name: str = ""
    rank: str = ""
    unit: str = ""
    language_level: str = ""


class NominationIn(Schema):
    participant: ParticipantIn
    motivation: str = ""


class TrainingApproveIn(Schema):
    approve: bool = True
    reason: str = ""


class TrainingDecisionIn(Schema):
    decision: str = ""
    reason: str = ""


class AttendanceRecordIn(Schema):
    nomination: str
    present: bool = True


class AttendanceIn(Schema):
    day: str | None = None
    records: list[AttendanceRecordIn] = []


class TrainingResultIn(Schema):
    result: str = ""


class EvaluationIn(Schema):
    content: Scalar = None
    trainers: Scalar = None
    organisation: Scalar = None
    comment: str = ""


class AssistanceIn(Schema):
    kind: str = ""
    title: str = ""
    description: str = ""
    provider: str = ""
    need_by: str | None = None
    priority: str = "normal"
    success_criteria: str = ""
    event: str | None = None


class OfferIn(Schema):
    what: str = ""
    when: str = ""
    by: str = ""
    cost: str = ""
    deployments: Any = None


class DeliverIn(Schema):
    milestone: str = ""
    deployments: Any = None


class RevokeIn(Schema):
    reason: str = ""


class TrainingCloseIn(Schema):
    rating: Scalar = None
    comment: str = ""


# -- answers --------------------------------------------------------------------------------


class IdStatusOut(Schema):
    id: str
    status: str


class IdOut(Schema):
    id: str


class SessionOut(Schema):
    id: str
    course: str
    owner: str
    start: str
    end: str
    place: str
    link: str
    trainers: str
    seats: int
    partner: str | None
    partner_seats: int
    accepted: int
    nomination_deadline: str | None
    status: str


class CourseOut(Schema):
    id: str
    owner: str
    title: str
    titles: dict[str, str]
    description: str
    domain: str
    format: str
    duration_days: int
    languages: list[str]
    prerequisites: str
    seats_per_session: int
    published: bool


class CourseDetailOut(CourseOut):
    sessions: list[SessionOut]


class NominationOut(Schema):
    id: str
    session: str
    agency: str
    participant: dict[str, str]
    status: str
    reason: str
    result: str
    certificate: str | None


class AttendanceOut(Schema):
    session: str
    day: str
    recorded: int


class CertificateOut(Schema):
    code: str
    valid: bool
    issuer: str
    participant_agency: str
    participant: str
    course: str
    start: str
    end: str
    result: str
    issued_at: str
    revoked: bool
    revoked_at: str | None
    revoked_reason: str


class StepOut(Schema):
    id: str
    agency: str
    kind: str
    text: str
    when: str
    by: str
    cost: str
    rating: int | None
    deployments: list[dict[str, str]]
    at: str


class AssistanceOut(Schema):
    id: str
    requester: str
    provider: str
    kind: str
    title: str
    description: str
    need_by: str
    priority: str
    success_criteria: str
    event: str | None
    status: str
    rating: int | None


class AssistanceDetailOut(AssistanceOut):
    steps: list[StepOut]


def _session_out(s: TrainingSession) -> dict[str, Any]:
    return {
        "id": str(s.id),
        "course": str(s.course_id),
        "owner": s.course.owner.code,
        "start": s.starts_on.isoformat(),
        "end": s.ends_on.isoformat(),
        "place": s.place,
        "link": s.link,
        "trainers": s.trainers,
        "seats": s.seats,
        "partner": s.partner.code if s.partner else None,
        "partner_seats": s.partner_seats,
        "accepted": s.nominations.filter(status="accepted").count(),
        "nomination_deadline": s.nomination_deadline.isoformat() if s.nomination_deadline else None,
        "status": s.status,
    }


def _course_out(c: Course) -> dict[str, Any]:
    return {
        "id": str(c.id),
        "owner": c.owner.code,
        "title": c.title,
        "titles": {lang: getattr(c, f"title_{lang}") for lang in ("ar", "fr", "en")},
        "description": c.description,
        "domain": c.domain,
        "format": c.format,
        "duration_days": c.duration_days,
        "languages": list(c.languages),
        "prerequisites": c.prerequisites,
        "seats_per_session": c.seats_per_session,
        "published": c.published,
    }


def _nomination_out(n: Nomination) -> dict[str, Any]:
    cert = Certificate.objects.filter(nomination=n).values_list("code", flat=True).first()
    return {
        "id": str(n.id),
        "session": str(n.session_id),
        "agency": n.agency.code,
        "participant": {
            "name": n.participant_name,
            "rank": n.rank,
            "unit": n.unit,
            "language_level": n.language_level,
        },
        "status": n.status,
        "reason": n.decision_reason,
        "result": n.result,
        "certificate": cert,
    }


def _certificate_out(c: Certificate) -> dict[str, Any]:
    return {
        "code": c.code,
        "valid": not c.revoked,
        "issuer": c.owner.code,
        "participant_agency": c.participant_agency.code,
        "participant": c.participant_name,
        "course": c.course_title,
        "start": c.starts_on.isoformat(),
        "end": c.ends_on.isoformat(),
        "result": c.result,
        "issued_at": c.issued_at.isoformat(),
        "revoked": c.revoked,
        "revoked_at": c.revoked_at.isoformat() if c.revoked_at else None,
        "revoked_reason": c.revoked_reason,
    }


def _step_out(s: AssistanceStep) -> dict[str, Any]:
    return {
        "id": str(s.id),
        "agency": s.agency.code,
        "kind": s.kind,
        "text": s.text,
        "when": s.offer_when,
        "by": s.offer_by,
        "cost": s.cost,
        "rating": s.rating,
        "deployments": list(s.deployments or []),
        "at": s.at.isoformat(),
    }


def _assistance_out(r: AssistanceRequest) -> dict[str, Any]:
    return {
        "id": str(r.id),
        "requester": r.requester.code,
        "provider": r.provider.code,
        "kind": r.kind,
        "title": r.title,
        "description": r.description,
        "need_by": r.need_by.isoformat(),
        "priority": r.priority,
        "success_criteria": r.success_criteria,
        "event": str(r.event_id) if r.event_id else None,
        "status": r.status,
        "rating": r.rating,
    }


# -- parsing helpers (translated 422s) ---------------------------------------------------


def parse_day(value: str | None, field: str, errors: dict[str, list[str]]) -> dt.date | None:
    if not value:
        errors[field] = [_("Give a date.")]
        return None
    try:
        parsed = parse_date(value)
    except ValueError:
        parsed = None
    if parsed is None:
        errors[field] = [_("Give a date as YYYY-MM-DD.")]
    return parsed


def _raise(errors: dict[str, list[str]]) -> None:
    if errors:
        raise ValidationError(errors)


def _partner(code: str | None, field: str, errors: dict[str, list[str]]) -> Agency | None:
    if not code:
        return None
    agency = Agency.objects.filter(code=code).first()
    if agency is None:
        errors[field] = [_("Unknown agency %(code)s.") % {"code": code}]
    return agency


# -- courses and sessions -------------------------------------------------------------------


@router.get("/training/courses", response=list[CourseOut])
@paginate(ApiPagination)
@resolved_annotations
def list_courses(request: HttpRequest, domain: str = "", owner: str = "") -> ApiRows:
    """The catalogue: our courses and the partners' published ones."""
    rows = selectors.courses_visible_to(acting_user(request))
    if domain:
        rows = rows.filter(domain=domain)
    if owner:
        rows = rows.filter(owner__code=owner)
    return ApiRows(rows.order_by("created_at", "pk"), _course_out)


@router.post("/training/courses", response={201: CourseOut})
def create_course(request: HttpRequest, payload: CourseIn) -> Status[dict[str, Any]]:
    lang = (get_language() or "en")[:2]
    titles = dict(payload.titles)
    descriptions = dict(payload.descriptions)
    if payload.title:
        titles.setdefault(lang, payload.title)
    if payload.description:
        descriptions.setdefault(lang, payload.description)
    course = services.course_create(
        acting_user=acting_user(request),
        titles=titles,
        descriptions=descriptions,
        domain=payload.domain,
        format=payload.format,
        duration_days=payload.duration_days,
        languages=payload.languages,
        prerequisites=payload.prerequisites,
        seats_per_session=payload.seats_per_session,
        published=payload.published,
    )
    return Status(201, _course_out(course))


@router.get("/training/courses/{course_id}", response=CourseDetailOut)
def get_course(request: HttpRequest, course_id: str) -> dict[str, Any]:
    user = acting_user(request)
    course = selectors.access_course_for_view(course_id, user)
    sessions = selectors.sessions_visible_to(user).filter(course=course)
    return {**_course_out(course), "sessions": [_session_out(s) for s in sessions]}


@router.post("/training/courses/{course_id}/sessions", response={201: IdOut})
def create_session(
    request: HttpRequest, course_id: str, payload: SessionIn
) -> Status[dict[str, Any]]:
    user = acting_user(request)
    course = selectors.access_course_for_view(course_id, user)
    errors: dict[str, list[str]] = {}
    start = parse_day(payload.start, "start", errors)
    end = parse_day(payload.end, "end", errors)
    deadline = None
    if payload.nomination_deadline:
        deadline = parse_day(payload.nomination_deadline, "nomination_deadline", errors)
    partner = _partner(payload.partner, "partner", errors)
    if partner is None and not payload.partner and payload.partner_seats:
        partners = partner_agencies()
        partner = partners[0] if len(partners) == 1 else None
    _raise(errors)
    session = services.session_create(
        acting_user=user,
        course=course,
        starts_on=start,
        ends_on=end,
        place=payload.place,
        link=payload.link,
        trainers=payload.trainers,
        seats=payload.seats,
        partner=partner,
        partner_seats=payload.partner_seats,
        nomination_deadline=deadline,
    )
    return Status(201, {"id": str(session.id)})


@router.get("/training/sessions", response=list[SessionOut])
@paginate(ApiPagination)
@resolved_annotations
def list_sessions(request: HttpRequest, owner: str = "", status: str = "") -> ApiRows:
    rows = selectors.sessions_visible_to(acting_user(request))
    if owner == "own":
        rows = rows.filter(course__owner__is_own=True)
    elif owner == "partner":
        rows = rows.filter(course__owner__is_own=False)
    if status:
        rows = rows.filter(status=status)
    return ApiRows(rows.order_by("starts_on", "pk"), _session_out)


@router.get("/training/sessions/{session_id}", response=SessionOut)
def get_session(request: HttpRequest, session_id: str) -> dict[str, Any]:
    return _session_out(selectors.access_session_for_view(session_id, acting_user(request)))


class SessionStatusIn(Schema):
    status: str = ""


@router.post("/training/sessions/{session_id}/status", response=SessionOut)
def set_session_status(
    request: HttpRequest, session_id: str, payload: SessionStatusIn
) -> dict[str, Any]:
    """open, closed (no more nominations), delivered or cancelled; replicated to the partner."""
    user = acting_user(request)
    session = selectors.access_session_for_view(session_id, user)
    services.session_set_status(acting_user=user, session=session, status=payload.status)
    return _session_out(session)


@router.get("/training/sessions/{session_id}/nominations", response=list[NominationOut])
@paginate(ApiPagination)
@resolved_annotations
def list_nominations(request: HttpRequest, session_id: str) -> ApiRows:
    user = acting_user(request)
    session = selectors.access_session_for_view(session_id, user)
    return ApiRows(selectors.nominations_for_session(session, user), _nomination_out)


@router.post("/training/sessions/{session_id}/nominations", response={201: IdStatusOut})
def nominate(
    request: HttpRequest, session_id: str, payload: NominationIn
) -> Status[dict[str, Any]]:
    user = acting_user(request)
    session = selectors.access_session_for_view(session_id, user)
    nomination = services.nomination_create(
        acting_user=user,
        session=session,
        participant_name=payload.participant.name,
        rank=payload.participant.rank,
        unit=payload.participant.unit,
        language_level=payload.participant.language_level,
        motivation=payload.motivation,
    )
    return Status(201, {"id": str(nomination.id), "status": nomination.status})


def _nomination_step(
    request: HttpRequest, nomination_id: str, step: Any, payload: Schema
) -> dict[str, Any]:
    """A decision on a nomination, the payload's fields handed to ``step`` by name."""
    user = acting_user(request)
    nomination = step(
        acting_user=user,
        nomination=selectors.access_nomination(nomination_id, user),
        **payload.dict(),
    )
    return {"id": str(nomination.id), "status": nomination.status}


@router.post("/training/nominations/{nomination_id}/approve", response=IdStatusOut)
def approve_nomination(
    request: HttpRequest, nomination_id: str, payload: TrainingApproveIn
) -> dict[str, Any]:
    """The internal four-eyes step: a supervisor other than the nominator approves or refuses."""
    return _nomination_step(request, nomination_id, services.nomination_approve, payload)


@router.post("/training/nominations/{nomination_id}/decision", response=IdStatusOut)
def decide_nomination(
    request: HttpRequest, nomination_id: str, payload: TrainingDecisionIn
) -> dict[str, Any]:
    return _nomination_step(request, nomination_id, services.nomination_decide, payload)


@router.get("/training/nominations/{nomination_id}", response=NominationOut)
def get_nomination(request: HttpRequest, nomination_id: str) -> dict[str, Any]:
    return _nomination_out(selectors.access_nomination(nomination_id, acting_user(request)))


@router.post("/training/sessions/{session_id}/attendance", response=AttendanceOut)
def record_attendance(
    request: HttpRequest, session_id: str, payload: AttendanceIn
) -> dict[str, Any]:
    """``{"day": "YYYY-MM-DD", "records": [{"nomination": id, "present": true}]}``."""
    user = acting_user(request)
    session = selectors.access_session_for_view(session_id, user)
    errors: dict[str, list[str]] = {}
    day = parse_day(payload.day, "day", errors)
    present: dict[str, bool] = {}
    for record in payload.records:
        if parse_uuid(record.nomination) is None:
            errors["records"] = [_("This participant is not accepted in the session.")]
        present[record.nomination] = record.present
    _raise(errors)
    count = services.attendance_record(acting_user=user, session=session, day=day, present=present)
    assert day is not None
    return {"session": str(session.id), "day": day.isoformat(), "recorded": count}


@router.post("/training/nominations/{nomination_id}/result", response=NominationOut)
def record_result(
    request: HttpRequest, nomination_id: str, payload: TrainingResultIn
) -> dict[str, Any]:
    user = acting_user(request)
    nomination = services.result_record(
        acting_user=user,
        nomination=selectors.access_nomination(nomination_id, user),
        result=payload.result,
    )
    return _nomination_out(nomination)


@router.post("/training/nominations/{nomination_id}/evaluation", response={201: IdOut})
def record_evaluation(
    request: HttpRequest, nomination_id: str, payload: EvaluationIn
) -> Status[dict[str, Any]]:
    user = acting_user(request)
    nomination = selectors.access_nomination(nomination_id, user)
    services.evaluation_record(
        acting_user=user,
        nomination=nomination,
        content=payload.content,
        trainers=payload.trainers,
        organisation=payload.organisation,
        comment=payload.comment,
    )
    return Status(201, {"id": str(nomination.id)})


@router.post("/training/nominations/{nomination_id}/certificate", response={201: CertificateOut})
def issue_certificate(request: HttpRequest, nomination_id: str) -> Status[dict[str, Any]]:
    user = acting_user(request)
    certificate = services.certificate_issue(
        acting_user=user, nomination=selectors.access_nomination(nomination_id, user)
    )
    return Status(201, _certificate_out(certificate))


@router.get("/training/certificates/{code}", response=CertificateOut)
def verify_certificate(request: HttpRequest, code: str) -> dict[str, Any]:
    """Verification: a certificate issued here, or by a partner for one of our officers."""
    from jisr.core.access import require_perm
    from jisr.training.permissions import VIEW_TRAINING

    user = acting_user(request)
    require_perm(user, VIEW_TRAINING)
    certificate = selectors.certificate_by_code(code)
    services.certificate_checked(acting_user=user, code=code, found=certificate is not None)
    if certificate is None:
        raise ValidationError({"code": [_("No certificate has this verification code.")]})
    return _certificate_out(certificate)


@router.post("/training/certificates/{code}/revoke", response=CertificateOut)
def revoke_certificate(request: HttpRequest, code: str, payload: RevokeIn) -> dict[str, Any]:
    """The issuing agency's supervisor revokes a certificate with a reason (replicated)."""
    user = acting_user(request)
    certificate = selectors.certificate_by_code(code)
    if certificate is None:
        raise ValidationError({"code": [_("No certificate has this verification code.")]})
    certificate = services.certificate_revoke(
        acting_user=user, certificate=certificate, reason=payload.reason
    )
    return _certificate_out(certificate)


@router.get("/training/certificates/{code}/pdf")
def certificate_pdf_download(request: HttpRequest, code: str, lang: str = "en") -> HttpResponse:
    """The certificate as PDF (``lang`` ar, fr or en), for the two agencies it concerns."""
    from jisr.core.access import require_perm
    from jisr.core.exports import content_disposition
    from jisr.training.certificate import PDF_LANGUAGES, certificate_pdf
    from jisr.training.permissions import VIEW_TRAINING

    user = acting_user(request)
    require_perm(user, VIEW_TRAINING)
    certificate = selectors.certificate_by_code(code)
    if certificate is None or user.agency_id not in (
        certificate.owner_id,
        certificate.participant_agency_id,
    ):
        raise ValidationError({"code": [_("No certificate has this verification code.")]})
    if lang not in PDF_LANGUAGES:
        raise ValidationError({"lang": [_("Choose a language: ar, fr or en.")]})
    services.certificate_downloaded(acting_user=user, certificate=certificate, lang=lang)
    response = HttpResponse(
        certificate_pdf(certificate, lang, base_url=request.build_absolute_uri("/").rstrip("/")),
        content_type="application/pdf",
    )
    response["Content-Disposition"] = content_disposition(
        f"certificate-{certificate.code}-{lang}.pdf"
    )
    return response


# -- technical assistance ------------------------------------------------------------------


@router.get("/assistance", response=list[AssistanceOut])
@paginate(ApiPagination)
@resolved_annotations
def list_assistance(request: HttpRequest, status: str = "", direction: str = "") -> ApiRows:
    user = acting_user(request)
    rows = selectors.assistance_visible_to(user)
    if status:
        rows = rows.filter(status=status)
    if direction == "outgoing":
        rows = rows.filter(requester_id=user.agency_id)
    elif direction == "incoming":
        rows = rows.filter(provider_id=user.agency_id)
    return ApiRows(rows.order_by("-created_at", "pk"), _assistance_out)


@router.post("/assistance", response={201: IdStatusOut})
def create_assistance(request: HttpRequest, payload: AssistanceIn) -> Status[dict[str, Any]]:
    errors: dict[str, list[str]] = {}
    need_by = parse_day(payload.need_by, "need_by", errors)
    provider = _partner(payload.provider, "provider", errors)
    event_id = None
    if payload.event:
        event_id = parse_uuid(payload.event)
        if event_id is None:
            errors["event"] = [_("Unknown major event.")]
    _raise(errors)
    assistance = services.assistance_request(
        acting_user=acting_user(request),
        kind=payload.kind,
        title=payload.title,
        description=payload.description,
        provider=provider,
        need_by=need_by,
        priority=payload.priority,
        success_criteria=payload.success_criteria,
        event_id=event_id,
    )
    return Status(201, {"id": str(assistance.id), "status": assistance.status})


@router.get("/assistance/{request_id}", response=AssistanceDetailOut)
def get_assistance(request: HttpRequest, request_id: str) -> dict[str, Any]:
    row = selectors.access_assistance(request_id, acting_user(request))
    return {
        **_assistance_out(row),
        "steps": [_step_out(s) for s in row.steps.select_related("agency")],
    }


def _assistance_step(
    request: HttpRequest, request_id: str, step: Any, **fields: Any
) -> dict[str, Any]:
    """One step on an assistance request; the answer is its status after the step."""
    user = acting_user(request)
    row = selectors.access_assistance(request_id, user)
    step(acting_user=user, request=row, **fields)
    row.refresh_from_db()
    return {"id": str(row.id), "status": row.status}


@router.post("/assistance/{request_id}/offer", response=IdStatusOut)
def offer_assistance(request: HttpRequest, request_id: str, payload: OfferIn) -> dict[str, Any]:
    return _assistance_step(
        request,
        request_id,
        services.assistance_offer,
        what=payload.what,
        when=payload.when,
        by_whom=payload.by,
        cost=payload.cost,
        deployments=payload.deployments,
    )


@router.post("/assistance/{request_id}/agree", response=IdStatusOut)
def agree_assistance(request: HttpRequest, request_id: str) -> dict[str, Any]:
    return _assistance_step(request, request_id, services.assistance_agree)


@router.post("/assistance/{request_id}/deliver", response=IdStatusOut)
def deliver_assistance(request: HttpRequest, request_id: str, payload: DeliverIn) -> dict[str, Any]:
    return _assistance_step(
        request,
        request_id,
        services.assistance_deliver,
        milestone=payload.milestone,
        deployments=payload.deployments,
    )


@router.post("/assistance/{request_id}/close", response=IdStatusOut)
def close_assistance(
    request: HttpRequest, request_id: str, payload: TrainingCloseIn
) -> dict[str, Any]:
    return _assistance_step(
        request,
        request_id,
        services.assistance_close,
        rating=payload.rating,
        comment=payload.comment,
    )
