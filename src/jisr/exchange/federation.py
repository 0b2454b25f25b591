"""How cases and messages travel between nodes.

- ``exchange.case`` (replicated, owner = the agency that opened it): read-only copies on
  the participating agencies' nodes;
- ``exchange.message``, ``exchange.ack`` and ``exchange.consent``: envelopes to one
  partner. A malformed body is a permanent failure (the registry's default errors).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.dateparse import parse_datetime

from jisr.accounts.models import Agency
from jisr.audit.actions import AuditAction
from jisr.audit.services import audit_record
from jisr.core import clock
from jisr.core.access import parse_uuid
from jisr.core.deadlines import deadline_fields
from jisr.core.filenames import display_filename, safe_filename
from jisr.exchange import sniff
from jisr.exchange.models import (
    Acknowledgement,
    Attachment,
    Case,
    CaseLink,
    CaseStatus,
    Consent,
    CrimeArea,
    Message,
    RefusalGround,
    TimeLimit,
)
from jisr.exchange.notice_kinds import NoticeKind
from jisr.federation.registry import PermanentEnvelopeError, RetryLater

CASE_RECORD = "exchange.case"

# -- bodies ------------------------------------------------------------------------------------


def ack_body(ack: Acknowledgement) -> dict[str, Any]:
    return {
        "message_id": str(ack.message_id),
        "kind": ack.kind,
        "by_name": ack.by_name,
        "by_username": ack.by_username,
        "at": ack.at.isoformat(),
    }


# -- receive: partner copies (``exchange.case``) ---------------------------------------------


def _agency(code: str) -> Agency | None:
    return Agency.objects.filter(code=code).first()


def _parse_dt(value: str | None) -> dt.datetime | None:
    return parse_datetime(value) if value else None


def case_apply_copy(*, sender: str, record_id: str, version: int, body: dict[str, Any]) -> Case:
    """Store or refresh the read-only copy of a partner's case."""
    if body.get("owner") != sender:
        raise PermanentEnvelopeError("a case can only be replicated by its owner")
    owner = _agency(sender)
    if owner is None or owner.is_own:
        raise PermanentEnvelopeError(f"unknown or own owner agency {sender}")
    case = Case.objects.filter(id=record_id).first()
    if case is not None and case.owner_id != owner.id:
        raise PermanentEnvelopeError("case owned by another agency")
    if case is not None and case.version >= version:
        return case
    fields = {
        "reference": body["reference"],
        "title": body["title"],
        "crime_area": body["crime_area"]
        if body["crime_area"] in CrimeArea.values
        else CrimeArea.OTHER,
        "status": body["status"] if body["status"] in CaseStatus.values else CaseStatus.OPEN,
        "owner": owner,
        "version": version,
        "created_at": _parse_dt(body.get("created_at")) or clock.now(),
        "updated_at": _parse_dt(body.get("updated_at")) or clock.now(),
    }
    if case is None:
        case = Case.objects.create(id=record_id, **fields)
    else:
        for key, value in fields.items():
            setattr(case, key, value)
        case.save()
    case.participants.set(Agency.objects.filter(code__in=body.get("participants", [])))
    case.links.all().delete()
    for link in body.get("links", []):
        if link.get("kind") in CaseLink.Kind.values and parse_uuid(link.get("id", "")):
            CaseLink.objects.create(
                case=case,
                kind=link["kind"],
                target_id=link["id"],
                label=link.get("label", "")[:200],
            )
    audit_record(sender, AuditAction.CASE_RECEIVE, target=case, extra={"version": version})
    return case


def case_withdraw_copy(*, sender: str, record_id: str) -> None:
    from jisr.exchange.models import Message
    from jisr.notices.services import notices_delete_for

    copy = Case.objects.filter(id=record_id, owner__code=sender, owner__is_own=False)
    if Message.objects.filter(case__in=copy, sender__is_own=True).exists():
        # Our messages hang on the case (on_delete=CASCADE): they are our records of what
        # we sent, and are not deleted on a partner's word.
        from jisr.federation.registry import NotOwner

        raise NotOwner(f"exchange.case {record_id} holds messages {sender} does not own")
    # Notices name their messages (reference and subject): they go with the copy.
    message_ids = Message.objects.filter(case__in=copy).values_list("id", flat=True)
    notices_delete_for(target_type="exchange.message", target_ids=[str(i) for i in message_ids])
    copy.delete()
    audit_record(sender, AuditAction.CASE_WITHDRAWN, target=("exchange.case", record_id))


def case_state_for(record_id: str) -> tuple[int, dict[str, Any]] | None:
    """Owner side of reconciliation and catch-up: the current state of one of our cases."""
    from jisr.exchange.services.cases import case_body

    case = Case.objects.filter(id=record_id, owner__is_own=True).first()
    if case is None:
        return None
    return case.version, case_body(case)


