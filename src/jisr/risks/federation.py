"""How risks, assessments, bulletins, playbooks and response tasks travel between nodes.

- ``risks.risk`` (replicated, owner = the agency that recorded it), with its mitigations;
- ``risks.assessment`` (replicated, owner = the assessing agency): a partner's own score;
- ``risks.bulletin`` (replicated to its recipients after the four-eyes release), with its
  indicators and the response (playbook steps) it triggered; a withdrawal deletes the copy;
- ``risks.playbook`` (replicated, owner = its author agency), with its steps;
- ``risks.task`` (replicated, owner = the agency doing the step): each side sends its tasks
  of a bulletin's response to the other;
- ``risks.receipt`` (envelope to the bulletin's owner): the receiving agency's named
  recipients and who has acknowledged. The owner only ever writes the sender's own rows.
"""

from __future__ import annotations

import logging
from typing import Any

from jisr.accounts.models import Agency
from jisr.core import clock
from jisr.federation.wire import iso, wire_date_or_none, wire_datetime_or_none

log = logging.getLogger("jisr.risks")

RISK_TYPE = "risks.risk"
ASSESSMENT_TYPE = "risks.assessment"
BULLETIN_TYPE = "risks.bulletin"
PLAYBOOK_TYPE = "risks.playbook"
TASK_TYPE = "risks.task"
RECEIPT_TYPE = "risks.receipt"


def partner_codes() -> list[str]:
    from jisr.federation.selectors import partner_agencies

    return sorted(agency.code for agency in partner_agencies())


def _agency(code: str) -> Agency:
    from jisr.federation.registry import PermanentEnvelopeError

    agency = Agency.objects.filter(code=code).first()
    if agency is None:
        raise PermanentEnvelopeError(f"unknown agency {code}")
    return agency


def _require_sender_owns(body: dict[str, Any], sender: str, record_id: str, key: str) -> None:
    from jisr.federation.registry import NotOwner

    if body.get(key) != sender or body.get("id") != record_id:
        raise NotOwner(f"only {body.get(key)} may replicate this record")
    if _agency(sender).is_own:
        raise NotOwner("a partner cannot write our own records")


# -- bodies --------------------------------------------------------------------------------


def risk_body(risk: Any) -> dict[str, Any]:
    fields = {
        f"{stem}_{code}": getattr(risk, f"{stem}_{code}")
        for stem in ("title", "description")
        for code in ("ar", "fr", "en")
    }
    return {
        "id": str(risk.id),
        "owner": risk.owner.code,
        **fields,
        "crime_area": risk.crime_area,
        "countries": risk.countries,
        "regions": risk.regions,
        "routes": risk.routes,
        "border_crossings": risk.border_crossings,
        "likelihood": risk.likelihood,
        "impact": risk.impact,
        "trend": risk.trend,
        "warning_signs": risk.warning_signs,
        "review_on": risk.review_on.isoformat(),
        "event": str(risk.event_id) if risk.event_id else None,
        "mitigations": [
            {
                "id": str(m.id),
                "measure": m.measure,
                "responsible": m.responsible,
                "due_on": iso(m.due_on),
                "done": m.done,
            }
            for m in risk.mitigations.all()
        ],
    }


def assessment_body(assessment: Any) -> dict[str, Any]:
    return {
        "id": str(assessment.id),
        "risk": str(assessment.risk_id),
        "agency": assessment.agency.code,
        "likelihood": assessment.likelihood,
        "impact": assessment.impact,
        "comment": assessment.comment,
        "assessed_by": assessment.assessed_by,
        "assessed_at": assessment.assessed_at.isoformat(),
    }


def bulletin_body(bulletin: Any) -> dict[str, Any]:
    return {
        "id": str(bulletin.id),
        "owner": bulletin.owner.code,
        "kind": bulletin.kind,
        "version": bulletin.version,
        "title": bulletin.title,
        "summary": bulletin.summary,
        "details": bulletin.details,
        "recommended_measures": bulletin.recommended_measures,
        "handling_code": bulletin.handling_code,
        "restrictions": bulletin.restrictions,
        "source_reliability": bulletin.source_reliability,
        "information_accuracy": bulletin.information_accuracy,
        "valid_until": bulletin.valid_until.isoformat(),
        "recipients": list(bulletin.recipients),
        "risks": [str(r) for r in bulletin.risks.values_list("id", flat=True)],
        "changes": list(bulletin.changes),
        "response": dict(bulletin.response),
        "author": bulletin.author_name,
        "released_at": iso(bulletin.released_at),
        "indicators": [
            {"id": str(i.id), "type": i.type, "value": i.value, "key": i.key}
            for i in bulletin.indicators.all()
        ],
    }


