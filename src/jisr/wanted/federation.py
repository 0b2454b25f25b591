"""How alerts and hits travel between nodes.

- ``wanted.alert`` (replicated, owner = the agency that recorded it): read-only copies on
  the partners it is shared with, withdrawn when the owner withdraws it;
- ``hit.reported`` (to the owner), ``hit.response`` and ``hit.outcome`` (both ways).
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.core.exceptions import ValidationError

from jisr.accounts.models import Agency
from jisr.audit.actions import AuditAction
from jisr.audit.services import audit_record
from jisr.core import clock
from jisr.core.deadlines import deadline_fields
from jisr.federation.registry import PermanentEnvelopeError
from jisr.federation.wire import wire_datetime_or_none
from jisr.wanted import reference
from jisr.wanted.models import Alert, Hit

HIT_REPORTED = "hit.reported"
HIT_RESPONSE = "hit.response"
HIT_OUTCOME = "hit.outcome"

# -- bodies ----------------------------------------------------------------------------------


def hit_reported_body(hit: Hit) -> dict[str, Any]:
    return {
        "hit_id": str(hit.id),
        "alert_id": str(hit.alert_ref),
        "circumstances": hit.circumstances,
        "location": hit.location,
        "seen_at": hit.seen_at.isoformat(),
        "document_seen": hit.document_seen,
        "subject": hit.subject,
        "reported_at": hit.reported_at.isoformat(),
    }


def hit_response_body(hit: Hit) -> dict[str, Any]:
    assert hit.responded_at is not None
    return {
        "hit_id": str(hit.id),
        "action": hit.response_action,
        "note": hit.response_note,
        "responded_at": hit.responded_at.isoformat(),
    }


def hit_outcome_body(hit: Hit) -> dict[str, Any]:
    return {"hit_id": str(hit.id), "outcome": hit.outcome, "note": hit.outcome_note}


# -- send (always inside the caller's transaction) -------------------------------------------


def send_hit(envelope_type: str, hit: Hit, recipient: str) -> None:
    """Write a hit envelope (reported, response or outcome) to the outbox for ``recipient``."""
    from jisr.federation.services import outbox_enqueue

    body = {
        HIT_REPORTED: hit_reported_body,
        HIT_RESPONSE: hit_response_body,
        HIT_OUTCOME: hit_outcome_body,
    }[envelope_type](hit)
    outbox_enqueue(envelope_type=envelope_type, recipient=recipient, body=body)


# -- receive: partner copies (``wanted.alert``) ----------------------------------------------


def copy_upsert(sender: str, record_id: str, version: int, body: dict[str, Any]) -> None:
    """Store or refresh the read-only copy of a partner's alert."""
    from jisr.wanted.services.alerts import _clean_alert_data

    owner = Agency.objects.filter(code=sender).first()
    if owner is None or owner.is_own:
        raise PermanentEnvelopeError("unknown owner agency")
    existing = Alert.objects.filter(pk=record_id).first()
    if existing is not None and (not existing.is_copy or existing.owner_id != owner.pk):
        raise PermanentEnvelopeError("alert id belongs to another owner")
    try:
        cleaned = _clean_alert_data({**body, "nationality": body.get("nationalities")})
    except ValidationError as exc:
        raise PermanentEnvelopeError(f"invalid alert body: {exc.messages}") from None
    alert = existing or Alert(id=uuid.UUID(record_id), owner=owner, is_copy=True)
    for key, value in cleaned.items():
        setattr(alert, key, value)
    alert.status = reference.Status.ACTIVE
    alert.version = int(version)
    alert.review_date = _date_or_none(body.get("review_date"))
    alert.expires_on = _date_or_none(body.get("expires_on"))
    alert.restricted_at = wire_datetime_or_none(body.get("restricted_since"))
    alert.shared_with = []
    alert.updated_at = clock.now()
    alert.refresh_names_text()
    alert.save()
    audit_record(
        sender, AuditAction.ALERT_COPY_RECEIVED, target=alert, extra={"version": int(version)}
    )


