"""Reads of the working-group module, with the access checks (need-to-know)."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from jisr.audit.services import audit_record
from jisr.core.access import parse_uuid
from jisr.groups import models as gm
from jisr.groups.actions import GroupAction
from jisr.groups.permissions import (
    SUPERVISE_GROUPS,
    USE_GROUPS,
    VIEW_GROUP,
    VIEW_ROSTER,
)


def groups_visible_to(user: Any) -> QuerySet[gm.WorkingGroup]:
    """Groups the user is a member of; for a supervisor, every group of the agency too."""
    if not getattr(user, "is_active", False) or user.agency_id is None:
        return gm.WorkingGroup.objects.none()
    query = Q(pk__in=[])
    if user.has_perm(USE_GROUPS):
        query |= Q(members__owner_id=user.agency_id, members__username=user.username)
    if user.has_perm(SUPERVISE_GROUPS):
        query |= Q(owner_id=user.agency_id) | Q(
            Q(partners__agency_id=user.agency_id) & ~Q(partners__status=gm.PartnerStatus.DECLINED)
        )
    ids = gm.WorkingGroup.objects.filter(query).values("id")
    return gm.WorkingGroup.objects.filter(id__in=ids).select_related("owner")


def _get(group_id: Any) -> gm.WorkingGroup:
    parsed = parse_uuid(group_id)
    group = (
        gm.WorkingGroup.objects.select_related("owner").filter(id=parsed).first()
        if parsed
        else None
    )
    if group is None:
        raise Http404
    return group


def access_group_for_roster(group_id: Any, user: Any) -> gm.WorkingGroup:
    """The group's header and membership: members, and supervisors of its agencies."""
    group = _get(group_id)
    if not user.has_perm(VIEW_ROSTER, group):
        raise Http404
    return group


def access_group_for_view(group_id: Any, user: Any, *, audit: bool = True) -> gm.WorkingGroup:
    """The group and its content, for a named member only (the view is audited)."""
    group = access_group_for_roster(group_id, user)
    if not user.has_perm(VIEW_GROUP, group):
        raise PermissionDenied(_("Only named members of the group see its content."))
    if audit:
        audit_record(user, GroupAction.VIEW, target=group, justification=f"group:{group.id}")
    return group


def access_target_for_view(target_id: Any, user: Any) -> gm.Target:
    parsed = parse_uuid(target_id)
    target = (
        gm.Target.objects.select_related("group__owner", "owner", "lead_agency")
        .filter(id=parsed)
        .first()
        if parsed
        else None
    )
    if target is None:
        raise Http404
    access_group_for_view(target.group_id, user, audit=False)
    audit_record(
        user, GroupAction.TARGET_VIEW, target=target, justification=f"group:{target.group_id}"
    )
    if not target.owner.is_own and apps.is_installed("jisr.privacy"):
        # The owner's DPO learns who abroad opened its target (a consultation receipt).
        from jisr.privacy.services.receipts import consultation_receipt_record

        consultation_receipt_record(
            user, "groups.target", target.id, target.owner.code, f"group:{target.group_id}"
        )
    return target


def access_task(group: gm.WorkingGroup, task_id: Any) -> gm.Task:
    parsed = parse_uuid(task_id)
    task = (
        group.tasks.select_related("owner", "assignee_agency", "group__owner")
        .filter(id=parsed)
        .first()
        if parsed
        else None
    )
    if task is None:
        raise Http404
    return task


def access_operation_for_view(operation_id: Any, user: Any) -> gm.Operation:
    parsed = parse_uuid(operation_id)
    operation = (
        gm.Operation.objects.select_related("group__owner", "owner").filter(id=parsed).first()
        if parsed
        else None
    )
    if operation is None:
        raise Http404
    access_group_for_view(operation.group_id, user, audit=False)
    return operation


def members(group: gm.WorkingGroup) -> list[dict[str, str]]:
    return [
        {"agency": m.owner.code, "username": m.username, "name": m.display_name}
        for m in group.members.select_related("owner").order_by("owner__code", "username")
    ]


def current_leads(group: gm.WorkingGroup) -> QuerySet[gm.Lead]:
    """Leads no later lead supersedes, newest first."""
    return (
        group.leads.filter(superseded_by__isnull=True)
        .select_related("owner", "target")
        .order_by("-created_at")
    )