def playbook_body(playbook: Any) -> dict[str, Any]:
    return {
        "id": str(playbook.id),
        "owner": playbook.owner.code,
        "name": playbook.name,
        "crime_area": playbook.crime_area,
        "bulletin_kind": playbook.bulletin_kind,
        "version": playbook.version,
        "history": playbook.history,
        "steps": [s.record() for s in playbook.steps.select_related("agency")],
    }


def task_body(task: Any) -> dict[str, Any]:
    return {
        "id": str(task.id),
        "bulletin": str(task.bulletin_id),
        "agency": task.agency.code,
        "order": task.order,
        "action": task.action,
        "status": task.status,
        "due_at": iso(task.due_at),
        "updated_by": task.updated_by,
    }


# -- sending (inside the caller's transaction) ------------------------------------------


def _upsert(
    record_type: str, record_id: Any, version: int, body: dict[str, Any], to: list[str]
) -> list[str]:
    from jisr.federation.services import replicate_upsert

    recipients = sorted(set(to) & set(partner_codes()))
    if recipients:
        replicate_upsert(
            record_type=record_type,
            record_id=str(record_id),
            version=version,
            body=body,
            recipients=recipients,
        )
    return recipients


def _withdraw(record_type: str, record_id: Any, version: int, to: list[str]) -> None:
    from jisr.federation.services import replicate_withdraw

    recipients = sorted(set(to) & set(partner_codes()))
    if recipients:
        replicate_withdraw(
            record_type=record_type,
            record_id=str(record_id),
            version=version,
            recipients=recipients,
        )


def share_risk(risk: Any) -> list[str]:
    return _upsert(RISK_TYPE, risk.id, risk.version, risk_body(risk), partner_codes())


def share_assessment(assessment: Any) -> list[str]:
    return _upsert(
        ASSESSMENT_TYPE,
        assessment.id,
        assessment.version,
        assessment_body(assessment),
        partner_codes(),
    )


def share_bulletin(bulletin: Any) -> list[str]:
    return _upsert(
        BULLETIN_TYPE, bulletin.id, bulletin.revision, bulletin_body(bulletin), bulletin.recipients
    )


def withdraw_bulletin(bulletin: Any) -> None:
    _withdraw(BULLETIN_TYPE, bulletin.id, bulletin.revision, bulletin.recipients)


def share_playbook(playbook: Any) -> list[str]:
    return _upsert(
        PLAYBOOK_TYPE, playbook.id, playbook.version, playbook_body(playbook), partner_codes()
    )


def task_audience(task: Any) -> list[str]:
    """Our tasks of our own bulletin go to its recipients; of a partner's, to its owner."""
    bulletin = task.bulletin
    return list(bulletin.recipients) if bulletin.is_own else [bulletin.owner.code]


def share_task(task: Any) -> list[str]:
    return _upsert(TASK_TYPE, task.id, task.version, task_body(task), task_audience(task))


def send_receipt(bulletin: Any) -> None:
    """Tell the bulletin's owner who our named recipients are and who has acknowledged."""
    from jisr.accounts.selectors import own_agency
    from jisr.federation.services import outbox_enqueue

    own = own_agency()
    if own is None or bulletin.owner.code not in partner_codes():
        return
    rows = bulletin.acks.filter(agency=own)
    outbox_enqueue(
        envelope_type=RECEIPT_TYPE,
        recipient=bulletin.owner.code,
        body={
            "bulletin": str(bulletin.id),
            "agency": own.code,
            "recipients": [
                {"username": a.username, "name": a.name, "acknowledged_at": iso(a.acknowledged_at)}
                for a in rows
            ],
        },
    )


# -- receiving ------------------------------------------------------------------------------


