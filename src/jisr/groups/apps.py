"""Working groups and joint operations (issue 15)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from jisr.core.deadlines import Deadline
from jisr.core.indicators import IndicatorDefinition, IndicatorUnit
from jisr.core.registry import NavItem, WorkRow, WorkSection
from jisr.core.retention import RetentionEnd, RetentionKind
from jisr.groups.actions import GroupAction
from jisr.groups.notices import GroupNotice
from jisr.groups.permissions import CREATE_GROUP, REVIEW_PERSONS, SUPERVISE_GROUPS, USE_GROUPS

#: Leads (and, alike, targets) are kept five years, then a person reviews them.
_LEADS = RetentionKind(
    key="groups.lead",
    label=_("Working group leads"),
    model="groups.Lead",
    age_field="created_at",
    default_days=5 * 365,
    min_days=365,
    max_days=10 * 365,
    at_end=RetentionEnd.REVIEW,
    reason=_(
        "Leads about wanted persons serve the tracking as long as the group works; "
        "a person reviews them at the end of the period."
    ),
)


class GroupsConfig(AppConfig):
    name = "jisr.groups"
    label = "groups"
    verbose_name = _("Working groups")
    audit_actions = GroupAction
    nav_items = (
        NavItem(_("Working groups"), "groups:group_list", permission=USE_GROUPS, order=45),
    )
    role_permissions = {
        "liaison_officer": {USE_GROUPS, CREATE_GROUP},
        "analyst": {USE_GROUPS},
        "supervisor": {USE_GROUPS, CREATE_GROUP, SUPERVISE_GROUPS, REVIEW_PERSONS},
        "compliance_reviewer": {REVIEW_PERSONS},
    }
    notice_kinds = {kind.value: kind.label for kind in GroupNotice}
    deadlines = (
        Deadline(
            model="groups.Task",
            open="jisr.groups.services.tasks_open_here",
            on_reminder="jisr.groups.services.task_remind",
            on_overdue="jisr.groups.services.task_overdue",
        ),
    )
    retention_kinds = (
        _LEADS,
        replace(
            _LEADS,
            key="groups.target",
            label=_("Working group targets"),
            model="groups.Target",
            reason=_(
                "A target follows its alert; a person of interest is kept only while the "
                "group needs it, and reviewed at the end of the period."
            ),
        ),
        RetentionKind(
            key="groups.operation_log",
            label=_("Joint operation logs"),
            model="groups.OperationLogEntry",
            age_field="at",
            default_days=3 * 365,
            min_days=365,
            max_days=10 * 365,
            at_end=RetentionEnd.DELETE,
            reason=_(
                "The live log of an action day is needed for the debrief and any court "
                "proceedings, then deleted."
            ),
        ),
    )
    indicators = (
        IndicatorDefinition(
            code="groups.active",
            label=_("Active working groups"),
            description=_("Working groups active at the end of the period."),
            unit=IndicatorUnit.COUNT,
            compute="jisr.groups.indicators.active_groups",
            mechanism="working_groups",
        ),
        IndicatorDefinition(
            code="groups.targets_located",
            label=_("Working group targets located or arrested"),
            description=_("Targets recorded by this agency now located, arrested or surrendered."),
            unit=IndicatorUnit.COUNT,
            compute="jisr.groups.indicators.targets_located_or_arrested",
            mechanism="working_groups",
        ),
        IndicatorDefinition(
            code="groups.tasks_on_time",
            label=_("Working group tasks done on time"),
            description=_(
                "Share of the tasks given to this agency, due in the period, done by their due date."
            ),
            unit=IndicatorUnit.SHARE,
            compute="jisr.groups.indicators.tasks_done_on_time",
            mechanism="working_groups",
        ),
    )

    def ready(self) -> None:
        from jisr.groups import federation

        federation.register()

    def work_queue(self, user: Any) -> list[WorkSection]:
        if not getattr(user, "is_authenticated", False) or not user.has_perm(USE_GROUPS):
            return []
        from django.urls import reverse

        from jisr.groups.selectors import invitations_for, tasks_for_my_agency

        sections = []
        tasks = tasks_for_my_agency(user)
        rows = [
            WorkRow(
                text=task.title,
                url=reverse("groups:group_detail", args=[task.group_id]) + "?tab=tasks",
                detail=task.group.name,
                deadline=task.due_at,
                kind="task",
            )
            for task in tasks[:5]
        ]
        sections.append(
            WorkSection(
                "groups.tasks",
                _("Tasks assigned to my agency"),
                rows,
                order=35,
                url=reverse("groups:group_list"),
                total=tasks.count(),
            )
        )
        if user.has_perm(SUPERVISE_GROUPS):
            invitations = invitations_for(user)
            sections.append(
                WorkSection(
                    "groups.invitations",
                    _("Working group invitations"),
                    [
                        WorkRow(
                            text=g.name,
                            url=reverse("groups:group_detail", args=[g.id]),
                            detail=g.owner.code,
                            kind="invitation",
                        )
                        for g in invitations[:5]
                    ],
                    order=32,
                    url=reverse("groups:group_list"),
                    total=invitations.count(),
                )
            )
        return sections

    def demo_seed(self, own_agency: Any, pair: Any = None) -> None:
        from jisr.groups.demo import seed

        seed(own_agency, pair)