def operation_agencies(operation: gm.Operation) -> list[str]:
    from jisr.groups.federation import group_agencies

    return sorted(group_agencies(operation.group))


def operation_is_authorised(operation: gm.Operation) -> bool:
    """Every participating agency approved the current version of the plan."""
    approved = set(
        operation.approvals.filter(plan_version=operation.plan_version).values_list(
            "owner__code", flat=True
        )
    )
    return set(operation_agencies(operation)) <= approved


def wrote_current_plan(operation: gm.Operation, user: Any) -> bool:
    """``user`` wrote the version of the plan now in force (so does not approve it: four eyes)."""
    return bool(operation.owner.is_own and operation.plan_written_by == user.get_username())


def approvals_state(operation: gm.Operation) -> list[dict[str, Any]]:
    by_agency = {a.owner.code: a for a in operation.approvals.select_related("owner")}
    rows = []
    for code in operation_agencies(operation):
        approval = by_agency.get(code)
        rows.append(
            {
                "agency": code,
                "approved": bool(approval and approval.plan_version == operation.plan_version),
                "by": approval.created_by if approval else "",
                "at": approval.created_at if approval else None,
                "plan_version": approval.plan_version if approval else None,
            }
        )
    return rows


def operation_figures(operation: gm.Operation) -> dict[str, Any]:
    """Results added up: arrests, searches, persons located, seizures by type and unit."""
    figures: dict[str, Any] = {"arrest": 0, "search": 0, "located": 0, "seizures": {}}
    for r in operation.results.all():
        if r.kind == gm.ResultKind.SEIZURE:
            key = f"{r.seizure_type} ({r.unit})" if r.unit else r.seizure_type
            figures["seizures"][key] = figures["seizures"].get(key, 0) + r.quantity
        else:
            figures[r.kind] += int(r.quantity)
    return figures


def timeline(
    group: gm.WorkingGroup, *, target: gm.Target | None = None, limit: int = 50, offset: int = 0
) -> list[dict[str, Any]]:
    """The group's (or a target's) history, newest first, with hits on its targets' alerts."""
    from jisr.groups.timeline import KIND_LABELS

    rows = group.timeline.all()
    if target is not None:
        rows = rows.filter(target=target)
    entries = [
        {
            "at": e.at,
            "agency": e.agency,
            "actor": e.actor,
            "kind": e.kind,
            "what": KIND_LABELS.get(e.kind, e.kind),
            "label": e.label,
            "detail": e.detail,
        }
        for e in rows.order_by("-at", "-id")[offset : offset + limit]
    ]
    # Hits come from the wanted app; on the first page only, merged by time.
    if offset == 0:
        entries.extend(_hits(group, target, limit))
        entries.sort(key=lambda e: e["at"], reverse=True)
    return entries[:limit]


def _hits(group: gm.WorkingGroup, target: gm.Target | None, limit: int) -> list[dict[str, Any]]:
    from jisr.groups.timeline import KIND_LABELS
    from jisr.wanted.models import Hit

    alert_ids: list[Any]
    if target is not None:
        alert_ids = [target.alert_id] if target.alert_id else []
    else:
        alert_ids = list(group.targets.exclude(alert_id=None).values_list("alert_id", flat=True))
    if not alert_ids:
        return []
    hits = Hit.objects.filter(alert_ref__in=alert_ids).order_by("-seen_at")[:limit]
    return [
        {
            "at": h.seen_at,
            "agency": h.reporter_code,
            "actor": "",
            "kind": "hit",
            "what": KIND_LABELS["hit"],
            "label": h.location,
            "detail": h.status,
        }
        for h in hits
    ]


def tasks_for_my_agency(user: Any) -> QuerySet[gm.Task]:
    """Open tasks given to the user's agency in the groups the user is a member of."""
    groups = gm.WorkingGroup.objects.filter(
        members__owner_id=user.agency_id, members__username=user.username, status="active"
    ).values("id")
    return (
        gm.Task.objects.filter(
            group_id__in=groups,
            assignee_agency_id=user.agency_id,
            status__in=[gm.TaskStatus.OPEN, gm.TaskStatus.IN_PROGRESS],
        )
        .select_related("group", "assignee_agency")
        .order_by("due_at")
    )


