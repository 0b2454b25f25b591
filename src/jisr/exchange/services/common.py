"""Settings, constants and helpers shared by the exchange services."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext as _

from jisr.accounts.models import Agency, User
from jisr.accounts.selectors import own_agency
from jisr.core.access import require_perm
from jisr.core.node_settings import node_setting
from jisr.exchange.federation import CASE_RECORD as CASE_RECORD  # one name, re-exported
from jisr.exchange.models import Message, Priority
from jisr.exchange.permissions import VIEW_CASES
from jisr.notices.services import notify

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
    """The role permission, for a user who belongs to an agency (the desk is per agency)."""
    require_perm(user, perm)
    if user.agency_id is None:
        raise PermissionDenied(_("You may not do this."))


def _display_name(user: User) -> str:
    return user.get_full_name() or user.get_username()


def exchange_users(agency: Agency) -> list[User]:
    """Active users of ``agency`` who may see its cases (they receive notifications)."""
    users = User.objects.filter(agency=agency, is_active=True).prefetch_related("groups")
    return [u for u in users if u.has_perm(VIEW_CASES)]


def _notify(users: Iterable[User], *, kind: str, message: Message) -> None:
    """Tell ``users`` about ``message`` in Jisr, and by pointer-only e-mail (JISR_EXCHANGE_EMAIL).

    Every exchange notice is urgent: requests run against hours, not days. The case
    reference and subject are shown in Jisr only, never put in the e-mail.
    """
    notify(
        users,
        kind,
        message,
        url=reverse("exchange:message_detail", args=[message.id]),
        urgent=True,
        text=f"{message.case.reference} · {message.subject}",
    )
