"""Hits"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from jisr.accounts.models import User
from jisr.accounts.roles import Role
from jisr.audit.services import audit_record
from jisr.core import clock
from jisr.core.access import require_perm
from jisr.core.mail import send_pointer_email
from jisr.core.node_settings import node_setting
from jisr.wanted.models import Alert, Hit, Notification, Screening
from jisr.wanted.reference import (
    LOCATING_OUTCOMES,
    HitAction,
    HitOutcome,
    HitStatus,
    Status,
    hit_deadline_hours,
)
from jisr.wanted.services.alerts import _unreplicate
from jisr.wanted.services.common import _bump, _own
from jisr.wanted.services.screening import _set_decision

# -- hits -----------------------------------------------------------------------------


#: Notices that cannot wait for the next login: they also go out as a pointer-only e-mail.
_URGENT_KINDS = frozenset(
    {
        Notification.Kind.HIT_RECEIVED,
        Notification.Kind.HIT_REMINDER,
        Notification.Kind.HIT_OVERDUE,
        Notification.Kind.HIT_RESPONSE,
    }
)


def _notify(users: Any, kind: str, hit: Hit) -> None:
    """Write one in-app notice per user (``users`` is a list or a queryset of users).

    Hits run against a 12-hour deadline, so the urgent kinds also send an e-mail
    to the users who have an address, once the transaction commits. The e-mail
    only points to Jisr: no name, place or alert detail leaves the node by e-mail.
    """
    recipients = list(users)
    Notification.objects.bulk_create([Notification(user=u, kind=kind, hit=hit) for u in recipients])
    if not (node_setting("hit_email") and kind in _URGENT_KINDS):
        return
    subject = _("Jisr: %(notice)s") % {"notice": Notification.Kind(kind).label}
    body = _("Open Jisr to see it. No personal data is sent by e-mail.")
    if kind != Notification.Kind.HIT_RESPONSE and hit.deadline:
        deadline = _("Answer deadline: %(deadline)s UTC.") % {
            "deadline": hit.deadline.strftime("%Y-%m-%d %H:%M")
        }
        body = f"{deadline}\n{body}"
    send_pointer_email((u.email for u in recipients), subject, body)


def _handlers() -> Any:
    return User.objects.filter(
        is_active=True, agency__is_own=True, groups__name=Role.LIAISON_OFFICER
    ).distinct()


def hit_report(
    *,
    acting_user: User,
    alert_id: str,
    circumstances: str,
    location: str,
    seen_at: dt.datetime | None = None,
    document_seen: str = "",
    screening: Screening | None = None,
    subject: int | None = None,
) -> Hit:
    """Confirm a candidate: record the hit and tell the alert's owner (``hit.reported``)."""
    require_perm(acting_user, "wanted.handle_hits", _("You may not report hits."))
    errors: dict[str, str] = {}
    if not (circumstances or "").strip():
        errors["circumstances"] = _("Describe the circumstances.")
    if not (location or "").strip():
        errors["location"] = _("Say where the person was seen.")
    alert_uuid = _uuid_or_none(alert_id)
    if alert_uuid.int == 0:
        errors["alert_id"] = _("This is not an alert id.")
    if errors:
        raise ValidationError(errors)
    alert = (
        Alert.objects.select_related("owner").filter(pk=alert_uuid, status=Status.ACTIVE).first()
    )
    if alert is None:
        raise ValidationError({"alert_id": _("No active alert has this id.")})
    if screening is not None and screening.user_id != acting_user.pk:
        raise PermissionDenied(_("This screening belongs to someone else."))
    own = _own()
    now = clock.now()
    subject_data: dict[str, Any] = {}
    if screening is not None and subject is not None and 0 <= subject < len(screening.subjects):
        subject_data = screening.subjects[subject]
    local = alert.owner_id == own.pk
    with transaction.atomic():
        hit = Hit.objects.create(
            direction=Hit.Direction.INCOMING if local else Hit.Direction.OUTGOING,
            alert_ref=alert.id,
            alert=alert,
            alert_names=alert.names,
            owner_code=alert.owner.code,
            reporter_code=own.code,
            screening=screening,
            subject=subject_data,
            circumstances=circumstances.strip(),
            location=location.strip(),
            seen_at=seen_at or now,
            document_seen=(document_seen or "").strip(),
            reported_by=acting_user,
            reported_at=now,
            deadline=now + dt.timedelta(hours=hit_deadline_hours()),
        )
        if screening is not None and subject is not None:
            _set_decision(screening, subject, str(alert.id), "confirmed")
        audit_record(
            acting_user,
            "hit.report",
            target=hit,
            recipient="" if local else alert.owner.code,
            extra={"alert_id": str(alert.id)},
        )
        if local:
            _notify(_handlers(), Notification.Kind.HIT_RECEIVED, hit)
        else:
            from jisr.federation.services import outbox_enqueue

            outbox_enqueue(
                envelope_type="hit.reported",
                recipient=alert.owner.code,
                body={
                    "hit_id": str(hit.id),
                    "alert_id": str(alert.id),
                    "circumstances": hit.circumstances,
                    "location": hit.location,
                    "seen_at": hit.seen_at.isoformat(),
                    "document_seen": hit.document_seen,
                    "subject": subject_data,
                    "reported_at": now.isoformat(),
                },
            )
    return hit


