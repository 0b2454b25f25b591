"""How a working group travels between the member agencies' nodes.

Record types (replicated, owner-authoritative; each item belongs to the node that wrote it):
``groups.group`` (the convener: name, mandate, status, partners — never the members or any
content), ``groups.member`` (each agency's own members), ``groups.target``, ``groups.lead``,
``groups.task``, ``groups.meeting``, ``groups.operation``, ``groups.approval``,
``groups.oplog``, ``groups.result``, ``groups.case``.

Envelopes: ``groups.accept`` / ``groups.decline`` (a partner answers the invitation, to the
convener) and ``groups.task_status`` (the responsible agency asks the owner of a task to
change its status; the owner applies it and replicates the task again, so both converge).

Before a partner has accepted, only the ``groups.group`` record reaches it: nothing personal.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import models

from jisr.accounts.models import Agency
from jisr.federation.wire import iso, wire_date_or_none, wire_datetime, wire_datetime_or_none
from jisr.groups import models as gm
from jisr.groups.actions import GroupAction

log = logging.getLogger("jisr.groups")

GROUP_TYPE = "groups.group"
ACCEPT_TYPE = "groups.accept"
DECLINE_TYPE = "groups.decline"
TASK_STATUS_TYPE = "groups.task_status"


# -- bodies --------------------------------------------------------------------------------


def _common(item: Any) -> dict[str, Any]:
    return {
        "id": str(item.id),
        "owner": item.owner.code,
        "created_at": item.created_at.isoformat(),
        "created_by": item.created_by,
    }


def group_body(group: gm.WorkingGroup) -> dict[str, Any]:
    return {
        **_common(group),
        "name": group.name,
        "mandate": group.mandate,
        "kind": group.kind,
        "crime_area": group.crime_area,
        "status": group.status,
        "closing_report": group.closing_report,
        "updated_at": group.updated_at.isoformat(),
        "partners": [
            {
                "agency": p.agency.code,
                "status": p.status,
                "reason": p.reason,
                "without_members": p.without_members,
            }
            for p in group.partners.select_related("agency").order_by("agency__code")
        ],
    }


def member_body(m: gm.Membership) -> dict[str, Any]:
    return {
        **_common(m),
        "group": str(m.group_id),
        "username": m.username,
        "display_name": m.display_name,
    }


def target_body(t: gm.Target) -> dict[str, Any]:
    return {
        **_common(t),
        "group": str(t.group_id),
        "alert_id": str(t.alert_id) if t.alert_id else None,
        "names": t.names,
        "birth_date": t.birth_date,
        "nationalities": t.nationalities,
        "sex": t.sex,
        "priority": t.priority,
        "lead_agency": t.lead_agency.code,
        "status": t.status,
        "whereabouts": t.whereabouts,
    }


def lead_body(lead: gm.Lead) -> dict[str, Any]:
    return {
        **_common(lead),
        "group": str(lead.group_id),
        "target": str(lead.target_id) if lead.target_id else None,
        "text": lead.text,
        "occurred_on": iso(lead.occurred_on),
        "place": lead.place,
        "source_evaluation": lead.source_evaluation,
        "information_evaluation": lead.information_evaluation,
        "handling_code": lead.handling_code,
        "supersedes": str(lead.supersedes_id) if lead.supersedes_id else None,
        # The bytes travel in the envelope, as exchange attachments do (checked on arrival).
        "attachments": [
            {**a.metadata(), "data": base64.b64encode(bytes(a.data)).decode("ascii")}
            for a in lead.attachments.all()
        ],
    }


def task_body(task: gm.Task) -> dict[str, Any]:
    return {
        **_common(task),
        "group": str(task.group_id),
        "title": task.title,
        "description": task.description,
        "assignee_agency": task.assignee_agency.code,
        "assignee_username": task.assignee_username,
        "status": task.status,
        "result": task.result,
        "due_at": iso(task.due_at),
        "done_at": iso(task.done_at),
        "meeting": str(task.meeting_id) if task.meeting_id else None,
    }


def meeting_body(m: gm.Meeting) -> dict[str, Any]:
    return {
        **_common(m),
        "group": str(m.group_id),
        **m.record(),
    }


def operation_body(op: gm.Operation) -> dict[str, Any]:
    return {
        **_common(op),
        **op.record(),
        "status": op.status,
        "lessons_learned": op.lessons_learned,
        "plan_version": op.plan_version,
    }


def approval_body(a: gm.OperationApproval) -> dict[str, Any]:
    return {**_common(a), "operation": str(a.operation_id), "plan_version": a.plan_version}


def oplog_body(e: gm.OperationLogEntry) -> dict[str, Any]:
    return {**_common(e), "operation": str(e.operation_id), "at": e.at.isoformat(), "text": e.text}


def result_body(r: gm.OperationResult) -> dict[str, Any]:
    return {
        **_common(r),
        "operation": str(r.operation_id),
        "kind": r.kind,
        "seizure_type": r.seizure_type,
        "quantity": str(r.quantity),
        "unit": r.unit,
        "note": r.note,
    }


def case_body(c: gm.GroupCase) -> dict[str, Any]:
    return {**_common(c), "group": str(c.group_id), "case_id": str(c.case_id)}


# -- who receives what -----------------------------------------------------------------------


def _partner_codes() -> set[str]:
    from jisr.federation.selectors import partner_agencies

    return {agency.code for agency in partner_agencies()}


def _own_code() -> str:
    from jisr.accounts.selectors import own_agency

    own = own_agency()
    return own.code if own else ""


def group_agencies(group: gm.WorkingGroup, *, accepted_only: bool = True) -> set[str]:
    """The convener and its partners (those that accepted, unless ``accepted_only`` is off)."""
    partners = group.partners.exclude(status=gm.PartnerStatus.DECLINED)
    if accepted_only:
        partners = partners.filter(status=gm.PartnerStatus.ACCEPTED)
    return {group.owner.code, *partners.values_list("agency__code", flat=True)}


def content_recipients(group: gm.WorkingGroup, *, roster: bool = False) -> list[str]:
    """Nodes that receive the group's content: agencies that accepted, while it is active.

    An agency left without members no longer receives the content; it still receives the
    membership rows (``roster``), so its supervisors see who the members are.
    """
    if group.status != gm.GroupStatus.ACTIVE:
        return []
    codes = group_agencies(group) - {_own_code()}
    if not roster:
        codes -= set(
            group.partners.filter(without_members=True).values_list("agency__code", flat=True)
        )
    return sorted(codes & _partner_codes())


def header_recipients(group: gm.WorkingGroup) -> list[str]:
    """Nodes that receive the group record itself: every agency invited to it."""
    codes = {group.owner.code, *group.partners.values_list("agency__code", flat=True)}
    return sorted((codes - {_own_code()}) & _partner_codes())


# -- the item types, as data --------------------------------------------------------------


@dataclass(frozen=True)
class ItemType:
    record_type: str
    model: type[models.Model]
    body: Callable[[Any], dict[str, Any]]
    #: "group" when the item hangs off the group, "operation" when off an operation
    parent: str
    #: the fields a received body sets, parsed: body -> {field: value}
    fields: Callable[[dict[str, Any]], dict[str, Any]]
    #: what a received body adds besides the fields (a lead's files): (item, body) -> None
    after: Callable[[Any, dict[str, Any]], None] | None = None


def _agency(code: Any) -> Agency:
    from jisr.federation.registry import PermanentEnvelopeError

    agency = Agency.objects.filter(code=str(code)).first()
    if agency is None:
        raise PermanentEnvelopeError(f"unknown agency {code}")
    return agency


def _text(value: Any, limit: int) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise TypeError("text expected")
    return value[:limit]


def _choice(value: Any, choices: type[models.TextChoices]) -> str:
    if value not in choices.values:
        raise ValueError(f"{value!r} is not one of {choices.__name__}")
    return str(value)


def _member_fields(b: dict[str, Any]) -> dict[str, Any]:
    from jisr.accounts.models import User

    username = _text(b["username"], 150)
    if not username:
        raise ValueError("username")
    local = User.objects.filter(username=username, agency__code=b["owner"]).first()
    return {"username": username, "display_name": _text(b.get("display_name"), 200), "user": local}


def _target_fields(b: dict[str, Any]) -> dict[str, Any]:
    names = b.get("names") or []
    if not isinstance(names, list):
        raise TypeError("names")
    return {
        "alert_id": b.get("alert_id") or None,
        "names": [_text(n, 200) for n in names[:20]],
        "birth_date": _text(b.get("birth_date"), 10),
        "nationalities": [_text(n, 3) for n in (b.get("nationalities") or [])[:10]],
        "sex": _text(b.get("sex"), 1),
        "priority": max(1, min(3, int(b.get("priority") or 2))),
        "lead_agency": _agency(b["lead_agency"]),
        "status": _choice(b["status"], gm.TargetStatus),
        "whereabouts": _text(b.get("whereabouts"), 300),
    }


def _lead_fields(b: dict[str, Any]) -> dict[str, Any]:
    from jisr.core.handling import HandlingCode

    target = b.get("target")
    supersedes = b.get("supersedes")
    return {
        "target_id": target if target and gm.Target.objects.filter(id=target).exists() else None,
        "text": _text(b["text"], 5000),
        "occurred_on": wire_date_or_none(b.get("occurred_on")),
        "place": _text(b.get("place"), 300),
        "source_evaluation": _choice(b["source_evaluation"], gm.SourceEvaluation),
        "information_evaluation": _choice(b["information_evaluation"], gm.InformationEvaluation),
        "handling_code": _choice(b.get("handling_code", "H0"), HandlingCode),
        "supersedes_id": supersedes
        if supersedes and gm.Lead.objects.filter(id=supersedes).exists()
        else None,
    }


def _lead_files(lead: gm.Lead, b: dict[str, Any]) -> None:
    """Store a partner lead's files, each checked against its SHA-256, size and sniffed type."""
    from jisr.exchange import sniff
    from jisr.exchange.services.common import attachment_max_bytes
    from jisr.groups.services import MAX_LEAD_FILES, store_lead_file

    items = b.get("attachments") or []
    if not isinstance(items, list) or len(items) > MAX_LEAD_FILES:
        raise ValueError("attachments")
    known = {str(i) for i in lead.attachments.values_list("id", flat=True)}
    for item in items:
        if not isinstance(item, dict) or str(item.get("id")) in known:
            continue
        encoded = str(item.get("data") or "")
        if len(encoded) > (attachment_max_bytes() * 4) // 3 + 4:
            raise ValueError("attachment larger than this node accepts")
        data = base64.b64decode(encoded, validate=True)
        if hashlib.sha256(data).hexdigest() != item.get("sha256") or len(data) != item.get("size"):
            raise ValueError("attachment does not match its SHA-256")
        detected = sniff.sniff(data)
        if detected is None:
            raise ValueError("attachment of a forbidden type")
        store_lead_file(
            lead,
            filename=_text(item.get("original_filename") or item.get("filename"), 255),
            content_type=detected,
            data=data,
            file_id=uuid.UUID(str(item["id"])),
        )


