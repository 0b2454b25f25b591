"""Data-subject requests (Directive 2016/680 Arts. 14-18): record, extend, forward, decide.

A request received from a person is ours (``origin`` = our agency). The DPO may forward
it to a partner for the partner's part: a ``dsr.forwarded`` envelope carries only the
identity data needed to search (names, date of birth, documents) and the deadline. The
partner's DPO decides on its own records and answers with ``dsr.answered`` (decision and
ground only). A partner may only answer a request we forwarded to it, and may only
forward requests it received itself.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from jisr.audit.services import audit_record
from jisr.core import bounds, clock
from jisr.core.node_settings import node_setting
from jisr.privacy.actions import PrivacyAction
from jisr.privacy.models import DataSubjectRequest, DsrForward
from jisr.privacy.reference import (
    GROUND_REQUIRED,
    DsrDecision,
    DsrGround,
    DsrKind,
    DsrStatus,
    NoticeKind,
)
from jisr.privacy.selectors import require_dpo, users_with_perm
from jisr.privacy.services.person import birth_date_problem

FORWARDED_ENVELOPE = "dsr.forwarded"
ANSWERED_ENVELOPE = "dsr.answered"
MAX_NOTES = 5000
MAX_ANSWER = 5000
MAX_EXTENSION_DAYS = 60
LANGUAGES = ("ar", "fr", "en")


def _names(value: Any) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        return []
    return [str(v).strip()[: bounds.MAX_NAME] for v in value if str(v).strip()][: bounds.MAX_NAMES]


def _due(received: dt.date) -> dt.datetime:
    days = int(node_setting("dsr_deadline_days"))
    end = dt.datetime.combine(received, dt.time(23, 59), tzinfo=dt.UTC)
    return end + dt.timedelta(days=days)


def _own_code() -> str:
    from jisr.accounts.selectors import own_agency

    own = own_agency()
    return own.code if own else ""


def dsr_create(
    *,
    acting_user: Any,
    kind: str,
    names: Any,
    birth_date: str = "",
    documents: Any = None,
    received: dt.date | None,
    notes: str = "",
    identity_checked_by: str = "",
    identity_note: str = "",
    language: str = "fr",
) -> DataSubjectRequest:
    """Record a person's request; its deadline runs from the day it was received."""
    require_dpo(acting_user)
    errors: dict[str, str] = {}
    if kind not in DsrKind.values:
        errors["kind"] = _("Choose access, rectification, erasure or restriction.")
    clean_names = _names(names)
    birth_date = (birth_date or "").strip()
    if not clean_names:
        errors["names"] = _("Give the person's names: a request needs identity data.")
    problem = birth_date_problem(birth_date) if birth_date else ""
    if problem:
        errors["birth_date"] = problem
    if received is None:
        errors["received"] = _("Give the day the request was received.")
    elif received > bounds.today() or received.year < 2000:
        errors["received"] = _("The day received cannot be in the future.")
    for field_name, value, limit in (
        ("notes", notes, MAX_NOTES),
        ("identity_checked_by", identity_checked_by, 200),
        ("identity_note", identity_note, 1000),
    ):
        if len(value or "") > limit:
            errors[field_name] = bounds.text_problem(value, limit)
    if language not in LANGUAGES:
        errors["language"] = _("Choose Arabic, French or English.")
    docs = [str(d).strip()[:64] for d in (documents or []) if str(d).strip()][:10]
    if errors:
        raise ValidationError(errors)
    assert received is not None
    with transaction.atomic():
        request = DataSubjectRequest(
            kind=kind,
            origin=_own_code(),
            subject_names=clean_names,
            subject_birth_date=birth_date,
            subject_documents=docs,
            identity_checked_by=identity_checked_by or acting_user.get_username(),
            identity_note=identity_note,
            received=received,
            notes=notes,
            language=language,
            created_by=acting_user,
        )
        start = dt.datetime.combine(received, dt.time.min, tzinfo=dt.UTC)
        request.set_deadline(start, _due(received))
        request.save()
        audit_record(acting_user, PrivacyAction.DSR_CREATE, target=request, extra={"kind": kind})
    return request


