"""Writes on cases and messages. Each runs in one transaction with its audit row and envelopes."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from jisr.accounts.models import Agency, User
from jisr.audit.services import audit_record
from jisr.core import clock
from jisr.core.access import parse_uuid
from jisr.core.mail import send_pointer_email
from jisr.core.node import own_agency
from jisr.exchange import sniff
from jisr.exchange.models import (
    REQUEST_KINDS,
    Acknowledgement,
    Attachment,
    Case,
    CaseCounter,
    CaseLink,
    CaseStatus,
    Consent,
    CrimeArea,
    HandlingCode,
    InformationAccuracy,
    Language,
    Message,
    MessageKind,
    Notification,
    Priority,
    SourceReliability,
)

CASE_RECORD = "exchange.case"
MESSAGE_ENVELOPE = "exchange.message"
ACK_ENVELOPE = "exchange.ack"
CONSENT_ENVELOPE = "exchange.consent"


# --- node settings -------------------------------------------------------------------------


def deadline_hours(priority: str) -> float:
    """Response time for a request of this priority (JISR_EXCHANGE_URGENT_HOURS / _NORMAL_HOURS)."""
    configured: dict[str, float] = settings.JISR_EXCHANGE_DEADLINE_HOURS
    return float(configured[Priority(priority).value])


def attachment_max_bytes() -> int:
    return int(settings.JISR_EXCHANGE_ATTACHMENT_MAX_BYTES)


# --- helpers -------------------------------------------------------------------------------


def _own() -> Agency:
    agency = own_agency()
    if agency is None:
        raise PermissionDenied(_("This node has no agency yet."))
    return agency


def _require(user: User, perm: str) -> None:
    if not user.has_perm(perm) or user.agency_id is None:
        raise PermissionDenied(_("You may not do this."))


def _display_name(user: User) -> str:
    return user.get_full_name() or user.get_username()


def exchange_users(agency: Agency) -> list[User]:
    """Active users of ``agency`` who may see its cases (they receive notifications)."""
    users = User.objects.filter(agency=agency, is_active=True).prefetch_related("groups")
    return [u for u in users if u.has_perm("exchange.view_cases")]


def _notify(users: Iterable[User], *, kind: str, message: Message) -> None:
    text = f"{message.case.reference} · {message.subject}"[:300]
    recipients = list(users)
    Notification.objects.bulk_create(
        [Notification(user=u, kind=kind, message=message, text=text) for u in recipients]
    )
    if settings.JISR_EXCHANGE_EMAIL:
        send_pointer_email(
            (u.email for u in recipients),
            _("Jisr: %(text)s") % {"text": text},
            _("Open Jisr to read it. The content is not sent by e-mail."),
        )


# --- cases ---------------------------------------------------------------------------------


def _next_reference(owner: Agency) -> str:
    year = clock.now().year
    counter, _created = CaseCounter.objects.select_for_update().get_or_create(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{owner.code}-{year}-{counter.last:04d}"


def case_body(case: Case) -> dict[str, Any]:
    """The replicated form of a case (what participants receive)."""
    return {
        "id": str(case.id),
        "reference": case.reference,
        "title": case.title,
        "crime_area": case.crime_area,
        "status": case.status,
        "owner": case.owner.code,
        "participants": sorted(a.code for a in case.participants.all()),
        "links": [
            {"kind": link.kind, "id": str(link.target_id), "label": link.label}
            for link in case.links.order_by("kind", "target_id")
        ],
        "created_at": case.created_at.isoformat(),
        "updated_at": case.updated_at.isoformat(),
    }


def _replicate_case(case: Case) -> None:
    from jisr.federation.services import replicate_upsert

    recipients = [a.code for a in case.participants.all() if not a.is_own]
    if recipients:
        replicate_upsert(
            record_type=CASE_RECORD,
            record_id=str(case.id),
            version=case.version,
            body=case_body(case),
            recipients=recipients,
        )


def _partner_codes() -> set[str]:
    from jisr.federation.selectors import partner_agencies

    return {a.code for a in partner_agencies()}


@dataclass(frozen=True)
class LinkInput:
    kind: str
    target_id: str
    label: str = ""


def case_open(
    *,
    acting_user: User,
    title: str,
    crime_area: str,
    partners: Sequence[str],
    links: Sequence[LinkInput] = (),
) -> Case:
    """Open a case owned by this node's agency and share it with the partner agencies."""
    _require(acting_user, "exchange.open_cases")
    own = _own()
    errors: dict[str, list[str]] = {}
    title = (title or "").strip()
    if not title:
        errors.setdefault("title", []).append(_("A case needs a title."))
    if crime_area not in CrimeArea.values:
        errors.setdefault("crime_area", []).append(_("Choose a crime area from the list."))
    codes = sorted({c for c in partners if c and c != own.code})
    if not codes:
        errors.setdefault("partners", []).append(_("Choose at least one partner agency."))
    unknown = [c for c in codes if c not in _partner_codes()]
    if unknown:
        errors.setdefault("partners", []).append(
            _("Not a partner agency of this node: %(codes)s.") % {"codes": ", ".join(unknown)}
        )
    for link in links:
        if link.kind not in CaseLink.Kind.values or parse_uuid(link.target_id) is None:
            errors.setdefault("links", []).append(
                _("A link needs a kind (alert or hit) and a UUID.")
            )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        now = clock.now()
        case = Case.objects.create(
            reference=_next_reference(own),
            title=title,
            crime_area=crime_area,
            owner=own,
            created_at=now,
            updated_at=now,
            created_by=acting_user,
        )
        case.participants.set([own, *Agency.objects.filter(code__in=codes)])
        for link in links:
            CaseLink.objects.get_or_create(
                case=case,
                kind=link.kind,
                target_id=uuid.UUID(link.target_id),
                defaults={"label": link.label[:200]},
            )
        audit_record(acting_user, "case.open", target=case, extra={"reference": case.reference})
        for code in codes:
            audit_record(acting_user, "case.share", target=case, recipient=code)
        _replicate_case(case)
    return case