def _task_fields(b: dict[str, Any]) -> dict[str, Any]:
    from jisr.core.deadlines import deadline_fields

    due = wire_datetime_or_none(b.get("due_at"))
    created = wire_datetime(b["created_at"])
    meeting = b.get("meeting")
    return {
        "title": _text(b["title"], 200),
        "description": _text(b.get("description"), 5000),
        "assignee_agency": _agency(b["assignee_agency"]),
        "assignee_username": _text(b.get("assignee_username"), 150),
        "status": _choice(b["status"], gm.TaskStatus),
        "result": _text(b.get("result"), 5000),
        "done_at": wire_datetime_or_none(b.get("done_at")),
        "meeting_id": meeting
        if meeting and gm.Meeting.objects.filter(id=meeting).exists()
        else None,
        "requested_status": "",
        **deadline_fields(created, due),
    }


def _meeting_fields(b: dict[str, Any]) -> dict[str, Any]:
    return {
        "held_at": wire_datetime(b["held_at"]),
        "place": _text(b.get("place"), 300),
        "participants": _text(b.get("participants"), 2000),
        "agenda": _text(b.get("agenda"), 5000),
        "minutes": _text(b.get("minutes"), 5000),
        "decisions": _text(b.get("decisions"), 5000),
    }


def _json_object(value: Any) -> dict[str, str]:
    if not isinstance(value, dict):
        raise TypeError("object expected")
    return {str(k)[:32]: _text(v, 2000) for k, v in list(value.items())[:10]}


