"""Messages"""

from __future__ import annotations

import base64
import hashlib
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from jisr.accounts.models import Agency, User
from jisr.audit.actions import AuditAction
from jisr.audit.services import audit_record
from jisr.core import clock
from jisr.core.access import parse_uuid, require_perm
from jisr.core.filenames import display_filename, safe_filename
from jisr.core.handling import HandlingCode, Use
from jisr.exchange import sniff
from jisr.exchange.actions import DeskAction
from jisr.exchange.entities import EntityInput, entities_store
from jisr.exchange.federation import ack_body
from jisr.exchange.models import (
    REQUEST_KINDS,
    Acknowledgement,
    Attachment,
    Case,
    CaseStatus,
    Consent,
    InformationAccuracy,
    Language,
    Message,
    MessageKind,
    Priority,
    ReleaseStatus,
    SourceReliability,
)
from jisr.exchange.notice_kinds import NoticeKind
from jisr.exchange.permissions import GRANT_CONSENT, OPEN_CASES
from jisr.exchange.services.cases import _partner_codes, case_body, case_open
from jisr.exchange.services.common import (
    ACK_ENVELOPE,
    CONSENT_ENVELOPE,
    MESSAGE_ENVELOPE,
    _display_name,
    _notify,
    _own,
    _require,
    attachment_max_bytes,
)
from jisr.notices.services import notices_mark_read_for

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
    from jisr.exchange.desk_settings import accepted_languages
    from jisr.exchange.entities import entity_body

    case = message.case
    return {
        "directly_accessible": message.directly_accessible,
        "time_limit": message.time_limit,
        "limit_started_at": message.limit_started_at.isoformat()
        if message.limit_started_at
        else None,
        "partial": message.partial,
        "refusal_grounds": list(message.refusal_grounds),
        "translation": message.translation,
        "translation_language": message.translation_language,
        "entities": [entity_body(e) for e in message.entities.all()],
        "accepted_languages": accepted_languages(),
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
        **message.handling_fields(),
        "created_at": message.created_at.isoformat(),
        "deadline": message.deadline.isoformat() if message.deadline else None,
        "recipients": sorted(a.code for a in message.recipients.all()),
        "attachments": [
            {**a.metadata(), "data": base64.b64encode(bytes(a.data)).decode("ascii")}
            for a in message.attachments.all()
        ],
    }


def _mark_answered(parent: Message | None, reply: Message) -> None:
    from jisr.exchange.services.desk import settle

    settle(parent, reply)


def _check_languages(
    case: Case, own: Agency, kind: str, language: str, translation: str, translation_language: str
) -> None:
    """A request in a language a partner does not accept needs a translation it accepts."""
    from jisr.exchange.models import PartnerDesk

    if kind not in REQUEST_KINDS:
        return
    for desk in PartnerDesk.objects.filter(agency__in=case.participants.exclude(id=own.id)):
        accepted = list(desk.languages)
        if not accepted or language in accepted:
            continue
        if translation.strip() and translation_language in accepted:
            continue
        names = ", ".join(str(Language(code).label) for code in accepted if code in Language.values)
        raise ValidationError(
            {
                "translation": [
                    _(
                        "%(agency)s accepts requests in: %(languages)s. Attach a translation "
                        "in one of them."
                    )
                    % {"agency": desk.agency.code, "languages": names}
                ]
            }
        )


