"""How training and assistance records travel between nodes.

Replicated types (owner-checked by the federation layer, same UUID on both nodes):

- ``training.course`` (owner: offering agency) to every partner while published;
- ``training.session`` (owner: offering agency) to the partner it is opened to;
- ``training.nomination`` (owner: nominating agency) to the offering agency, only once a
  supervisor approved it, with only name, rank, unit and language level;
- ``training.certificate`` (owner: issuing agency) to the participant's agency, so its code
  verifies on both nodes;
- ``training.assistance`` (owner: requesting agency) to the providing agency;
- ``training.assistance_step`` (owner: the agency that took the step) to the other agency.

Envelope: ``training.nomination_decision`` (offering agency -> nominating agency).

A partner's withdrawal never takes our rows with it: a session holding our nominations, an
assistance request holding our steps, or a nomination with our attendance, evaluation or
certificate is not withdrawn (refused as not-owner); nor does a nomination move to another
session once sent.
"""

from __future__ import annotations

from typing import Any

from jisr.accounts.models import Agency
from jisr.core import clock
from jisr.federation.wire import wire_date, wire_datetime

COURSE_TYPE = "training.course"
SESSION_TYPE = "training.session"
NOMINATION_TYPE = "training.nomination"
CERTIFICATE_TYPE = "training.certificate"
ASSISTANCE_TYPE = "training.assistance"
STEP_TYPE = "training.assistance_step"
DECISION_TYPE = "training.nomination_decision"


def _partner_codes() -> set[str]:
    from jisr.federation.selectors import partner_agencies

    return {agency.code for agency in partner_agencies()}


def _to(*codes: str | None) -> list[str]:
    return sorted({c for c in codes if c} & _partner_codes())


# -- bodies ----------------------------------------------------------------------------------


def course_body(course: Any) -> dict[str, Any]:
    return {
        "id": str(course.id),
        "owner": course.owner.code,
        **{f"title_{lang}": getattr(course, f"title_{lang}") for lang in ("ar", "fr", "en")},
        **{
            f"description_{lang}": getattr(course, f"description_{lang}")
            for lang in ("ar", "fr", "en")
        },
        "domain": course.domain,
        "format": course.format,
        "duration_days": course.duration_days,
        "languages": list(course.languages),
        "prerequisites": course.prerequisites,
        "seats_per_session": course.seats_per_session,
    }


def session_body(session: Any) -> dict[str, Any]:
    return {
        "id": str(session.id),
        "course": str(session.course_id),
        "owner": session.course.owner.code,
        "starts_on": session.starts_on.isoformat(),
        "ends_on": session.ends_on.isoformat(),
        "place": session.place,
        "link": session.link,
        "trainers": session.trainers,
        "seats": session.seats,
        "partner": session.partner.code if session.partner else None,
        "partner_seats": session.partner_seats,
        "nomination_deadline": (
            session.nomination_deadline.isoformat() if session.nomination_deadline else None
        ),
        "status": session.status,
    }


def nomination_body(nomination: Any) -> dict[str, Any]:
    """Only what the offering agency needs: never the motivation nor who nominated."""
    return {
        "id": str(nomination.id),
        "session": str(nomination.session_id),
        "agency": nomination.agency.code,
        "participant": {
            "name": nomination.participant_name,
            "rank": nomination.rank,
            "unit": nomination.unit,
            "language_level": nomination.language_level,
        },
    }


def certificate_body(cert: Any) -> dict[str, Any]:
    return {
        "id": str(cert.id),
        "owner": cert.owner.code,
        "participant_agency": cert.participant_agency.code,
        "nomination": str(cert.nomination_id) if cert.nomination_id else None,
        "code": cert.code,
        "participant_name": cert.participant_name,
        "participant_rank": cert.participant_rank,
        **{
            f"course_title_{lang}": getattr(cert, f"course_title_{lang}")
            for lang in ("ar", "fr", "en")
        },
        "starts_on": cert.starts_on.isoformat(),
        "ends_on": cert.ends_on.isoformat(),
        "duration_days": cert.duration_days,
        "result": cert.result,
        "issued_at": cert.issued_at.isoformat(),
        "revoked": cert.revoked,
        "revoked_at": cert.revoked_at.isoformat() if cert.revoked_at else None,
        "revoked_reason": cert.revoked_reason,
    }