def on_risk_upsert(sender: str, record_id: str, version: int, body: dict[str, Any]) -> None:
    from jisr.audit.services import audit_record
    from jisr.risks.actions import RiskAction
    from jisr.risks.models import Mitigation, Risk

    _require_sender_owns(body, sender, record_id, "owner")
    from jisr.events.models import Event

    event_id = body.get("event")
    event = Event.objects.filter(id=event_id).first() if event_id else None
    now = clock.now()
    texts = {
        f"{stem}_{code}": str(body.get(f"{stem}_{code}") or "")
        for stem in ("title", "description")
        for code in ("ar", "fr", "en")
    }
    fields = {
        "owner": _agency(sender),
        **texts,
        "crime_area": str(body["crime_area"]),
        "countries": list(body.get("countries") or []),
        "regions": list(body.get("regions") or []),
        "routes": list(body.get("routes") or []),
        "border_crossings": list(body.get("border_crossings") or []),
        "likelihood": _score(body["likelihood"]),
        "impact": _score(body["impact"]),
        "trend": str(body.get("trend") or "stable"),
        "warning_signs": str(body.get("warning_signs") or ""),
        "review_on": wire_date_or_none(body["review_on"]),
        "event": event,
        "version": version,
        "updated_at": now,
    }
    risk, _created = Risk.objects.update_or_create(
        id=record_id, defaults=fields, create_defaults={**fields, "created_at": now}
    )
    risk.mitigations.all().delete()
    for m in body.get("mitigations") or []:
        Mitigation.objects.create(
            id=m["id"],
            risk=risk,
            measure=str(m["measure"])[:300],
            responsible=str(m.get("responsible") or "")[:200],
            due_on=wire_date_or_none(m.get("due_on")),
            done=bool(m.get("done")),
        )
    audit_record(sender, RiskAction.RISK_RECEIVE, target=risk, extra={"version": version})


def _score(value: Any) -> int:
    score = int(value)
    if not 1 <= score <= 5:
        raise ValueError("a score runs from 1 to 5")
    return score


def on_risk_withdraw(sender: str, record_id: str) -> None:
    from jisr.audit.services import audit_record
    from jisr.risks.actions import RiskAction
    from jisr.risks.models import Risk

    risk = Risk.objects.filter(id=record_id, owner__code=sender).first()
    if risk is not None and risk.assessments.filter(agency__is_own=True).exists():
        # Our assessments hang on it (on_delete=CASCADE): not deleted on a partner's word.
        from jisr.federation.registry import NotOwner

        raise NotOwner(f"risks.risk {record_id} holds assessments {sender} does not own")
    if risk is not None:
        audit_record(sender, RiskAction.RISK_WITHDRAWN, target=("risks.risk", record_id))
        risk.delete()


def on_assessment_upsert(sender: str, record_id: str, version: int, body: dict[str, Any]) -> None:
    from jisr.federation.registry import RetryLater
    from jisr.risks.models import Risk, RiskAssessment

    _require_sender_owns(body, sender, record_id, "agency")
    risk = Risk.objects.filter(id=str(body.get("risk"))).first()
    if risk is None:
        raise RetryLater("risk not known yet")
    fields = {
        "risk": risk,
        "agency": _agency(sender),
        "likelihood": _score(body["likelihood"]),
        "impact": _score(body["impact"]),
        "comment": str(body.get("comment") or ""),
        "assessed_by": str(body.get("assessed_by") or "")[:150],
        "assessed_at": wire_datetime_or_none(body["assessed_at"]),
        "version": version,
    }
    RiskAssessment.objects.update_or_create(id=record_id, defaults=fields)


def on_assessment_withdraw(sender: str, record_id: str) -> None:
    from jisr.risks.models import RiskAssessment

    RiskAssessment.objects.filter(id=record_id, agency__code=sender).delete()


def on_bulletin_upsert(sender: str, record_id: str, version: int, body: dict[str, Any]) -> None:
    from jisr.risks.services.bulletins import bulletin_receive

    _require_sender_owns(body, sender, record_id, "owner")
    bulletin_receive(sender=sender, revision=version, body=body)


