"""The request desk: time limits (Art. 5), release review (four eyes), assignment, refusal
and clarification (Art. 6, Art. 9).

The requested side is the authority on a request's limit: every change it makes (correction
of accessibility, suspension, resumption, extension) is a ``LimitChange`` in the request's
time line, a row of the audit log and an ``exchange.limit`` envelope that sets the same state
on the requester's copy. A suspended limit is out of the deadline sweep; on resumption
``due_at`` (and a reminder not yet sent) move by the time spent suspended.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from jisr.accounts.models import User
from jisr.audit.services import audit_record
from jisr.core import bounds, clock
from jisr.core.access import require_perm
from jisr.core.deadlines import deadline_fields
from jisr.core.handling import HandlingCode
from jisr.exchange.actions import DeskAction
from jisr.exchange.models import (
    Assignment,
    LimitChange,
    Message,
    MessageKind,
    Outcome,
    Priority,
    RefusalGround,
    ReleaseStatus,
    SuspensionReason,
    TimeLimit,
)
from jisr.exchange.notice_kinds import NoticeKind
from jisr.exchange.permissions import RELEASE_MESSAGES, WORK_DESK
from jisr.exchange.services.common import _display_name, _notify, _own, deadline_hours

LIMIT_ENVELOPE = "exchange.limit"
#: Longest extension one decision may add.
MAX_EXTENSION_HOURS = 24 * 30
MAX_REASON = 2000

# --- time limits ---------------------------------------------------------------------------


def time_limit_for(kind: str, priority: str, directly_accessible: bool | None) -> str:
    """The tier of a request: 8 h urgent and direct, 3 days urgent and indirect, else 7 days."""
    if kind not in (MessageKind.REQUEST_INFORMATION, MessageKind.REQUEST_ASSISTANCE):
        return ""
    if priority == Priority.URGENT:
        # Without the answer a request is taken as directly accessible (the 8 h of old).
        return (
            TimeLimit.URGENT_INDIRECT if directly_accessible is False else TimeLimit.URGENT_DIRECT
        )
    return TimeLimit.OTHER


def limit_duration(time_limit: str) -> dt.timedelta:
    """The length of a tier; 8 h and 7 d follow the node's urgent and normal settings."""
    if time_limit == TimeLimit.URGENT_DIRECT:
        return dt.timedelta(hours=deadline_hours(Priority.URGENT))
    if time_limit == TimeLimit.URGENT_INDIRECT:
        return dt.timedelta(days=3)
    return dt.timedelta(hours=deadline_hours(Priority.NORMAL))


def limit_start(message: Message, now: dt.datetime, *, by: str, remind: bool) -> None:
    """Start the limit of a request leaving now (at sending, or at its release)."""
    due = now + limit_duration(message.time_limit)
    for name, value in deadline_fields(now, due, remind=remind).items():
        setattr(message, name, value)
    message.limit_started_at = now
    message.save(update_fields=["due_at", "remind_at", "limit_started_at"])
    LimitChange.objects.create(
        message=message,
        event=LimitChange.Event.SET,
        at=now,
        by_name=by,
        agency=message.sender,
        time_limit=message.time_limit,
        due_after=due,
    )


def _shift(message: Message, delta: dt.timedelta) -> list[str]:
    """Move the due time, and a reminder not yet sent, by ``delta``."""
    assert message.due_at is not None
    message.due_at = message.due_at + delta
    fields = ["due_at"]
    if message.remind_at is not None and message.reminded_at is None:
        message.remind_at = message.remind_at + delta
        fields.append("remind_at")
    return fields


def _incoming_request(acting_user: User, message: Message, perm: str = WORK_DESK) -> None:
    """A partner's open request, for a desk member of this node."""
    require_perm(acting_user, perm, _("You do not work the request desk."), obj=message)
    own = _own()
    errors: list[str] = []
    if not message.is_request:
        errors.append(_("This message is not a request."))
    elif message.sender_id == own.id:
        errors.append(_("Only the requested agency may do this."))
    elif message.answered_at is not None or message.outcome:
        errors.append(_("This request is closed."))
    if errors:
        raise ValidationError({"message": errors})


def _reason(reason: str, field: str = "reason") -> str:
    text = (reason or "").strip()
    if not text:
        raise ValidationError({field: [_("Give the reason.")]})
    if len(text) > MAX_REASON:
        raise ValidationError({field: [_("At most %(n)d characters.") % {"n": MAX_REASON}]})
    return text