def _bump(case: Case) -> None:
    case.version += 1
    case.updated_at = clock.now()
    case.save(update_fields=["version", "updated_at"])


def case_set_status(*, acting_user: User, case: Case, status: str) -> Case:
    """Change a case's status (owner agency only)."""
    _require(acting_user, "exchange.open_cases")
    if not case.owner.is_own or acting_user.agency_id != case.owner_id:
        raise PermissionDenied(_("Only the agency that owns the case may change its status."))
    if status not in CaseStatus.values:
        raise ValidationError({"status": [_("Choose a status from the list.")]})
    with transaction.atomic():
        case.status = status
        case.save(update_fields=["status"])
        _bump(case)
        audit_record(acting_user, "case.status", target=case, extra={"status": status})
        _replicate_case(case)
    return case


def case_link_add(*, acting_user: User, case: Case, kind: str, target_id: str, label: str) -> Case:
    """Link an owned case to an alert or a hit."""
    _require(acting_user, "exchange.open_cases")
    if not case.owner.is_own:
        raise PermissionDenied(_("Only the agency that owns the case may change it."))
    with transaction.atomic():
        _link, created = CaseLink.objects.get_or_create(
            case=case,
            kind=kind,
            target_id=uuid.UUID(str(target_id)),
            defaults={"label": label[:200]},
        )
        if created:
            _bump(case)
            audit_record(
                acting_user, "case.link", target=case, extra={"kind": kind, "id": str(target_id)}
            )
            _replicate_case(case)
    return case


def case_open_or_join_for_hit(
    *, acting_user: User, hit_id: str, alert_id: str, partner_agency_code: str, title: str
) -> Case:
    """A hit follow-up opens a case or joins one.

    Returns the case already linked to the hit; else a case linked to the alert in which
    the partner participates (an owned one gains a link to the hit); else a new case
    owned by this node, shared with the partner and linked to both.
    """
    own = _own()
    hit_uuid, alert_uuid = uuid.UUID(str(hit_id)), uuid.UUID(str(alert_id))
    visible = Case.objects.filter(participants=own).filter(participants__code=partner_agency_code)
    by_hit = visible.filter(links__kind=CaseLink.Kind.HIT, links__target_id=hit_uuid).first()
    if by_hit is not None:
        return by_hit
    by_alert = (
        visible.filter(links__kind=CaseLink.Kind.ALERT, links__target_id=alert_uuid)
        .exclude(status=CaseStatus.CLOSED)
        .first()
    )
    if by_alert is not None:
        if by_alert.owner.is_own:
            case_link_add(
                acting_user=acting_user,
                case=by_alert,
                kind=CaseLink.Kind.HIT,
                target_id=str(hit_uuid),
                label=title,
            )
        return by_alert
    return case_open(
        acting_user=acting_user,
        title=title,
        crime_area=CrimeArea.OTHER,
        partners=[partner_agency_code],
        links=[
            LinkInput(CaseLink.Kind.ALERT, str(alert_uuid), title),
            LinkInput(CaseLink.Kind.HIT, str(hit_uuid), title),
        ],
    )