def message_dispatch(acting_user: User, message: Message) -> None:
    """Write the message's envelope to the outbox for each recipient, with the disclosure rows."""
    from jisr.federation.services import outbox_enqueue

    payload = message_body(message)
    for agency in message.recipients.all():
        audit_record(
            acting_user, AuditAction.MESSAGE_DISCLOSE, target=message, recipient=agency.code
        )
        outbox_enqueue(envelope_type=MESSAGE_ENVELOPE, recipient=agency.code, body=payload)


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
    directly_accessible: bool | None = None,
    entities: Sequence[EntityInput] = (),
    partial: bool = False,
    refusal_grounds: Sequence[str] = (),
    translation: str = "",
    translation_language: str = "",
) -> Message:
    """Post a message in a case and send it to every other participating agency.

    A message the agency's release rule holds (personal data by default) waits, pending
    release, until a second person releases it: nothing is written to the outbox before.
    """
    from jisr.exchange.desk_settings import release_rule
    from jisr.exchange.entities import PERSONAL_TYPES, entities_validate
    from jisr.exchange.services import desk

    _require(acting_user, OPEN_CASES)
    own = _own()
    if acting_user.agency_id != own.id:
        raise PermissionDenied(_("Your agency does not take part in this case."))
    require_perm(
        acting_user, OPEN_CASES, _("Your agency does not take part in this case."), obj=case
    )
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
    if kind == MessageKind.REFUSAL and not refusal_grounds:
        raise ValidationError({"kind": [_("A refusal gives its grounds: use the refusal form.")]})
    if kind == MessageKind.CLARIFICATION_REQUEST and (parent is None or not parent.is_request):
        raise ValidationError({"in_reply_to": [_("A clarification is asked about a request.")]})
    checked = _validate_attachments(attachments)
    checked_entities = entities_validate(entities)
    translation = (translation or "").strip()
    if translation_language and translation_language not in Language.values:
        raise ValidationError(
            {"translation_language": [_("Choose the language of the translation.")]}
        )
    if translation and not translation_language:
        raise ValidationError(
            {"translation_language": [_("Say which language the translation is in.")]}
        )
    if len(translation) > 100_000:
        raise ValidationError({"translation": [_("At most %(n)d characters.") % {"n": 100_000}]})
    _check_languages(case, own, kind, language, translation, translation_language)
    names = [n.strip() for n in person_names if n and n.strip()]
    held = desk.needs_release(
        rule=release_rule(),
        handling_code=handling_code,
        contains_personal_data=contains_personal_data,
        person_names=names,
        personal_entities=any(e.type in PERSONAL_TYPES for e in checked_entities),
        attachments=bool(checked),
    )
    time_limit = desk.time_limit_for(kind, priority or "", directly_accessible)

    with transaction.atomic():
        now = clock.now()
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
            handling_restriction=handling_restriction.strip()
            if handling_code == HandlingCode.H3
            else "",
            source_reliability=source_reliability,
            information_accuracy=information_accuracy,
            priority=priority or "",
            language=language,
            created_at=now,
            directly_accessible=directly_accessible if time_limit else None,
            time_limit=time_limit,
            partial=partial,
            refusal_grounds=list(refusal_grounds),
            translation=translation,
            translation_language=translation_language if translation else "",
            release_status=ReleaseStatus.PENDING if held else ReleaseStatus.NOT_NEEDED,
        )
        if time_limit and not held:
            # We wait for the answer: the receiving agency gets the half-time reminder.
            desk.limit_start(message, now, by=_display_name(acting_user), remind=False)
        recipients = list(case.participants.exclude(id=own.id))
        message.recipients.set(recipients)
        for upload, detected in checked:
            Attachment.objects.create(
                message=message,
                filename=safe_filename(upload.filename),
                original_filename=display_filename(upload.filename),
                content_type=detected,
                size=len(upload.data),
                sha256=hashlib.sha256(upload.data).hexdigest(),
                data=upload.data,
            )
        stored = entities_store(message, checked_entities)
        _mark_answered(parent, message)
        case.updated_at = now
        case.save(update_fields=["updated_at"])
        audit_record(
            acting_user, AuditAction.MESSAGE_SEND, target=message, extra={"case": case.reference}
        )
        if stored:
            cross_check_message(acting_user, message, stored)
        if held:
            audit_record(
                acting_user,
                DeskAction.RELEASE_HELD,
                target=message,
                extra={"case": case.reference, "rule": release_rule()},
            )
            others = [u for u in desk.releasers() if u.pk != acting_user.pk]
            _notify(others, kind=NoticeKind.RELEASE_WAITING, message=message)
        else:
            message_dispatch(acting_user, message)
    return message