def _operation_fields(b: dict[str, Any]) -> dict[str, Any]:
    phases = b.get("phases") or []
    if not isinstance(phases, list):
        raise TypeError("phases")
    return {
        "name": _text(b["name"], 200),
        "objective": _text(b["objective"], 5000),
        "legal_basis": _json_object(b.get("legal_basis") or {}),
        "phases": [
            {
                "name": _text(p.get("name"), 200),
                "starts": _text(p.get("starts"), 10),
                "ends": _text(p.get("ends"), 10),
            }
            for p in phases[:20]
        ],
        "resources": _json_object(b.get("resources") or {}),
        "target_ids": [str(t)[:64] for t in (b.get("target_ids") or [])[:200]],
        "comms_plan": _text(b.get("comms_plan"), 5000),
        "day": wire_date_or_none(b.get("day")),
        "status": _choice(b["status"], gm.OperationStatus),
        "lessons_learned": _text(b.get("lessons_learned"), 5000),
        "plan_version": int(b.get("plan_version") or 1),
    }


def _approval_fields(b: dict[str, Any]) -> dict[str, Any]:
    return {"plan_version": int(b["plan_version"])}


def _oplog_fields(b: dict[str, Any]) -> dict[str, Any]:
    return {"at": wire_datetime(b["at"]), "text": _text(b["text"], 2000)}


def _result_fields(b: dict[str, Any]) -> dict[str, Any]:
    return {
        "kind": _choice(b["kind"], gm.ResultKind),
        "seizure_type": _text(b.get("seizure_type"), 100),
        "quantity": Decimal(str(b.get("quantity") or "1")),
        "unit": _text(b.get("unit"), 20),
        "note": _text(b.get("note"), 300),
    }


def _case_fields(b: dict[str, Any]) -> dict[str, Any]:
    return {"case_id": str(b["case_id"])}


