"""How alerts and hits travel between nodes.

- ``wanted.alert`` (replicated, owner = the agency that recorded it): read-only copies on
  the partners it is shared with, withdrawn when the owner withdraws it;
- ``hit.reported`` (to the owner), ``hit.response`` and ``hit.outcome`` (both ways).
"""

from __future__ import annotations

from jisr.wanted.reference import Status


def alert_owner(record_id: str) -> str | None:
    """Who owns the alert with this id on this node (own alerts included), or None."""
    from jisr.wanted.models import Alert

    return Alert.objects.filter(pk=record_id).values_list("owner__code", flat=True).first()


def alert_audience() -> list[tuple[str, int, list[str]]]:
    """Own active alerts and the agencies each is shared with (for the catch-up task)."""
    from jisr.wanted.models import Alert

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
        on_upsert=services.copy_upsert,
        on_withdraw=services.copy_withdraw,
        body_for=services.alert_body_for,
        owner_of=alert_owner,
        audience=alert_audience,
    )
    register_handler("hit.reported", services.hit_received)
    register_handler("hit.response", services.hit_response_received)
    register_handler("hit.outcome", services.hit_outcome_received)
