from __future__ import annotations

import datetime as dt
from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from jisr.core.deadlines import Deadline
from jisr.core.indicators import IndicatorDefinition, IndicatorUnit
from jisr.core.registry import HomeFigure, NavItem, WorkSection
from jisr.exchange.actions import DeskAction
from jisr.exchange.notice_kinds import NoticeKind
from jisr.exchange.permissions import (
    OPEN_CASES,
    RELEASE_MESSAGES,
    VIEW_CASES,
    VIEW_DESK_STATISTICS,
    VIEW_OVERDUE_DASHBOARD,
    WORK_DESK,
)
from jisr.exchange.retention import RETENTION_KINDS

_EXCHANGE_USER = {VIEW_CASES, OPEN_CASES}
#: The desk (single point of contact): liaison officers and supervisors work it and
#: release each other's outgoing personal data (never their own).
_DESK_MEMBER = {WORK_DESK, RELEASE_MESSAGES, VIEW_DESK_STATISTICS}


class ExchangeConfig(AppConfig):
    name = "jisr.exchange"
    label = "exchange"
    verbose_name = _("Exchange")
    retention_kinds = RETENTION_KINDS
    nav_items = (
        NavItem(_("Inbox"), "exchange:inbox", permission=VIEW_CASES, order=30),
        NavItem(_("Cases"), "exchange:case_list", permission=VIEW_CASES, order=31),
        NavItem(_("Request desk"), "exchange:desk", permission=WORK_DESK, order=29),
        NavItem(_("Releases"), "exchange:release_queue", permission=RELEASE_MESSAGES, order=33),
        NavItem(
            _("Desk statistics"),
            "exchange:statistics",
            permission=VIEW_DESK_STATISTICS,
            order=34,
        ),
        NavItem(
            _("Overdue requests"),
            "exchange:overdue",
            permission=VIEW_OVERDUE_DASHBOARD,
            order=32,
        ),
    )
    notice_kinds = {kind.value: kind.label for kind in NoticeKind}
    notice_email_setting = "JISR_EXCHANGE_EMAIL"
    audit_actions = DeskAction
    # Partners' requests get a half-time reminder (remind_at is unset on our own) and
    # both directions an overdue notice; a partner's request still unanswered past its
    # limit escalates to the desk's supervisors. A suspended limit is not swept.
    deadlines = (
        Deadline(
            model="exchange.Message",
            open="jisr.exchange.services.deadlines.requests_awaiting_answer",
            on_reminder="jisr.exchange.services.deadlines.request_remind",
            on_overdue="jisr.exchange.services.deadlines.request_overdue",
            on_escalate="jisr.exchange.services.deadlines.request_escalate",
            escalate_after=dt.timedelta(hours=1),
        ),
    )
    # Need-to-know: cases are for the people who exchange and analyse information.
    # Compliance reviewers and DPOs check alerts and the audit log, not case content.
    role_permissions = {
        "liaison_officer": {*_EXCHANGE_USER, *_DESK_MEMBER},
        "analyst": {VIEW_CASES},
        "supervisor": {*_EXCHANGE_USER, *_DESK_MEMBER, VIEW_OVERDUE_DASHBOARD},
    }
    entity_sources = ("jisr.exchange.entities.find_in_cases",)
    indicators = (
        IndicatorDefinition(
            code="exchange.requests_sent",
            label=_("Requests sent"),
            description=_("Requests for information or assistance sent to partners."),
            unit=IndicatorUnit.COUNT,
            compute="jisr.exchange.statistics.requests_sent",
            mechanism="request_channel",
        ),
        IndicatorDefinition(
            code="exchange.requests_received",
            label=_("Requests received"),
            description=_("Requests for information or assistance received from partners."),
            unit=IndicatorUnit.COUNT,
            compute="jisr.exchange.statistics.requests_received",
            mechanism="request_channel",
        ),
        IndicatorDefinition(
            code="exchange.answered_within_limit",
            label=_("Requests answered within the time limit"),
            description=_(
                "Share of the partners' requests received in the period that we answered "
                "within their time limit (Art. 5)."
            ),
            unit=IndicatorUnit.SHARE,
            compute="jisr.exchange.statistics.answered_within_limit",
            mechanism="request_channel",
        ),
        IndicatorDefinition(
            code="exchange.median_answer_hours",
            label=_("Median answer time"),
            description=_("Median time, in hours, we took to answer the partners' requests."),
            unit=IndicatorUnit.HOURS,
            compute="jisr.exchange.statistics.median_answer_hours",
            higher_is_better=False,
            mechanism="request_channel",
        ),
    )

    def ready(self) -> None:
        from jisr.exchange import federation

        federation.register()
        from jisr.exchange.desk_settings import register_node_settings

        register_node_settings()

    def home_figures(self, user: Any) -> list[HomeFigure]:
        from jisr.exchange import selectors

        if not getattr(user, "is_authenticated", False) or not user.has_perm(VIEW_CASES):
            return []
        figures = selectors.figures_for(user)
        return [
            HomeFigure(_("Open cases"), figures["open_cases"], "exchange:case_list"),
            HomeFigure(_("Unread messages"), figures["unread"], "exchange:inbox"),
            HomeFigure(_("Requests awaiting our answer"), figures["awaiting"], "exchange:inbox"),
            HomeFigure(_("Overdue requests"), figures["overdue"], "exchange:inbox"),
        ]

    def work_queue(self, user: Any) -> list[WorkSection]:
        """Partners' requests our agency must answer, the nearest deadline first."""
        from jisr.exchange import selectors

        if not getattr(user, "is_authenticated", False) or not user.has_perm(VIEW_CASES):
            return []
        sections = [selectors.requests_due_section(user)]
        if user.has_perm(RELEASE_MESSAGES):
            sections.append(selectors.releases_waiting_section(user))
        sections.append(selectors.assigned_to_me_section(user))
        return sections

    def demo_seed(self, own_agency: Any, pair: Any = None) -> None:
        from jisr.exchange.demo import seed

        seed(own_agency, pair)