# --- messages ------------------------------------------------------------------------------


@dataclass(frozen=True)
class UploadedFile:
    filename: str
    data: bytes


def _validate_attachments(files: Sequence[UploadedFile]) -> list[tuple[UploadedFile, str]]:
    limit = attachment_max_bytes()
    checked: list[tuple[UploadedFile, str]] = []
    problems: list[str] = []
    for upload in files:
        if len(upload.data) > limit:
            problems.append(
                _("The file “%(name)s” is larger than the limit of %(limit)s MB.")
                % {"name": upload.filename, "limit": f"{limit / (1024 * 1024):g}"}
            )
            continue
        detected = sniff.sniff(upload.data)
        if detected is None:
            problems.append(
                _(
                    "The file “%(name)s” is of a type that may not be sent. Accepted: PDF, PNG, "
                    "JPEG, GIF, Word and Excel documents, plain text and CSV."
                )
                % {"name": upload.filename}
            )
            continue
        checked.append((upload, detected))
    if problems:
        raise ValidationError({"attachments": problems})
    return checked


def _validate_message(
    *,
    case: Case,
    kind: str,
    subject: str,
    body: str,
    handling_code: str,
    handling_restriction: str,
    source_reliability: str,
    information_accuracy: str,
    priority: str,
    language: str,
    in_reply_to: str | None,
) -> Message | None:
    errors: dict[str, list[str]] = {}

    def err(field: str, text: str) -> None:
        errors.setdefault(field, []).append(text)

    if kind not in MessageKind.values:
        err("kind", _("Choose a message type from the list."))
    if not subject.strip():
        err("subject", _("A message needs a subject."))
    if not body.strip():
        err("body", _("The message is empty: write its text."))
    if handling_code not in HandlingCode.values:
        err("handling_code", _("Unknown handling code: choose H0, H1, H2 or H3."))
    elif handling_code == HandlingCode.H3 and not handling_restriction.strip():
        err("handling_restriction", _("An H3 item needs its restriction written out."))
    if source_reliability not in SourceReliability.values:
        err("source_reliability", _("Choose the source reliability: A, B, C or X."))
    if information_accuracy not in InformationAccuracy.values:
        err("information_accuracy", _("Choose the information accuracy: 1, 2, 3 or 4."))
    if priority and priority not in Priority.values:
        err("priority", _("Choose the priority: urgent or normal."))
    if kind in REQUEST_KINDS and not priority:
        err("priority", _("A request needs a priority: it sets the response deadline."))
    if language not in Language.values:
        err("language", _("Choose the language of the message: ar, fr or en."))
    parent: Message | None = None
    if in_reply_to:
        if parse_uuid(in_reply_to):
            parent = Message.objects.filter(id=in_reply_to, case=case).first()
        if parent is None:
            err("in_reply_to", _("The message answered is not in this case."))
    elif kind == MessageKind.REPLY:
        err("in_reply_to", _("A reply must say which message it answers."))
    if case.status == CaseStatus.CLOSED:
        err("case", _("The case is closed: no new messages."))
    if errors:
        raise ValidationError(errors)
    return parent


def message_body(message: Message) -> dict[str, Any]:
    """The envelope body of a message, attachments included (base64)."""
    case = message.case
    return {
        "id": str(message.id),
        "case": case_body(case),
        "case_version": case.version,
        "sender": message.sender.code,
        "author_name": message.author_name,
        "kind": message.kind,
        "in_reply_to": str(message.in_reply_to) if message.in_reply_to else None,
        "forwarded_from": str(message.forwarded_from) if message.forwarded_from else None,
        "subject": message.subject,
        "body": message.body,
        "person_names": list(message.person_names),
        "contains_personal_data": message.contains_personal_data,
        "handling_code": message.handling_code,
        "handling_restriction": message.handling_restriction,
        "source_reliability": message.source_reliability,
        "information_accuracy": message.information_accuracy,
        "priority": message.priority,
        "language": message.language,
        "created_at": message.created_at.isoformat(),
        "deadline": message.deadline.isoformat() if message.deadline else None,
        "recipients": sorted(a.code for a in message.recipients.all()),
        "attachments": [
            {
                "id": str(a.id),
                "filename": a.filename,
                "content_type": a.content_type,
                "size": a.size,
                "sha256": a.sha256,
                "data": base64.b64encode(bytes(a.data)).decode("ascii"),
            }
            for a in message.attachments.all()
        ],
    }


