from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from jisr.core.deadlines import Deadline
from jisr.core.registry import HomeFigure, NavItem, WorkSection
from jisr.wanted.indicators import INDICATORS
from jisr.wanted.permissions import (
    CONSULT_REGISTER,
    HANDLE_HITS,
    REVIEW_ALERT,
    SCREEN_PERSONS,
    WRITE_ALERT,
)
from jisr.wanted.reference import NoticeKind
from jisr.wanted.retention import RETENTION_KINDS


class WantedConfig(AppConfig):
    name = "jisr.wanted"
    label = "wanted"
    verbose_name = _("Wanted")
    indicators = INDICATORS
    retention_kinds = RETENTION_KINDS
    nav_items = (
        NavItem(_("Wanted persons"), "wanted:alert_list", permission=CONSULT_REGISTER, order=20),
        NavItem(_("Review queue"), "wanted:review_queue", permission=REVIEW_ALERT, order=21),
        NavItem(_("Screening"), "wanted:screen", permission=SCREEN_PERSONS, order=22),
        NavItem(_("Hits"), "wanted:hits_incoming", permission=HANDLE_HITS, order=23),
    )
    notice_kinds = {kind.value: kind.label for kind in NoticeKind}
    notice_email_setting = "JISR_HIT_EMAIL"
    deadlines = (
        Deadline(
            model="wanted.Hit",
            open="jisr.wanted.services.hits.hits_awaiting_answer",
            on_reminder="jisr.wanted.services.hits.hit_remind",
            on_escalate="jisr.wanted.services.hits.hit_escalate",
        ),
    )
    role_permissions = {
        "liaison_officer": {
            CONSULT_REGISTER,
            WRITE_ALERT,
            SCREEN_PERSONS,
            HANDLE_HITS,
        },
        "analyst": {CONSULT_REGISTER, SCREEN_PERSONS},
        "supervisor": {CONSULT_REGISTER, HANDLE_HITS},
        "compliance_reviewer": {CONSULT_REGISTER, REVIEW_ALERT},
    }

    def ready(self) -> None:
        from jisr.wanted import federation

        federation.register()

    def warm_up(self) -> None:
        """Build the screening index before the first search asks for it."""
        from jisr.wanted.register_index import register_index

        register_index().refresh()

    def home_figures(self, user: Any) -> list[HomeFigure]:
        from jisr.wanted.models import Alert, Hit
        from jisr.wanted.reference import HitStatus, Status

        if not user.has_perm(CONSULT_REGISTER):
            return []
        figures = [
            HomeFigure(
                _("Our active alerts"),
                Alert.objects.filter(
                    is_copy=False, owner_id=user.agency_id, status=Status.ACTIVE
                ).count(),
                "wanted:alert_list",
            ),
            HomeFigure(
                _("Alerts shared by partners"),
                Alert.objects.filter(is_copy=True, status=Status.ACTIVE).count(),
                "wanted:alert_list",
            ),
        ]
        if user.has_perm(REVIEW_ALERT):
            figures.append(
                HomeFigure(
                    _("Alerts awaiting review"),
                    Alert.objects.filter(is_copy=False, status=Status.PENDING_REVIEW).count(),
                    "wanted:review_queue",
                )
            )
        if user.has_perm(HANDLE_HITS):
            figures.append(
                HomeFigure(
                    _("Hits awaiting our answer"),
                    Hit.objects.filter(
                        direction=Hit.Direction.INCOMING, status=HitStatus.REPORTED
                    ).count(),
                    "wanted:hits_incoming",
                )
            )
        return figures

    def work_queue(self, user: Any) -> list[WorkSection]:
        """Hits our agency must answer (with their countdown) and alerts waiting for review."""
        from jisr.wanted import work

        return work.work_queue(user)

    def demo_seed(self, own_agency: Any, pair: Any = None) -> None:
        from jisr.wanted.demo import seed

        seed(own_agency, pair)
