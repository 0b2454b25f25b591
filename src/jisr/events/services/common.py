"""Helpers shared by the events services."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from jisr.accounts.models import Agency
from jisr.accounts.selectors import own_agency
from jisr.audit.actions import AuditAction
from jisr.audit.services import audit_record
from jisr.core import clock
from jisr.core.access import require_perm
from jisr.events import federation
from jisr.events.models import (
    Event,
)
from jisr.events.permissions import COORDINATE_EVENTS


def _require_host(user: Any, event: Event) -> None:
    require_perm(user, COORDINATE_EVENTS)
    require_perm(
        user, COORDINATE_EVENTS, _("Only the host agency can change this event."), obj=event
    )


def _own() -> Agency:
    agency = own_agency()
    if agency is None:
        raise PermissionDenied(_("This node has no agency yet."))
    return agency


def _bump_and_share(event: Event) -> None:
    event.version += 1
    event.updated_at = clock.now()
    event.save(update_fields=["version", "updated_at"])
    for code in federation.share_event(event):
        audit_record(
            "system",
            AuditAction.EVENT_SHARE,
            target=event,
            recipient=code,
            extra={"version": event.version},
        )