def _mark_answered(parent: Message | None, reply: Message) -> None:
    if (
        parent is not None
        and parent.is_request
        and parent.answered_at is None
        and parent.sender_id != reply.sender_id
    ):
        parent.answered_at = reply.created_at
        parent.save(update_fields=["answered_at"])


def message_send(
    *,
    acting_user: User,
    case: Case,
    kind: str,
    subject: str,
    body: str,
    handling_code: str,
    source_reliability: str,
    information_accuracy: str,
    language: str,
    priority: str = "",
    handling_restriction: str = "",
    in_reply_to: str | None = None,
    person_names: Sequence[str] = (),
    contains_personal_data: bool = False,
    attachments: Sequence[UploadedFile] = (),
    forwarded_from: uuid.UUID | None = None,
) -> Message:
    """Post a message in a case and send it to every other participating agency."""
    _require(acting_user, "exchange.open_cases")
    own = _own()
    if acting_user.agency_id != own.id or not case.participants.filter(id=own.id).exists():
        raise PermissionDenied(_("Your agency does not take part in this case."))
    parent = _validate_message(
        case=case,
        kind=kind,
        subject=subject or "",
        body=body or "",
        handling_code=handling_code,
        handling_restriction=handling_restriction or "",
        source_reliability=source_reliability,
        information_accuracy=information_accuracy,
        priority=priority or "",
        language=language,
        in_reply_to=in_reply_to,
    )
    checked = _validate_attachments(attachments)
    names = [n.strip() for n in person_names if n and n.strip()]
    from jisr.federation.services import outbox_enqueue

    with transaction.atomic():
        now = clock.now()
        deadline = None
        if kind in REQUEST_KINDS:
            deadline = now + dt.timedelta(hours=deadline_hours(priority))
        message = Message.objects.create(
            case=case,
            sender=own,
            author=acting_user,
            author_name=_display_name(acting_user),
            kind=kind,
            in_reply_to=parent.id if parent else None,
            forwarded_from=forwarded_from,
            subject=subject.strip()[:200],
            body=body,
            person_names=names,
            contains_personal_data=contains_personal_data or bool(names),
            handling_code=handling_code,
            handling_restriction=handling_restriction.strip() if handling_code == "H3" else "",
            source_reliability=source_reliability,
            information_accuracy=information_accuracy,
            priority=priority or "",
            language=language,
            created_at=now,
            deadline=deadline,
        )
        recipients = list(case.participants.exclude(id=own.id))
        message.recipients.set(recipients)
        for upload, detected in checked:
            Attachment.objects.create(
                message=message,
                filename=upload.filename[:255] or "attachment",
                content_type=detected,
                size=len(upload.data),
                sha256=hashlib.sha256(upload.data).hexdigest(),
                data=upload.data,
            )
        _mark_answered(parent, message)
        case.updated_at = now
        case.save(update_fields=["updated_at"])
        audit_record(acting_user, "message.send", target=message, extra={"case": case.reference})
        payload = message_body(message)
        for agency in recipients:
            audit_record(acting_user, "message.disclose", target=message, recipient=agency.code)
            outbox_enqueue(envelope_type=MESSAGE_ENVELOPE, recipient=agency.code, body=payload)
    return message


def message_mark_read(*, acting_user: User, message: Message) -> None:
    """Record that a user of a receiving agency opened the message; tell the sender."""
    if message.sender.is_own or acting_user.agency_id is None:
        return
    if acting_user.agency_id == message.sender_id:
        return
    if Acknowledgement.objects.filter(
        message=message, kind=Acknowledgement.Kind.READ, by_username=acting_user.get_username()
    ).exists():
        return
    from jisr.federation.services import outbox_enqueue

    with transaction.atomic():
        assert acting_user.agency is not None
        ack = Acknowledgement.objects.create(
            message=message,
            agency=acting_user.agency,
            kind=Acknowledgement.Kind.READ,
            by_name=_display_name(acting_user),
            by_username=acting_user.get_username(),
            at=clock.now(),
        )
        Notification.objects.filter(user=acting_user, message=message, read_at__isnull=True).update(
            read_at=ack.at
        )
        outbox_enqueue(
            envelope_type=ACK_ENVELOPE,
            recipient=message.sender.code,
            body=_ack_body(ack),
        )