def limit_body(change: LimitChange) -> dict[str, Any]:
    message = change.message
    return {
        "message_id": str(message.id),
        "event": change.event,
        "at": change.at.isoformat(),
        "by_name": change.by_name,
        "reason": change.reason,
        "time_limit": message.time_limit,
        "directly_accessible": message.directly_accessible,
        "due_at": message.due_at.isoformat() if message.due_at else None,
        "suspended_at": message.suspended_at.isoformat() if message.suspended_at else None,
        "suspension_reason": message.suspension_reason,
        "outcome": message.outcome,
    }


def _record_change(
    acting_user: User | str,
    message: Message,
    *,
    event: str,
    reason: str,
    due_before: dt.datetime | None,
    now: dt.datetime,
) -> LimitChange:
    """The time line row, the audit row and the envelope to the requester."""
    from jisr.federation.services import outbox_enqueue

    by = acting_user if isinstance(acting_user, str) else _display_name(acting_user)
    change = LimitChange.objects.create(
        message=message,
        event=event,
        at=now,
        by_name=by,
        agency=_own(),
        reason=reason,
        time_limit=message.time_limit,
        due_before=due_before,
        due_after=message.due_at,
    )
    audit_record(
        acting_user if not isinstance(acting_user, str) else "system",
        DeskAction.LIMIT,
        target=message,
        justification=reason,
        extra={
            "event": event,
            "time_limit": message.time_limit,
            "due": [
                due_before.isoformat() if due_before else None,
                message.due_at.isoformat() if message.due_at else None,
            ],
        },
    )
    if not message.sender.is_own:
        outbox_enqueue(
            envelope_type=LIMIT_ENVELOPE, recipient=message.sender.code, body=limit_body(change)
        )
    return change


def limit_correct(
    *, acting_user: User, message: Message, directly_accessible: bool, reason: str
) -> Message:
    """The requested side corrects whether the information is directly accessible; the tier
    and the due time are computed again from the start of the limit."""
    _incoming_request(acting_user, message)
    text = _reason(reason)
    if message.directly_accessible is directly_accessible:
        raise ValidationError(
            {"directly_accessible": [_("The request already says so: nothing to correct.")]}
        )
    with transaction.atomic():
        now = clock.now()
        before = message.due_at
        old_tier = message.time_limit
        message.directly_accessible = directly_accessible
        message.time_limit = time_limit_for(message.kind, message.priority, directly_accessible)
        start = message.limit_started_at or message.created_at
        message.due_at = start + limit_duration(message.time_limit)
        if before is not None and message.time_limit != old_tier and message.suspended_at is None:
            # any suspension already taken keeps counting in the requested side's favour
            message.due_at += max(dt.timedelta(0), before - (start + limit_duration(old_tier)))
        message.save(update_fields=["directly_accessible", "time_limit", "due_at"])
        _record_change(
            acting_user,
            message,
            event=LimitChange.Event.CORRECTED,
            reason=text,
            due_before=before,
            now=now,
        )
    return message


def limit_suspend(
    *, acting_user: User, message: Message, reason: str, cause: str = SuspensionReason.JUDICIAL
) -> Message:
    """Stop the limit while we wait for a clarification or a judicial authorisation (Art. 9)."""
    _incoming_request(acting_user, message)
    if cause not in SuspensionReason.values:
        raise ValidationError({"cause": [_("Choose why the limit is suspended.")]})
    text = _reason(reason)
    if message.suspended_at is not None:
        raise ValidationError({"message": [_("The limit is already suspended.")]})
    with transaction.atomic():
        _suspend(acting_user, message, cause=cause, reason=text)
    return message


def _suspend(acting_user: User, message: Message, *, cause: str, reason: str) -> None:
    now = clock.now()
    message.suspended_at = now
    message.suspension_reason = cause
    message.save(update_fields=["suspended_at", "suspension_reason"])
    _record_change(
        acting_user,
        message,
        event=LimitChange.Event.SUSPENDED,
        reason=reason,
        due_before=message.due_at,
        now=now,
    )