def hit_received(envelope: Any) -> None:
    """Federation handler for ``hit.reported``: a partner saw the person of one of our alerts."""
    from jisr.federation.registry import PermanentEnvelopeError

    body = envelope.body
    try:
        hit_id = uuid.UUID(str(body["hit_id"]))
        alert = Alert.objects.filter(pk=uuid.UUID(str(body["alert_id"])), is_copy=False).first()
        seen_at = dt.datetime.fromisoformat(body["seen_at"])
    except (KeyError, ValueError, TypeError) as exc:
        raise PermanentEnvelopeError(f"malformed hit: {exc}") from None
    if alert is None or envelope.sender not in alert.shared_with:
        raise PermanentEnvelopeError("no alert of ours was shared with the sender under this id")
    if Hit.objects.filter(pk=hit_id).exists():
        return
    now = clock.now()
    hit = Hit.objects.create(
        id=hit_id,
        direction=Hit.Direction.INCOMING,
        alert_ref=alert.id,
        alert=alert,
        alert_names=alert.names,
        owner_code=alert.owner.code,
        reporter_code=envelope.sender,
        subject=body.get("subject") or {},
        circumstances=str(body.get("circumstances", ""))[:5000],
        location=str(body.get("location", ""))[:300],
        seen_at=seen_at,
        document_seen=str(body.get("document_seen", ""))[:300],
        reported_at=now,
        deadline=now + dt.timedelta(hours=hit_deadline_hours()),
    )
    audit_record(envelope.sender, "hit.received", target=hit, extra={"alert_id": str(alert.id)})
    _notify(_handlers(), Notification.Kind.HIT_RECEIVED, hit)


def hit_respond(*, acting_user: User, hit: Hit, action: str, note: str = "") -> Hit:
    """The owner answers a hit with the action to take (``hit.response`` to the reporter)."""
    require_perm(acting_user, "wanted.handle_hits", _("You may not answer hits."))
    if hit.direction != Hit.Direction.INCOMING or hit.owner_code != _own().code:
        raise PermissionDenied(_("Only the alert's owner answers a hit."))
    errors: dict[str, str] = {}
    if action not in HitAction.values:
        errors["action"] = _("Choose the action to take.")
    if hit.status != HitStatus.REPORTED:
        errors["status"] = _("This hit was already answered.")
    if errors:
        raise ValidationError(errors)
    now = clock.now()
    with transaction.atomic():
        hit.status = HitStatus.RESPONDED
        hit.response_action = action
        hit.response_note = (note or "").strip()
        hit.responded_at = now
        hit.save(update_fields=["status", "response_action", "response_note", "responded_at"])
        local = hit.reporter_code == hit.owner_code
        audit_record(
            acting_user,
            "hit.respond",
            target=hit,
            recipient="" if local else hit.reporter_code,
            extra={"action": action},
        )
        if not local:
            from jisr.federation.services import outbox_enqueue

            outbox_enqueue(
                envelope_type="hit.response",
                recipient=hit.reporter_code,
                body={
                    "hit_id": str(hit.id),
                    "action": action,
                    "note": hit.response_note,
                    "responded_at": now.isoformat(),
                },
            )
    return hit


def hit_response_received(envelope: Any) -> None:
    """Federation handler for ``hit.response``: the owner told us what to do."""
    from jisr.federation.registry import PermanentEnvelopeError

    body = envelope.body
    hit = Hit.objects.filter(
        pk=_uuid_or_none(body.get("hit_id")), direction=Hit.Direction.OUTGOING
    ).first()
    if hit is None or hit.owner_code != envelope.sender:
        raise PermanentEnvelopeError("no hit of ours reported to the sender under this id")
    if body.get("action") not in HitAction.values:
        raise PermanentEnvelopeError("unknown action")
    if hit.status != HitStatus.REPORTED:
        return
    hit.status = HitStatus.RESPONDED
    hit.response_action = body["action"]
    hit.response_note = str(body.get("note", ""))[:5000]
    hit.responded_at = clock.now()
    hit.save(update_fields=["status", "response_action", "response_note", "responded_at"])
    audit_record(
        envelope.sender, "hit.response_received", target=hit, extra={"action": hit.response_action}
    )
    if hit.reported_by is not None:
        _notify([hit.reported_by], Notification.Kind.HIT_RESPONSE, hit)


