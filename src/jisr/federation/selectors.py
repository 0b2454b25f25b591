"""Reads about partners and the state of the links."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q

from jisr.accounts.models import Agency
from jisr.core.access import require_perm
from jisr.federation.models import OutboxEnvelope, Partner
from jisr.federation.permissions import MANAGE_FEDERATION


def partner_agencies() -> list[Agency]:
    """Agencies registered (and active) as partners of this node."""
    return [
        p.agency
        for p in Partner.objects.select_related("agency").filter(status=Partner.Status.ACTIVE)
    ]


def access_links_for_administration(user: Any) -> list[dict[str, Any]]:
    """Per partner: the partner, pending/failed counts and its dead letters (administrators)."""
    require_perm(user, MANAGE_FEDERATION)
    counts = {
        row["recipient"]: row
        for row in OutboxEnvelope.objects.values("recipient").annotate(
            pending=Count("id", filter=Q(state=OutboxEnvelope.State.PENDING)),
            dead=Count("id", filter=Q(state=OutboxEnvelope.State.DEAD)),
        )
    }
    links = []
    for partner in Partner.objects.select_related("agency"):
        code = partner.agency.code
        row: dict[str, Any] = dict(counts.get(code, {}))
        links.append(
            {
                "partner": partner,
                "pending": row.get("pending", 0),
                "dead": row.get("dead", 0),
                "dead_letters": list(
                    OutboxEnvelope.objects.filter(
                        recipient=code, state=OutboxEnvelope.State.DEAD
                    ).order_by("-created")[:50]
                ),
            }
        )
    return links


def access_dead_letter_for_retry(envelope_id: str, user: Any) -> OutboxEnvelope:
    from django.shortcuts import get_object_or_404

    require_perm(user, MANAGE_FEDERATION)
    return get_object_or_404(OutboxEnvelope, id=envelope_id, state=OutboxEnvelope.State.DEAD)