def _ack_body(ack: Acknowledgement) -> dict[str, Any]:
    return {
        "message_id": str(ack.message_id),
        "kind": ack.kind,
        "by_name": ack.by_name,
        "by_username": ack.by_username,
        "at": ack.at.isoformat(),
    }


def _h2_consent(message: Message, scope: str, third_party: Agency | None) -> bool:
    consents = message.consents.filter(scope=scope, holder__is_own=True)
    if third_party is not None:
        consents = consents.filter(third_party__in=[third_party]) | consents.filter(
            third_party__isnull=True
        )
    return consents.exists()


def message_forward(
    *, acting_user: User, message: Message, agency_code: str, note: str = ""
) -> Message:
    """Pass a message on to a third agency, in a new case shared with it.

    H2 items need the originating agency's recorded consent first.
    """
    _require(acting_user, "exchange.open_cases")
    own = _own()
    target = Agency.objects.filter(code=agency_code).first()
    if target is None or target.is_own:
        raise ValidationError({"agency": [_("Choose an agency to forward to.")]})
    if message.handling_code == HandlingCode.H2 and not message.sender.is_own:
        if not _h2_consent(message, Consent.Scope.FORWARD, target):
            with transaction.atomic():
                audit_record(
                    acting_user,
                    "message.forward_refused",
                    target=message,
                    recipient=target.code,
                    extra={"handling_code": "H2"},
                )
            raise PermissionDenied(
                _(
                    "This item is H2: it cannot be passed on to %(agency)s without the recorded "
                    "consent of %(owner)s."
                )
                % {"agency": target.code, "owner": message.sender.code}
            )
    if target.code not in _partner_codes():
        raise ValidationError(
            {
                "agency": [
                    _("Not a partner agency of this node: %(codes)s.") % {"codes": target.code}
                ]
            }
        )
    with transaction.atomic():
        case = case_open(
            acting_user=acting_user,
            title=_("Forwarded: %(subject)s") % {"subject": message.subject},
            crime_area=message.case.crime_area,
            partners=[target.code],
        )
        body = f"{note.strip()}\n\n---\n{message.body}" if note.strip() else message.body
        forwarded = message_send(
            acting_user=acting_user,
            case=case,
            kind=MessageKind.SPONTANEOUS_INFORMATION,
            subject=message.subject,
            body=body,
            handling_code=message.handling_code,
            handling_restriction=message.handling_restriction,
            source_reliability=message.source_reliability,
            information_accuracy=message.information_accuracy,
            language=message.language,
            person_names=message.person_names,
            contains_personal_data=message.contains_personal_data,
            attachments=[
                UploadedFile(a.filename, bytes(a.data)) for a in message.attachments.all()
            ],
            forwarded_from=message.id,
        )
        audit_record(
            acting_user,
            "message.forward",
            target=message,
            recipient=target.code,
            extra={
                "forwarded_as": str(forwarded.id),
                "originator": message.sender.code,
                "own": own.code,
            },
        )
    return forwarded


def message_export(*, acting_user: User, message: Message) -> dict[str, Any]:
    """The message as JSON for export; H2 items need the originator's consent."""
    if (
        message.handling_code == HandlingCode.H2
        and not message.sender.is_own
        and not _h2_consent(message, Consent.Scope.EXPORT, None)
    ):
        raise PermissionDenied(
            _("This item is H2: it cannot be exported without the recorded consent of %(owner)s.")
            % {"owner": message.sender.code}
        )
    with transaction.atomic():
        audit_record(
            acting_user, "message.export", target=message, justification=message.case.reference
        )
    data = message_body(message)
    for item in data["attachments"]:
        item.pop("data")
    return data


def consent_grant(
    *, acting_user: User, message: Message, holder_code: str, scope: str, third_party_code: str = ""
) -> Consent:
    """The originating agency consents to a recipient passing the item on (or exporting it)."""
    _require(acting_user, "exchange.open_cases")
    if not message.sender.is_own or acting_user.agency_id != message.sender_id:
        raise PermissionDenied(
            _("Only the agency that sent the item may consent to passing it on.")
        )
    errors: dict[str, list[str]] = {}
    holder = message.recipients.filter(code=holder_code).first()
    if holder is None:
        errors["holder"] = [_("Choose an agency that received the item.")]
    if scope not in Consent.Scope.values:
        errors["scope"] = [_("Choose what the consent allows: forward or export.")]
    third = None
    if third_party_code:
        third = Agency.objects.filter(code=third_party_code).first()
        if third is None:
            errors["third_party"] = [_("Unknown agency.")]
    if errors:
        raise ValidationError(errors)
    assert holder is not None
    from jisr.federation.services import outbox_enqueue

    with transaction.atomic():
        consent = Consent.objects.create(
            message=message,
            scope=scope,
            holder=holder,
            third_party=third,
            granted_by_name=f"{_display_name(acting_user)} ({message.sender.code})",
        )
        audit_record(
            acting_user,
            "message.consent",
            target=message,
            recipient=holder.code,
            extra={"scope": scope, "third_party": third_party_code},
        )
        outbox_enqueue(
            envelope_type=CONSENT_ENVELOPE,
            recipient=holder.code,
            body={
                "id": str(consent.id),
                "message_id": str(message.id),
                "scope": scope,
                "holder": holder.code,
                "third_party": third_party_code or None,
                "granted_by_name": consent.granted_by_name,
                "at": consent.created_at.isoformat(),
            },
        )
    return consent


