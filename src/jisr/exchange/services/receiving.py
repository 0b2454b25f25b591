"""What partners send"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import uuid
from typing import Any

from django.utils.dateparse import parse_datetime

from jisr.accounts.models import Agency
from jisr.audit.actions import AuditAction
from jisr.audit.services import audit_record
from jisr.core import clock
from jisr.core.deadlines import deadline_fields
from jisr.core.filenames import display_filename, safe_filename
from jisr.exchange import sniff
from jisr.exchange.models import (
    Acknowledgement,
    Attachment,
    Case,
    CaseStatus,
    Consent,
    CrimeArea,
    Message,
)
from jisr.exchange.notice_kinds import NoticeKind
from jisr.exchange.services.common import ACK_ENVELOPE, _notify, _own, exchange_users
from jisr.exchange.services.messages import _ack_body, _mark_answered

# --- receiving (federation handlers) -------------------------------------------------------


def _agency(code: str) -> Agency | None:
    return Agency.objects.filter(code=code).first()


def _parse_dt(value: str | None) -> dt.datetime | None:
    return parse_datetime(value) if value else None


def message_receive(*, sender: str, body: dict[str, Any]) -> Message:
    """Store a partner's message (checking every attachment's SHA-256) and acknowledge delivery."""
    from jisr.federation.registry import PermanentEnvelopeError
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
        **deadline_fields(created_at, _parse_dt(body.get("deadline"))),
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
    if message.in_reply_to:
        parent = Message.objects.filter(id=message.in_reply_to).first()
        _mark_answered(parent, message)
    case.updated_at = now
    case.save(update_fields=["updated_at"])
    ack = Acknowledgement.objects.create(
        message=message, agency=own, kind=Acknowledgement.Kind.DELIVERED, at=now
    )
    audit_record(
        sender, AuditAction.MESSAGE_RECEIVE, target=message, extra={"case": case.reference}
    )
    outbox_enqueue(envelope_type=ACK_ENVELOPE, recipient=sender, body=_ack_body(ack))
    _notify(exchange_users(own), kind=NoticeKind.NEW_MESSAGE, message=message)
    return message


def _case_stub(case_data: dict[str, Any]) -> Case:
    owner = _agency(case_data["owner"])
    if owner is None:
        from jisr.federation.registry import PermanentEnvelopeError

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
        from jisr.federation.registry import PermanentEnvelopeError

        raise PermanentEnvelopeError("acknowledgement for an unknown message")
    kind = body["kind"]
    if kind not in Acknowledgement.Kind.values:
        from jisr.federation.registry import PermanentEnvelopeError

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
    from jisr.federation.registry import PermanentEnvelopeError

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
