"""The working groups' indicators (aggregates only, never rows)."""

from __future__ import annotations

import datetime as dt

from django.db.models import F, Q

from jisr.groups import models as gm


def active_groups(start: dt.datetime, end: dt.datetime) -> int:
    """Groups active at the end of the period."""
    return gm.WorkingGroup.objects.filter(status=gm.GroupStatus.ACTIVE, created_at__lt=end).count()


def targets_located_or_arrested(start: dt.datetime, end: dt.datetime) -> int:
    """Targets of our own groups' records whose status says located, arrested or surrendered."""
    return (
        gm.Target.objects.filter(
            owner__is_own=True,
            status__in=[
                gm.TargetStatus.LOCATED,
                gm.TargetStatus.ARRESTED,
                gm.TargetStatus.SURRENDERED,
            ],
        )
        .filter(Q(created_at__lt=end))
        .count()
    )


def tasks_done_on_time(start: dt.datetime, end: dt.datetime) -> float | None:
    """Share of our agency's tasks due in the period that were done before their due date."""
    due = gm.Task.objects.filter(
        assignee_agency__is_own=True, due_at__gte=start, due_at__lt=end
    ).exclude(status=gm.TaskStatus.CANCELLED)
    total = due.count()
    if not total:
        return None
    on_time = due.filter(status=gm.TaskStatus.DONE, done_at__lte=F("due_at")).count()
    return on_time / total
