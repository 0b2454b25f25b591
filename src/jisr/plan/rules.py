"""Who may change which action of the plan (object rules, ``rules`` package)."""

from __future__ import annotations

from typing import Any

import rules

from jisr.core.predicates import holds, predicate
from jisr.plan.permissions import CHANGE_ACTION, CHANGE_PLAN, STEER_PLAN, VIEW_PLAN


@predicate
def leads_action(user: Any, action: Any) -> bool:
    """The action is led by the user's agency, and this node is that agency's (authoritative)."""
    if action is None or getattr(user, "agency_id", None) is None:
        return False
    return bool(action.lead_id == user.agency_id and action.lead.is_own)


@predicate
def owns_plan(user: Any, plan: Any) -> bool:
    """The plan was recorded by the user's agency, and this node is that agency's."""
    if plan is None or getattr(user, "agency_id", None) is None:
        return False
    return bool(plan.owner_id == user.agency_id and plan.owner.is_own)


rules.add_perm(VIEW_PLAN, holds(VIEW_PLAN))
rules.add_perm(STEER_PLAN, holds(STEER_PLAN))
rules.add_perm(CHANGE_ACTION, holds(STEER_PLAN) & leads_action)
rules.add_perm(CHANGE_PLAN, holds(STEER_PLAN) & owns_plan)