def cross_check_message(
    acting_user: User | None, message: Message, stored: Sequence[Any]
) -> list[Any]:
    """Cross-check the message's entities for ``acting_user`` (the node on receipt), audited
    with the request as purpose; the count is kept for the desk's queue."""
    from jisr.core.entities import cross_check
    from jisr.exchange.entities import entity_keys, find_in_cases

    keys = entity_keys(stored)
    exclude = [("case", str(message.case_id))]
    if acting_user is None:
        found = [c for c in find_in_cases(keys, None) if (c.kind, c.id) not in set(exclude)]
    else:
        found = cross_check(keys, acting_user, exclude=exclude)
    audit_record(
        acting_user if acting_user is not None else "system",
        DeskAction.CROSS_CHECK,
        target=message,
        justification=_("request %(subject)s in case %(reference)s")
        % {"subject": message.subject, "reference": message.case.reference},
        extra={"entities": len(keys), "found": len(found)},
    )
    if acting_user is None or len(found) > message.correlation_count:
        message.correlation_count = len(found)
        message.save(update_fields=["correlation_count"])
    return found


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
        notices_mark_read_for(acting_user=acting_user, target=message)
        outbox_enqueue(
            envelope_type=ACK_ENVELOPE,
            recipient=message.sender.code,
            body=ack_body(ack),
        )


_CONSENT_SCOPE = {
    Use.FORWARD: Consent.Scope.FORWARD,
    Use.EXPORT: Consent.Scope.EXPORT,
    Use.COPY: Consent.Scope.COPY,
}
_REFUSED_ACTION = {
    Use.FORWARD: AuditAction.MESSAGE_FORWARD_REFUSED,
    Use.EXPORT: AuditAction.MESSAGE_EXPORT_REFUSED,
    Use.COPY: AuditAction.MESSAGE_COPY_REFUSED,
}


def _recorded_consent(message: Message, use: Use, third_party: Agency | None) -> Consent | None:
    """The originator's consent for this node to put ``message`` to ``use``, if recorded."""
    consents = message.consents.filter(scope=_CONSENT_SCOPE[use], holder__is_own=True)
    if third_party is not None:
        consents = consents.filter(third_party__in=[third_party]) | consents.filter(
            third_party__isnull=True
        )
    return consents.order_by("created_at").first()


def handling_allows(message: Message, use: Use, to_agency: Agency | None = None) -> bool:
    """Whether this node may put ``message`` to ``use`` under its handling code (no side effect)."""
    code = HandlingCode(message.handling_code)
    consent = _recorded_consent(message, use, to_agency) if code.needs_consent(use) else None
    provider, holder, consented = message.sender.code, _own().code, consent is not None
    if use is Use.FORWARD:
        assert to_agency is not None
        return code.may_forward(to_agency.code, provider=provider, holder=holder, consent=consented)
    return code.allows(use, provider=provider, holder=holder, consent=consented)


def _require_handling_allows(
    acting_user: User, message: Message, use: Use, to_agency: Agency | None = None
) -> Consent | None:
    """Refuse, with an audit row and no other change, a use the handling code forbids.

    Returns the consent that allowed it, when one was needed.
    """
    code = HandlingCode(message.handling_code)
    if not handling_allows(message, use, to_agency):
        recipient = to_agency.code if to_agency else ""
        with transaction.atomic():
            audit_record(
                acting_user,
                _REFUSED_ACTION[use],
                target=message,
                recipient=recipient,
                extra={"handling_code": code.value},
            )
        raise PermissionDenied(code.refusal(use, provider=message.sender.code, to_agency=recipient))
    return _recorded_consent(message, use, to_agency) if code.needs_consent(use) else None


def _passed_on(message: Message, *, body: str) -> dict[str, Any]:
    """``message_send`` arguments for ``message`` passed on (forwarded or copied) with ``body``."""
    return {
        "kind": MessageKind.SPONTANEOUS_INFORMATION,
        "subject": message.subject,
        "body": body,
        "handling_code": message.handling_code,
        "handling_restriction": message.handling_restriction,
        "source_reliability": message.source_reliability,
        "information_accuracy": message.information_accuracy,
        "language": message.language,
        "person_names": message.person_names,
        "contains_personal_data": message.contains_personal_data,
        "attachments": [UploadedFile(a.filename, bytes(a.data)) for a in message.attachments.all()],
        "forwarded_from": message.id,
    }