def _date_or_none(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def copy_withdraw(sender: str, record_id: str) -> None:
    """Delete the copy of a partner's alert; only the audit trail remains."""
    deleted, _rows = Alert.objects.filter(pk=record_id, is_copy=True, owner__code=sender).delete()
    if deleted:
        audit_record(sender, AuditAction.ALERT_COPY_WITHDRAWN, target=("wanted.alert", record_id))


def alert_body_for(record_id: str) -> tuple[int, dict[str, Any]] | None:
    """Owner side of reconciliation: the current shared state of one alert, or None."""
    from jisr.wanted.services.alerts import alert_body

    alert = Alert.objects.filter(
        pk=record_id, is_copy=False, status=reference.Status.ACTIVE
    ).first()
    if alert is None or not alert.shared_with:
        return None
    return alert.version, alert_body(alert)


# -- receive: hits -----------------------------------------------------------------------------


def hit_received(envelope: Any) -> None:
    """``hit.reported``: a partner saw the person of one of our alerts."""
    from jisr.wanted.services.hits import _handlers, _notify

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
        **deadline_fields(now, now + dt.timedelta(hours=reference.hit_deadline_hours())),
    )
    audit_record(
        envelope.sender, AuditAction.HIT_RECEIVED, target=hit, extra={"alert_id": str(alert.id)}
    )
    _notify(_handlers(), reference.NoticeKind.HIT_RECEIVED, hit)


def hit_response_received(envelope: Any) -> None:
    """``hit.response``: the owner told us what to do."""
    from jisr.wanted.services.hits import _notify, _uuid_or_none

    body = envelope.body
    hit = Hit.objects.filter(
        pk=_uuid_or_none(body.get("hit_id")), direction=Hit.Direction.OUTGOING
    ).first()
    if hit is None or hit.owner_code != envelope.sender:
        raise PermanentEnvelopeError("no hit of ours reported to the sender under this id")
    if body.get("action") not in reference.HitAction.values:
        raise PermanentEnvelopeError("unknown action")
    if hit.status != reference.HitStatus.REPORTED:
        return
    hit.status = reference.HitStatus.RESPONDED
    hit.response_action = body["action"]
    hit.response_note = str(body.get("note", ""))[:5000]
    hit.responded_at = clock.now()
    hit.save(update_fields=["status", "response_action", "response_note", "responded_at"])
    audit_record(
        envelope.sender,
        AuditAction.HIT_RESPONSE_RECEIVED,
        target=hit,
        extra={"action": hit.response_action},
    )
    if hit.reported_by is not None:
        _notify([hit.reported_by], reference.NoticeKind.HIT_RESPONSE, hit)


def hit_outcome_received(envelope: Any) -> None:
    """``hit.outcome``: the other agency recorded an outcome."""
    from jisr.accounts.models import User
    from jisr.wanted.services.hits import _apply_outcome, _handlers, _notify, _uuid_or_none

    body = envelope.body
    hit = Hit.objects.filter(pk=_uuid_or_none(body.get("hit_id"))).first()
    if hit is None or envelope.sender not in (hit.owner_code, hit.reporter_code):
        raise PermanentEnvelopeError("no hit shared with the sender under this id")
    if body.get("outcome") not in reference.HitOutcome.values:
        raise PermanentEnvelopeError("unknown outcome")
    if hit.status == reference.HitStatus.CLOSED:
        return
    _apply_outcome(hit, body["outcome"], str(body.get("note", ""))[:5000], envelope.sender)
    audit_record(
        envelope.sender,
        AuditAction.HIT_OUTCOME_RECEIVED,
        target=hit,
        extra={"outcome": hit.outcome},
    )
    recipients: list[User] = [hit.reported_by] if hit.reported_by is not None else list(_handlers())
    _notify(recipients, reference.NoticeKind.HIT_OUTCOME, hit)


# -- ownership and catch-up, as the replication layer asks ----------------------------------


def alert_owner(record_id: str) -> str | None:
    """Who owns the alert with this id on this node (own alerts included), or None."""
    return Alert.objects.filter(pk=record_id).values_list("owner__code", flat=True).first()


def alert_audience() -> list[tuple[str, int, list[str]]]:
    """Own active alerts and the agencies each is shared with (for the catch-up task)."""
    alerts = Alert.objects.filter(is_copy=False, status=reference.Status.ACTIVE)
    return [
        (str(pk), version, list(shared))
        for pk, version, shared in alerts.values_list("pk", "version", "shared_with")
        if shared
    ]


# -- registration ----------------------------------------------------------------------------


def register() -> None:
    """Called from WantedConfig.ready()."""
    from jisr.federation.registry import register_handler, register_replicated_type
    from jisr.wanted import services

    register_replicated_type(
        services.RECORD_TYPE,
        on_upsert=copy_upsert,
        on_withdraw=copy_withdraw,
        body_for=alert_body_for,
        owner_of=alert_owner,
        audience=alert_audience,
    )
    register_handler(HIT_REPORTED, hit_received)
    register_handler(HIT_RESPONSE, hit_response_received)
    register_handler(HIT_OUTCOME, hit_outcome_received)
