"""Action plan."""

from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from jisr.core.indicators import IndicatorDefinition, IndicatorUnit
from jisr.core.registry import HomeFigure, NavItem
from jisr.core.retention import RetentionEnd, RetentionKind
from jisr.plan.actions import PlanAction
from jisr.plan.permissions import STEER_PLAN, VIEW_PLAN


class PlanConfig(AppConfig):
    name = "jisr.plan"
    label = "plan"
    verbose_name = _("Action plan")
    audit_actions = PlanAction
    nav_items = (NavItem(_("Action plan"), "plan:steering", permission=VIEW_PLAN, order=70),)
    # The steering committee is the supervisors; administrators and analysts read only.
    role_permissions = {
        "supervisor": {VIEW_PLAN, STEER_PLAN},
        "administrator": {VIEW_PLAN},
        "analyst": {VIEW_PLAN},
    }
    # Reports hold aggregates and action titles only; the requester's name is the one
    # personal datum, and a report is kept for the plan's evaluation cycle.
    retention_kinds = (
        RetentionKind(
            key="plan.report",
            label=_("Evaluation reports and who requested them"),
            model="plan.Report",
            age_field="requested_at",
            default_days=5 * 365,
            min_days=365,
            max_days=10 * 365,
            at_end=RetentionEnd.DELETE,
            reason=_("A report serves the evaluation of a plan, which runs for a few years."),
            purge="jisr.plan.reports.reports_purge",
        ),
    )
    indicators = (
        IndicatorDefinition(
            code="plan.actions_done",
            label=_("Plan actions done"),
            description=_("Actions of the plan led by our agency marked done in the period."),
            unit=IndicatorUnit.COUNT,
            compute="jisr.plan.indicators.actions_done",
            mechanism="",
        ),
        IndicatorDefinition(
            code="plan.actions_late",
            label=_("Plan actions late or at risk"),
            description=_(
                "Actions led by our agency whose last status set before the end of the period "
                "is late or at risk."
            ),
            unit=IndicatorUnit.COUNT,
            compute="jisr.plan.indicators.actions_late",
            higher_is_better=False,
        ),
        IndicatorDefinition(
            code="plan.steering_meetings",
            label=_("Steering committee meetings held"),
            description=_("Meetings of the joint steering committee, entered by its secretariat."),
            unit=IndicatorUnit.COUNT,
            compute="",
            manual=True,
        ),
    )

    def ready(self) -> None:
        from jisr.plan import federation, settings_specs

        federation.register()
        settings_specs.register()

    def home_figures(self, user: Any) -> list[HomeFigure]:
        if not user.has_perm(VIEW_PLAN):
            return []
        from jisr.plan.selectors import actions_needing_attention

        return [
            HomeFigure(
                _("Plan actions at risk or late"),
                actions_needing_attention().count(),
                "plan:steering",
            )
        ]

    def demo_seed(self, own_agency: Any, pair: Any = None) -> None:
        from jisr.plan.demo import seed

        seed(own_agency, pair)