def dsr_extend(*, acting_user: Any, request: DataSubjectRequest, days: int, reason: str) -> None:
    """Move the deadline ``days`` later, with the reason (told to the person by law)."""
    require_dpo(acting_user)
    reason = (reason or "").strip()
    errors = {}
    if not reason:
        errors["reason"] = _("Give the reason for the extension.")
    elif len(reason) > 500:
        errors["reason"] = bounds.text_problem(reason, 500)
    if not isinstance(days, int) or not 1 <= days <= MAX_EXTENSION_DAYS:
        errors["days"] = _("Choose between 1 and %(n)s days.") % {"n": MAX_EXTENSION_DAYS}
    if request.status == DsrStatus.DECIDED:
        errors["days"] = _("This request is already decided.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        old = request.due_at
        request.set_deadline(clock.now(), (old or clock.now()) + dt.timedelta(days=days))
        request.reminded_at = request.overdue_notified_at = None
        request.extension_reason = reason
        request.save()
        audit_record(
            acting_user,
            PrivacyAction.DSR_EXTEND,
            target=request,
            justification=reason,
            extra={"changes": {"due_at": [old, request.due_at]}},
        )


def dsr_forward(*, acting_user: Any, request: DataSubjectRequest, agency: str) -> DsrForward:
    """Send the identity data needed to a partner, for its part of the answer."""
    from jisr.federation.models import Partner
    from jisr.federation.services import outbox_enqueue

    require_dpo(acting_user)
    if request.origin != _own_code():
        raise ValidationError({"agency": _("Only the agency that received a request forwards it.")})
    if not Partner.objects.filter(agency__code=agency).exists():
        raise ValidationError({"agency": _("This agency is not a partner of this node.")})
    if request.forwards.filter(agency=agency).exists():
        raise ValidationError({"agency": _("The request was already forwarded to this agency.")})
    if request.status == DsrStatus.DECIDED:
        raise ValidationError({"agency": _("This request is already decided.")})
    with transaction.atomic():
        forward = DsrForward.objects.create(request=request, agency=agency, sent_at=clock.now())
        outbox_enqueue(
            envelope_type=FORWARDED_ENVELOPE,
            recipient=agency,
            body={
                "id": str(request.id),
                "kind": request.kind,
                "subject": {
                    "names": request.subject_names,
                    "birth_date": request.subject_birth_date,
                    "documents": request.subject_documents,
                },
                "received": request.received.isoformat(),
                "due": request.due_at.isoformat() if request.due_at else None,
                "language": request.language,
            },
        )
        request.status = DsrStatus.FORWARDED
        request.save(update_fields=["status"])
        audit_record(acting_user, PrivacyAction.DSR_FORWARD, target=request, recipient=agency)
    return forward


def dsr_decide(
    *,
    acting_user: Any,
    request: DataSubjectRequest,
    decision: str,
    ground: str = "",
    answer: str = "",
    records: Any = None,
    corrections: dict[str, Any] | None = None,
) -> DataSubjectRequest:
    """Decide; a refusal or a partial answer needs its ground (the person learns only that the
    check was done). A forwarded-in request's decision goes back to the agency that sent it.

    Rectify, erase and restrict act on ``records`` (``"kind:id"`` picked from the request's
    person search; see :mod:`jisr.privacy.services.dsr_records`): all or nothing."""
    from jisr.federation.services import outbox_enqueue
    from jisr.privacy.services.dsr_records import records_apply

    require_dpo(acting_user)
    errors = {}
    if decision not in DsrDecision.values:
        errors["decision"] = _("Choose a decision.")
    if decision in GROUND_REQUIRED and ground not in DsrGround.values:
        errors["ground"] = _("A refusal or a partial answer needs its ground.")
    if ground and ground not in DsrGround.values:
        errors["ground"] = _("Choose a ground from the list.")
    if len(answer or "") > MAX_ANSWER:
        errors["answer"] = bounds.text_problem(answer, MAX_ANSWER)
    if request.status == DsrStatus.DECIDED:
        errors["decision"] = _("This request is already decided.")
    if errors:
        raise ValidationError(errors)
    if decision in GROUND_REQUIRED and not answer:
        answer = _("The check was done.")
    with transaction.atomic():
        records_apply(
            acting_user=acting_user,
            request=request,
            decision=decision,
            records=records,
            note=answer,
            corrections=corrections,
        )
        request.decision = decision
        request.ground = ground if decision in GROUND_REQUIRED else ""
        request.answer = answer
        request.status = DsrStatus.DECIDED
        request.decided_at = clock.now()
        request.save(update_fields=["decision", "ground", "answer", "status", "decided_at"])
        audit_record(
            acting_user,
            PrivacyAction.DSR_DECISION,
            target=request,
            extra={"decision": decision, "ground": request.ground},
        )
        if request.origin != _own_code():
            outbox_enqueue(
                envelope_type=ANSWERED_ENVELOPE,
                recipient=request.origin,
                body={
                    "id": str(request.id),
                    "decision": decision,
                    "ground": request.ground,
                    "answer": answer,
                },
            )
    return request


# -- receiving -----------------------------------------------------------------------------


def dsr_receive_forwarded(*, sender: str, body: dict[str, Any]) -> None:
    """A partner forwards a person's request: it becomes ours to answer, same id, its deadline."""
    from jisr.core.access import parse_uuid
    from jisr.federation.registry import MalformedEnvelope, NotOwner
    from jisr.notices.services import notify
    from jisr.privacy.permissions import ACT_AS_DPO

    pk = parse_uuid(body["id"])
    subject = body["subject"]
    names = _names(subject["names"])
    if pk is None or not names or body["kind"] not in DsrKind.values:
        raise MalformedEnvelope("a forwarded request needs an id, a kind and names")
    received = dt.date.fromisoformat(str(body["received"]))
    due = dt.datetime.fromisoformat(str(body["due"])) if body.get("due") else _due(received)
    existing = DataSubjectRequest.objects.filter(pk=pk).first()
    if existing is not None:
        if existing.origin != sender:
            raise NotOwner("this request belongs to another agency")
        return
    birth = str(subject.get("birth_date") or "")[:10]
    language = str(body.get("language") or "fr")
    request = DataSubjectRequest(
        id=pk,
        kind=body["kind"],
        origin=sender,
        subject_names=names,
        subject_birth_date=birth if not birth_date_problem(birth) else "",
        subject_documents=[str(d)[:64] for d in subject.get("documents") or []][:10],
        identity_checked_by=sender,
        received=received,
        language=language if language in LANGUAGES else "fr",
    )
    request.set_deadline(clock.now(), due)
    request.save()
    audit_record(sender, PrivacyAction.DSR_RECEIVED, target=request, extra={"kind": request.kind})
    notify(
        users_with_perm(ACT_AS_DPO),
        NoticeKind.DSR_RECEIVED,
        request,
        url=reverse("privacy:request", args=[request.pk]),
        due_at=request.due_at,
    )


def dsr_receive_answer(*, sender: str, body: dict[str, Any]) -> None:
    """The partner's decision on the part we forwarded to it."""
    from jisr.core.access import parse_uuid
    from jisr.federation.registry import MalformedEnvelope, NotOwner
    from jisr.notices.services import notify
    from jisr.privacy.permissions import ACT_AS_DPO

    pk = parse_uuid(body["id"])
    decision = str(body["decision"])
    ground = str(body.get("ground") or "")
    if (
        pk is None
        or decision not in DsrDecision.values
        or (ground and ground not in DsrGround.values)
    ):
        raise MalformedEnvelope("an answer needs the request's id and a known decision")
    forward = (
        DsrForward.objects.select_related("request")
        .filter(request_id=pk, agency=sender, request__origin=_own_code())
        .first()
    )
    if forward is None:
        raise NotOwner("no request of ours was forwarded to this agency")
    forward.decision = decision
    forward.ground = ground
    forward.answer = str(body.get("answer") or "")[:MAX_ANSWER]
    forward.answered_at = clock.now()
    forward.save(update_fields=["decision", "ground", "answer", "answered_at"])
    audit_record(
        sender,
        PrivacyAction.DSR_ANSWER_RECEIVED,
        target=forward.request,
        extra={"decision": decision, "ground": ground},
    )
    if not forward.request.forwards.filter(answered_at__isnull=True).exists():
        DataSubjectRequest.objects.filter(pk=pk, status=DsrStatus.FORWARDED).update(
            status=DsrStatus.OPEN
        )
    notify(
        users_with_perm(ACT_AS_DPO),
        NoticeKind.DSR_ANSWERED,
        forward.request,
        url=reverse("privacy:request", args=[pk]),
    )


# -- deadlines (declared on PrivacyConfig.deadlines) ------------------------------------------


def requests_open() -> Any:
    return DataSubjectRequest.objects.exclude(status=DsrStatus.DECIDED)


def _tell(request: DataSubjectRequest, urgent: bool) -> None:
    from jisr.notices.services import notify
    from jisr.privacy.permissions import ACT_AS_DPO

    notify(
        users_with_perm(ACT_AS_DPO),
        NoticeKind.DSR_DUE,
        request,
        url=reverse("privacy:request", args=[request.pk]),
        urgent=urgent,
        due_at=request.due_at,
        text=_("A data-subject request is due.")
        if not urgent
        else _("A data-subject request is overdue."),
    )


def request_remind(request: DataSubjectRequest, now: dt.datetime) -> None:
    _tell(request, urgent=False)


def request_overdue(request: DataSubjectRequest, now: dt.datetime) -> None:
    _tell(request, urgent=True)


def dsr_access_export(
    *, acting_user: Any, request: DataSubjectRequest, lang: str
) -> dict[str, Any]:
    """What the access export shows (records held, partners' answers), and log that it was made.

    A refused or partial answer shows only that the check was done (indirect access).
    """
    from jisr.privacy.selectors import person_search

    require_dpo(acting_user)
    withheld = request.decision in GROUND_REQUIRED
    records: list[dict[str, Any]] = []
    if not withheld:
        for name in request.subject_names[:5] or [""]:
            found = person_search(
                acting_user,
                name=name,
                birth_date=request.subject_birth_date,
                document=request.subject_documents[0] if request.subject_documents else "",
            )
            for record in found.records:
                if record not in records:
                    records.append(record)
    with transaction.atomic():
        audit_record(
            acting_user,
            PrivacyAction.DSR_EXPORT,
            target=request,
            extra={"language": lang, "records": len(records), "withheld": withheld},
        )
    return {
        "req": request,
        "records": records,
        "withheld": withheld,
        "forwards": list(request.forwards.order_by("sent_at")),
        "generated": clock.now(),
    }
