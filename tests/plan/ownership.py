"""Plan's entries for ``tests/federation/test_ownership.py``: our own plan and an action we
lead; and FR's plan with an action of ours on it (``PARTNER_WITH_OURS``)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

#: The apps whose tables must not change when a partner's envelope is refused.
APPS = ("plan",)


def own_plan(staff: dict[str, Any]) -> Any:
    """The plan our agency recorded (the demo plan, seeded once per database)."""
    from jisr.accounts.models import Agency
    from jisr.plan.demo import seed
    from jisr.plan.models import Plan

    seed(Agency.objects.get(code="MA-DGSN"))
    return Plan.objects.get(owner__is_own=True)


def _action(staff: dict[str, Any], plan: Any) -> Any:
    from jisr.core import bounds
    from jisr.plan import services

    pillar = plan.pillars.order_by("number").first()
    return services.action_create(
        acting_user=staff["coordinator"],
        plan=plan,
        pillar_id=pillar.id,
        title={"fr": "Action fictive", "ar": "إجراء وهمي"},
        starts_on=bounds.today(),
        due_on=bounds.today() + dt.timedelta(days=90),
    )


def own_action(staff: dict[str, Any]) -> Any:
    return _action(staff, own_plan(staff))


def _body(name: str) -> Any:
    def body(record: Any) -> dict[str, Any]:
        from jisr.plan import federation

        result: dict[str, Any] = getattr(federation, f"{name}_body")(record)
        return result

    return body


#: record type -> (make one of this node's own records from ``staff``, the body a partner
#: would send for it).
OWN = {
    "plan.plan": (own_plan, _body("plan")),
    "plan.action": (own_action, _body("action")),
}


def fr_plan_with_ours(staff: dict[str, Any]) -> tuple[Any, list[Any]]:
    """A plan FR recorded, with an action we lead on one of its pillars."""
    from jisr.plan.models import Plan
    from tests.training.conftest import receive

    plan_id = str(uuid.uuid4())
    receive(
        "plan.plan",
        {
            "id": plan_id,
            "owner": "FR-DGPN",
            "title": {"fr": "Plan fictif de FR"},
            "parties": ["FR-DGPN", "MA-DGSN"],
            "signed_on": "2026-01-10",
            "starts_on": "2026-02-01",
            "ends_on": "2028-12-31",
            "status": "active",
            "pillars": [
                {
                    "id": str(uuid.uuid4()),
                    "number": 1,
                    "key": "information_exchange",
                    "title": {"fr": "Pilier fictif"},
                    "bindings": [],
                }
            ],
        },
    )
    plan = Plan.objects.get(id=plan_id)
    return plan, [_action(staff, plan)]


#: record type -> make a partner-owned record with records of ours hanging on it.
PARTNER_WITH_OURS = {"plan.plan": fr_plan_with_ours}