ITEM_TYPES: dict[str, ItemType] = {
    t.record_type: t
    for t in (
        ItemType("groups.member", gm.Membership, member_body, "group", _member_fields),
        ItemType("groups.target", gm.Target, target_body, "group", _target_fields),
        ItemType("groups.lead", gm.Lead, lead_body, "group", _lead_fields, _lead_files),
        ItemType("groups.task", gm.Task, task_body, "group", _task_fields),
        ItemType("groups.meeting", gm.Meeting, meeting_body, "group", _meeting_fields),
        ItemType("groups.operation", gm.Operation, operation_body, "group", _operation_fields),
        ItemType(
            "groups.approval", gm.OperationApproval, approval_body, "operation", _approval_fields
        ),
        ItemType("groups.oplog", gm.OperationLogEntry, oplog_body, "operation", _oplog_fields),
        ItemType("groups.result", gm.OperationResult, result_body, "operation", _result_fields),
        ItemType("groups.case", gm.GroupCase, case_body, "group", _case_fields),
    )
}
TYPE_OF_MODEL = {t.model: t for t in ITEM_TYPES.values()}


def item_group(item: Any) -> gm.WorkingGroup:
    if isinstance(item, gm.WorkingGroup):
        return item
    if hasattr(item, "operation"):
        return item.operation.group  # type: ignore[no-any-return]
    return item.group  # type: ignore[no-any-return]


# -- sending (inside the caller's transaction) ------------------------------------------------


def share_group(group: gm.WorkingGroup) -> list[str]:
    """Send the group record (no members, no content) to every invited agency."""
    from jisr.federation.services import replicate_upsert

    recipients = header_recipients(group)
    if recipients:
        replicate_upsert(
            record_type=GROUP_TYPE,
            record_id=str(group.id),
            version=group.version,
            body=group_body(group),
            recipients=recipients,
        )
    return recipients


def shareable(item: Any) -> bool:
    """A person of interest leaves the node only once a second person approved it."""
    return not (
        isinstance(item, gm.Target)
        and item.review_status in (gm.ReviewStatus.PENDING, gm.ReviewStatus.REFUSED)
    )


def share_item(item: Any, *, recipients: list[str] | None = None) -> list[str]:
    """Send one of our items to the nodes of the agencies that accepted the group."""
    from jisr.federation.services import replicate_upsert

    if not shareable(item):
        return []
    kind = TYPE_OF_MODEL[type(item)]
    if recipients is None:
        recipients = content_recipients(item_group(item), roster=isinstance(item, gm.Membership))
    if recipients:
        replicate_upsert(
            record_type=kind.record_type,
            record_id=str(item.id),
            version=item.version,
            body=kind.body(item),
            recipients=recipients,
        )
    return recipients


def withdraw_item(item: Any, recipients: list[str]) -> None:
    from jisr.federation.services import replicate_withdraw

    kind = TYPE_OF_MODEL[type(item)]
    if recipients:
        replicate_withdraw(
            record_type=kind.record_type,
            record_id=str(item.id),
            version=item.version + 1,
            recipients=recipients,
        )


def own_items(group: gm.WorkingGroup) -> list[Any]:
    """Every item of the group this node owns, parents before children."""
    own = {"owner__is_own": True}
    items: list[Any] = []
    items += list(group.members.filter(**own).select_related("owner"))
    items += list(group.meetings.filter(**own).select_related("owner"))
    items += list(group.targets.filter(**own).select_related("owner", "lead_agency"))
    items += list(group.leads.filter(**own).select_related("owner").order_by("created_at"))
    items += list(group.tasks.filter(**own).select_related("owner", "assignee_agency"))
    items += list(group.cases.filter(**own).select_related("owner"))
    for op in group.operations.select_related("owner"):
        if op.owner.is_own:
            items.append(op)
        for related in (op.approvals, op.log, op.results):
            items += list(related.filter(**own).select_related("owner", "operation__group"))
    return items


def share_all(group: gm.WorkingGroup, recipients: list[str]) -> None:
    """Send every item we own to ``recipients`` (a partner that just accepted)."""
    recipients = sorted(set(recipients) & _partner_codes())
    if recipients:
        for item in own_items(group):
            share_item(item, recipients=recipients)


def withdraw_all(group: gm.WorkingGroup, recipients: list[str]) -> None:
    """Tombstone every item we own on ``recipients`` (a partner removed, a group closed)."""
    recipients = sorted(set(recipients) & _partner_codes())
    if recipients:
        for item in own_items(group):
            withdraw_item(item, recipients)


#: What a scrubbed operation keeps when records of ours hang on it (see ``_drop_operations``).
_SCRUBBED_OPERATION = {
    "objective": "",
    "legal_basis": {},
    "phases": [],
    "resources": {},
    "target_ids": [],
    "comms_plan": "",
    "lessons_learned": "",
}