# -- ownership, as the replication layer asks -------------------------------------------------


def case_owner(record_id: str) -> str | None:
    """Who owns the case with this id on this node (own cases included), or None."""
    return Case.objects.filter(id=record_id).values_list("owner__code", flat=True).first()


def case_audience() -> list[tuple[str, int, list[str]]]:
    """Our own cases and the partner agencies each is shared with (for the catch-up task).

    A case shared while a partner's link was suspended (or before it was linked) reaches
    that partner once the link is active again.
    """
    shared: dict[str, tuple[int, list[str]]] = {}
    rows = Case.objects.filter(owner__is_own=True, participants__is_own=False).values_list(
        "pk", "version", "participants__code"
    )
    for pk, version, code in rows:
        shared.setdefault(str(pk), (version, []))[1].append(code)
    return [(pk, version, codes) for pk, (version, codes) in shared.items()]


# -- receive: envelopes ----------------------------------------------------------------------


def message_receive(*, sender: str, body: dict[str, Any]) -> Message:
    """Store a partner's message (checking every attachment's SHA-256) and acknowledge delivery."""
    from jisr.exchange.services.common import ACK_ENVELOPE, _notify, _own, exchange_users
    from jisr.exchange.services.messages import _mark_answered
    from jisr.federation.services import outbox_enqueue

    own = _own()
    if body.get("sender") != sender:
        raise PermanentEnvelopeError("the message's sender is not the envelope's sender")
    sender_agency = _agency(sender)
    if sender_agency is None:
        raise PermanentEnvelopeError(f"unknown sender agency {sender}")
    existing = Message.objects.filter(id=body["id"]).first()
    if existing is not None:
        return existing
    case_data = body["case"]
    case = Case.objects.filter(id=case_data["id"]).first()
    if case is None:
        if case_data.get("owner") == own.code:
            raise PermanentEnvelopeError("message for an unknown case of ours")
        # The message overtook the case's replication: keep a stub at version 0, which the
        # owner's replicated copy will replace.
        case = _case_stub(case_data)
    if not case.participants.filter(id=sender_agency.id).exists():
        raise PermanentEnvelopeError("the sender does not take part in the case")
    attachments: list[tuple[dict[str, Any], bytes]] = []
    for item in body.get("attachments", []):
        data = base64.b64decode(item["data"])
        if hashlib.sha256(data).hexdigest() != item["sha256"] or len(data) != item["size"]:
            raise PermanentEnvelopeError(
                f"attachment {item['filename']} does not match its SHA-256"
            )
        if sniff.sniff(data) is None:
            raise PermanentEnvelopeError(f"attachment {item['filename']} is of a forbidden type")
        attachments.append((item, data))
    now = clock.now()
    created_at = _parse_dt(body["created_at"]) or now
    limit_started = _parse_dt(body.get("limit_started_at")) or created_at
    time_limit = body.get("time_limit") or ""
    message = Message.objects.create(
        id=uuid.UUID(str(body["id"])),
        case=case,
        sender=sender_agency,
        author_name=body.get("author_name", "")[:200],
        kind=body["kind"],
        in_reply_to=body.get("in_reply_to") or None,
        forwarded_from=body.get("forwarded_from") or None,
        subject=body["subject"][:200],
        body=body["body"],
        person_names=list(body.get("person_names") or []),
        contains_personal_data=bool(body.get("contains_personal_data")),
        handling_code=body["handling_code"],
        handling_restriction=body.get("handling_restriction", ""),
        source_reliability=body["source_reliability"],
        information_accuracy=body["information_accuracy"],
        priority=body.get("priority") or "",
        language=body["language"],
        created_at=created_at,
        received_at=now,
        directly_accessible=body.get("directly_accessible")
        if isinstance(body.get("directly_accessible"), bool)
        else None,
        time_limit=time_limit if time_limit in TimeLimit.values else "",
        limit_started_at=limit_started if body.get("deadline") else None,
        partial=bool(body.get("partial")),
        refusal_grounds=[g for g in body.get("refusal_grounds") or [] if g in RefusalGround.values],
        translation=str(body.get("translation") or ""),
        translation_language=str(body.get("translation_language") or "")[:2],
        **deadline_fields(limit_started, _parse_dt(body.get("deadline"))),
    )
    message.recipients.set(Agency.objects.filter(code__in=body.get("recipients", [])))
    for item, data in attachments:
        Attachment.objects.create(
            id=item["id"],
            message=message,
            filename=safe_filename(str(item["filename"])),
            original_filename=display_filename(
                str(item.get("original_filename") or item["filename"])
            ),
            content_type=item["content_type"],
            size=len(data),
            sha256=item["sha256"],
            data=data,
        )
    _desk_receive(message, sender_agency, body)
    if message.in_reply_to:
        parent = Message.objects.filter(id=message.in_reply_to).first()
        _mark_answered(parent, message)
        from jisr.exchange.services.desk import resume_after_clarification

        resume_after_clarification(message)
    case.updated_at = now
    case.save(update_fields=["updated_at"])
    ack = Acknowledgement.objects.create(
        message=message, agency=own, kind=Acknowledgement.Kind.DELIVERED, at=now
    )
    audit_record(
        sender, AuditAction.MESSAGE_RECEIVE, target=message, extra={"case": case.reference}
    )
    outbox_enqueue(envelope_type=ACK_ENVELOPE, recipient=sender, body=ack_body(ack))
    _notify(exchange_users(own), kind=NoticeKind.NEW_MESSAGE, message=message)
    return message