def _uuid_or_none(value: Any) -> uuid.UUID:
    """The UUID in ``value``, or the nil UUID (which matches no row)."""
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError):
        return uuid.UUID(int=0)


def _apply_outcome(hit: Hit, outcome: str, note: str, actor: Any) -> None:
    hit.status = HitStatus.CLOSED
    hit.outcome = outcome
    hit.outcome_note = note
    hit.outcome_at = clock.now()
    hit.save(update_fields=["status", "outcome", "outcome_note", "outcome_at"])
    alert = hit.alert
    own_code = _own().code
    if (
        outcome in LOCATING_OUTCOMES
        and alert is not None
        and not alert.is_copy
        and hit.owner_code == own_code
        and alert.status == Status.ACTIVE
    ):
        alert.status = Status.LOCATED
        _bump(alert, "status")
        audit_record(actor, "alert.located", target=alert, extra={"hit_id": str(hit.id)})
        _unreplicate(alert, actor, "located")


def hit_record_outcome(*, acting_user: User, hit: Hit, outcome: str, note: str = "") -> Hit:
    """Record what came of a hit, on both sides (``hit.outcome`` to the other agency).

    When the owner records located, arrested or surrendered, its alert is closed as
    located and withdrawn from partners.
    """
    require_perm(acting_user, "wanted.handle_hits", _("You may not handle hits."))
    own = _own().code
    if own not in (hit.owner_code, hit.reporter_code):
        raise PermissionDenied(_("This hit concerns other agencies."))
    errors: dict[str, str] = {}
    if outcome not in HitOutcome.values:
        errors["outcome"] = _("Choose an outcome.")
    if hit.status == HitStatus.CLOSED:
        errors["status"] = _("This hit already has an outcome.")
    if errors:
        raise ValidationError(errors)
    note = (note or "").strip()
    other = hit.reporter_code if own == hit.owner_code else hit.owner_code
    with transaction.atomic():
        _apply_outcome(hit, outcome, note, acting_user)
        audit_record(
            acting_user,
            "hit.outcome",
            target=hit,
            recipient="" if other == own else other,
            extra={"outcome": outcome},
        )
        if other != own:
            from jisr.federation.services import outbox_enqueue

            outbox_enqueue(
                envelope_type="hit.outcome",
                recipient=other,
                body={"hit_id": str(hit.id), "outcome": outcome, "note": note},
            )
    return hit


def hit_outcome_received(envelope: Any) -> None:
    """Federation handler for ``hit.outcome``: the other agency recorded an outcome."""
    from jisr.federation.registry import PermanentEnvelopeError

    body = envelope.body
    hit = Hit.objects.filter(pk=_uuid_or_none(body.get("hit_id"))).first()
    if hit is None or envelope.sender not in (hit.owner_code, hit.reporter_code):
        raise PermanentEnvelopeError("no hit shared with the sender under this id")
    if body.get("outcome") not in HitOutcome.values:
        raise PermanentEnvelopeError("unknown outcome")
    if hit.status == HitStatus.CLOSED:
        return
    _apply_outcome(hit, body["outcome"], str(body.get("note", ""))[:5000], envelope.sender)
    audit_record(
        envelope.sender, "hit.outcome_received", target=hit, extra={"outcome": hit.outcome}
    )
    recipients: list[User] = [hit.reported_by] if hit.reported_by is not None else list(_handlers())
    _notify(recipients, Notification.Kind.HIT_OUTCOME, hit)


def hits_check_deadlines() -> int:
    """Worker: remind handlers at half time, escalate to supervisors when overdue."""
    now = clock.now()
    changed = 0
    pending = Hit.objects.filter(direction=Hit.Direction.INCOMING, status=HitStatus.REPORTED)
    for hit in pending.filter(reminder_sent=False):
        half = hit.reported_at + (hit.deadline - hit.reported_at) / 2
        if now >= half:
            with transaction.atomic():
                hit.reminder_sent = True
                hit.save(update_fields=["reminder_sent"])
                _notify(_handlers(), Notification.Kind.HIT_REMINDER, hit)
                audit_record("system", "hit.reminder", target=hit)
            changed += 1
    for hit in pending.filter(escalated=False, deadline__lt=now):
        supervisors = User.objects.filter(
            is_active=True, agency__is_own=True, groups__name=Role.SUPERVISOR
        ).distinct()
        with transaction.atomic():
            hit.escalated = True
            hit.save(update_fields=["escalated"])
            _notify(supervisors, Notification.Kind.HIT_OVERDUE, hit)
            audit_record("system", "hit.escalate", target=hit)
        changed += 1
    return changed


def notification_mark_read(*, acting_user: User, notification: Notification) -> None:
    if notification.user_id != acting_user.pk:
        raise PermissionDenied(_("This notice is for someone else."))
    notification.read_at = clock.now()
    notification.save(update_fields=["read_at"])