def own_rows_on_operation(operation: gm.Operation) -> int:
    """Our approvals, log entries and results on an operation (of any owner)."""
    own = {"owner__is_own": True}
    return sum(
        related.filter(**own).count()
        for related in (operation.approvals, operation.log, operation.results)
    )


def own_rows_in_group(group: gm.WorkingGroup) -> int:
    """Every item of the group this node owns (members included)."""
    own = {"owner__is_own": True}
    count: int = sum(
        getattr(group, related).filter(**own).count()
        for related in ("members", "targets", "leads", "tasks", "meetings", "operations", "cases")
    )
    for model in (gm.OperationApproval, gm.OperationLogEntry, gm.OperationResult):
        count += model.objects.filter(operation__group=group, **own).count()
    return count


def _drop_operations(operations: Any) -> tuple[int, int]:
    """Delete a partner's operations, except those our rows hang on: those lose their content.

    Our approval, log entries and results are our records: a partner's decision (closing
    the group, leaving it) never deletes them through the operation they point to. The
    operation they hang on keeps only its name and status. Returns (deleted, kept).
    """
    deleted = kept = 0
    for operation in operations:
        if own_rows_on_operation(operation):
            for field, value in _SCRUBBED_OPERATION.items():
                setattr(operation, field, value)
            operation.save(update_fields=list(_SCRUBBED_OPERATION))
            kept += 1
        else:
            deleted += operation.delete()[0]
    return deleted, kept


def purge_copies(group: gm.WorkingGroup, *, actor: str) -> int:
    """Delete from this node every item of the group that a partner owns (audited, no content).

    Our own items stay, and so do a partner's operations our items hang on (emptied).
    """
    from jisr.audit.services import audit_record

    not_ours = {"owner__is_own": False}
    count = 0
    for model in (
        gm.OperationResult,
        gm.OperationLogEntry,
        gm.OperationApproval,
    ):
        count += model.objects.filter(operation__group=group, **not_ours).delete()[0]
    deleted, kept = _drop_operations(group.operations.filter(**not_ours))
    count += deleted
    for related in ("tasks", "leads", "targets", "meetings", "cases"):
        count += getattr(group, related).filter(**not_ours).delete()[0]
    if count or kept:
        audit_record(
            actor,
            GroupAction.WITHDRAWN,
            target=group,
            extra={"items": count, "reason": "closed", "kept": own_rows_in_group(group)},
        )
    return count


def purge_copies_of(group: gm.WorkingGroup, agency_code: str, *, actor: str) -> int:
    """Delete the items one partner agency owns (it declined or left the group).

    Our own items stay, and so do that agency's operations our items hang on (emptied).
    """
    from jisr.audit.services import audit_record

    theirs = {"owner__code": agency_code}
    count = 0
    for model in (gm.OperationResult, gm.OperationLogEntry, gm.OperationApproval):
        count += model.objects.filter(operation__group=group, **theirs).delete()[0]
    deleted, kept = _drop_operations(group.operations.filter(**theirs))
    count += deleted
    for related in ("tasks", "leads", "targets", "meetings", "cases", "members"):
        count += getattr(group, related).filter(**theirs).delete()[0]
    if count or kept:
        audit_record(
            actor,
            GroupAction.WITHDRAWN,
            target=group,
            extra={"items": count, "agency": agency_code, "kept_operations": kept},
        )
    return count


def send_accept(group: gm.WorkingGroup) -> None:
    from jisr.federation.services import outbox_enqueue

    outbox_enqueue(
        envelope_type=ACCEPT_TYPE, recipient=group.owner.code, body={"group": str(group.id)}
    )


def send_decline(group: gm.WorkingGroup, reason: str) -> None:
    from jisr.federation.services import outbox_enqueue

    outbox_enqueue(
        envelope_type=DECLINE_TYPE,
        recipient=group.owner.code,
        body={"group": str(group.id), "reason": reason},
    )


def send_task_status(task: gm.Task, status: str, note: str, request_id: str) -> None:
    from jisr.federation.services import outbox_enqueue

    outbox_enqueue(
        envelope_type=TASK_STATUS_TYPE,
        recipient=task.owner.code,
        body={"task": str(task.id), "status": status, "note": note, "request": request_id},
    )


# -- receiving --------------------------------------------------------------------------------


