"""Read-only API for monitoring the partner links (administrators): /api/v1/federation/links."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from jisr.core.web import ApiPagination
from jisr.federation.selectors import access_links_for_administration

router = Router(tags=["federation"])


class LinkOut(Schema):
    agency: str
    url: str
    status: str
    health: str
    last_contact: dt.datetime | None
    last_reconciled: dt.datetime | None
    out_of_sync: bool
    pending: int
    failed: int


def _health(link: dict[str, Any]) -> str:
    partner = link["partner"]
    if partner.status != "active":
        return "suspended"
    if partner.retry_at is not None:
        return "unreachable"
    if link["dead"]:
        return "degraded"
    return "healthy"


@router.get("/links", response=list[LinkOut])
@paginate(ApiPagination)
def links(request: HttpRequest) -> list[dict[str, Any]]:
    """Each partner link: health, last contact, reconciliation, pending and failed counts."""
    return [
        {
            "agency": link["partner"].agency.code,
            "url": link["partner"].url,
            "status": link["partner"].status,
            "health": _health(link),
            "last_contact": link["partner"].last_contact_at,
            "last_reconciled": link["partner"].last_sync_ok_at,
            "out_of_sync": link["partner"].out_of_sync,
            "pending": link["pending"],
            "failed": link["dead"],
        }
        for link in access_links_for_administration(request.user)
    ]