def _desk_receive(message: Message, sender: Agency, body: dict[str, Any]) -> None:
    """The desk's part of a received message: the partner's languages, the limit in the time
    line, the entities (normalised again here) and their cross-check against the node."""
    from jisr.core.entities import normalise
    from jisr.exchange.entities import CheckedEntity, entities_store
    from jisr.exchange.models import Language, LimitChange, PartnerDesk
    from jisr.exchange.services.messages import cross_check_message

    languages = [c for c in body.get("accepted_languages") or [] if c in Language.values]
    if languages:
        PartnerDesk.objects.update_or_create(
            agency=sender, defaults={"languages": languages, "updated_at": clock.now()}
        )
    if message.due_at is not None and message.time_limit:
        LimitChange.objects.create(
            message=message,
            event=LimitChange.Event.SET,
            at=message.limit_started_at or message.created_at,
            by_name=message.author_name,
            agency=sender,
            time_limit=message.time_limit,
            due_after=message.due_at,
        )
    checked: list[CheckedEntity] = []
    for item in (body.get("entities") or [])[:50]:
        if not isinstance(item, dict):
            continue
        kind, value = str(item.get("type", "")), str(item.get("value", ""))
        country = str(item.get("country") or "")[:2].upper()
        try:
            key = normalise(kind, value, country=country)
        except ValidationError:
            continue  # a value we cannot read is kept in the text, not as an entity
        checked.append(
            CheckedEntity(kind, value[:300], key, country, str(item.get("birth_date") or "")[:10])
        )
    if checked:
        stored = entities_store(message, checked)
        cross_check_message(None, message, stored)


def limit_receive(*, sender: str, body: dict[str, Any]) -> Message:
    """The requested agency changed the limit of our request (or the requester withdrew theirs):
    the copy takes the same state, and the change joins its time line."""
    from jisr.exchange.actions import DeskAction
    from jisr.exchange.models import LimitChange, Outcome, SuspensionReason

    agency = _agency(sender)
    message_id = parse_uuid(str(body.get("message_id", "")))
    message = Message.objects.filter(id=message_id).first() if message_id else None
    event = body.get("event")
    if agency is not None and message_id and message is None and event == "withdrawn":
        # The requester's own request, sent just before: the relay sends side by side, so
        # the withdrawal may arrive first. Applied once the request is here.
        raise RetryLater("request not known yet")
    if agency is None or message is None:
        raise PermanentEnvelopeError("limit change for an unknown request")
    if event not in LimitChange.Event.values:
        raise PermanentEnvelopeError(f"unknown limit event {event}")
    if event == LimitChange.Event.WITHDRAWN:
        if message.sender_id != agency.id or message.sender.is_own:
            raise PermanentEnvelopeError("only the requester withdraws its request")
        message.outcome = Outcome.WITHDRAWN
        message.answered_at = message.answered_at or clock.now()
        message.save(update_fields=["outcome", "answered_at"])
    else:
        if not message.sender.is_own or not message.recipients.filter(id=agency.id).exists():
            raise PermanentEnvelopeError("only the requested agency changes a request's limit")
        time_limit = body.get("time_limit") or ""
        message.time_limit = time_limit if time_limit in TimeLimit.values else message.time_limit
        if isinstance(body.get("directly_accessible"), bool):
            message.directly_accessible = body["directly_accessible"]
        before = message.due_at
        message.due_at = _parse_dt(body.get("due_at")) or message.due_at
        message.suspended_at = _parse_dt(body.get("suspended_at"))
        reason = body.get("suspension_reason") or ""
        message.suspension_reason = reason if reason in SuspensionReason.values else ""
        message.save(
            update_fields=[
                "time_limit",
                "directly_accessible",
                "due_at",
                "suspended_at",
                "suspension_reason",
            ]
        )
    LimitChange.objects.create(
        message=message,
        event=event,
        at=_parse_dt(body.get("at")) or clock.now(),
        by_name=str(body.get("by_name") or "")[:200],
        agency=agency,
        reason=str(body.get("reason") or "")[:2000],
        time_limit=message.time_limit,
        due_before=message.due_at if event == LimitChange.Event.WITHDRAWN else before,
        due_after=message.due_at,
    )
    audit_record(sender, DeskAction.LIMIT_RECEIVED, target=message, extra={"event": event})
    from jisr.exchange.notice_kinds import NoticeKind
    from jisr.exchange.services.common import _notify

    if message.author is not None:
        _notify([message.author], kind=NoticeKind.LIMIT_CHANGED, message=message)
    return message


