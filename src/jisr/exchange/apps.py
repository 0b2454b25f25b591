from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from jisr.core.deadlines import Deadline
from jisr.core.registry import HomeFigure, NavItem, WorkSection
from jisr.exchange.notice_kinds import NoticeKind
from jisr.exchange.permissions import OPEN_CASES, VIEW_CASES, VIEW_OVERDUE_DASHBOARD
from jisr.exchange.retention import RETENTION_KINDS

_EXCHANGE_USER = {VIEW_CASES, OPEN_CASES}


class ExchangeConfig(AppConfig):
    name = "jisr.exchange"
    label = "exchange"
    verbose_name = _("Exchange")
    retention_kinds = RETENTION_KINDS
    nav_items = (
        NavItem(_("Inbox"), "exchange:inbox", permission=VIEW_CASES, order=30),
        NavItem(_("Cases"), "exchange:case_list", permission=VIEW_CASES, order=31),
        NavItem(
            _("Overdue requests"),
            "exchange:overdue",
            permission=VIEW_OVERDUE_DASHBOARD,
            order=32,
        ),
    )
    notice_kinds = {kind.value: kind.label for kind in NoticeKind}
    notice_email_setting = "JISR_EXCHANGE_EMAIL"
    # Partners' requests get a half-time reminder (remind_at is unset on our own) and
    # both directions an overdue notice; requests are not escalated.
    deadlines = (
        Deadline(
            model="exchange.Message",
            open="jisr.exchange.services.deadlines.requests_awaiting_answer",
            on_reminder="jisr.exchange.services.deadlines.request_remind",
            on_overdue="jisr.exchange.services.deadlines.request_overdue",
        ),
    )
    # Need-to-know: cases are for the people who exchange and analyse information.
    # Compliance reviewers and DPOs check alerts and the audit log, not case content.
    role_permissions = {
        "liaison_officer": set(_EXCHANGE_USER),
        "analyst": {VIEW_CASES},
        "supervisor": {*_EXCHANGE_USER, VIEW_OVERDUE_DASHBOARD},
    }

    def ready(self) -> None:
        from jisr.exchange import federation

        federation.register()

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
        return [selectors.requests_due_section(user)]

    def demo_seed(self, own_agency: Any) -> None:
        from jisr.exchange.demo import seed

        seed(own_agency)