def limit_resume(*, acting_user: User | str, message: Message, reason: str = "") -> Message:
    """The limit runs again; the due time moves by the time spent suspended."""
    if isinstance(acting_user, User):
        _incoming_request(acting_user, message)
    if message.suspended_at is None:
        raise ValidationError({"message": [_("The limit is not suspended.")]})
    with transaction.atomic():
        now = clock.now()
        before = message.due_at
        fields = ["suspended_at", "suspension_reason"]
        if message.due_at is not None:
            fields += _shift(message, now - message.suspended_at)
        message.suspended_at = None
        message.suspension_reason = ""
        message.save(update_fields=fields)
        _record_change(
            acting_user,
            message,
            event=LimitChange.Event.RESUMED,
            reason=reason,
            due_before=before,
            now=now,
        )
    return message


def limit_extend(*, acting_user: User, message: Message, hours: float, reason: str) -> Message:
    """An extension agreed with the requester, with its reason."""
    _incoming_request(acting_user, message)
    text = _reason(reason)
    try:
        amount = float(hours)
    except (TypeError, ValueError):
        amount = -1
    if not 1 <= amount <= MAX_EXTENSION_HOURS:
        raise ValidationError(
            {
                "hours": [
                    _("An extension is between 1 and %(n)d hours.") % {"n": MAX_EXTENSION_HOURS}
                ]
            }
        )
    if message.due_at is None:
        raise ValidationError({"message": [_("This request has no time limit yet.")]})
    with transaction.atomic():
        now = clock.now()
        before = message.due_at
        fields = _shift(message, dt.timedelta(hours=amount))
        if message.overdue_notified_at is not None and message.due_at > now:
            message.overdue_notified_at = None
            message.escalated_at = None
            fields += ["overdue_notified_at", "escalated_at"]
        message.save(update_fields=fields)
        _record_change(
            acting_user,
            message,
            event=LimitChange.Event.EXTENDED,
            reason=text,
            due_before=before,
            now=now,
        )
    return message


# --- release review (four eyes) ------------------------------------------------------------


def needs_release(
    *,
    rule: str,
    handling_code: str,
    contains_personal_data: bool,
    person_names: Sequence[str],
    personal_entities: bool,
    attachments: bool,
) -> bool:
    """Whether an outgoing message waits for a second person under the agency's rule."""
    from jisr.exchange.desk_settings import ReleaseRule

    if rule == ReleaseRule.ALWAYS:
        return True
    if rule == ReleaseRule.H2_H3:
        return handling_code in (HandlingCode.H2, HandlingCode.H3)
    return bool(contains_personal_data or person_names or personal_entities or attachments)


def releasers() -> list[User]:
    """Active users of this node's agency who may release messages."""
    own = _own()
    users = User.objects.filter(agency=own, is_active=True).prefetch_related("groups")
    return [u for u in users if RELEASE_MESSAGES in u.get_all_permissions()]


def _pending(acting_user: User, message: Message) -> None:
    if message.release_status != ReleaseStatus.PENDING:
        raise ValidationError({"message": [_("This message is not waiting for release.")]})
    if message.author_id == acting_user.pk:
        raise PermissionDenied(_("Four eyes: the author of a message may not release it."))
    require_perm(
        acting_user,
        RELEASE_MESSAGES,
        _("You may not release messages of this agency."),
        obj=message,
    )


def message_release(*, acting_user: User, message: Message, reason: str) -> Message:
    """A second person releases a held message: it leaves now, its limit starts now."""
    from jisr.exchange.services.messages import message_dispatch

    _pending(acting_user, message)
    text = _reason(reason)
    with transaction.atomic():
        locked = Message.objects.select_for_update().get(pk=message.pk)
        if locked.release_status != ReleaseStatus.PENDING:
            raise ValidationError({"message": [_("This message is not waiting for release.")]})
        now = clock.now()
        message.release_status = ReleaseStatus.RELEASED
        message.released_by = acting_user
        message.released_at = now
        message.release_reason = text
        message.save(
            update_fields=["release_status", "released_by", "released_at", "release_reason"]
        )
        if message.time_limit:
            limit_start(message, now, by=_display_name(acting_user), remind=False)
        audit_record(
            acting_user,
            DeskAction.RELEASE,
            target=message,
            justification=text,
            extra={"case": message.case.reference, "author": message.author_name},
        )
        message_dispatch(acting_user, message)
    return message


