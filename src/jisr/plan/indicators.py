"""The plan's own computed indicators, from its actions' status history."""

from __future__ import annotations

import datetime as dt

from django.db.models import F, OuterRef, Subquery


def actions_done(start: dt.datetime, end: dt.datetime) -> int:
    from jisr.plan.models import ActionStatusChange

    return (
        ActionStatusChange.objects.filter(
            action__lead__is_own=True, to_status="done", at__gte=start, at__lt=end
        )
        .exclude(from_status=F("to_status"))  # an edit of a done action is not "set done"
        .values("action_id")
        .distinct()
        .count()
    )


def actions_late(start: dt.datetime, end: dt.datetime) -> int:
    from jisr.plan.models import Action, ActionStatusChange

    last = ActionStatusChange.objects.filter(action=OuterRef("pk"), at__lt=end).order_by(
        "-position"
    )
    return (
        Action.objects.filter(lead__is_own=True)
        .annotate(last_status=Subquery(last.values("to_status")[:1]))
        .filter(last_status__in=["late", "at_risk"])
        .count()
    )
