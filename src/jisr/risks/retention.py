"""Retention of bulletins past their validity date (declared on the AppConfig)."""

from __future__ import annotations

from typing import Any

from django.db import transaction


def bulletins_past_validity(queryset: Any) -> Any:
    """Only bulletins whose validity has ended are subject to the rule."""
    from jisr.core import clock

    return queryset.filter(valid_until__lt=clock.now().date())


def bulletins_purge(queryset: Any) -> int:
    """Delete the rows; our own released bulletins are withdrawn from partners first."""
    from jisr.risks import federation

    count = 0
    with transaction.atomic():
        for bulletin in queryset.select_related("owner"):
            if bulletin.is_own and bulletin.released_at and bulletin.status != "withdrawn":
                bulletin.revision += 1
                federation.withdraw_bulletin(bulletin)
            bulletin.delete()
            count += 1
    return count