def assistance_body(request: Any) -> dict[str, Any]:
    return {
        "id": str(request.id),
        "requester": request.requester.code,
        "provider": request.provider.code,
        "kind": request.kind,
        "title": request.title,
        "description": request.description,
        "need_by": request.need_by.isoformat(),
        "priority": request.priority,
        "success_criteria": request.success_criteria,
        "event": str(request.event_id) if request.event_id else None,
        "created_at": request.created_at.isoformat(),
    }


def step_body(step: Any) -> dict[str, Any]:
    return {
        "id": str(step.id),
        "request": str(step.request_id),
        "agency": step.agency.code,
        "kind": step.kind,
        "text": step.text,
        "offer_when": step.offer_when,
        "offer_by": step.offer_by,
        "cost": step.cost,
        "rating": step.rating,
        "offer": str(step.offer_ref) if step.offer_ref else None,
        "deployments": list(step.deployments or []),
        "at": step.at.isoformat(),
    }


# -- sending (inside the caller's transaction) -------------------------------------------


def _upsert(record_type: str, record: Any, body: dict[str, Any], recipients: list[str]) -> None:
    from jisr.federation.services import replicate_upsert

    if recipients:
        replicate_upsert(
            record_type=record_type,
            record_id=str(record.id),
            version=int(getattr(record, "version", 1)),
            body=body,
            recipients=recipients,
        )


def share_course(course: Any, *, withdrawn_too: bool = False) -> list[str]:
    from jisr.federation.services import replicate_withdraw

    recipients = _to(*_partner_codes())
    if course.published:
        _upsert(COURSE_TYPE, course, course_body(course), recipients)
    elif withdrawn_too and recipients:
        replicate_withdraw(
            record_type=COURSE_TYPE,
            record_id=str(course.id),
            version=course.version,
            recipients=recipients,
        )
    return recipients


def share_session(session: Any) -> list[str]:
    course = session.course
    if not course.published or session.partner is None:
        return []
    recipients = _to(session.partner.code)
    if recipients:
        _upsert(COURSE_TYPE, course, course_body(course), recipients)
    _upsert(SESSION_TYPE, session, session_body(session), recipients)
    return recipients


def send_nomination(nomination: Any) -> str | None:
    recipients = _to(nomination.session.course.owner.code)
    _upsert(NOMINATION_TYPE, nomination, nomination_body(nomination), recipients)
    return recipients[0] if recipients else None


def send_decision(nomination: Any) -> None:
    from jisr.federation.services import outbox_enqueue

    for code in _to(nomination.agency.code):
        outbox_enqueue(
            envelope_type=DECISION_TYPE,
            recipient=code,
            body={
                "nomination": str(nomination.id),
                "status": nomination.status,
                "reason": nomination.decision_reason,
                "decided_at": nomination.decided_at.isoformat() if nomination.decided_at else None,
            },
        )


def share_certificate(cert: Any) -> None:
    _upsert(CERTIFICATE_TYPE, cert, certificate_body(cert), _to(cert.participant_agency.code))


def share_assistance(request: Any) -> None:
    _upsert(ASSISTANCE_TYPE, request, assistance_body(request), _to(request.provider.code))


def share_step(step: Any) -> None:
    request = step.request
    other = request.provider if step.agency_id == request.requester_id else request.requester
    _upsert(STEP_TYPE, step, step_body(step), _to(other.code))


# -- receiving --------------------------------------------------------------------------------


def _agency(code: Any) -> Agency:
    from jisr.federation.registry import PermanentEnvelopeError

    agency = Agency.objects.filter(code=str(code)).first()
    if agency is None:
        raise PermanentEnvelopeError(f"unknown agency {code}")
    return agency


def _text(body: dict[str, Any], key: str, limit: int) -> str:
    value = body.get(key) or ""
    if not isinstance(value, str):
        raise TypeError(key)
    return value[:limit]


