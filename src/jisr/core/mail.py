"""Pointer-only e-mail: tells users something waits in Jisr, never what."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.mail import send_mail
from django.db import transaction


def send_pointer_email(addresses: Iterable[str], subject: str, body: str) -> None:
    """Send once the caller's transaction commits; a mail failure never undoes the change.

    ``subject`` and ``body`` must carry no personal data: e-mail leaves the node
    unencrypted and unaudited.
    """
    recipients = [a for a in addresses if a]
    if not recipients:
        return

    def _send() -> None:
        send_mail(subject, body, None, recipients, fail_silently=True)

    transaction.on_commit(_send)
