"""Risk anticipation: standing risk register, early-warning bulletins, playbooks, MISP."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from jisr.core.deadlines import Deadline
from jisr.core.indicators import IndicatorDefinition, IndicatorUnit
from jisr.core.registry import HomeFigure, NavItem, WorkRow, WorkSection
from jisr.core.retention import RetentionEnd, RetentionKind
from jisr.risks.actions import RiskAction
from jisr.risks.notice_kinds import NoticeKind
from jisr.risks.permissions import (
    MANAGE_PLAYBOOKS,
    MANAGE_RISKS,
    RELEASE_BULLETINS,
    VIEW_RISKS,
    WRITE_BULLETINS,
)


class RisksConfig(AppConfig):
    name = "jisr.risks"
    label = "risks"
    verbose_name = _("Risk anticipation")
    audit_actions = RiskAction
    # One entry: the register's tabs lead to bulletins and playbooks, and the work queue
    # to the bulletins waiting for the user.
    nav_items = (NavItem(_("Risk register"), "risks:risk_list", permission=VIEW_RISKS, order=45),)
    notice_kinds = {kind.value: kind.label for kind in NoticeKind}
    entity_sources = ("jisr.risks.entities.bulletin_correlations",)
    role_permissions = {
        "liaison_officer": {VIEW_RISKS, MANAGE_RISKS, WRITE_BULLETINS, MANAGE_PLAYBOOKS},
        "analyst": {VIEW_RISKS, MANAGE_RISKS, WRITE_BULLETINS},
        "supervisor": {
            VIEW_RISKS,
            MANAGE_RISKS,
            WRITE_BULLETINS,
            RELEASE_BULLETINS,
            MANAGE_PLAYBOOKS,
        },
        "compliance_reviewer": {VIEW_RISKS, RELEASE_BULLETINS},
    }
    deadlines = (
        Deadline(
            model="risks.Risk",
            open="jisr.risks.services.register.risks_awaiting_review",
            on_reminder="jisr.risks.services.register.risk_review_remind",
            on_overdue="jisr.risks.services.register.risk_review_overdue",
        ),
        # A partner's alert bulletin: a reminder at half time, escalation at the delay.
        Deadline(
            model="risks.Bulletin",
            open="jisr.risks.services.bulletins.bulletins_awaiting_acknowledgement",
            on_reminder="jisr.risks.services.bulletins.bulletin_ack_remind",
            on_escalate="jisr.risks.services.bulletins.bulletin_ack_escalate",
            escalate_after=dt.timedelta(0),
        ),
        Deadline(
            model="risks.ResponseTask",
            open="jisr.risks.services.response.tasks_open",
            on_reminder="jisr.risks.services.response.task_remind",
            on_overdue="jisr.risks.services.response.task_overdue",
        ),
    )
    retention_kinds = (
        RetentionKind(
            key="risks.bulletin_expired",
            label=_("Bulletins past their validity date"),
            model="risks.Bulletin",
            age_field="valid_until",
            default_days=365,
            min_days=0,
            max_days=3650,
            at_end=RetentionEnd.DELETE,
            reason=_(
                "A bulletin's indicators (telephone numbers, vehicles, documents) are kept "
                "one year past its validity, for the analysis of trends, then deleted."
            ),
            scope="jisr.risks.retention.bulletins_past_validity",
            purge="jisr.risks.retention.bulletins_purge",
        ),
    )
    indicators = (
        IndicatorDefinition(
            code="risks.bulletins_sent",
            label=_("Bulletins sent"),
            description=_("Bulletins our agency released to partners in the period."),
            unit=IndicatorUnit.COUNT,
            compute="jisr.risks.indicators.bulletins_sent",
            mechanism="risk_anticipation",
        ),
        IndicatorDefinition(
            code="risks.alert_acknowledged_within_hour",
            label=_("Alert bulletins acknowledged within one hour"),
            description=_(
                "Share of the partners' named recipients who acknowledged our alert bulletins "
                "within one hour of their release."
            ),
            unit=IndicatorUnit.SHARE,
            compute="jisr.risks.indicators.alert_bulletins_acknowledged_within_hour",
            mechanism="risk_anticipation",
        ),
        IndicatorDefinition(
            code="risks.reviewed_on_time",
            label=_("Risks reviewed on time"),
            description=_(
                "Share of our standing risks' reviews due in the period done by their date."
            ),
            unit=IndicatorUnit.SHARE,
            compute="jisr.risks.indicators.risks_reviewed_on_time",
            mechanism="risk_anticipation",
        ),
    )

    def ready(self) -> None:
        from jisr.risks import federation

        federation.register()

    def home_figures(self, user: Any) -> list[HomeFigure]:
        if not getattr(user, "is_authenticated", False) or not user.has_perm(VIEW_RISKS):
            return []
        from jisr.risks.models import Risk

        return [HomeFigure(_("Standing risks"), Risk.objects.count(), "risks:risk_list")]

    def work_queue(self, user: Any) -> list[WorkSection]:
        if not getattr(user, "is_authenticated", False):
            return []
        from django.urls import reverse

        from jisr.risks import selectors

        sections = []
        for key, title, rows, order in (
            (
                "bulletins_to_approve",
                _("Bulletins awaiting release"),
                selectors.bulletins_to_approve(user),
                31,
            ),
            (
                "bulletins_to_acknowledge",
                _("Partners' bulletins to acknowledge"),
                selectors.bulletins_to_acknowledge(user),
                15,
            ),
        ):
            total = rows.count()
            sections.append(
                WorkSection(
                    key=key,
                    title=title,
                    order=order,
                    total=total,
                    url=reverse("risks:bulletin_list"),
                    rows=[
                        WorkRow(
                            text=b.title,
                            url=reverse("risks:bulletin_detail", args=[b.id]),
                            detail=str(b.get_kind_display()),
                            deadline=b.due_at,
                            at=b.received_at or b.created_at,
                            kind=key,
                        )
                        for b in rows[:5]
                    ],
                )
            )
        return sections

    def demo_seed(self, own_agency: Any, pair: Any = None) -> None:
        from jisr.risks.demo import seed

        seed(own_agency, pair)