def message_return(*, acting_user: User, message: Message, reason: str) -> Message:
    """A second person sends a held message back to its author, with the reason; it never leaves."""
    _pending(acting_user, message)
    text = _reason(reason)
    with transaction.atomic():
        message.release_status = ReleaseStatus.RETURNED
        message.released_by = acting_user
        message.released_at = clock.now()
        message.release_reason = text
        message.save(
            update_fields=["release_status", "released_by", "released_at", "release_reason"]
        )
        audit_record(
            acting_user,
            DeskAction.RETURN,
            target=message,
            justification=text,
            extra={"case": message.case.reference},
        )
        if message.author is not None:
            _notify([message.author], kind=NoticeKind.RETURNED, message=message)
    return message


# --- assignment ----------------------------------------------------------------------------


def request_assign(*, acting_user: User, message: Message, username: str) -> Message:
    """A desk member gives a partner's request to a handler (or takes it); each change is kept."""
    _incoming_request(acting_user, message)
    own = _own()
    handler = User.objects.filter(username=(username or "").strip(), is_active=True).first()
    if handler is None or handler.agency_id != own.id or not handler.has_perm(WORK_DESK, message):
        raise ValidationError({"username": [_("Choose a member of the desk of this agency.")]})
    if message.assignee_id == handler.pk:
        raise ValidationError({"username": [_("The request is already assigned to this person.")]})
    with transaction.atomic():
        previous = message.assignee
        message.assignee = handler
        message.save(update_fields=["assignee"])
        Assignment.objects.create(
            message=message,
            assignee=handler,
            assignee_name=_display_name(handler),
            by_name=_display_name(acting_user),
        )
        audit_record(
            acting_user,
            DeskAction.ASSIGN,
            target=message,
            extra={
                "changes": {
                    "assignee": [previous.get_username() if previous else None, handler.username]
                }
            },
        )
        if handler.pk != acting_user.pk:
            _notify([handler], kind=NoticeKind.ASSIGNED, message=message)
    return message


# --- answers ---------------------------------------------------------------------------------


def _answer_fields(request: Message) -> dict[str, Any]:
    return {
        "case": request.case,
        "in_reply_to": str(request.id),
        "handling_code": request.handling_code,
        "handling_restriction": request.handling_restriction,
        "source_reliability": "A",
        "information_accuracy": "1",
        "language": request.language,
    }


def request_refuse(
    *,
    acting_user: User,
    message: Message,
    grounds: Sequence[str],
    explanation: str,
    partial: bool = False,
) -> Message:
    """Refuse a partner's request (or part of it) on grounds of the controlled list (Art. 6).

    The refusal is a message in the thread carrying the grounds, so the requester sees them.
    """
    from jisr.exchange.services.messages import message_send

    _incoming_request(acting_user, message)
    errors: dict[str, list[str]] = {}
    codes = list(dict.fromkeys(g for g in grounds or [] if isinstance(g, str)))
    unknown = [g for g in codes if g not in RefusalGround.values]
    if not codes:
        errors["grounds"] = [_("Give at least one ground of refusal.")]
    elif unknown or len(codes) != len(list(grounds)):
        errors["grounds"] = [
            _("Unknown ground of refusal: %(codes)s.") % {"codes": ", ".join(map(str, unknown))}
        ]
    text = (explanation or "").strip()
    if not text:
        errors["explanation"] = [_("Explain the refusal to the requester.")]
    elif len(text) > bounds.MAX_LONG_TEXT:
        errors["explanation"] = [_("At most %(n)d characters.") % {"n": bounds.MAX_LONG_TEXT}]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        refusal = message_send(
            acting_user=acting_user,
            kind=MessageKind.REFUSAL,
            subject=(_("Partly refused: %(s)s") if partial else _("Refused: %(s)s"))
            % {"s": message.subject},
            body=text,
            refusal_grounds=codes,
            partial=partial,
            **_answer_fields(message),
        )
        audit_record(
            acting_user,
            DeskAction.REFUSE,
            target=message,
            justification=text[:500],
            extra={"grounds": codes, "partial": partial, "refusal": str(refusal.id)},
        )
    return refusal


