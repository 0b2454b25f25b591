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
from jisr.federation.registry import PermanentEnvelopeError
from jisr.wanted.models import Alert
from jisr.wanted.reference import Status

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
    alert.status = Status.ACTIVE
    alert.version = int(version)
    alert.review_date = _date_or_none(body.get("review_date"))
    alert.expires_on = _date_or_none(body.get("expires_on"))
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

    alert = Alert.objects.filter(pk=record_id, is_copy=False, status=Status.ACTIVE).first()
    if alert is None or not alert.shared_with:
        return None
    return alert.version, alert_body(alert)


# -- ownership and catch-up, as the replication layer asks ----------------------------------


def alert_owner(record_id: str) -> str | None:
    """Who owns the alert with this id on this node (own alerts included), or None."""
    return Alert.objects.filter(pk=record_id).values_list("owner__code", flat=True).first()


def alert_audience() -> list[tuple[str, int, list[str]]]:
    """Own active alerts and the agencies each is shared with (for the catch-up task)."""
    alerts = Alert.objects.filter(is_copy=False, status=Status.ACTIVE)
    return [
        (str(pk), version, list(shared))
        for pk, version, shared in alerts.values_list("pk", "version", "shared_with")
        if shared
    ]


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
    register_handler("hit.reported", services.hit_received)
    register_handler("hit.response", services.hit_response_received)
    register_handler("hit.outcome", services.hit_outcome_received)