def notifications_mark_read(*, acting_user: User) -> int:
    return Notification.objects.filter(user=acting_user, read_at__isnull=True).update(
        read_at=clock.now()
    )


# --- deadlines -----------------------------------------------------------------------------


def deadlines_check() -> dict[str, int]:
    """Half-time reminders and overdue notices. Runs in the worker; reads the node's clock."""
    own = own_agency()
    if own is None:
        return {"reminders": 0, "overdue": 0}
    now = clock.now()
    reminders = overdue = 0
    pending = Message.objects.filter(
        kind__in=REQUEST_KINDS, deadline__isnull=False, answered_at__isnull=True
    ).select_related("case", "sender", "author")
    for message in pending.filter(reminder_sent_at__isnull=True).exclude(sender=own):
        assert message.deadline is not None
        half = message.created_at + (message.deadline - message.created_at) / 2
        if now < half:
            continue
        with transaction.atomic():
            if Message.objects.filter(id=message.id, reminder_sent_at__isnull=True).update(
                reminder_sent_at=now
            ):
                _notify(exchange_users(own), kind=Notification.Kind.REMINDER, message=message)
                audit_record("system", "message.reminder", target=message)
                reminders += 1
    for message in pending.filter(overdue_notified_at__isnull=True, deadline__lt=now):
        with transaction.atomic():
            if Message.objects.filter(id=message.id, overdue_notified_at__isnull=True).update(
                overdue_notified_at=now
            ):
                if message.sender_id == own.id:
                    users = [message.author] if message.author else []
                else:
                    users = exchange_users(own)
                _notify(users, kind=Notification.Kind.OVERDUE, message=message)
                audit_record("system", "message.overdue", target=message)
                overdue += 1
    return {"reminders": reminders, "overdue": overdue}


# --- receiving (federation handlers) -------------------------------------------------------


def _agency(code: str) -> Agency | None:
    return Agency.objects.filter(code=code).first()


def _parse_dt(value: str | None) -> dt.datetime | None:
    return parse_datetime(value) if value else None


def case_apply_copy(*, sender: str, record_id: str, version: int, body: dict[str, Any]) -> Case:
    """Store or refresh the read-only copy of a partner's case."""
    from jisr.federation.registry import PermanentEnvelopeError

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
    audit_record(sender, "case.receive", target=case, extra={"version": version})
    return case


def case_withdraw_copy(*, sender: str, record_id: str) -> None:
    Case.objects.filter(id=record_id, owner__code=sender, owner__is_own=False).delete()
    audit_record(sender, "case.withdrawn", target=("exchange.case", record_id))


def case_state_for(record_id: str) -> tuple[int, dict[str, Any]] | None:
    case = Case.objects.filter(id=record_id, owner__is_own=True).first()
    if case is None:
        return None
    return case.version, case_body(case)


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
        created_at=_parse_dt(body["created_at"]) or now,
        received_at=now,
        deadline=_parse_dt(body.get("deadline")),
    )
    message.recipients.set(Agency.objects.filter(code__in=body.get("recipients", [])))
    for item, data in attachments:
        Attachment.objects.create(
            id=item["id"],
            message=message,
            filename=item["filename"][:255],
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
    audit_record(sender, "message.receive", target=message, extra={"case": case.reference})
    outbox_enqueue(envelope_type=ACK_ENVELOPE, recipient=sender, body=_ack_body(ack))
    _notify(exchange_users(own), kind=Notification.Kind.NEW_MESSAGE, message=message)
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
    audit_record(sender, f"message.ack_{kind}", target=message)


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
    audit_record(sender, "message.consent_received", target=message, extra={"scope": body["scope"]})