def request_clarify(*, acting_user: User, message: Message, question: str) -> Message:
    """Ask the requester for a clarification; the limit stops until the answer arrives."""
    from jisr.exchange.services.messages import message_send

    _incoming_request(acting_user, message)
    text = (question or "").strip()
    if not text:
        raise ValidationError({"question": [_("Write the question for the requester.")]})
    if len(text) > bounds.MAX_LONG_TEXT:
        raise ValidationError(
            {"question": [_("At most %(n)d characters.") % {"n": bounds.MAX_LONG_TEXT}]}
        )
    if message.suspended_at is not None:
        raise ValidationError({"message": [_("The limit is already suspended.")]})
    with transaction.atomic():
        asked = message_send(
            acting_user=acting_user,
            kind=MessageKind.CLARIFICATION_REQUEST,
            subject=_("Clarification: %(s)s") % {"s": message.subject},
            body=text,
            **_answer_fields(message),
        )
        _suspend(acting_user, message, cause=SuspensionReason.CLARIFICATION, reason=text[:500])
        audit_record(
            acting_user, DeskAction.CLARIFY, target=message, extra={"question": str(asked.id)}
        )
    return asked


def resume_after_clarification(reply: Message) -> None:
    """The requester answered our clarification request: the request's limit runs again."""
    if reply.in_reply_to is None:
        return
    asked = Message.objects.filter(
        id=reply.in_reply_to, kind=MessageKind.CLARIFICATION_REQUEST, sender__is_own=True
    ).first()
    if asked is None or asked.in_reply_to is None:
        return
    request = Message.objects.filter(
        id=asked.in_reply_to, suspension_reason=SuspensionReason.CLARIFICATION
    ).first()
    if request is not None and request.suspended_at is not None:
        limit_resume(
            acting_user=reply.sender.code,
            message=request,
            reason=_("Clarification received."),
        )


def request_withdraw(*, acting_user: User, message: Message, reason: str) -> Message:
    """The requester withdraws its own open request; the partner's copy closes too."""
    from jisr.exchange.permissions import OPEN_CASES
    from jisr.federation.services import outbox_enqueue

    require_perm(acting_user, OPEN_CASES, _("You may not do this."), obj=message)
    if (
        not message.is_request
        or not message.sender.is_own
        or message.sender_id != acting_user.agency_id
    ):
        raise ValidationError({"message": [_("Only the requester may withdraw its request.")]})
    if message.outcome or message.answered_at is not None:
        raise ValidationError({"message": [_("This request is closed.")]})
    text = _reason(reason)
    with transaction.atomic():
        now = clock.now()
        message.outcome = Outcome.WITHDRAWN
        message.answered_at = now
        message.save(update_fields=["outcome", "answered_at"])
        change = LimitChange.objects.create(
            message=message,
            event=LimitChange.Event.WITHDRAWN,
            at=now,
            by_name=_display_name(acting_user),
            agency=message.sender,
            reason=text,
            time_limit=message.time_limit,
            due_before=message.due_at,
        )
        audit_record(
            acting_user,
            DeskAction.OUTCOME,
            target=message,
            justification=text,
            extra={"outcome": Outcome.WITHDRAWN},
        )
        if message.release_status != ReleaseStatus.PENDING:
            for agency in message.recipients.all():
                outbox_enqueue(
                    envelope_type=LIMIT_ENVELOPE,
                    recipient=agency.code,
                    body=limit_body(change),
                )
        else:
            message.release_status = ReleaseStatus.RETURNED
            message.save(update_fields=["release_status"])
    return message


def settle(parent: Message | None, reply: Message) -> None:
    """An answer, a partial answer or a refusal from the requested side closes the request."""
    if (
        parent is None
        or not parent.is_request
        or parent.answered_at is not None
        or parent.sender_id == reply.sender_id
        or reply.kind == MessageKind.CLARIFICATION_REQUEST
    ):
        return
    if reply.kind == MessageKind.REFUSAL:
        outcome = Outcome.PARTLY_ANSWERED if reply.partial else Outcome.REFUSED
    else:
        outcome = Outcome.PARTLY_ANSWERED if reply.partial else Outcome.ANSWERED
    parent.answered_at = reply.created_at
    parent.outcome = outcome
    fields = ["answered_at", "outcome"]
    if parent.suspended_at is not None:
        parent.suspended_at = None
        parent.suspension_reason = ""
        fields += ["suspended_at", "suspension_reason"]
    parent.save(update_fields=fields)


def message_url(message: Message) -> str:
    return reverse("exchange:message_detail", args=[message.id])