def _case_stub(case_data: dict[str, Any]) -> Case:
    owner = _agency(case_data["owner"])
    if owner is None:
        raise PermanentEnvelopeError(f"unknown case owner {case_data['owner']}")
    case = Case.objects.create(
        id=case_data["id"],
        reference=case_data["reference"],
        title=case_data["title"],
        crime_area=case_data["crime_area"]
        if case_data["crime_area"] in CrimeArea.values
        else CrimeArea.OTHER,
        status=case_data.get("status", CaseStatus.OPEN),
        owner=owner,
        version=0,
        created_at=_parse_dt(case_data.get("created_at")) or clock.now(),
    )
    case.participants.set(Agency.objects.filter(code__in=case_data.get("participants", [])))
    return case


def ack_receive(*, sender: str, body: dict[str, Any]) -> None:
    """A partner tells us it received or read one of our messages."""
    message = Message.objects.filter(id=body["message_id"], sender__is_own=True).first()
    agency = _agency(sender)
    if message is None or agency is None or not message.recipients.filter(id=agency.id).exists():
        raise PermanentEnvelopeError("acknowledgement for an unknown message")
    kind = body["kind"]
    if kind not in Acknowledgement.Kind.values:
        raise PermanentEnvelopeError(f"unknown acknowledgement kind {kind}")
    Acknowledgement.objects.get_or_create(
        message=message,
        agency=agency,
        kind=kind,
        by_username=body.get("by_username", "") if kind == Acknowledgement.Kind.READ else "",
        defaults={
            "by_name": body.get("by_name", ""),
            "at": _parse_dt(body.get("at")) or clock.now(),
        },
    )
    audit_record(
        sender,
        AuditAction.MESSAGE_ACK_READ
        if kind == Acknowledgement.Kind.READ
        else AuditAction.MESSAGE_ACK_DELIVERED,
        target=message,
    )


def consent_receive(*, sender: str, body: dict[str, Any]) -> None:
    """The originating agency recorded its consent for us to pass an item on."""
    message = Message.objects.filter(id=body["message_id"], sender__code=sender).first()
    holder = _agency(body.get("holder", ""))
    if message is None or holder is None or not holder.is_own:
        raise PermanentEnvelopeError("consent for an unknown message")
    third = _agency(body["third_party"]) if body.get("third_party") else None
    Consent.objects.get_or_create(
        id=body["id"],
        defaults={
            "message": message,
            "scope": body["scope"],
            "holder": holder,
            "third_party": third,
            "granted_by_name": body.get("granted_by_name", sender)[:200],
            "created_at": _parse_dt(body.get("at")) or clock.now(),
        },
    )
    audit_record(
        sender, AuditAction.MESSAGE_CONSENT_RECEIVED, target=message, extra={"scope": body["scope"]}
    )


# -- registration ---------------------------------------------------------------------------


def register() -> None:
    """Called from ExchangeConfig.ready()."""
    from jisr.exchange import services
    from jisr.federation.registry import register_handler, register_replicated_type

    register_handler(
        services.MESSAGE_ENVELOPE,
        lambda envelope: message_receive(sender=envelope.sender, body=envelope.body),
    )
    register_handler(
        services.ACK_ENVELOPE,
        lambda envelope: ack_receive(sender=envelope.sender, body=envelope.body),
    )
    register_handler(
        "exchange.limit",
        lambda envelope: limit_receive(sender=envelope.sender, body=envelope.body),
    )
    register_handler(
        services.CONSENT_ENVELOPE,
        lambda envelope: consent_receive(sender=envelope.sender, body=envelope.body),
    )
    register_replicated_type(
        CASE_RECORD,
        on_upsert=lambda sender, record_id, version, body: case_apply_copy(
            sender=sender, record_id=record_id, version=version, body=body
        ),
        on_withdraw=lambda sender, record_id: case_withdraw_copy(
            sender=sender, record_id=record_id
        ),
        body_for=case_state_for,
        owner_of=case_owner,
        audience=case_audience,
    )
