"""How the action plan travels between its parties' nodes.

- ``plan.plan`` (replicated, owner = the agency that recorded the plan): the plan, its
  pillars and the pillars' indicator bindings.
- ``plan.action`` (replicated, owner = the action's lead agency): an action with its
  milestones, status history and indicator bindings. Only the lead's node changes it; the
  replication layer refuses a partner's change to an action it does not lead.
- ``plan.indicator_snapshots`` (envelope): the sender's own indicator aggregates for recent
  periods. Counts under the sender's small-count threshold travel as ``suppressed`` with no
  number. The receiver stores them only as the sender's figures.
"""

from __future__ import annotations

import logging
from typing import Any

from django.utils.dateparse import parse_datetime

from jisr.core import clock
from jisr.federation.wire import wire_date

log = logging.getLogger("jisr.plan")

PLAN_TYPE = "plan.plan"
ACTION_TYPE = "plan.action"
SNAPSHOTS_TYPE = "plan.indicator_snapshots"
MAX_SNAPSHOT_ITEMS = 5000


def _partner_codes() -> set[str]:
    from jisr.federation.selectors import partner_agencies

    return {agency.code for agency in partner_agencies()}


def recipients_for(plan: Any) -> list[str]:
    """The plan's other parties that are registered partners of this node."""
    from jisr.accounts.selectors import own_agency

    own = own_agency()
    return sorted((set(plan.parties) - {own.code if own else ""}) & _partner_codes())


# -- bodies ---------------------------------------------------------------------------------


def _binding(binding: Any) -> dict[str, Any]:
    return {
        "id": str(binding.id),
        "code": binding.code,
        "target": binding.target,
        "granularity": binding.granularity,
    }


def plan_body(plan: Any) -> dict[str, Any]:
    return {
        "id": str(plan.id),
        "owner": plan.owner.code,
        "title": plan.title,
        "parties": list(plan.parties),
        "signed_on": plan.signed_on.isoformat(),
        "starts_on": plan.starts_on.isoformat(),
        "ends_on": plan.ends_on.isoformat(),
        "status": plan.status,
        "pillars": [
            {
                "id": str(p.id),
                "number": p.number,
                "key": p.key,
                "title": p.title,
                "bindings": [_binding(b) for b in p.bindings.filter(action__isnull=True)],
            }
            for p in plan.pillars.order_by("number")
        ],
    }


def action_body(action: Any) -> dict[str, Any]:
    return {
        "id": str(action.id),
        "plan": str(action.plan_id),
        "pillar": str(action.pillar_id),
        "lead": action.lead.code,
        "counterpart": action.counterpart.code if action.counterpart else None,
        "counterpart_unit": action.counterpart_unit,
        "code": action.code,
        "title": action.title,
        "description": action.description,
        "starts_on": action.starts_on.isoformat(),
        "due_on": action.due_on.isoformat(),
        "status": action.status,
        "milestones": [
            {
                "id": str(m.id),
                "title": m.title,
                "due_on": m.due_on.isoformat(),
                "done_on": m.done_on.isoformat() if m.done_on else None,
                "evidence_kind": m.evidence_kind,
                "evidence_ref": m.evidence_ref,
            }
            for m in action.milestones.all()
        ],
        "history": [
            {
                "position": h.position,
                "from": h.from_status,
                "to": h.to_status,
                "comment": h.comment,
                "by": h.by_name,
                "agency": h.by_agency,
                "at": h.at.isoformat(),
            }
            for h in action.history.all()
        ],
        "bindings": [_binding(b) for b in action.bindings.all()],
    }


# -- sending (inside the caller's transaction) ----------------------------------------------


def _share(record_type: str, record_id: str, version: int, body: dict[str, Any], plan: Any) -> None:
    from jisr.federation.services import replicate_upsert

    recipients = recipients_for(plan)
    if recipients:
        replicate_upsert(
            record_type=record_type,
            record_id=record_id,
            version=version,
            body=body,
            recipients=recipients,
        )


def share_plan(plan: Any) -> None:
    _share(PLAN_TYPE, str(plan.id), plan.version, plan_body(plan), plan)


def share_action(action: Any) -> None:
    if action.lead.is_own:
        _share(ACTION_TYPE, str(action.id), action.version, action_body(action), action.plan)