def _not_ours(sender: str, owner_code: Any, what: str) -> Agency:
    from jisr.federation.registry import PermanentEnvelopeError

    if owner_code != sender:
        raise PermanentEnvelopeError(f"a {what} can only be replicated by its owner")
    owner = _agency(sender)
    if owner.is_own:
        raise PermanentEnvelopeError(f"a partner cannot overwrite our own {what}")
    return owner


def on_course_upsert(sender: str, record_id: str, version: int, body: dict[str, Any]) -> None:
    from jisr.audit.services import audit_record
    from jisr.training.actions import TrainingAction
    from jisr.training.models import Course
    from jisr.training.reference import Domain, Format

    owner = _not_ours(sender, body.get("owner"), "course")
    if body.get("domain") not in Domain.values or body.get("format") not in Format.values:
        raise ValueError("unknown domain or format")
    now = clock.now()
    fields = {
        "owner": owner,
        **{f"title_{lang}": _text(body, f"title_{lang}", 200) for lang in ("ar", "fr", "en")},
        **{
            f"description_{lang}": _text(body, f"description_{lang}", 5000)
            for lang in ("ar", "fr", "en")
        },
        "domain": body["domain"],
        "format": body["format"],
        "duration_days": int(body["duration_days"]),
        "languages": [str(x)[:8] for x in body.get("languages") or []][:10],
        "prerequisites": _text(body, "prerequisites", 5000),
        "seats_per_session": int(body["seats_per_session"]),
        "published": True,
        "version": version,
        "updated_at": now,
    }
    course, _created = Course.objects.update_or_create(
        id=record_id, defaults=fields, create_defaults={**fields, "created_at": now}
    )
    audit_record(sender, TrainingAction.COURSE_RECEIVE, target=course, extra={"version": version})


def on_session_upsert(sender: str, record_id: str, version: int, body: dict[str, Any]) -> None:
    from jisr.audit.services import audit_record
    from jisr.federation.registry import RetryLater
    from jisr.training.actions import TrainingAction
    from jisr.training.models import Course, TrainingSession
    from jisr.training.reference import SessionStatus
    from jisr.training.services.deadlines import session_deadlines_set

    _not_ours(sender, body.get("owner"), "session")
    course = Course.objects.filter(id=str(body.get("course")), owner__code=sender).first()
    if course is None:
        raise RetryLater("course not known yet")
    if body.get("status") not in SessionStatus.values:
        raise ValueError("unknown status")
    deadline = body.get("nomination_deadline")
    fields = {
        "course": course,
        "starts_on": wire_date(body["starts_on"]),
        "ends_on": wire_date(body["ends_on"]),
        "place": _text(body, "place", 300),
        "link": _text(body, "link", 300),
        "trainers": _text(body, "trainers", 300),
        "seats": int(body["seats"]),
        "partner": _agency(body["partner"]) if body.get("partner") else None,
        "partner_seats": int(body.get("partner_seats") or 0),
        "nomination_deadline": wire_date(deadline) if deadline else None,
        "status": body["status"],
        "version": version,
    }
    if fields["ends_on"] < fields["starts_on"]:
        raise ValueError("session ends before it starts")
    session, _created = TrainingSession.objects.update_or_create(
        id=record_id, defaults=fields, create_defaults={**fields, "created_at": clock.now()}
    )
    session_deadlines_set(session)
    audit_record(sender, TrainingAction.SESSION_RECEIVE, target=session, extra={"version": version})


