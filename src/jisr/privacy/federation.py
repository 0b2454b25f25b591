"""Data protection's envelopes: consultation receipts and data-subject requests.

- bodies: ``privacy.services.receipts.receipt_body`` and the request bodies in
  ``privacy.services.dsr``;
- send: the worker's ``receipts_send`` (batched), ``dsr_forward`` and ``dsr_decide``;
- receive: the handlers below, each refusing what the sender may not send;
- registration: :func:`register`, from PrivacyConfig.ready().
"""

from __future__ import annotations

from typing import Any

from jisr.privacy.services import dsr, receipts


def handle_receipts(envelope: Any) -> None:
    receipts.receipts_receive(sender=envelope.sender, body=envelope.body)


def handle_dsr_forwarded(envelope: Any) -> None:
    dsr.dsr_receive_forwarded(sender=envelope.sender, body=envelope.body)


def handle_dsr_answered(envelope: Any) -> None:
    dsr.dsr_receive_answer(sender=envelope.sender, body=envelope.body)


def register() -> None:
    from jisr.federation.registry import register_handler

    register_handler(receipts.RECEIPTS_ENVELOPE, handle_receipts)
    register_handler(dsr.FORWARDED_ENVELOPE, handle_dsr_forwarded)
    register_handler(dsr.ANSWERED_ENVELOPE, handle_dsr_answered)