def on_bulletin_withdraw(sender: str, record_id: str) -> None:
    from jisr.audit.services import audit_record
    from jisr.risks.actions import RiskAction
    from jisr.risks.models import Bulletin

    bulletin = Bulletin.objects.filter(id=record_id, owner__code=sender).first()
    if bulletin is not None and (
        bulletin.acks.filter(agency__is_own=True, acknowledged_at__isnull=False).exists()
        or bulletin.tasks.filter(agency__is_own=True).exists()
    ):
        # Our acknowledgements and response tasks hang on it (on_delete=CASCADE): they are
        # our records and stay. The copy becomes a withdrawn tombstone without the
        # partner's content (its indicators, and their matches, go).
        from jisr.risks.models import BulletinStatus

        bulletin.indicators.all().delete()
        bulletin.status = BulletinStatus.WITHDRAWN
        bulletin.summary = bulletin.details = bulletin.recommended_measures = ""
        bulletin.save(update_fields=["status", "summary", "details", "recommended_measures"])
        audit_record(
            sender,
            RiskAction.BULLETIN_WITHDRAW,
            target=bulletin,
            extra={
                "kept_acknowledgements": bulletin.acks.filter(agency__is_own=True).count(),
                "kept_tasks": bulletin.tasks.filter(agency__is_own=True).count(),
            },
        )
        return
    if bulletin is not None:
        audit_record(sender, RiskAction.BULLETIN_WITHDRAW, target=("risks.bulletin", record_id))
        bulletin.delete()


def on_playbook_upsert(sender: str, record_id: str, version: int, body: dict[str, Any]) -> None:
    from jisr.risks.models import Playbook, PlaybookStep

    _require_sender_owns(body, sender, record_id, "owner")
    now = clock.now()
    fields = {
        "owner": _agency(sender),
        "name": str(body["name"])[:200],
        "crime_area": str(body["crime_area"]),
        "bulletin_kind": str(body.get("bulletin_kind") or ""),
        "version": version,
        "history": list(body.get("history") or []),
        "updated_at": now,
    }
    playbook, _created = Playbook.objects.update_or_create(
        id=record_id, defaults=fields, create_defaults={**fields, "created_at": now}
    )
    playbook.steps.all().delete()
    for s in body.get("steps") or []:
        PlaybookStep.objects.create(
            id=s["id"],
            playbook=playbook,
            order=int(s["order"]),
            agency=_agency(s["agency"]),
            action=str(s["action"])[:300],
            within_hours=int(s["within_hours"]),
        )


def on_playbook_withdraw(sender: str, record_id: str) -> None:
    from jisr.risks.models import Playbook

    Playbook.objects.filter(id=record_id, owner__code=sender).delete()


def on_task_upsert(sender: str, record_id: str, version: int, body: dict[str, Any]) -> None:
    from jisr.federation.registry import NotOwner, RetryLater
    from jisr.risks.models import Bulletin, ResponseTask

    _require_sender_owns(body, sender, record_id, "agency")
    bulletin = Bulletin.objects.filter(id=str(body.get("bulletin"))).first()
    if bulletin is None:
        raise RetryLater("bulletin not known yet")
    if sender != bulletin.owner.code and sender not in bulletin.recipients:
        raise NotOwner("the sender takes no part in this bulletin")
    fields = {
        "bulletin": bulletin,
        "agency": _agency(sender),
        "order": int(body.get("order") or 1),
        "action": str(body["action"])[:300],
        "status": str(body["status"]),
        "due_at": wire_datetime_or_none(body.get("due_at")),
        "updated_by": str(body.get("updated_by") or "")[:150],
        "version": version,
        "updated_at": clock.now(),
    }
    ResponseTask.objects.update_or_create(id=record_id, defaults=fields)


def on_task_withdraw(sender: str, record_id: str) -> None:
    from jisr.risks.models import ResponseTask

    ResponseTask.objects.filter(id=record_id, agency__code=sender).delete()


def handle_receipt(envelope: Any) -> None:
    """The receiving agency's named recipients and acknowledgements, on the owner's node."""
    from jisr.risks.services.bulletins import receipt_apply

    receipt_apply(sender=envelope.sender, body=envelope.body)


# -- ownership, as the replication layer checks it ------------------------------------------