def send_snapshots(recipient: str, body: dict[str, Any]) -> None:
    from jisr.federation.services import outbox_enqueue

    outbox_enqueue(envelope_type=SNAPSHOTS_TYPE, recipient=recipient, body=body)


# -- receiving ------------------------------------------------------------------------------


def _agency(code: Any) -> Any:
    from jisr.accounts.models import Agency
    from jisr.federation.registry import PermanentEnvelopeError

    agency = Agency.objects.filter(code=str(code)).first()
    if agency is None:
        raise PermanentEnvelopeError(f"unknown agency {str(code)[:32]}")
    return agency


def _texts(value: Any) -> dict[str, str]:
    if not isinstance(value, dict):
        raise ValueError("texts must be an object")
    return {str(k)[:2]: str(v)[:5000] for k, v in value.items() if k in ("ar", "fr", "en")}


def _bindings(rows: Any, **owner: Any) -> None:
    from jisr.plan.models import IndicatorBinding

    keep = set()
    for b in rows or []:
        target = b.get("target")
        IndicatorBinding.objects.update_or_create(
            id=b["id"],
            defaults={
                **owner,
                "code": str(b["code"])[:80],
                "target": None if target is None else float(target),
                "granularity": b.get("granularity") or "quarter",
            },
        )
        keep.add(str(b["id"]))
    IndicatorBinding.objects.filter(**owner).exclude(id__in=keep).delete()


def on_plan_upsert(sender: str, record_id: str, version: int, body: dict[str, Any]) -> None:
    from jisr.audit.services import audit_record
    from jisr.federation.registry import PermanentEnvelopeError
    from jisr.plan.actions import PlanAction
    from jisr.plan.models import Pillar, PillarKey, Plan, PlanStatus

    if body.get("owner") != sender or body.get("id") != record_id:
        raise PermanentEnvelopeError("a plan can only be replicated by the agency that owns it")
    owner = _agency(sender)
    if owner.is_own:
        raise PermanentEnvelopeError("a partner cannot overwrite our own plan")
    fields = {
        "owner": owner,
        "title": _texts(body["title"]),
        "parties": [str(code)[:32] for code in body["parties"]][:20],
        "signed_on": wire_date(body["signed_on"]),
        "starts_on": wire_date(body["starts_on"]),
        "ends_on": wire_date(body["ends_on"]),
        "status": body.get("status", "active"),
        "version": version,
        "updated_at": clock.now(),
    }
    if fields["status"] not in PlanStatus.values or sender not in fields["parties"]:
        raise ValueError("unknown plan status, or a sender that is not a party")
    if any(p.get("key") not in PillarKey.values for p in body.get("pillars", [])):
        raise ValueError("unknown pillar")
    plan, _created = Plan.objects.update_or_create(id=record_id, defaults=fields)
    for p in body.get("pillars", []):
        pillar, _c = Pillar.objects.update_or_create(
            id=p["id"],
            defaults={
                "plan": plan,
                "number": int(p["number"]),
                "key": p["key"],
                "title": _texts(p["title"]),
            },
        )
        _bindings(p.get("bindings"), plan=plan, pillar=pillar, action=None)
    audit_record(sender, PlanAction.PLAN_RECEIVE, target=plan, extra={"version": version})


def on_plan_withdraw(sender: str, record_id: str) -> None:
    from jisr.plan.models import Plan

    Plan.objects.filter(id=record_id, owner__code=sender).update(status="closed")


