"""Pointer-only e-mail: tells users something waits in Jisr, never what."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation

from jisr.core import timefmt


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


def recipient_zone(user: Any) -> zoneinfo.ZoneInfo:
    """The user's own time zone, else the node's (``JISR_TIME_ZONE``)."""
    name = getattr(user, "time_zone", "") or ""
    if not timefmt.is_time_zone(name):
        name = settings.TIME_ZONE if timefmt.is_time_zone(settings.TIME_ZONE) else "UTC"
    return zoneinfo.ZoneInfo(name)


def recipient_language(user: Any) -> str:
    """The user's preferred language, else the node's default."""
    codes = {code for code, _name in settings.LANGUAGES}
    preferred = (getattr(user, "preferred_language", "") or "")[:2]
    return preferred if preferred in codes else settings.LANGUAGE_CODE


def mail_moment(value: dt.datetime) -> str:
    """A time for an e-mail, in the active zone and language, the zone named in full.

    ``07/12/2026 23:05 UTC+01 (Africa/Casablanca)``: unlike a page, an e-mail is read
    away from Jisr, so it names the zone by its place as well as its offset.
    """
    zone = timezone.get_current_timezone()
    return f"{timefmt.moment(value)} ({getattr(zone, 'key', str(zone))})"


def send_pointer_emails(users: Iterable[Any], compose: Callable[[], tuple[str, str]]) -> None:
    """One pointer e-mail per user with an address, written in their language and time zone.

    ``compose()`` returns ``(subject, body)``; it is called with the recipient's language and
    zone active, so ``gettext`` and :func:`mail_moment` inside it speak to that reader. Each
    recipient gets their own e-mail, so no one sees the others' addresses.
    """
    for user in users:
        address = getattr(user, "email", "") or ""
        if not address:
            continue
        with translation.override(recipient_language(user)):
            with timezone.override(recipient_zone(user)):
                subject, body = compose()
        send_pointer_email([address], subject, body)
