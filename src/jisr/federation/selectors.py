"""Reads about partners and the state of the links."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q

from jisr.accounts.models import Agency
from jisr.core.access import require_perm
from jisr.federation.models import OutboxEnvelope, Partner, PartnerKey
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


def _key_row(key: PartnerKey, now: Any) -> dict[str, Any]:
    from jisr.federation.keys import fingerprint

    return {
        "key": key,
        "fingerprint": fingerprint(key.public_key),
        "current": key.valid_until is None,
        "expired": key.valid_until is not None and key.valid_until <= now,
    }


def access_keys_for_administration(user: Any) -> dict[str, Any]:
    """This node's keys and every partner with its keys, each with a fingerprint to compare."""
    from jisr.accounts.selectors import own_agency
    from jisr.core import clock

    require_perm(user, MANAGE_FEDERATION)
    now = clock.now()
    agency = own_agency()
    own_keys = (
        [_key_row(k, now) for k in PartnerKey.objects.filter(agency=agency)] if agency else []
    )
    partners = []
    for partner in Partner.objects.select_related("agency"):
        keys = PartnerKey.objects.filter(agency=partner.agency)
        partners.append({"partner": partner, "keys": [_key_row(k, now) for k in keys]})
    return {"agency": agency, "own_keys": own_keys, "partners": partners}
