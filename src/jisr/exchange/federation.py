"""How cases and messages travel between nodes.

- ``exchange.case`` (replicated, owner = the agency that opened it): read-only copies on
  the participating agencies' nodes;
- ``exchange.message``, ``exchange.ack`` and ``exchange.consent``: envelopes to one
  partner. A malformed body is a permanent failure (the registry's default errors).
"""

from __future__ import annotations

from typing import Any

from jisr.exchange import services


def case_owner(record_id: str) -> str | None:
    """Who owns the case with this id on this node (own cases included), or None."""
    from jisr.exchange.models import Case

    return Case.objects.filter(id=record_id).values_list("owner__code", flat=True).first()


def _on_message(envelope: Any) -> object:
    return services.message_receive(sender=envelope.sender, body=envelope.body)


def _on_ack(envelope: Any) -> None:
    services.ack_receive(sender=envelope.sender, body=envelope.body)


def _on_consent(envelope: Any) -> None:
    services.consent_receive(sender=envelope.sender, body=envelope.body)


def register() -> None:
    """Called from ExchangeConfig.ready()."""
    from jisr.federation.registry import register_handler, register_replicated_type

    register_handler(services.MESSAGE_ENVELOPE, _on_message)
    register_handler(services.ACK_ENVELOPE, _on_ack)
    register_handler(services.CONSENT_ENVELOPE, _on_consent)
    register_replicated_type(
        services.CASE_RECORD,
        on_upsert=lambda sender, record_id, version, body: services.case_apply_copy(
            sender=sender, record_id=record_id, version=version, body=body
        ),
        on_withdraw=lambda sender, record_id: services.case_withdraw_copy(
            sender=sender, record_id=record_id
        ),
        body_for=services.case_state_for,
        owner_of=case_owner,
    )
