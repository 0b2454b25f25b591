"""The group's timeline: one line per lead, task change, decision and status change.

Each node writes the lines for its own writes and for the items it receives, so both nodes
show the same history; a line keeps a short label (a task title, a status), never a lead's
text. Hits on a target's alert are read from the wanted app when the timeline is shown.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from jisr.core import clock
from jisr.groups import models as gm

#: kind -> the phrase shown, with the label and detail as data
KIND_LABELS = {
    "group.status": _("Group status"),
    "member.add": _("Member named"),
    "member.remove": _("Member removed"),
    "target.add": _("Target added"),
    "target.status": _("Target status"),
    "lead.add": _("Lead"),
    "task.add": _("Task given"),
    "task.status": _("Task status"),
    "meeting.add": _("Meeting"),
    "operation.plan": _("Joint operation planned"),
    "operation.change": _("Joint operation changed"),
    "operation.approve": _("Joint operation approved"),
    "operation.status": _("Joint operation status"),
    "operation.log": _("Operation log"),
    "operation.result": _("Operation result"),
    "case.attach": _("Case attached"),
    "partner.without_members": _("Agency without members: its node no longer receives the content"),
    "partner.members_again": _("Agency named members again: its node receives the content"),
    "hit": _("Hit on the target's alert"),
}


def timeline_add(
    group: gm.WorkingGroup,
    kind: str,
    *,
    agency: str,
    actor: str = "",
    label: str = "",
    detail: str = "",
    target: gm.Target | None = None,
    item_id: Any = "",
    at: Any = None,
) -> gm.TimelineEntry:
    return gm.TimelineEntry.objects.create(
        group=group,
        target=target,
        at=at or clock.now(),
        agency=agency,
        actor=actor[:150],
        kind=kind,
        label=label[:300],
        detail=detail[:32],
        item_id=str(item_id),
    )


def record_written(item: Any, before: Any, *, actor: str = "") -> None:
    """Write the timeline line for an item created or changed (ours or a partner's copy)."""
    from jisr.groups.federation import item_group

    group = item_group(item)
    agency = item.owner.code
    actor = actor or item.created_by

    def add(kind: str, **fields: Any) -> None:
        timeline_add(group, kind, agency=agency, actor=actor, **fields)

    if isinstance(item, gm.Membership):
        add("member.add", label=item.username)
    elif isinstance(item, gm.Target):
        if before is None:
            add("target.add", target=item, item_id=item.id, detail=item.status, at=item.created_at)
        elif before.status != item.status:
            add("target.status", target=item, item_id=item.id, detail=item.status)
    elif isinstance(item, gm.Lead):
        if before is None:
            add(
                "lead.add",
                target=item.target,
                item_id=item.id,
                detail=f"{item.source_evaluation}{item.information_evaluation}",
                at=item.created_at,
            )
    elif isinstance(item, gm.Task):
        if before is None:
            add(
                "task.add",
                label=item.title,
                detail=item.assignee_agency.code,
                item_id=item.id,
                at=item.created_at,
            )
        elif before.status != item.status:
            add("task.status", label=item.title, detail=item.status, item_id=item.id)
    elif isinstance(item, gm.Meeting):
        if before is None:
            add("meeting.add", item_id=item.id)
    elif isinstance(item, gm.Operation):
        if before is None or before.plan_version != item.plan_version:
            add(
                "operation.plan" if before is None else "operation.change",
                label=item.name,
                detail=f"v{item.plan_version}",
                item_id=item.id,
            )
        elif before.status != item.status:
            add("operation.status", label=item.name, detail=item.status, item_id=item.id)
    elif isinstance(item, gm.OperationApproval):
        add(
            "operation.approve",
            label=item.operation.name,
            detail=f"v{item.plan_version}",
            item_id=item.operation_id,
        )
    elif isinstance(item, gm.OperationLogEntry):
        if before is None:
            add("operation.log", label=item.operation.name, item_id=item.operation_id)
    elif isinstance(item, gm.OperationResult):
        if before is None:
            add(
                "operation.result",
                label=item.operation.name,
                detail=item.kind,
                item_id=item.operation_id,
            )
    elif isinstance(item, gm.GroupCase):
        add("case.attach", item_id=item.case_id)


def record_received(item: Any, before: Any) -> None:
    record_written(item, before)
