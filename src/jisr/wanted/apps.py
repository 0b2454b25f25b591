from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from jisr.core.deadlines import Deadline
from jisr.core.registry import HomeFigure, NavItem
from jisr.wanted.reference import NoticeKind


class WantedConfig(AppConfig):
    name = "jisr.wanted"
    label = "wanted"
    verbose_name = _("Wanted")
    nav_items = (
        NavItem(
            _("Wanted persons"), "wanted:alert_list", permission="wanted.consult_register", order=20
        ),
        NavItem(
            _("Review queue"), "wanted:review_queue", permission="wanted.review_alert", order=21
        ),
        NavItem(_("Screening"), "wanted:screen", permission="wanted.screen_persons", order=22),
        NavItem(_("Hits"), "wanted:hits_incoming", permission="wanted.handle_hits", order=23),
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
            "wanted.consult_register",
            "wanted.write_alert",
            "wanted.screen_persons",
            "wanted.handle_hits",
        },
        "analyst": {"wanted.consult_register", "wanted.screen_persons"},
        "supervisor": {"wanted.consult_register", "wanted.handle_hits"},
        "compliance_reviewer": {"wanted.consult_register", "wanted.review_alert"},
    }

    def ready(self) -> None:
        from jisr.federation.registry import register_handler, register_replicated_type
        from jisr.wanted import services

        register_replicated_type(
            services.RECORD_TYPE,
            on_upsert=services.copy_upsert,
            on_withdraw=services.copy_withdraw,
            body_for=services.alert_body_for,
        )
        register_handler("hit.reported", services.hit_received)
        register_handler("hit.response", services.hit_response_received)
        register_handler("hit.outcome", services.hit_outcome_received)

    def warm_up(self) -> None:
        """Build the screening index before the first search asks for it."""
        from jisr.wanted.register_index import register_index

        register_index().refresh()

    def home_figures(self, user: Any) -> list[HomeFigure]:
        from jisr.wanted.models import Alert, Hit
        from jisr.wanted.reference import HitStatus, Status

        if not user.has_perm("wanted.consult_register"):
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
        if user.has_perm("wanted.review_alert"):
            figures.append(
                HomeFigure(
                    _("Alerts awaiting review"),
                    Alert.objects.filter(is_copy=False, status=Status.PENDING_REVIEW).count(),
                    "wanted:review_queue",
                )
            )
        if user.has_perm("wanted.handle_hits"):
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

    def demo_seed(self, own_agency: Any) -> None:
        from jisr.wanted.demo import seed

        seed(own_agency)
