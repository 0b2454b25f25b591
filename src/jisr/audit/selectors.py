"""Reads on the audit log, for the data protection officer."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from jisr.audit.models import AuditEntry, WitnessCheck, WitnessedAnchor


def audit_entries_for_dpo(viewer: Any, filters: dict[str, Any]) -> QuerySet[AuditEntry]:
    """The log filtered by actor, action, object, recipient and UTC date range."""
    if not viewer.has_perm("audit.view_audit_log"):
        raise PermissionDenied(_("You may not browse the audit log."))
    entries = AuditEntry.objects.all().order_by("-seq")
    if filters.get("actor"):
        entries = entries.filter(actor_username__icontains=filters["actor"])
    if filters.get("action"):
        entries = entries.filter(action__startswith=filters["action"])
    if filters.get("target"):
        entries = entries.filter(target_id=filters["target"])
    if filters.get("recipient"):
        entries = entries.filter(recipient=filters["recipient"])
    if filters.get("date_from"):
        start = dt.datetime.combine(filters["date_from"], dt.time.min, tzinfo=dt.UTC)
        entries = entries.filter(created_at__gte=start)
    if filters.get("date_to"):
        end = dt.datetime.combine(filters["date_to"], dt.time.max, tzinfo=dt.UTC)
        entries = entries.filter(created_at__lte=end)
    return entries


def witness_status_for_dpo(viewer: Any) -> dict[str, Any]:
    """Each partner's latest check of our chain, and the anchors we hold for each partner."""
    if not viewer.has_perm("audit.view_audit_log"):
        raise PermissionDenied(_("You may not browse the audit log."))
    from jisr.audit.witness import partners

    checks = []
    for partner in partners():
        latest = WitnessCheck.objects.filter(partner=partner).order_by("-requested_at").first()
        done = (
            latest
            if latest is not None and latest.completed_at is not None
            else WitnessCheck.objects.filter(partner=partner, completed_at__isnull=False)
            .order_by("-completed_at")
            .first()
        )
        checks.append({"partner": partner, "latest": latest, "done": done})
    held = [
        {"partner": partner, "count": WitnessedAnchor.objects.filter(partner=partner).count()}
        for partner in partners()
    ]
    return {"checks": checks, "held": held}