def on_group_upsert(sender: str, record_id: str, version: int, body: dict[str, Any]) -> None:
    from jisr.audit.services import audit_record
    from jisr.federation.registry import PermanentEnvelopeError
    from jisr.groups.timeline import timeline_add

    if body.get("owner") != sender or body.get("id") != record_id:
        raise PermanentEnvelopeError("a group can only be replicated by its convener")
    owner = _agency(sender)
    if owner.is_own:
        raise PermanentEnvelopeError("a partner cannot overwrite our own group")
    own = _own_code()
    partners = body.get("partners") or []
    if own not in {p.get("agency") for p in partners}:
        raise PermanentEnvelopeError("this node's agency is not invited to the group")
    fields = {
        "owner": owner,
        "name": _text(body["name"], 200),
        "mandate": _text(body.get("mandate"), 5000),
        "kind": _choice(body["kind"], gm.GroupKind),
        "crime_area": _choice(body.get("crime_area", ""), gm.CrimeArea),
        "status": _choice(body["status"], gm.GroupStatus),
        "closing_report": _text(body.get("closing_report"), 5000),
        "updated_at": wire_datetime(body["updated_at"]),
        "created_by": _text(body.get("created_by"), 150),
        "version": version,
    }
    previous = gm.WorkingGroup.objects.filter(id=record_id).values_list("status", flat=True).first()
    group, _created = gm.WorkingGroup.objects.update_or_create(
        id=record_id,
        defaults=fields,
        create_defaults={**fields, "created_at": wire_datetime(body["created_at"])},
    )
    seen = set()
    for p in partners:
        agency = _agency(p["agency"])
        seen.add(agency.pk)
        gm.GroupPartner.objects.update_or_create(
            group=group,
            agency=agency,
            defaults={
                "status": _choice(p["status"], gm.PartnerStatus),
                "reason": _text(p.get("reason"), 2000),
                "without_members": p.get("without_members") is True,
            },
        )
    group.partners.exclude(agency_id__in=seen).delete()
    audit_record(sender, GroupAction.RECEIVE, target=group, extra={"version": version})
    if previous is None and group.status == gm.GroupStatus.PROPOSED:
        _notify_invitation(group)
    if previous != group.status:
        timeline_add(group, "group.status", agency=sender, detail=group.status)
    mine = next((p for p in partners if p.get("agency") == own), None)
    if group.status in (gm.GroupStatus.CLOSED, gm.GroupStatus.DECLINED) or (
        mine is not None and mine.get("status") == gm.PartnerStatus.DECLINED
    ):
        # This node no longer needs the partners' content.
        purge_copies(group, actor=sender)


def _notify_invitation(group: gm.WorkingGroup) -> None:
    """The supervisors of this node's agency learn of the invitation (nothing personal in it)."""
    from django.urls import reverse

    from jisr.accounts.models import User
    from jisr.groups.notices import GroupNotice
    from jisr.notices.services import notify

    supervisors = [
        u
        for u in User.objects.filter(agency__is_own=True, is_active=True)
        if u.has_perm("groups.supervise_groups")
    ]
    notify(
        supervisors,
        GroupNotice.INVITATION,
        group,
        url=reverse("groups:group_detail", args=[group.id]),
        text=group.name,
    )


def _notify_partner_item(item: Any, before: Any) -> None:
    """Members of our agency hear of a partner's new lead, or of a task given to us."""
    from django.urls import reverse

    from jisr.groups.notices import GroupNotice
    from jisr.notices.services import notify

    if before is not None or not isinstance(item, gm.Lead | gm.Task):
        return
    group = item.group
    if isinstance(item, gm.Task) and not item.assignee_agency.is_own:
        return
    members = group.members.filter(owner__is_own=True, user__isnull=False).select_related("user")
    kind = GroupNotice.LEAD_ADDED if isinstance(item, gm.Lead) else GroupNotice.TASK_ASSIGNED
    tab = "leads" if isinstance(item, gm.Lead) else "tasks"
    notify(
        [m.user for m in members],
        kind,
        item,
        url=reverse("groups:group_detail", args=[group.id]) + f"?tab={tab}",
        text=group.name,
        due_at=getattr(item, "due_at", None),
    )


def on_group_withdraw(sender: str, record_id: str) -> None:
    """The convener deletes its group here, unless items of ours are in it.

    Our members, targets, leads, tasks, meetings, operations and their approvals hang on the
    group through ``on_delete=CASCADE``: deleting it would delete our records on a partner's
    word. Then the withdrawal is refused as not-owner and nothing changes (the convener
    closes a group by replicating it ``closed``, which removes only its content).
    """
    from jisr.audit.services import audit_record
    from jisr.federation.registry import NotOwner

    group = gm.WorkingGroup.objects.filter(id=record_id, owner__code=sender).first()
    if group is not None and own_rows_in_group(group):
        raise NotOwner(f"{GROUP_TYPE} {record_id} holds items {sender} does not own")
    if group is not None:
        audit_record(sender, GroupAction.WITHDRAWN, target=("groups.workinggroup", record_id))
        group.delete()


def group_state(record_id: str) -> tuple[int, dict[str, Any]] | None:
    group = gm.WorkingGroup.objects.filter(id=record_id, owner__is_own=True).first()
    return None if group is None else (group.version, group_body(group))