def on_nomination_upsert(sender: str, record_id: str, version: int, body: dict[str, Any]) -> None:
    """A partner's approved nomination reaches the offering node, waiting for our decision."""
    from django.urls import reverse

    from jisr.audit.services import audit_record
    from jisr.federation.registry import PermanentEnvelopeError, RetryLater
    from jisr.notices.services import notify
    from jisr.training.actions import TrainingAction
    from jisr.training.models import Nomination, TrainingSession
    from jisr.training.permissions import MANAGE_TRAINING
    from jisr.training.reference import LanguageLevel, NominationStatus, NoticeKind
    from jisr.training.services.common import users_holding

    agency = _not_ours(sender, body.get("agency"), "nomination")
    session = TrainingSession.objects.filter(id=str(body.get("session"))).first()
    if session is None:
        raise RetryLater("session not known yet")
    if not session.is_own or session.partner_id != agency.pk:
        raise PermanentEnvelopeError("this session is not opened to the sender")
    participant = body["participant"]
    level = participant.get("language_level") or ""
    if level not in LanguageLevel.values and level:
        raise ValueError("unknown language level")
    moved = Nomination.objects.filter(id=record_id).exclude(session=session).exists()
    if moved:  # our decision and seat count were for the session it was sent to
        raise PermanentEnvelopeError("a nomination cannot move to another session")
    fields = {
        "session": session,
        "agency": agency,
        "participant_name": str(participant["name"])[:200],
        "rank": str(participant["rank"])[:100],
        "unit": str(participant["unit"])[:200],
        "language_level": level,
        "version": version,
    }
    now = clock.now()
    nomination, created = Nomination.objects.update_or_create(
        id=record_id,
        defaults=fields,
        create_defaults={**fields, "status": NominationStatus.SUBMITTED, "created_at": now},
    )
    audit_record(sender, TrainingAction.NOMINATION_RECEIVE, target=nomination)
    if created:
        notify(
            users_holding(MANAGE_TRAINING),
            NoticeKind.NOMINATION_RECEIVED,
            nomination,
            url=reverse("training:session_detail", args=[session.id]),
        )


def handle_decision(envelope: Any) -> None:
    """The offering agency's decision on one of our nominations."""
    from django.urls import reverse

    from jisr.audit.services import audit_record
    from jisr.federation.registry import PermanentEnvelopeError
    from jisr.notices.services import notify
    from jisr.training.actions import TrainingAction
    from jisr.training.models import Nomination
    from jisr.training.permissions import NOMINATE
    from jisr.training.reference import NominationStatus, NoticeKind
    from jisr.training.services.common import users_holding

    body = envelope.body
    nomination = (
        Nomination.objects.select_related("session__course__owner", "agency")
        .filter(id=str(body.get("nomination")))
        .first()
    )
    if nomination is None or not nomination.agency.is_own:
        raise PermanentEnvelopeError("no such nomination of ours")
    if nomination.session.course.owner.code != envelope.sender:
        raise PermanentEnvelopeError("only the offering agency decides")
    status = body.get("status")
    if status not in (
        NominationStatus.ACCEPTED,
        NominationStatus.WAITLISTED,
        NominationStatus.DECLINED,
    ):
        raise ValueError("unknown decision")
    nomination.status = status
    nomination.decision_reason = str(body.get("reason") or "")[:300]
    nomination.decided_at = (
        wire_datetime(body["decided_at"]) if body.get("decided_at") else clock.now()
    )
    nomination.save(update_fields=["status", "decision_reason", "decided_at"])
    audit_record(
        envelope.sender,
        TrainingAction.NOMINATION_DECISION_RECEIVE,
        target=nomination,
        extra={"status": status},
    )
    users = users_holding(NOMINATE)
    notify(
        users,
        NoticeKind.NOMINATION_DECIDED,
        nomination,
        url=reverse("training:session_detail", args=[nomination.session_id]),
    )


