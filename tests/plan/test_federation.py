"""The plan is shared; each action's lead node is authoritative (owner-checked replication)."""

from __future__ import annotations

from typing import Any

import pytest

from jisr.core import clock
from jisr.federation.models import OutboxEnvelope
from jisr.plan import federation, services
from jisr.plan.models import Action

pytestmark = pytest.mark.django_db


def _envelope(body: dict[str, Any], version: int, sender: str = "FR-DGPN") -> Any:
    from jisr.federation.registry import Envelope

    return Envelope(
        id="e1",
        type="replica.upsert",
        version=1,
        sender=sender,
        recipient="MA-DGSN",
        created=clock.now(),
        body={
            "record_type": federation.ACTION_TYPE,
            "record_id": body["id"],
            "version": version,
            "body": body,
        },
    )


def _led_by(plan: Any, code: str) -> Action:
    return plan.actions.filter(lead__code=code).order_by("code").first()


def test_a_status_change_on_our_action_is_sent_to_the_partner(
    people: dict[str, Any], plan: Any
) -> None:
    action = _led_by(plan, "MA-DGSN")
    services.action_set_status(
        acting_user=people["steering"], action=action, status="late", comment="Retard du marché."
    )
    envelope = OutboxEnvelope.objects.get(type="replica.upsert", recipient="FR-DGPN")
    sent = envelope.body["body"]
    assert envelope.body["record_type"] == "plan.action" and envelope.body["version"] == 2
    assert sent["status"] == "late" and sent["history"][-1]["comment"] == "Retard du marché."


def test_the_lead_partner_s_change_to_its_own_action_is_applied_with_its_history(
    people: dict[str, Any], plan: Any
) -> None:
    from jisr.federation.handlers import handle_replica_upsert

    action = _led_by(plan, "FR-DGPN")
    body = federation.action_body(action)
    body["status"] = "done"
    body["history"].append(
        {
            "position": len(body["history"]) + 1,
            "from": action.status,
            "to": "done",
            "comment": "Livré.",
            "by": "fr.supervisor",
            "agency": "FR-DGPN",
            "at": clock.now().isoformat(),
        }
    )
    handle_replica_upsert(_envelope(body, version=2))
    action.refresh_from_db()
    assert action.status == "done" and action.version == 2
    assert action.history.order_by("-position").first().comment == "Livré."


def test_a_partner_cannot_change_an_action_we_lead(people: dict[str, Any], plan: Any) -> None:
    from jisr.federation.handlers import handle_replica_upsert
    from jisr.federation.registry import NotOwner

    action = _led_by(plan, "MA-DGSN")
    body = {**federation.action_body(action), "lead": "FR-DGPN", "status": "dropped"}
    with pytest.raises(NotOwner):
        handle_replica_upsert(_envelope(body, version=9))
    action.refresh_from_db()
    assert action.status != "dropped" and action.lead.code == "MA-DGSN"


def test_a_partner_cannot_slip_our_milestone_into_its_action(
    people: dict[str, Any], plan: Any
) -> None:
    from jisr.federation.handlers import handle_replica_upsert
    from jisr.federation.registry import NotOwner

    ours = _led_by(plan, "MA-DGSN")
    milestone = ours.milestones.first()
    theirs = _led_by(plan, "FR-DGPN")
    body = federation.action_body(theirs)
    body["milestones"] = [{**federation.action_body(ours)["milestones"][0]}]
    with pytest.raises(NotOwner):
        handle_replica_upsert(_envelope(body, version=3))
    milestone.refresh_from_db()
    assert milestone.action_id == ours.pk


def test_on_our_node_a_partner_s_supervisor_cannot_change_its_action_here(
    people: dict[str, Any], plan: Any
) -> None:
    from django.core.exceptions import PermissionDenied

    action = _led_by(plan, "FR-DGPN")
    with pytest.raises(PermissionDenied):
        services.action_set_status(
            acting_user=people["steering"], action=action, status="late", comment="Non."
        )
    with pytest.raises(PermissionDenied):
        services.action_set_status(
            acting_user=people["fr_steering"], action=action, status="late", comment="Non."
        )
    action.refresh_from_db()
    assert action.status != "late" and action.history.count() >= 1


def test_a_plan_from_a_partner_with_an_unknown_pillar_is_malformed_and_changes_nothing(
    people: dict[str, Any], plan: Any
) -> None:
    body = {
        **federation.plan_body(plan),
        "owner": "FR-DGPN",
        "id": "00000000-0000-4000-8000-0000000000aa",
    }
    body["pillars"] = [
        {**body["pillars"][0], "id": "00000000-0000-4000-8000-0000000000ab", "key": "politics"}
    ]
    with pytest.raises(ValueError):
        federation.on_plan_upsert("FR-DGPN", body["id"], 1, body)
    assert not type(plan).objects.filter(pk=body["id"]).exists()


def test_a_plan_the_partner_records_arrives_with_its_seven_pillars_and_their_indicators(
    people: dict[str, Any],
) -> None:
    import uuid

    from jisr.federation.handlers import handle_replica_upsert
    from jisr.plan.models import IndicatorBinding, Plan

    ours = services.plan_create(
        acting_user=people["steering"],
        title={"fr": "Plan reçu"},
        parties=["FR-DGPN"],
        signed_on=clock.now().date(),
        starts_on=clock.now().date(),
        ends_on=clock.now().date().replace(year=clock.now().year + 2),
    )
    body = federation.plan_body(ours)
    ours.delete()
    body["id"], body["owner"] = str(uuid.uuid4()), "FR-DGPN"
    for pillar in body["pillars"]:
        pillar["id"] = str(uuid.uuid4())
    body["pillars"][1]["bindings"] = [
        {"id": str(uuid.uuid4()), "code": "exchange.requests_sent", "target": 5.0}
    ]
    envelope = _envelope(body, version=1)
    envelope.body["record_type"] = federation.PLAN_TYPE
    handle_replica_upsert(envelope)
    plan = Plan.objects.get(pk=body["id"])
    assert plan.owner.code == "FR-DGPN" and plan.pillars.count() == 7
    binding = IndicatorBinding.objects.get(plan=plan)
    assert (binding.pillar.number, binding.code, binding.target) == (2, "exchange.requests_sent", 5)


def test_an_edit_by_the_lead_partner_is_applied_with_its_history_entry(
    people: dict[str, Any], plan: Any
) -> None:
    from jisr.federation.handlers import handle_replica_upsert

    action = _led_by(plan, "FR-DGPN")
    body = federation.action_body(action)
    body["title"] = {**body["title"], "fr": "Titre revu par la France"}
    body["history"].append(
        {
            "position": len(body["history"]) + 1,
            "from": action.status,
            "to": action.status,
            "comment": "Modifié : titre.",
            "by": "fr.supervisor",
            "agency": "FR-DGPN",
            "at": clock.now().isoformat(),
        }
    )
    handle_replica_upsert(_envelope(body, version=action.version + 1))
    action.refresh_from_db()
    assert action.title["fr"] == "Titre revu par la France"
    assert action.history.order_by("-position").first().comment == "Modifié : titre."