def _parent(kind: ItemType, body: dict[str, Any]) -> dict[str, Any]:
    from jisr.federation.registry import RetryLater

    if kind.parent == "operation":
        op = gm.Operation.objects.filter(id=str(body.get("operation"))).first()
        if op is None:
            raise RetryLater("operation not known yet")
        return {"operation": op}
    group = gm.WorkingGroup.objects.filter(id=str(body.get("group"))).first()
    if group is None:
        raise RetryLater("group not known yet")
    return {"group": group}


def _on_item_upsert(kind: ItemType) -> Callable[[str, str, int, dict[str, Any]], None]:
    def apply(sender: str, record_id: str, version: int, body: dict[str, Any]) -> None:
        from jisr.audit.services import audit_record
        from jisr.federation.registry import PermanentEnvelopeError, RetryLater
        from jisr.groups.timeline import record_received

        if body.get("owner") != sender or body.get("id") != record_id:
            raise PermanentEnvelopeError(f"{kind.record_type} replicated by another agency")
        parent = _parent(kind, body)
        group = parent.get("group") or parent["operation"].group
        if group.status == gm.GroupStatus.PROPOSED:
            # The acceptance (or the convener's new version) is still on its way.
            raise RetryLater("the group is not active here yet")
        if group.status != gm.GroupStatus.ACTIVE:
            log.info(
                "ignored %s %s: group %s is %s", kind.record_type, record_id, group.id, group.status
            )
            return
        before = kind.model.objects.filter(id=record_id).first()  # type: ignore[attr-defined]
        fields = {
            **parent,
            **kind.fields(body),
            "owner": _agency(sender),
            "version": version,
            "created_by": _text(body.get("created_by"), 150),
        }
        item, _created = kind.model.objects.update_or_create(  # type: ignore[attr-defined]
            id=record_id,
            defaults=fields,
            create_defaults={**fields, "created_at": wire_datetime(body["created_at"])},
        )
        audit_record(
            sender,
            GroupAction.RECEIVE,
            target=item,
            extra={"group": str(group.id), "type": kind.record_type, "version": version},
        )
        if kind.after is not None:
            kind.after(item, body)
        record_received(item, before)
        _notify_partner_item(item, before)
        if kind.model is gm.Membership and before is None:
            from jisr.groups.services import partner_members_changed

            partner_members_changed(group=group, agency_code=sender)

    return apply


def _on_item_withdraw(kind: ItemType) -> Callable[[str, str], None]:
    def apply(sender: str, record_id: str) -> None:
        """A partner deletes its item here; an operation of which we hold rows is emptied.

        Our approval, log entries and results hang on the operation through
        ``on_delete=CASCADE``: they are our records, so the operation stays with only its
        name and status (as when the group closes), and the audit row says how many of
        ours were kept.
        """
        from jisr.audit.services import audit_record

        item = kind.model.objects.filter(id=record_id, owner__code=sender).first()  # type: ignore[attr-defined]
        if item is None:
            return
        group = item_group(item)
        extra: dict[str, Any] = {"group": str(group.id)}
        if isinstance(item, gm.Operation):
            kept = own_rows_on_operation(item)
            if kept:
                extra["kept"] = kept
            _drop_operations([item])
        else:
            item.delete()
        audit_record(
            sender, GroupAction.WITHDRAWN, target=(kind.record_type, record_id), extra=extra
        )
        if kind.model is gm.Membership:
            from jisr.groups.services import partner_members_changed

            partner_members_changed(group=group, agency_code=sender)

    return apply


def _item_state(kind: ItemType) -> Callable[[str], tuple[int, dict[str, Any]] | None]:
    def state(record_id: str) -> tuple[int, dict[str, Any]] | None:
        item = kind.model.objects.filter(id=record_id, owner__is_own=True).first()  # type: ignore[attr-defined]
        if item is None or not shareable(item):
            return None
        group = item_group(item)
        if group.status != gm.GroupStatus.ACTIVE:
            return None
        return item.version, kind.body(item)

    return state


def _owner_of(model: type[models.Model]) -> Callable[[str], str | None]:
    def owner(record_id: str) -> str | None:
        from jisr.core.access import parse_uuid

        if parse_uuid(record_id) is None:
            raise ValueError("not a uuid")
        code = model.objects.filter(id=record_id).values_list("owner__code", flat=True).first()  # type: ignore[attr-defined]
        return None if code is None else str(code)

    return owner


def _group_members_of(group_id: str) -> set[str] | None:
    """Agencies that may write into a group: the convener and the invited partners."""
    from jisr.core.access import parse_uuid

    if parse_uuid(group_id) is None:
        raise ValueError("not a uuid")
    group = gm.WorkingGroup.objects.filter(id=group_id).select_related("owner").first()
    return None if group is None else group_agencies(group, accepted_only=False)


def _operation_members_of(operation_id: str) -> set[str] | None:
    group_id = (
        gm.Operation.objects.filter(id=operation_id).values_list("group_id", flat=True).first()
    )
    return None if group_id is None else _group_members_of(str(group_id))