def on_certificate_upsert(sender: str, record_id: str, version: int, body: dict[str, Any]) -> None:
    from jisr.audit.services import audit_record
    from jisr.federation.registry import PermanentEnvelopeError
    from jisr.training.actions import TrainingAction
    from jisr.training.models import Certificate, Nomination
    from jisr.training.reference import Result

    owner = _not_ours(sender, body.get("owner"), "certificate")
    participant_agency = _agency(body["participant_agency"])
    if not participant_agency.is_own:
        raise PermanentEnvelopeError("a certificate comes only for our own participants")
    if body.get("result") not in Result.values:
        raise ValueError("unknown result")
    code = _text(body, "code", 32)
    if not code or Certificate.objects.filter(code=code).exclude(id=record_id).exists():
        raise PermanentEnvelopeError("certificate code missing or taken")
    from jisr.core.access import parse_uuid

    nomination_id = parse_uuid(body.get("nomination"))
    nomination = (
        Nomination.objects.filter(
            id=nomination_id, agency=participant_agency, session__course__owner=owner
        ).first()
        if nomination_id
        else None
    )
    fields = {
        "owner": owner,
        "participant_agency": participant_agency,
        "nomination": nomination,
        "code": code,
        "participant_name": _text(body, "participant_name", 200),
        "participant_rank": _text(body, "participant_rank", 100),
        **{
            f"course_title_{lang}": _text(body, f"course_title_{lang}", 200)
            for lang in ("ar", "fr", "en")
        },
        "starts_on": wire_date(body["starts_on"]),
        "ends_on": wire_date(body["ends_on"]),
        "duration_days": int(body["duration_days"]),
        "result": body["result"],
        "issued_at": wire_datetime(body["issued_at"]),
        "revoked": bool(body.get("revoked")),
        "revoked_at": wire_datetime(body["revoked_at"]) if body.get("revoked_at") else None,
        "revoked_reason": _text(body, "revoked_reason", 300),
        "version": version,
    }
    cert, _created = Certificate.objects.update_or_create(id=record_id, defaults=fields)
    audit_record(sender, TrainingAction.CERTIFICATE_RECEIVE, target=cert)


def on_assistance_upsert(sender: str, record_id: str, version: int, body: dict[str, Any]) -> None:
    from jisr.audit.services import audit_record
    from jisr.federation.registry import PermanentEnvelopeError
    from jisr.training.actions import TrainingAction
    from jisr.training.models import AssistanceRequest
    from jisr.training.reference import AssistanceKind, Priority

    requester = _not_ours(sender, body.get("requester"), "assistance request")
    provider = _agency(body["provider"])
    if not provider.is_own:
        raise PermanentEnvelopeError("the request is not addressed to us")
    if body.get("kind") not in AssistanceKind.values or body.get("priority") not in Priority.values:
        raise ValueError("unknown kind or priority")
    fields = {
        "requester": requester,
        "provider": provider,
        "kind": body["kind"],
        "title": _text(body, "title", 200),
        "description": _text(body, "description", 5000),
        "need_by": wire_date(body["need_by"]),
        "priority": body["priority"],
        "success_criteria": _text(body, "success_criteria", 5000),
        "event_id": body.get("event") or None,
        "version": version,
        "updated_at": clock.now(),
    }
    request, _created = AssistanceRequest.objects.update_or_create(
        id=record_id,
        defaults=fields,
        create_defaults={**fields, "created_at": wire_datetime(body["created_at"])},
    )
    audit_record(sender, TrainingAction.ASSISTANCE_RECEIVE, target=request)


def on_step_upsert(sender: str, record_id: str, version: int, body: dict[str, Any]) -> None:
    from jisr.audit.services import audit_record
    from jisr.core.access import parse_uuid
    from jisr.federation.registry import PermanentEnvelopeError, RetryLater
    from jisr.training.actions import TrainingAction
    from jisr.training.models import AssistanceRequest, AssistanceStep
    from jisr.training.services.assistance import (
        StepTooEarly,
        deployments_clean,
        step_problem,
        step_received,
    )

    agency = _not_ours(sender, body.get("agency"), "assistance step")
    # Locked, so that a local step taken at the same moment is seen (see _take_step).
    request = (
        AssistanceRequest.objects.select_for_update().filter(id=str(body.get("request"))).first()
    )
    if request is None:
        raise RetryLater("request not known yet")
    if AssistanceStep.objects.filter(id=record_id).exists():
        return  # a step never changes once taken
    try:
        problem = step_problem(request, agency.pk, str(body.get("kind")))
    except StepTooEarly as exc:
        raise RetryLater("an earlier step has not arrived yet") from exc
    if problem:
        raise PermanentEnvelopeError(f"step refused: {body.get('kind')}")
    rating = body.get("rating")
    if rating is not None and not (isinstance(rating, int) and 1 <= rating <= 5):
        raise ValueError("rating")
    errors: dict[str, list[str]] = {}
    deployments = deployments_clean(errors, body.get("deployments"))
    if errors:
        raise ValueError("deployments")
    step = AssistanceStep.objects.create(
        id=record_id,
        request=request,
        agency=agency,
        kind=body["kind"],
        text=_text(body, "text", 5000),
        offer_when=_text(body, "offer_when", 200),
        offer_by=_text(body, "offer_by", 200),
        cost=_text(body, "cost", 200),
        rating=rating,
        offer_ref=parse_uuid(body.get("offer")),
        deployments=deployments,
        at=wire_datetime(body["at"]),
    )
    step_received(request, step)
    audit_record(
        sender,
        TrainingAction.ASSISTANCE_STEP_RECEIVE,
        target=request,
        extra={"step": step.kind, "status": request.status},
    )


