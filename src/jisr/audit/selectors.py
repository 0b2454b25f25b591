"""Reads on the audit log, for the data protection officer."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from jisr.audit.models import AuditEntry, WitnessCheck, WitnessedAnchor
from jisr.audit.permissions import VIEW_AUDIT_LOG
from jisr.core.access import require_perm


def audit_entries_for_dpo(viewer: Any, filters: dict[str, Any]) -> QuerySet[AuditEntry]:
    """The log filtered by user, action, partner, kind of record, object and UTC date range.

    ``partner`` finds what a partner did here (its envelopes, its officers' receipts) and
    what was disclosed to it. ``actor`` and ``recipient`` (free text) still work in links.
    """
    require_perm(viewer, VIEW_AUDIT_LOG, _("You may not browse the audit log."))
    entries = AuditEntry.objects.all().order_by("-seq")
    if filters.get("actor"):
        entries = entries.filter(actor_username__icontains=filters["actor"])
    if filters.get("user"):
        entries = entries.filter(actor_username=filters["user"])
    if filters.get("partner"):
        code = filters["partner"]
        entries = entries.filter(Q(recipient=code) | Q(actor_agency=code) | Q(actor_username=code))
    if filters.get("kind"):
        entries = entries.filter(target_type=filters["kind"])
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
    require_perm(viewer, VIEW_AUDIT_LOG, _("You may not browse the audit log."))
    from jisr.audit.witness import partners

    codes = partners()
    checks = [
        {
            "partner": code,
            "latest": WitnessCheck.objects.filter(partner=code).order_by("-requested_at").first(),
            "done": WitnessCheck.objects.filter(partner=code, completed_at__isnull=False)
            .order_by("-completed_at")
            .first(),
        }
        for code in codes
    ]
    held = [
        {"partner": code, "count": WitnessedAnchor.objects.filter(partner=code).count()}
        for code in codes
    ]
    return {"checks": checks, "held": held}
