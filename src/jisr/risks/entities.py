"""The risks module as a cross-check source: bulletins whose indicators carry a value."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import Q
from django.urls import reverse

from jisr.core.entities import Correlation, EntityKey
from jisr.risks.permissions import VIEW_RISKS


def bulletin_correlations(keys: Sequence[EntityKey], user: Any) -> list[Correlation]:
    """Bulletins the user may open (their agency's own, partners' released copies) that carry
    one of ``keys`` among their indicators."""
    from jisr.risks.models import BulletinIndicator

    wanted = [k for k in keys if k.key]
    if not wanted or user is None or not user.has_perm(VIEW_RISKS):
        return []
    match = Q()
    for k in wanted:
        match |= Q(type=k.kind, key=k.key)
    visible = Q(bulletin__owner_id=user.agency_id) | Q(
        bulletin__owner__is_own=False, bulletin__status="released"
    )
    rows = BulletinIndicator.objects.filter(match).filter(visible).select_related("bulletin")
    by_key = {(k.kind, k.key): k for k in wanted}
    return [
        Correlation(
            entity=by_key[(row.type, row.key)],
            kind="bulletin",
            id=str(row.bulletin_id),
            reference=row.bulletin.title,
            url=reverse("risks:bulletin_detail", args=[row.bulletin_id]),
        )
        for row in rows[:200]
    ]