def on_course_withdraw(sender: str, record_id: str) -> None:
    """The owner withdrew a course from our catalogue: hide it, but keep our nominations to it."""
    from jisr.training.models import Course

    Course.objects.filter(id=record_id, owner__code=sender).update(published=False)


def _withdraw(model_name: str, owner_field: str) -> Any:
    def withdraw(sender: str, record_id: str) -> None:
        from jisr.training import models

        model = getattr(models, model_name)
        model.objects.filter(id=record_id, **{f"{owner_field}__code": sender}).delete()

    return withdraw


# Deleting a partner's copy must not delete (by cascade) or unlink rows that are not the
# partner's: our nominations to its session, our steps in its assistance request, our
# attendance, evaluation and certificate for its nomination to our session. Such a
# withdrawal is refused as not-owner and nothing changes.


def on_session_withdraw(sender: str, record_id: str) -> None:
    from jisr.federation.registry import NotOwner
    from jisr.training.models import Nomination, TrainingSession

    rows = TrainingSession.objects.filter(id=record_id, course__owner__code=sender)
    if Nomination.objects.filter(session__in=rows).exclude(agency__code=sender).exists():
        raise NotOwner(f"{SESSION_TYPE} {record_id} holds nominations {sender} does not own")
    rows.delete()


def on_nomination_withdraw(sender: str, record_id: str) -> None:
    from jisr.federation.registry import NotOwner
    from jisr.training.models import Attendance, Certificate, Evaluation, Nomination

    rows = Nomination.objects.filter(id=record_id, agency__code=sender)
    if (
        Attendance.objects.filter(nomination__in=rows).exists()
        or Evaluation.objects.filter(nomination__in=rows).exists()
        or Certificate.objects.filter(nomination__in=rows).exclude(owner__code=sender).exists()
    ):
        raise NotOwner(f"{NOMINATION_TYPE} {record_id} holds records {sender} does not own")
    rows.delete()


def on_assistance_withdraw(sender: str, record_id: str) -> None:
    from jisr.federation.registry import NotOwner
    from jisr.training.models import AssistanceRequest, AssistanceStep

    rows = AssistanceRequest.objects.filter(id=record_id, requester__code=sender)
    if AssistanceStep.objects.filter(request__in=rows).exclude(agency__code=sender).exists():
        raise NotOwner(f"{ASSISTANCE_TYPE} {record_id} holds steps {sender} does not own")
    rows.delete()


# -- ownership, as the replication layer checks it ---------------------------------------


def _owner(model_name: str, owner_field: str) -> Any:
    def owner_of(record_id: str) -> str | None:
        from jisr.training import models

        model = getattr(models, model_name)
        value = (
            model.objects.filter(id=record_id)
            .values_list(f"{owner_field}__code", flat=True)
            .first()
        )
        return None if value is None else str(value)

    return owner_of


def _state(model_name: str, owner_field: str, body: Any) -> Any:
    def state(record_id: str) -> tuple[int, dict[str, Any]] | None:
        from jisr.training import models

        model = getattr(models, model_name)
        row = model.objects.filter(id=record_id, **{f"{owner_field}__is_own": True}).first()
        return None if row is None else (int(getattr(row, "version", 1)), body(row))

    return state


def _request_parties(request_id: str) -> set[str] | None:
    from jisr.training.models import AssistanceRequest

    row = (
        AssistanceRequest.objects.filter(id=request_id)
        .values_list("requester__code", "provider__code")
        .first()
    )
    return None if row is None else set(row)