def invitations_for(user: Any) -> QuerySet[gm.WorkingGroup]:
    if not user.has_perm(SUPERVISE_GROUPS):
        return gm.WorkingGroup.objects.none()
    return gm.WorkingGroup.objects.filter(
        status=gm.GroupStatus.PROPOSED,
        partners__agency_id=user.agency_id,
        partners__status=gm.PartnerStatus.INVITED,
    ).select_related("owner")


def alerts_for_group(group: gm.WorkingGroup) -> list[Any]:
    """Active alerts every agency of the group may see: a target's possible alerts."""
    from jisr.groups.federation import group_agencies
    from jisr.wanted.models import Alert

    agencies = group_agencies(group)
    alerts = Alert.objects.filter(status="active", owner__code__in=agencies).select_related("owner")
    visible = []
    for alert in alerts.order_by("created_at")[:500]:
        if alert.owner.is_own and not (agencies - {alert.owner.code}) <= set(
            alert.shared_with or []
        ):
            continue
        visible.append(alert)
    return visible


def alerts_by_id(ids: list[Any]) -> dict[str, Any]:
    from jisr.wanted.models import Alert

    return {str(a.id): a for a in Alert.objects.filter(id__in=[i for i in ids if i])}


#: How many of a group's targets a name search looks at (a group has a few dozen).
TARGET_SEARCH_MAX = 2000


def targets_named(targets: QuerySet[gm.Target], query: str) -> QuerySet[gm.Target]:
    """The targets whose names contain what was typed (case and accents aside), or match it
    across scripts through the matching engine ("Tazi" finds Ettazi and التازي), as the alert
    list searches. A target linked to an alert is searched by the alert's names too."""
    from jisr.core.scripts import fold
    from jisr.matching.search import PART_THRESHOLD, name_part_score, query_words

    folded, words = fold(query), query_words(query)
    rows = list(targets.values_list("id", "names", "alert_id")[:TARGET_SEARCH_MAX])
    alerts = alerts_by_id([alert_id for _id, _names, alert_id in rows])
    found = []
    for target_id, own_names, alert_id in rows:
        alert = alerts.get(str(alert_id)) if alert_id else None
        names = [str(n) for n in (own_names or [])] + list(alert.names if alert else [])
        if any(folded in fold(n) for n in names) or (
            name_part_score(words, names) >= PART_THRESHOLD
        ):
            found.append(target_id)
    return targets.filter(pk__in=found)


def by_id(queryset: QuerySet[Any], item_id: Any) -> Any:
    """The row of ``queryset`` with this id, or None (a malformed id is an unknown one)."""
    parsed = parse_uuid(item_id)
    return None if parsed is None else queryset.filter(id=parsed).first()


def group_cases(group: gm.WorkingGroup, user: Any) -> list[dict[str, Any]]:
    """The cases attached to the group; reference and title only when the user may see the case."""
    from jisr.exchange.models import Case
    from jisr.exchange.permissions import VIEW_CASES

    links = list(group.cases.select_related("owner").order_by("-created_at"))
    cases = {
        c.id: c
        for c in Case.objects.filter(id__in=[link.case_id for link in links]).select_related(
            "owner"
        )
    }
    rows = []
    for link in links:
        case = cases.get(link.case_id)
        visible = case is not None and user.has_perm(VIEW_CASES, case)
        rows.append({"link": link, "case": case if visible else None})
    return rows


def access_lead_file_for_download(lead_id: Any, file_id: Any, user: Any) -> gm.LeadAttachment:
    """A lead's file for a member of its group; 404 for anyone else. The download is audited."""
    if parse_uuid(lead_id) is None or parse_uuid(file_id) is None:
        raise Http404
    attachment = (
        gm.LeadAttachment.objects.select_related("lead__group")
        .filter(id=file_id, lead_id=lead_id)
        .first()
    )
    if attachment is None or not user.has_perm(VIEW_GROUP, attachment.lead.group):
        raise Http404
    with transaction.atomic():
        audit_record(
            user,
            GroupAction.ATTACHMENT_DOWNLOAD,
            target=attachment,
            justification=f"group:{attachment.lead.group_id}",
            extra={
                "group": str(attachment.lead.group_id),
                "lead": str(attachment.lead_id),
                "sha256": attachment.sha256,
            },
        )
    return attachment
