"""Parts of other modules' pages this module fills (``RecordPanel`` on the AppConfig)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.dateparse import parse_date

from jisr.training.models import AssistanceRequest
from jisr.training.permissions import VIEW_TRAINING
from jisr.training.reference import AssistanceStatus, StepKind
from jisr.training.selectors import assistance_visible_to

#: A request shows on the event's page once agreed: before that nobody is committed.
SHOWN = (AssistanceStatus.AGREED, AssistanceStatus.IN_DELIVERY, AssistanceStatus.CLOSED)


def _day(value: Any) -> dt.date | None:
    return parse_date(str(value or ""))


def request_deployments(request: AssistanceRequest) -> tuple[list[dict[str, Any]], bool]:
    """Who the request deploys, and whether they are delivered (milestones) or planned (offer).

    The milestones' deployments, when any, are what happened; otherwise the latest offer's
    (the one both supervisors agreed to) is the plan.
    """
    steps = list(request.steps.all())  # prefetched, in time order
    delivered = [
        entry for step in steps if step.kind == StepKind.MILESTONE for entry in step.deployments
    ]
    if delivered:
        entries, done = delivered, True
    else:
        offers = [step for step in steps if step.kind == StepKind.OFFERED]
        entries, done = (list(offers[-1].deployments) if offers else []), False
    rows = [
        {
            "who": entry.get("who", ""),
            "role": entry.get("role", ""),
            "venue": entry.get("venue", ""),
            "starts_on": _day(entry.get("from")),
            "ends_on": _day(entry.get("until")),
        }
        for entry in entries
    ]
    return rows, done


def event_assistance(http_request: Any, event: Any) -> dict[str, Any] | None:
    """The agreed, delivering or closed assistance linked to ``event`` that the user may see."""
    user = getattr(http_request, "user", None)
    if user is None or not user.is_authenticated or not user.has_perm(VIEW_TRAINING):
        return None
    requests = (
        assistance_visible_to(user)
        .filter(event_id=event.pk, status__in=SHOWN)
        .prefetch_related("steps")
        .order_by("created_at", "pk")
    )
    items = []
    for request in requests:
        rows, delivered = request_deployments(request)
        items.append({"request": request, "deployments": rows, "delivered": delivered})
    if not items:
        return None
    return {"assistance_items": items}
