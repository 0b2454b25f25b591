"""What this node does with exchange envelopes and replicated cases it receives."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from jisr.exchange import services


def _malformed(exc: Exception) -> Exception:
    from jisr.federation.registry import PermanentEnvelopeError

    return PermanentEnvelopeError(f"malformed exchange envelope: {exc!r}"[:300])


def _on_message(envelope: Any) -> object:
    try:
        return services.message_receive(sender=envelope.sender, body=envelope.body)
    except (KeyError, ValueError, TypeError, ValidationError) as exc:
        raise _malformed(exc) from exc


def _on_ack(envelope: Any) -> None:
    try:
        services.ack_receive(sender=envelope.sender, body=envelope.body)
    except (KeyError, ValueError, TypeError, ValidationError) as exc:
        raise _malformed(exc) from exc


def _on_consent(envelope: Any) -> None:
    try:
        services.consent_receive(sender=envelope.sender, body=envelope.body)
    except (KeyError, ValueError, TypeError, ValidationError) as exc:
        raise _malformed(exc) from exc


def register() -> None:
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
    )