def on_action_upsert(sender: str, record_id: str, version: int, body: dict[str, Any]) -> None:
    from jisr.audit.services import audit_record
    from jisr.federation.registry import PermanentEnvelopeError, RetryLater
    from jisr.plan.actions import PlanAction
    from jisr.plan.models import Action, ActionStatus, ActionStatusChange, Milestone, Pillar

    if body.get("lead") != sender or body.get("id") != record_id:
        raise PermanentEnvelopeError("an action can only be replicated by its lead agency")
    lead = _agency(sender)
    if lead.is_own:
        raise PermanentEnvelopeError("a partner cannot overwrite an action we lead")
    pillar = Pillar.objects.filter(
        id=str(body.get("pillar")), plan_id=str(body.get("plan"))
    ).first()
    if pillar is None:
        raise RetryLater("the plan or the pillar has not arrived yet")
    if sender not in pillar.plan.parties:
        raise PermanentEnvelopeError("the sender is not a party to this plan")
    if body["status"] not in ActionStatus.values:
        raise ValueError("unknown status")
    counterpart = _agency(body["counterpart"]) if body.get("counterpart") else None
    fields = {
        "plan": pillar.plan,
        "pillar": pillar,
        "code": str(body["code"])[:16],
        "title": _texts(body["title"]),
        "description": _texts(body.get("description") or {}),
        "lead": lead,
        "counterpart": counterpart,
        "counterpart_unit": str(body.get("counterpart_unit") or "")[:200],
        "starts_on": wire_date(body["starts_on"]),
        "due_on": wire_date(body["due_on"]),
        "status": body["status"],
        "version": version,
        "updated_at": clock.now(),
    }
    action, _created = Action.objects.update_or_create(id=record_id, defaults=fields)
    keep = set()
    for m in body.get("milestones", []):
        Milestone.objects.update_or_create(
            id=m["id"],
            defaults={
                "action": action,
                "title": _texts(m["title"]),
                "due_on": wire_date(m["due_on"]),
                "done_on": wire_date(m["done_on"]) if m.get("done_on") else None,
                "evidence_kind": str(m.get("evidence_kind") or "")[:20],
                "evidence_ref": str(m.get("evidence_ref") or "")[:500],
            },
        )
        keep.add(str(m["id"]))
    action.milestones.exclude(id__in=keep).delete()
    # The lead's history is the history: the copy is replaced by it.
    action.history.all().delete()
    for h in body.get("history", []):
        at = parse_datetime(str(h["at"]))
        if at is None or h["to"] not in ActionStatus.values:
            raise ValueError("malformed history entry")
        ActionStatusChange.objects.create(
            action=action,
            position=int(h["position"]),
            from_status=h.get("from") or "",
            to_status=h["to"],
            comment=str(h.get("comment") or "")[:2000],
            by_name=str(h.get("by") or "")[:150],
            by_agency=str(h.get("agency") or "")[:32],
            at=at,
        )
    _bindings(body.get("bindings"), plan=pillar.plan, action=action)
    audit_record(sender, PlanAction.ACTION_RECEIVE, target=action, extra={"version": version})


def on_action_withdraw(sender: str, record_id: str) -> None:
    from jisr.plan.models import Action

    Action.objects.filter(id=record_id, lead__code=sender).update(status="dropped")


def plan_state(record_id: str) -> tuple[int, dict[str, Any]] | None:
    from jisr.plan.models import Plan

    plan = Plan.objects.filter(id=record_id, owner__is_own=True).first()
    return None if plan is None else (plan.version, plan_body(plan))


def action_state(record_id: str) -> tuple[int, dict[str, Any]] | None:
    from jisr.plan.models import Action

    action = Action.objects.filter(id=record_id, lead__is_own=True).first()
    return None if action is None else (action.version, action_body(action))


def plan_owner(record_id: str) -> str | None:
    from jisr.plan.models import Plan

    return Plan.objects.filter(id=record_id).values_list("owner__code", flat=True).first()


def action_owner(record_id: str) -> str | None:
    from jisr.plan.models import Action

    return Action.objects.filter(id=record_id).values_list("lead__code", flat=True).first()


def _pillar_owners(ident: str) -> set[str] | None:
    from jisr.plan.models import Pillar

    owner = Pillar.objects.filter(id=ident).values_list("plan__owner__code", flat=True).first()
    return None if owner is None else {owner}


def _plan_parties(ident: str) -> set[str] | None:
    from jisr.plan.models import Plan

    plan = Plan.objects.filter(id=ident).first()
    return None if plan is None else set(plan.parties)


def _milestone_owners(ident: str) -> set[str] | None:
    from jisr.plan.models import Milestone

    lead = Milestone.objects.filter(id=ident).values_list("action__lead__code", flat=True).first()
    return None if lead is None else {lead}