def _owner(model_name: str, field: str) -> Any:
    def owner_of(record_id: str) -> str | None:
        from jisr.risks import models

        model = getattr(models, model_name)
        value = model.objects.filter(id=record_id).values_list(f"{field}__code", flat=True).first()
        return None if value is None else str(value)

    return owner_of


def _part_owner(model_name: str, path: str) -> Any:
    def owners(ident: str) -> set[str] | None:
        from jisr.risks import models

        model = getattr(models, model_name)
        code = model.objects.filter(id=ident).values_list(f"{path}__code", flat=True).first()
        return None if code is None else {str(code)}

    return owners


def _ids(key: str) -> Any:
    def ids(body: dict[str, Any]) -> list[Any]:
        return [item["id"] for item in body.get(key) or []]

    return ids


def _state(model_name: str, owner_filter: str, body: Any, version: str = "version") -> Any:
    def state(record_id: str) -> tuple[int, dict[str, Any]] | None:
        from jisr.risks import models

        model = getattr(models, model_name)
        row = model.objects.filter(id=record_id, **{owner_filter: True}).first()
        return None if row is None else (int(getattr(row, version)), body(row))

    return state


def _audience(model_name: str, owner_filter: str, to: Any, version: str = "version") -> Any:
    def audience() -> list[tuple[str, int, list[str]]]:
        from jisr.risks import models

        model = getattr(models, model_name)
        partners = set(partner_codes())
        rows = []
        for row in model.objects.filter(**{owner_filter: True}):
            recipients = sorted(set(to(row)) & partners)
            if recipients:
                rows.append((str(row.id), int(getattr(row, version)), recipients))
        return rows

    return audience


def _released_bulletin_recipients(bulletin: Any) -> list[str]:
    return list(bulletin.recipients) if bulletin.status == "released" else []


def register() -> None:
    """Called from RisksConfig.ready()."""
    from jisr.federation.registry import Reference, register_handler, register_replicated_type

    everyone = lambda row: partner_codes()  # noqa: E731
    register_replicated_type(
        RISK_TYPE,
        on_upsert=on_risk_upsert,
        on_withdraw=on_risk_withdraw,
        body_for=_state("Risk", "owner__is_own", risk_body),
        owner_of=_owner("Risk", "owner"),
        references=(
            Reference(
                "risks.mitigation", _ids("mitigations"), _part_owner("Mitigation", "risk__owner")
            ),
        ),
        audience=_audience("Risk", "owner__is_own", everyone),
    )
    register_replicated_type(
        ASSESSMENT_TYPE,
        on_upsert=on_assessment_upsert,
        on_withdraw=on_assessment_withdraw,
        body_for=_state("RiskAssessment", "agency__is_own", assessment_body),
        owner_of=_owner("RiskAssessment", "agency"),
        audience=_audience("RiskAssessment", "agency__is_own", everyone),
    )
    register_replicated_type(
        BULLETIN_TYPE,
        on_upsert=on_bulletin_upsert,
        on_withdraw=on_bulletin_withdraw,
        body_for=_state("Bulletin", "owner__is_own", bulletin_body, "revision"),
        owner_of=_owner("Bulletin", "owner"),
        references=(
            Reference(
                "risks.indicator",
                _ids("indicators"),
                _part_owner("BulletinIndicator", "bulletin__owner"),
            ),
        ),
        audience=_audience("Bulletin", "owner__is_own", _released_bulletin_recipients, "revision"),
    )
    register_replicated_type(
        PLAYBOOK_TYPE,
        on_upsert=on_playbook_upsert,
        on_withdraw=on_playbook_withdraw,
        body_for=_state("Playbook", "owner__is_own", playbook_body),
        owner_of=_owner("Playbook", "owner"),
        references=(
            Reference("risks.step", _ids("steps"), _part_owner("PlaybookStep", "playbook__owner")),
        ),
        audience=_audience("Playbook", "owner__is_own", everyone),
    )
    register_replicated_type(
        TASK_TYPE,
        on_upsert=on_task_upsert,
        on_withdraw=on_task_withdraw,
        body_for=_state("ResponseTask", "agency__is_own", task_body),
        owner_of=_owner("ResponseTask", "agency"),
        audience=_audience("ResponseTask", "agency__is_own", task_audience),
    )
    register_handler(RECEIPT_TYPE, handle_receipt)
