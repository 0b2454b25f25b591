from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from jisr.core.deadlines import Deadline
from jisr.core.indicators import IndicatorDefinition, IndicatorUnit
from jisr.core.registry import HomeFigure, NavItem, RecordPanel, WorkSection
from jisr.core.retention import RetentionEnd, RetentionKind
from jisr.training.actions import TrainingAction
from jisr.training.permissions import (
    AGREE_ASSISTANCE,
    APPROVE_NOMINATIONS,
    HANDLE_ASSISTANCE,
    MANAGE_TRAINING,
    NOMINATE,
    REVOKE_CERTIFICATES,
    VIEW_TRAINING,
)
from jisr.training.reference import NoticeKind

_IND = "jisr.training.indicators."


class TrainingConfig(AppConfig):
    name = "jisr.training"
    label = "training"
    verbose_name = _("Training and assistance")
    audit_actions = TrainingAction
    nav_items = (
        NavItem(_("Training"), "training:catalogue", permission=VIEW_TRAINING, order=60),
        NavItem(_("Assistance"), "training:assistance_list", permission=VIEW_TRAINING, order=61),
    )
    role_permissions = {
        "liaison_officer": {VIEW_TRAINING, MANAGE_TRAINING, NOMINATE, HANDLE_ASSISTANCE},
        "supervisor": {
            VIEW_TRAINING,
            MANAGE_TRAINING,
            NOMINATE,
            APPROVE_NOMINATIONS,
            HANDLE_ASSISTANCE,
            AGREE_ASSISTANCE,
            REVOKE_CERTIFICATES,
        },
        "analyst": {VIEW_TRAINING},
    }
    #: The assistance linked to a major event, on the event's page under its deployments.
    record_panels = (
        RecordPanel(
            target="events.event",
            template="training/_event_assistance.html",
            context="jisr.training.panels.event_assistance",
        ),
    )
    notice_kinds = {kind.value: kind.label for kind in NoticeKind}
    deadlines = (
        Deadline(
            model="training.SessionDeadline",
            open="jisr.training.services.deadlines.deadlines_open",
            on_reminder="jisr.training.services.deadlines.deadline_remind",
        ),
    )
    retention_kinds = (
        RetentionKind(
            key="training.nomination",
            label=_("Training participants (name, rank, unit)"),
            model="training.Nomination",
            age_field="created_at",
            default_days=3 * 365,
            min_days=180,
            max_days=10 * 365,
            at_end=RetentionEnd.ANONYMISE,
            reason=_(
                "Participants are needed to run a session and answer questions about it; "
                "certificates keep what verifying them needs."
            ),
            scope="jisr.training.retention.nominations_not_anonymised",
            purge="jisr.training.retention.nominations_anonymise",
        ),
        RetentionKind(
            key="training.certificate",
            label=_("Training certificates"),
            model="training.Certificate",
            age_field="issued_at",
            default_days=10 * 365,
            min_days=365,
            max_days=30 * 365,
            at_end=RetentionEnd.DELETE,
            reason=_("A certificate must stay verifiable for the officer's career in the post."),
        ),
    )
    indicators = (
        IndicatorDefinition(
            code="training.sessions_delivered",
            label=_("Training sessions delivered"),
            description=_("Our sessions delivered whose last day falls in the period."),
            unit=IndicatorUnit.COUNT,
            compute=_IND + "sessions_delivered",
            mechanism="training",
        ),
        IndicatorDefinition(
            code="training.participants_own_agency",
            label=_("Our officers trained by partners"),
            description=_("Our accepted participants who attended a partner's session."),
            unit=IndicatorUnit.COUNT,
            compute=_IND + "participants_own_agency",
            mechanism="training",
        ),
        IndicatorDefinition(
            code="training.participants_partner_agencies",
            label=_("Partner officers trained by us"),
            description=_("Partner participants who attended one of our sessions."),
            unit=IndicatorUnit.COUNT,
            compute=_IND + "participants_partner_agencies",
            mechanism="training",
        ),
        IndicatorDefinition(
            code="training.assistance_closed",
            label=_("Assistance requests closed"),
            description=_("Technical assistance requests closed in the period, both directions."),
            unit=IndicatorUnit.COUNT,
            compute=_IND + "assistance_closed",
            mechanism="training",
        ),
        IndicatorDefinition(
            code="training.assistance_rating",
            label=_("Average rating of assistance"),
            description=_("The requesters' mean rating (1 to 5) of requests closed in the period."),
            unit=IndicatorUnit.SCORE,
            compute=_IND + "assistance_average_rating",
            mechanism="training",
        ),
    )

    def ready(self) -> None:
        from jisr.training import federation

        federation.register()

    def home_figures(self, user: Any) -> list[HomeFigure]:
        if not user.has_perm(VIEW_TRAINING):
            return []
        from jisr.core import clock
        from jisr.training.selectors import assistance_visible_to, sessions_visible_to

        today = clock.now().date()
        return [
            HomeFigure(
                _("Training sessions ahead"),
                sessions_visible_to(user).filter(ends_on__gte=today).count(),
                "training:calendar",
            ),
            HomeFigure(
                _("Open assistance requests"),
                assistance_visible_to(user).exclude(status="closed").count(),
                "training:assistance_list",
            ),
        ]

    def work_queue(self, user: Any) -> list[WorkSection]:
        from jisr.training.work import work_queue

        return work_queue(user)

    def demo_seed(self, own_agency: Any, pair: Any = None) -> None:
        from jisr.training.demo import seed

        seed(own_agency, pair)