def _binding_owners(ident: str) -> set[str] | None:
    """An action's binding belongs to the action's lead, a pillar's to the plan's owner."""
    from jisr.plan.models import IndicatorBinding

    row = (
        IndicatorBinding.objects.filter(id=ident)
        .values_list("action__lead__code", "plan__owner__code")
        .first()
    )
    if row is None:
        return None
    return {row[0] or row[1]}


def _ids(key: str) -> Any:
    def ids(body: dict[str, Any]) -> list[Any]:
        return [item["id"] for item in body.get(key) or []]

    return ids


def _pillar_binding_ids(body: dict[str, Any]) -> list[Any]:
    return [b["id"] for p in body.get("pillars") or [] for b in p.get("bindings") or []]


def _plan_audience() -> list[tuple[str, int, list[str]]]:
    from jisr.plan.models import Plan

    return [
        (str(plan.id), plan.version, recipients_for(plan))
        for plan in Plan.objects.filter(owner__is_own=True).select_related("owner")
    ]


def _action_audience() -> list[tuple[str, int, list[str]]]:
    from jisr.plan.models import Action

    actions = Action.objects.filter(lead__is_own=True).select_related("plan")
    return [(str(a.id), a.version, recipients_for(a.plan)) for a in actions]


# -- indicator aggregates -------------------------------------------------------------------


def handle_snapshots(envelope: Any) -> None:
    """Store a partner's aggregates as that partner's own figures, and nothing else."""
    from jisr.audit.services import audit_record
    from jisr.federation.registry import MalformedEnvelope, PermanentEnvelopeError
    from jisr.plan.actions import PlanAction
    from jisr.plan.models import IndicatorSnapshot

    body = envelope.body
    if body.get("agency") != envelope.sender:
        raise PermanentEnvelopeError("a node sends only its own agency's figures")
    if _agency(envelope.sender).is_own:
        raise PermanentEnvelopeError("our own figures are never received from a partner")
    items = body.get("items")
    if not isinstance(items, list) or len(items) > MAX_SNAPSHOT_ITEMS:
        raise MalformedEnvelope("items must be a list of at most 5000 figures")
    threshold = int(body.get("threshold") or 0)
    now = clock.now()
    computed = parse_datetime(str(body.get("computed_at"))) or now
    for item in items:
        code = str(item["code"])
        if not 0 < len(code) <= 80:
            raise ValueError("indicator code")
        suppressed = bool(item.get("suppressed"))
        value = item.get("value")
        if suppressed:
            value = None  # never stored, whatever was sent
        elif value is not None:
            value = float(value)
            if value != value or abs(value) > 1e12:
                raise ValueError("value out of range")
        IndicatorSnapshot.objects.update_or_create(
            code=code,
            agency=envelope.sender,
            period_start=wire_date(item["from"]),
            period_end=wire_date(item["to"]),
            defaults={
                "version": int(item.get("version") or 1),
                "value": value,
                "suppressed": suppressed,
                "threshold": threshold if suppressed else 0,
                "computed_at": computed,
                "received_at": now,
            },
        )
    audit_record(
        envelope.sender,
        PlanAction.SNAPSHOTS_RECEIVE,
        target=("plan.indicatorsnapshot", envelope.sender),
        extra={"figures": len(items)},
    )


def register() -> None:
    """Called from PlanConfig.ready()."""
    from jisr.federation.registry import Reference, register_handler, register_replicated_type

    register_replicated_type(
        PLAN_TYPE,
        on_upsert=on_plan_upsert,
        on_withdraw=on_plan_withdraw,
        body_for=plan_state,
        owner_of=plan_owner,
        references=(
            Reference("plan.pillar", _ids("pillars"), _pillar_owners),
            Reference("plan.binding", _pillar_binding_ids, _binding_owners),
        ),
        audience=_plan_audience,
    )
    register_replicated_type(
        ACTION_TYPE,
        on_upsert=on_action_upsert,
        on_withdraw=on_action_withdraw,
        body_for=action_state,
        owner_of=action_owner,
        references=(
            Reference("plan.plan", lambda body: [body.get("plan")], _plan_parties),
            Reference("plan.milestone", _ids("milestones"), _milestone_owners),
            Reference("plan.binding", _ids("bindings"), _binding_owners),
        ),
        audience=_action_audience,
    )
    register_handler(SNAPSHOTS_TYPE, handle_snapshots)