def _lead_owner(lead_id: str) -> set[str] | None:
    """Only the agency that wrote a lead may supersede it."""
    code = gm.Lead.objects.filter(id=lead_id).values_list("owner__code", flat=True).first()
    return None if code is None else {str(code)}


def _audience(kind: ItemType) -> Callable[[], list[tuple[str, int, list[str]]]]:
    def audience() -> list[tuple[str, int, list[str]]]:
        rows = []
        lookup = "operation__group" if kind.parent == "operation" else "group"
        groups = {
            g.id: content_recipients(g, roster=kind.model is gm.Membership)
            for g in gm.WorkingGroup.objects.filter(status=gm.GroupStatus.ACTIVE).select_related(
                "owner"
            )
        }
        items = kind.model.objects.filter(  # type: ignore[attr-defined]
            owner__is_own=True, **{f"{lookup}__status": gm.GroupStatus.ACTIVE}
        )
        if kind.model is gm.Target:
            items = items.exclude(review_status__in=["pending", "refused"])
        group_field = f"{lookup}_id" if kind.parent == "group" else "operation__group_id"
        items = items.values_list("id", "version", group_field)
        for ident, version, group_id in items:
            if groups.get(group_id):
                rows.append((str(ident), version, groups[group_id]))
        return rows

    return audience


def _group_audience() -> list[tuple[str, int, list[str]]]:
    return [
        (str(g.id), g.version, header_recipients(g))
        for g in gm.WorkingGroup.objects.filter(owner__is_own=True).select_related("owner")
    ]


# -- answers to the invitation and task-status requests (envelopes to the owner) ------------


def _own_group(group_id: Any) -> gm.WorkingGroup:
    from jisr.federation.registry import PermanentEnvelopeError

    group = (
        gm.WorkingGroup.objects.select_for_update()
        .filter(id=str(group_id), owner__is_own=True)
        .first()
    )
    if group is None:
        raise PermanentEnvelopeError("no such group convened here")
    return group


def handle_accept(envelope: Any) -> None:
    from jisr.groups.services import group_partner_answered

    group = _own_group(envelope.body["group"])
    group_partner_answered(group=group, agency_code=envelope.sender, accepted=True, reason="")


def handle_decline(envelope: Any) -> None:
    from jisr.groups.services import group_partner_answered

    group = _own_group(envelope.body["group"])
    reason = _text(envelope.body.get("reason"), 2000)
    group_partner_answered(group=group, agency_code=envelope.sender, accepted=False, reason=reason)


def handle_task_status(envelope: Any) -> None:
    from jisr.federation.registry import PermanentEnvelopeError
    from jisr.groups.services import task_status_apply

    body = envelope.body
    task = (
        gm.Task.objects.select_for_update()
        .filter(id=str(body["task"]), owner__is_own=True)
        .select_related("group", "assignee_agency", "owner")
        .first()
    )
    if task is None:
        raise PermanentEnvelopeError("no such task owned here")
    if task.assignee_agency.code != envelope.sender:
        raise PermanentEnvelopeError("only the responsible agency changes a task's status")
    status = _choice(body["status"], gm.TaskStatus)
    task_status_apply(
        task=task, status=status, note=_text(body.get("note"), 5000), actor=envelope.sender
    )


def register() -> None:
    """Called from GroupsConfig.ready()."""
    from jisr.federation.registry import Reference, register_handler, register_replicated_type

    register_replicated_type(
        GROUP_TYPE,
        on_upsert=on_group_upsert,
        on_withdraw=on_group_withdraw,
        body_for=group_state,
        owner_of=_owner_of(gm.WorkingGroup),
        audience=_group_audience,
    )
    for kind in ITEM_TYPES.values():
        if kind.parent == "operation":
            refs = [
                Reference("groups.operation", lambda b: [b.get("operation")], _operation_members_of)
            ]
        else:
            refs = [Reference("groups.group", lambda b: [b.get("group")], _group_members_of)]
        if kind.record_type == "groups.lead":
            refs.append(Reference("groups.lead", lambda b: [b.get("supersedes")], _lead_owner))
            refs.append(
                Reference(
                    "groups.target",
                    lambda b: [b.get("target")],
                    lambda ident: _group_of_target(ident),
                )
            )
        register_replicated_type(
            kind.record_type,
            on_upsert=_on_item_upsert(kind),
            on_withdraw=_on_item_withdraw(kind),
            body_for=_item_state(kind),
            owner_of=_owner_of(kind.model),
            references=refs,
            audience=_audience(kind),
        )
    register_handler(ACCEPT_TYPE, handle_accept)
    register_handler(DECLINE_TYPE, handle_decline)
    register_handler(TASK_STATUS_TYPE, handle_task_status)


def _group_of_target(target_id: str) -> set[str] | None:
    group_id = gm.Target.objects.filter(id=target_id).values_list("group_id", flat=True).first()
    return None if group_id is None else _group_members_of(str(group_id))
