"""The action plan's audit actions (``audit_actions`` on PlanConfig); stored values never change."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanAction(models.TextChoices):
    PLAN_CREATE = "plan.create", _("Action plan recorded")
    PLAN_RECEIVE = "plan.receive", _("Action plan received from a partner")
    ACTION_CREATE = "plan.action_create", _("Plan action added")
    ACTION_STATUS = "plan.action_status", _("Plan action status changed")
    ACTION_UPDATE = "plan.action_update", _("Plan action edited")
    ACTION_RECEIVE = "plan.action_receive", _("Plan action received from its lead agency")
    MILESTONE_UPDATE = "plan.milestone_update", _("Plan milestone updated")
    BINDING_SET = "plan.binding_set", _("Plan indicator target set")
    MANUAL_VALUE = "plan.manual_value", _("Manual indicator value entered")
    SNAPSHOTS_RECEIVE = "plan.snapshots_receive", _("Partner indicator aggregates received")
    REPORT_REQUEST = "plan.report_request", _("Evaluation report requested")
    REPORT_DOWNLOAD = "plan.report_download", _("Evaluation report downloaded")
    ASSESSMENT_CREATE = "plan.assessment_create", _("Mechanism assessment recorded")
    RECOMMENDATION_ACTION = (
        "plan.recommendation_action",
        _("Recommendation turned into a plan action"),
    )
