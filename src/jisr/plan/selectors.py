"""Reads of the action plan, with their access checks."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from jisr.core.access import parse_uuid, require_perm
from jisr.plan.models import Action, ActionStatus, IndicatorBinding, Pillar, Plan, Report
from jisr.plan.permissions import CHANGE_ACTION, CHANGE_PLAN, STEER_PLAN, VIEW_PLAN


def _get(model: Any, ident: Any) -> Any:
    pk = parse_uuid(ident)
    obj = model.objects.filter(pk=pk).first() if pk else None
    if obj is None:
        raise Http404
    return obj


def plans_visible_to(user: Any) -> QuerySet[Plan]:
    require_perm(user, VIEW_PLAN, _("Only the steering committee sees the action plan."))
    return Plan.objects.order_by("-signed_on", "pk")


def access_plan_for_view(plan_id: Any, user: Any) -> Plan:
    require_perm(user, VIEW_PLAN, _("Only the steering committee sees the action plan."))
    plan: Plan = _get(Plan, plan_id)
    return plan


def access_plan_for_steering(plan_id: Any, user: Any) -> Plan:
    plan = access_plan_for_view(plan_id, user)
    require_perm(user, STEER_PLAN, _("Only members of the steering committee may do this."))
    return plan


def access_action_for_view(action_id: Any, user: Any) -> Action:
    require_perm(user, VIEW_PLAN, _("Only the steering committee sees the action plan."))
    action: Action = _get(Action, action_id)
    return action


def access_action_for_update(action_id: Any, user: Any) -> Action:
    action = access_action_for_view(action_id, user)
    require_perm(
        user,
        CHANGE_ACTION,
        _("Only the lead agency's steering members change this action, on its own node."),
        obj=action,
    )
    return action


def access_pillar_for_update(pillar_id: Any, user: Any) -> Pillar:
    """A pillar whose indicators the user may change: the plan is his agency's, on its node."""
    require_perm(user, VIEW_PLAN, _("Only the steering committee sees the action plan."))
    pillar: Pillar = _get(Pillar, pillar_id)
    require_perm(
        user,
        CHANGE_PLAN,
        _("Only the steering members of the agency that recorded the plan change its pillars."),
        obj=pillar.plan,
    )
    return pillar


def access_report_for_view(report_id: Any, user: Any) -> Report:
    require_perm(user, VIEW_PLAN, _("Only the steering committee sees the action plan."))
    report: Report = _get(Report, report_id)
    return report


def access_indicator(code: str, user: Any, evaluator: Any) -> tuple[Any, IndicatorBinding | None]:
    """An indicator for a user who sees the plan: its definition on this node (or None) and
    the binding that follows it (or None); 404 when the node knows neither."""
    plans_visible_to(user)
    definition = evaluator.definition(code)
    binding = IndicatorBinding.objects.filter(code=code).order_by("granularity", "pk").first()
    if definition is None and binding is None:
        raise Http404
    return definition, binding


def current_plan() -> Plan | None:
    return Plan.objects.filter(status="active").order_by("-signed_on", "pk").first()


def actions_needing_attention(plan: Plan | None = None) -> QuerySet[Action]:
    actions = Action.objects.filter(status__in=[ActionStatus.AT_RISK, ActionStatus.LATE])
    if plan is not None:
        actions = actions.filter(plan=plan)
    return actions.select_related("lead", "pillar").order_by("due_on", "code")


def plan_tree(plan: Plan) -> list[tuple[Any, list[Action]]]:
    """The plan's pillars in order, each with its actions (two queries)."""
    actions: dict[Any, list[Action]] = {}
    rows = plan.actions.select_related("lead", "counterpart")
    for action in sorted(rows, key=lambda a: action_sort_key(a.code)):
        actions.setdefault(action.pillar_id, []).append(action)
    return [(pillar, actions.get(pillar.pk, [])) for pillar in plan.pillars.order_by("number")]


def action_sort_key(code: str) -> tuple[int | str, ...]:
    """ "1.10" after "1.2": numbered parts compare as numbers."""
    return tuple(int(part) if part.isdigit() else part for part in code.split("."))
