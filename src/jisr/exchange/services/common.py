"""Settings, constants and helpers shared by the exchange services."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from jisr.accounts.models import Agency, User
from jisr.core.mail import send_pointer_email
from jisr.core.node import own_agency
from jisr.core.node_settings import node_setting
from jisr.exchange.models import (
    Message,
    Notification,
    Priority,
)

CASE_RECORD = "exchange.case"
MESSAGE_ENVELOPE = "exchange.message"
ACK_ENVELOPE = "exchange.ack"
CONSENT_ENVELOPE = "exchange.consent"


# --- node settings -------------------------------------------------------------------------


def deadline_hours(priority: str) -> float:
    """Response time for a request of this priority (JISR_EXCHANGE_URGENT_HOURS / _NORMAL_HOURS)."""
    return float(node_setting(f"exchange_{Priority(priority).value}_hours"))


def attachment_max_bytes() -> int:
    return int(node_setting("attachment_max_mb") * 1024 * 1024)


# --- helpers -------------------------------------------------------------------------------


def _own() -> Agency:
    agency = own_agency()
    if agency is None:
        raise PermissionDenied(_("This node has no agency yet."))
    return agency


def _require(user: User, perm: str) -> None:
    if not user.has_perm(perm) or user.agency_id is None:
        raise PermissionDenied(_("You may not do this."))


def _display_name(user: User) -> str:
    return user.get_full_name() or user.get_username()


def exchange_users(agency: Agency) -> list[User]:
    """Active users of ``agency`` who may see its cases (they receive notifications)."""
    users = User.objects.filter(agency=agency, is_active=True).prefetch_related("groups")
    return [u for u in users if u.has_perm("exchange.view_cases")]


def _notify(users: Iterable[User], *, kind: str, message: Message) -> None:
    text = f"{message.case.reference} · {message.subject}"[:300]
    recipients = list(users)
    Notification.objects.bulk_create(
        [Notification(user=u, kind=kind, message=message, text=text) for u in recipients]
    )
    if node_setting("exchange_email"):
        send_pointer_email(
            (u.email for u in recipients),
            _("Jisr: %(text)s") % {"text": text},
            _("Open Jisr to read it. The content is not sent by e-mail."),
        )