def _session_audience(request_id: str) -> set[str] | None:
    """Who may nominate to a session: the agency it is opened to."""
    from jisr.training.models import TrainingSession

    row = TrainingSession.objects.filter(id=request_id).values_list("partner__code").first()
    return None if row is None else {c for c in row if c}


def _course_audience() -> list[tuple[str, int, list[str]]]:
    from jisr.training.models import Course

    codes = sorted(_partner_codes())
    return [
        (str(c.id), c.version, codes)
        for c in Course.objects.filter(owner__is_own=True, published=True)
    ]


def _session_catch_up() -> list[tuple[str, int, list[str]]]:
    from jisr.training.models import TrainingSession

    rows = TrainingSession.objects.filter(
        course__owner__is_own=True, course__published=True, partner__isnull=False
    ).select_related("partner")
    return [(str(s.id), s.version, _to(s.partner.code if s.partner else None)) for s in rows]


def _assistance_audience() -> list[tuple[str, int, list[str]]]:
    from jisr.training.models import AssistanceRequest

    rows = AssistanceRequest.objects.filter(requester__is_own=True).select_related("provider")
    return [(str(r.id), r.version, _to(r.provider.code)) for r in rows]


def _step_audience() -> list[tuple[str, int, list[str]]]:
    from jisr.training.models import AssistanceStep

    rows = AssistanceStep.objects.filter(agency__is_own=True).select_related(
        "request__requester", "request__provider"
    )
    out = []
    for s in rows:
        other = s.request.provider if s.agency_id == s.request.requester_id else s.request.requester
        out.append((str(s.id), 1, _to(other.code)))
    return out


def register() -> None:
    """Called from TrainingConfig.ready()."""
    from jisr.federation.registry import Reference, register_handler, register_replicated_type

    register_replicated_type(
        COURSE_TYPE,
        on_upsert=on_course_upsert,
        on_withdraw=on_course_withdraw,
        body_for=_state("Course", "owner", course_body),
        owner_of=_owner("Course", "owner"),
        audience=_course_audience,
    )
    register_replicated_type(
        SESSION_TYPE,
        on_upsert=on_session_upsert,
        on_withdraw=on_session_withdraw,
        body_for=_state("TrainingSession", "course__owner", session_body),
        owner_of=_owner("TrainingSession", "course__owner"),
        references=(
            Reference(
                "training.course",
                lambda body: [body.get("course")],
                lambda ident: (lambda o: None if o is None else {o})(
                    _owner("Course", "owner")(ident)
                ),
            ),
        ),
        audience=_session_catch_up,
    )
    register_replicated_type(
        NOMINATION_TYPE,
        on_upsert=on_nomination_upsert,
        on_withdraw=on_nomination_withdraw,
        body_for=_state("Nomination", "agency", nomination_body),
        owner_of=_owner("Nomination", "agency"),
        references=(
            Reference("training.session", lambda body: [body.get("session")], _session_audience),
        ),
    )
    register_replicated_type(
        CERTIFICATE_TYPE,
        on_upsert=on_certificate_upsert,
        on_withdraw=_withdraw("Certificate", "owner"),
        body_for=_state("Certificate", "owner", certificate_body),
        owner_of=_owner("Certificate", "owner"),
    )
    register_replicated_type(
        ASSISTANCE_TYPE,
        on_upsert=on_assistance_upsert,
        on_withdraw=on_assistance_withdraw,
        body_for=_state("AssistanceRequest", "requester", assistance_body),
        owner_of=_owner("AssistanceRequest", "requester"),
        audience=_assistance_audience,
    )
    register_replicated_type(
        STEP_TYPE,
        on_upsert=on_step_upsert,
        on_withdraw=lambda sender, record_id: None,  # a step in the time line is never removed
        body_for=_state("AssistanceStep", "agency", step_body),
        owner_of=_owner("AssistanceStep", "agency"),
        references=(
            Reference("training.assistance", lambda body: [body.get("request")], _request_parties),
        ),
        audience=_step_audience,
    )
    register_handler(DECISION_TYPE, handle_decision)
