"""The action plan's permission names (object rules in ``plan/rules.py``).

The steering committee is the agencies' supervisors: they steer the plan (change the status of
the actions their agency leads, add actions, request reports, assess mechanisms).
Administrators and analysts read the plan and its indicators; nobody else sees it.
"""

from __future__ import annotations

VIEW_PLAN = "plan.view_action_plan"
STEER_PLAN = "plan.steer_action_plan"

#: Object rule only: a steering member of the action's lead agency, on the lead's node.
CHANGE_ACTION = "plan.change_action"

#: Object rule only: a steering member of the agency that recorded the plan, on its node
#: (the plan's pillars and their indicators belong to that agency).
CHANGE_PLAN = "plan.change_plan"