def message_forward(
    *, acting_user: User, message: Message, agency_code: str, note: str = ""
) -> Message:
    """Pass a message on to a third agency, in a new case shared with it.

    The handling code decides (jisr.core.handling): H2 items need the originating
    agency's recorded consent first; H3 items are never passed on by a recipient.
    """
    _require(acting_user, OPEN_CASES)
    own = _own()
    target = Agency.objects.filter(code=agency_code).first()
    if target is None or target.is_own:
        raise ValidationError({"agency": [_("Choose an agency to forward to.")]})
    consent = _require_handling_allows(acting_user, message, Use.FORWARD, target)
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
            **_passed_on(message, body=body),
        )
        audit_record(
            acting_user,
            AuditAction.MESSAGE_FORWARD,
            target=message,
            recipient=target.code,
            extra={
                "forwarded_as": str(forwarded.id),
                "originator": message.sender.code,
                "own": own.code,
                **({"consent": str(consent.id)} if consent else {}),
            },
        )
    return forwarded


def message_copy(*, acting_user: User, message: Message, case: Case) -> Message:
    """Copy a message into another case, where it goes to that case's agencies.

    Copying is dissemination: the handling code must allow the copy, and passing the
    item on to each agency of the other case other than its originator.
    """
    _require(acting_user, "exchange.open_cases")
    if case.pk == message.case_id:
        raise ValidationError({"case": [_("Choose another case.")]})
    consent = _require_handling_allows(acting_user, message, Use.COPY)
    for agency in case.participants.exclude(is_own=True).exclude(pk=message.sender_id):
        _require_handling_allows(acting_user, message, Use.FORWARD, agency)
    with transaction.atomic():
        copied = message_send(
            acting_user=acting_user,
            case=case,
            **_passed_on(message, body=message.body),
        )
        audit_record(
            acting_user,
            AuditAction.MESSAGE_COPY,
            target=message,
            justification=case.reference,
            extra={
                "copied_as": str(copied.id),
                "originator": message.sender.code,
                **({"consent": str(consent.id)} if consent else {}),
            },
        )
    return copied


def message_export(*, acting_user: User, message: Message) -> dict[str, Any]:
    """The message as JSON for export, when its handling code allows it.

    H2 items need the originator's recorded consent; H3 items are never exported by a
    recipient.
    """
    consent = _require_handling_allows(acting_user, message, Use.EXPORT)
    with transaction.atomic():
        audit_record(
            acting_user,
            AuditAction.MESSAGE_EXPORT,
            target=message,
            justification=message.case.reference,
            extra={"consent": str(consent.id)} if consent else None,
        )
    data = message_body(message)
    for item in data["attachments"]:
        item.pop("data")
    return data


def consent_grant(
    *, acting_user: User, message: Message, holder_code: str, scope: str, third_party_code: str = ""
) -> Consent:
    """The originating agency consents to a recipient passing the item on (or exporting it)."""
    _require(acting_user, OPEN_CASES)
    require_perm(
        acting_user,
        GRANT_CONSENT,
        _("Only the agency that sent the item may consent to passing it on."),
        obj=message,
    )
    errors: dict[str, list[str]] = {}
    holder = message.recipients.filter(code=holder_code).first()
    if holder is None:
        errors["holder"] = [_("Choose an agency that received the item.")]
    if scope not in Consent.Scope.values:
        errors["scope"] = [_("Choose what the consent allows: forward, export or copy.")]
    elif message.handling_code == HandlingCode.H3:
        errors["scope"] = [
            _(
                "An H3 item's restrictions are stated in its text and consent cannot lift them "
                "here: send the item again under another handling code."
            )
        ]
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
            AuditAction.MESSAGE_CONSENT,
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
