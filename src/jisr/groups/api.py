"""JSON API of the working-group module, mounted at the root of /api/v1.

A user who is not a named member gets 404 on every path of a group (a supervisor of an
agency of the group sees its header and members, and answers an invitation).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from jisr.core import bounds
from jisr.core.web import MAX_API_OFFSET, ApiPagination, ApiRows, resolved_annotations
from jisr.exchange.api import AttachmentIn
from jisr.groups import models as gm
from jisr.groups import selectors, services
from jisr.groups.debrief import debrief_response

router = Router(tags=["groups"])

Text = Field("", max_length=bounds.MAX_LONG_TEXT)


class GroupIn(Schema):
    name: str = Field(max_length=bounds.MAX_NAME)
    kind: str = Field(max_length=20)
    mandate: str = Text
    crime_area: str = Field("", max_length=32)
    partners: list[str] = Field(max_length=10)
    members: list[str] = Field([], max_length=100)


class MembersIn(Schema):
    members: list[str] = Field(max_length=100)


class ReasonIn(Schema):
    reason: str = Field(max_length=2000)


class GroupCloseIn(Schema):
    closing_report: str = Field(max_length=bounds.MAX_LONG_TEXT)


class TargetIn(Schema):
    alert_id: str | None = Field(None, max_length=64)
    names: list[str] = Field([], max_length=bounds.MAX_NAMES)
    birth_date: str = Field("", max_length=10)
    nationalities: list[str] = Field([], max_length=10)
    sex: str = Field("", max_length=1)
    priority: int = 2
    lead_agency: str | None = Field(None, max_length=32)
    whereabouts: str = Field("", max_length=bounds.MAX_SHORT_TEXT)


class TargetStatusIn(Schema):
    status: str = Field(max_length=12)
    whereabouts: str | None = Field(None, max_length=bounds.MAX_SHORT_TEXT)


class GroupReviewIn(Schema):
    decision: str = Field(max_length=10, description="approve or refuse")
    reason: str = Field("", max_length=bounds.MAX_SHORT_TEXT)


class TaskIn(Schema):
    title: str = Field(max_length=bounds.MAX_NAME)
    assignee_agency: str = Field(max_length=32)
    due: dt.datetime
    description: str = Text
    assignee_username: str = Field("", max_length=150)


class TaskStatusIn(Schema):
    status: str = Field(max_length=12)
    note: str = Text


class LeadIn(Schema):
    text: str = Field(max_length=bounds.MAX_LONG_TEXT)
    target_id: str | None = Field(None, max_length=64)
    source_evaluation: str = Field(max_length=1)
    information_evaluation: str = Field(max_length=1)
    handling_code: str = Field("H0", max_length=2)
    occurred_on: dt.date | None = None
    place: str = Field("", max_length=bounds.MAX_SHORT_TEXT)
    supersedes: str | None = Field(None, max_length=64)
    #: ``[{"filename", "content_base64"}]``, as for exchange messages
    attachments: list[AttachmentIn] = Field([], max_length=5)


class DecisionTaskIn(Schema):
    title: str = Field(max_length=bounds.MAX_NAME)
    assignee_agency: str = Field(max_length=32)
    due: dt.datetime


class MeetingIn(Schema):
    held_at: dt.datetime
    place: str = Field("", max_length=bounds.MAX_SHORT_TEXT)
    participants: str = Field("", max_length=2000)
    agenda: str = Text
    minutes: str = Text
    decisions: str = Text
    tasks: list[DecisionTaskIn] = Field([], max_length=20)


class PhaseIn(Schema):
    name: str = Field(max_length=bounds.MAX_NAME)
    starts: dt.date
    ends: dt.date


class OperationIn(Schema):
    name: str = Field(max_length=bounds.MAX_NAME)
    objective: str = Field(max_length=bounds.MAX_LONG_TEXT)
    legal_basis: dict[str, str] = Field(description="agency code -> legal basis there")
    phases: list[PhaseIn] = Field([], max_length=20)
    resources: dict[str, str] = Field({}, description="agency code -> resources committed")
    target_ids: list[str] = Field([], max_length=200)
    comms_plan: str = Text
    day: dt.date | None = None


class GroupApproveIn(Schema):
    version: int = Field(ge=1, description="the plan version the supervisor read")


class LogIn(Schema):
    text: str = Field(max_length=2000)


class GroupResultIn(Schema):
    kind: str = Field(max_length=10)
    quantity: Decimal = Field(Decimal(1), max_digits=14, decimal_places=3)
    seizure_type: str = Field("", max_length=100)
    unit: str = Field("", max_length=20)
    note: str = Field("", max_length=bounds.MAX_SHORT_TEXT)


class OperationStatusIn(Schema):
    status: str = Field(max_length=12)
    lessons_learned: str | None = Field(None, max_length=bounds.MAX_LONG_TEXT)


class IdOut(Schema):
    id: str


class CaseLinkIdOut(Schema):
    id: str
    case_id: str


class IdStatusOut(Schema):
    id: str
    status: str


class MemberOut(Schema):
    agency: str
    username: str
    name: str = ""


class PartnerOut(Schema):
    agency: str
    status: str
    reason: str


class GroupSummaryOut(Schema):
    id: str
    name: str
    kind: str
    status: str
    owner: str
    partners: list[PartnerOut]


class RosterOut(GroupSummaryOut):
    members: list[MemberOut]


class TargetOut(Schema):
    id: str
    alert_id: str | None
    names: list[str]
    priority: int
    lead_agency: str
    status: str
    whereabouts: str
    agency: str
    review_status: str


class TaskOut(Schema):
    id: str
    title: str
    assignee_agency: str
    assignee_username: str
    status: str
    requested_status: str
    due: str | None
    result: str
    agency: str


class LeadOut(Schema):
    id: str
    text: str
    target_id: str | None
    source_evaluation: str
    information_evaluation: str
    handling_code: str
    agency: str
    created_at: str
    supersedes: str | None
    attachments: list[dict[str, Any]]


class MeetingOut(Schema):
    id: str
    held_at: str
    place: str
    participants: str
    agenda: str
    minutes: str
    decisions: str
    agency: str


class ApprovalOut(Schema):
    agency: str
    approved: bool
    by: str
    plan_version: int | None


class OperationOut(Schema):
    id: str
    group: str
    name: str
    objective: str
    legal_basis: dict[str, str]
    phases: list[dict[str, str]]
    resources: dict[str, str]
    target_ids: list[str]
    comms_plan: str
    day: str | None
    status: str
    plan_version: int
    authorised: bool
    approvals: list[ApprovalOut]
    agency: str


class GroupCaseIn(Schema):
    """``{"case_id"}`` attaches an existing case; ``{"subject", "crime_area"?}`` opens one."""

    case_id: str | None = Field(None, max_length=64)
    subject: str = Field("", max_length=bounds.MAX_NAME)
    crime_area: str = Field("", max_length=32)


class CaseLinkOut(Schema):
    id: str
    case_id: str
    agency: str


class GroupOut(RosterOut):
    mandate: str
    crime_area: str
    closing_report: str
    targets: list[TargetOut]
    tasks: list[TaskOut]
    leads: list[LeadOut]
    meetings: list[MeetingOut]
    operations: list[OperationOut]
    cases: list[CaseLinkOut]


class TimelineOut(Schema):
    at: str
    agency: str
    actor: str
    kind: str
    what: str
    label: str
    detail: str


class LogOut(Schema):
    id: str
    at: str
    text: str
    agency: str
    by: str


class ResultOut(Schema):
    id: str
    kind: str
    seizure_type: str
    quantity: str
    unit: str
    note: str
    agency: str


# -- conversions -------------------------------------------------------------------------------


def _summary(g: gm.WorkingGroup) -> dict[str, Any]:
    return {
        "id": str(g.id),
        "name": g.name,
        "kind": g.kind,
        "status": g.status,
        "owner": g.owner.code,
        "partners": [
            {"agency": p.agency.code, "status": p.status, "reason": p.reason}
            for p in g.partners.select_related("agency")
        ],
    }


def _target_out(t: gm.Target) -> dict[str, Any]:
    return {
        "id": str(t.id),
        "alert_id": str(t.alert_id) if t.alert_id else None,
        "names": t.names,
        "priority": t.priority,
        "lead_agency": t.lead_agency.code,
        "status": t.status,
        "whereabouts": t.whereabouts,
        "agency": t.owner.code,
        "review_status": t.review_status,
    }


def _task_out(t: gm.Task) -> dict[str, Any]:
    return {
        "id": str(t.id),
        "title": t.title,
        "assignee_agency": t.assignee_agency.code,
        "assignee_username": t.assignee_username,
        "status": t.status,
        "requested_status": t.requested_status,
        "due": t.due_at.isoformat().replace("+00:00", "Z") if t.due_at else None,
        "result": t.result,
        "agency": t.owner.code,
    }


def _lead_out(lead: gm.Lead) -> dict[str, Any]:
    return {
        "id": str(lead.id),
        "text": lead.text,
        "target_id": str(lead.target_id) if lead.target_id else None,
        "source_evaluation": lead.source_evaluation,
        "information_evaluation": lead.information_evaluation,
        "handling_code": lead.handling_code,
        "agency": lead.owner.code,
        "created_at": lead.created_at.isoformat(),
        "supersedes": str(lead.supersedes_id) if lead.supersedes_id else None,
        "attachments": [a.metadata() for a in lead.attachments.all()],
    }


def _meeting_out(m: gm.Meeting) -> dict[str, Any]:
    return {
        "id": str(m.id),
        **m.record(),
        "agency": m.owner.code,
    }


def _operation_out(op: gm.Operation) -> dict[str, Any]:
    return {
        "id": str(op.id),
        **op.record(),
        "status": op.status,
        "plan_version": op.plan_version,
        "authorised": selectors.operation_is_authorised(op),
        "approvals": selectors.approvals_state(op),
        "agency": op.owner.code,
    }


def _group_out(g: gm.WorkingGroup) -> dict[str, Any]:
    return {
        **_summary(g),
        "members": selectors.members(g),
        "mandate": g.mandate,
        "crime_area": g.crime_area,
        "closing_report": g.closing_report,
        "targets": [_target_out(t) for t in g.targets.select_related("owner", "lead_agency")[:500]],
        "tasks": [_task_out(t) for t in g.tasks.select_related("owner", "assignee_agency")[:500]],
        "leads": [
            _lead_out(x)
            for x in selectors.current_leads(g).prefetch_related(
                Prefetch("attachments", queryset=gm.LeadAttachment.objects.defer("data"))
            )[:500]
        ],
        "meetings": [_meeting_out(m) for m in g.meetings.select_related("owner")[:100]],
        "operations": [_operation_out(o) for o in g.operations.select_related("owner", "group")],
        "cases": [
            {"id": str(c.id), "case_id": str(c.case_id), "agency": c.owner.code}
            for c in g.cases.select_related("owner")
        ],
    }


def _work_group(request: HttpRequest, group_id: str) -> gm.WorkingGroup:
    return selectors.access_group_for_view(group_id, request.user, audit=False)


def _group_target(request: HttpRequest, group_id: str, target_id: str) -> gm.Target:
    """A target of a group the user works in; 404 when the group has no such target."""
    from django.http import Http404

    group = _work_group(request, group_id)
    target: gm.Target | None = selectors.by_id(
        group.targets.select_related("owner", "group", "lead_agency"), target_id
    )
    if target is None:
        raise Http404
    return target


# -- groups ------------------------------------------------------------------------------------


@router.post("/groups", response={201: IdStatusOut})
def create_group(request: HttpRequest, payload: GroupIn) -> Status[dict[str, Any]]:
    group = services.group_create(acting_user=request.user, **payload.dict())
    return Status(201, {"id": str(group.id), "status": group.status})


@router.get("/groups", response=list[GroupSummaryOut])
@paginate(ApiPagination)
@resolved_annotations
def list_groups(
    request: HttpRequest,
    status: Literal["proposed", "active", "closed", "declined"] | None = None,
    kind: Literal["fugitives", "crime_area", "joint_operation"] | None = None,
) -> ApiRows:
    groups = selectors.groups_visible_to(request.user)
    if status:
        groups = groups.filter(status=status)
    if kind:
        groups = groups.filter(kind=kind)
    return ApiRows(groups.order_by("-updated_at", "id"), _summary)


@router.get("/groups/{group_id}", response=GroupOut)
def get_group(request: HttpRequest, group_id: str) -> dict[str, Any]:
    return _group_out(selectors.access_group_for_view(group_id, request.user))


@router.get("/groups/{group_id}/members", response=RosterOut)
def get_roster(request: HttpRequest, group_id: str) -> dict[str, Any]:
    group = selectors.access_group_for_roster(group_id, request.user)
    return {**_summary(group), "members": selectors.members(group)}


@router.post("/groups/{group_id}/members", response={201: IdOut})
def add_member(request: HttpRequest, group_id: str, payload: MembersIn) -> Status[dict[str, Any]]:
    group = selectors.access_group_for_roster(group_id, request.user)
    ids = [
        services.member_add(acting_user=request.user, group=group, username=u)
        for u in payload.members
    ]
    return Status(201, {"id": str(ids[-1].id) if ids else ""})


@router.delete("/groups/{group_id}/members/{username}", response={204: None})
def remove_member(request: HttpRequest, group_id: str, username: str) -> Status[None]:
    """An agency removes one of its own members (its node drops the content when none is left)."""
    from django.http import Http404

    group = selectors.access_group_for_roster(group_id, request.user)
    membership = group.members.filter(
        owner_id=getattr(request.user, "agency_id", None), username=username[:150]
    ).first()
    if membership is None:
        raise Http404
    services.member_remove(acting_user=request.user, membership=membership)
    return Status(204, None)


@router.post("/groups/{group_id}/accept", response=IdStatusOut)
def accept_group(request: HttpRequest, group_id: str, payload: MembersIn) -> dict[str, Any]:
    group = selectors.access_group_for_roster(group_id, request.user)
    group = services.group_accept(acting_user=request.user, group=group, members=payload.members)
    return {"id": str(group.id), "status": group.status}


@router.post("/groups/{group_id}/decline", response=IdStatusOut)
def decline_group(request: HttpRequest, group_id: str, payload: ReasonIn) -> dict[str, Any]:
    group = selectors.access_group_for_roster(group_id, request.user)
    group = services.group_decline(acting_user=request.user, group=group, reason=payload.reason)
    return {"id": str(group.id), "status": group.status}


@router.post("/groups/{group_id}/close", response=IdStatusOut)
def close_group(request: HttpRequest, group_id: str, payload: GroupCloseIn) -> dict[str, Any]:
    group = _work_group(request, group_id)
    group = services.group_close(
        acting_user=request.user, group=group, closing_report=payload.closing_report
    )
    return {"id": str(group.id), "status": group.status}


class TimelinePage(Schema):
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0, le=MAX_API_OFFSET)


@router.get("/groups/{group_id}/timeline", response=list[TimelineOut])
def group_timeline(
    request: HttpRequest, group_id: str, page: Query[TimelinePage]
) -> list[dict[str, Any]]:
    group = _work_group(request, group_id)
    rows = selectors.timeline(group, limit=page.limit, offset=page.offset)
    return [{**r, "at": r["at"].isoformat(), "what": str(r["what"])} for r in rows]


# -- targets, leads, tasks ---------------------------------------------------------------------


@router.post("/groups/{group_id}/targets", response={201: IdOut})
def add_target(request: HttpRequest, group_id: str, payload: TargetIn) -> Status[dict[str, Any]]:
    group = _work_group(request, group_id)
    target = services.target_add(acting_user=request.user, group=group, **payload.dict())
    return Status(201, {"id": str(target.id)})


@router.post("/groups/{group_id}/targets/{target_id}/status", response=TargetOut)
def set_target_status(
    request: HttpRequest, group_id: str, target_id: str, payload: TargetStatusIn
) -> dict[str, Any]:
    target = _group_target(request, group_id, target_id)
    target = services.target_update(acting_user=request.user, target=target, **payload.dict())
    return _target_out(target)


@router.post("/groups/{group_id}/targets/{target_id}/review", response=TargetOut)
def review_target(
    request: HttpRequest, group_id: str, target_id: str, payload: GroupReviewIn
) -> dict[str, Any]:
    """Four eyes on a person of interest: shared with the partners only once approved."""
    target = _group_target(request, group_id, target_id)
    target = services.target_review(acting_user=request.user, target=target, **payload.dict())
    return _target_out(target)


@router.post("/groups/{group_id}/leads", response={201: IdOut})
def add_lead(request: HttpRequest, group_id: str, payload: LeadIn) -> Status[dict[str, Any]]:
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    group = _work_group(request, group_id)
    data = payload.dict()
    target = None
    if data.pop("target_id"):
        target = selectors.by_id(group.targets.all(), payload.target_id)
        if target is None:
            raise ValidationError({"target_id": _("This target is not in the group.")})
    supersedes = None
    if data.pop("supersedes"):
        supersedes = selectors.by_id(group.leads.select_related("owner"), payload.supersedes)
        if supersedes is None:
            raise ValidationError(
                {"supersedes": _("Only a lead of your agency in this group can be corrected.")}
            )
    data.pop("attachments")
    files = services.read_lead_files(_decoded_files(payload.attachments))
    lead = services.lead_add(
        acting_user=request.user,
        group=group,
        target=target,
        supersedes=supersedes,
        attachments=files,
        **data,
    )
    return Status(201, {"id": str(lead.id)})


def _decoded_files(items: list[AttachmentIn]) -> list[Any]:
    """The base64 files of a JSON body as uploads, so they meet the same limits as a form's."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from jisr.exchange.api import _decode

    return [SimpleUploadedFile(f.filename, f.data) for f in _decode(items)]


@router.get("/groups/{group_id}/leads/{lead_id}/attachments/{file_id}")
def lead_file(request: HttpRequest, group_id: str, lead_id: str, file_id: str) -> HttpResponse:
    """A lead's file, exactly as given (header X-Content-SHA256); members only, audited."""
    from jisr.groups.views import lead_file_response

    attachment = selectors.access_lead_file_for_download(lead_id, file_id, request.user)
    if str(attachment.lead.group_id) != group_id:
        from django.http import Http404

        raise Http404
    return lead_file_response(attachment)


@router.post("/groups/{group_id}/tasks", response={201: IdOut})
def add_task(request: HttpRequest, group_id: str, payload: TaskIn) -> Status[dict[str, Any]]:
    group = _work_group(request, group_id)
    task = services.task_add(acting_user=request.user, group=group, **payload.dict())
    return Status(201, {"id": str(task.id)})


@router.post("/groups/{group_id}/tasks/{task_id}/status", response=TaskOut)
def set_task_status(
    request: HttpRequest, group_id: str, task_id: str, payload: TaskStatusIn
) -> dict[str, Any]:
    group = _work_group(request, group_id)
    task = selectors.access_task(group, task_id)
    task = services.task_status_set(
        acting_user=request.user, task=task, status=payload.status, note=payload.note
    )
    return _task_out(task)


@router.post("/groups/{group_id}/cases", response={201: CaseLinkIdOut})
def attach_case(
    request: HttpRequest, group_id: str, payload: GroupCaseIn
) -> Status[dict[str, Any]]:
    group = _work_group(request, group_id)
    if payload.case_id:
        link = services.case_attach(acting_user=request.user, group=group, case_id=payload.case_id)
    else:
        link = services.case_open_from_group(
            acting_user=request.user,
            group=group,
            subject=payload.subject,
            crime_area=payload.crime_area,
        )
    return Status(201, {"id": str(link.id), "case_id": str(link.case_id)})


# -- meetings and operations ---------------------------------------------------------------


@router.get("/groups/{group_id}/meetings", response=list[MeetingOut])
@paginate(ApiPagination)
def list_meetings(request: HttpRequest, group_id: str) -> ApiRows:
    group = _work_group(request, group_id)
    return ApiRows(group.meetings.select_related("owner"), _meeting_out)


@router.post("/groups/{group_id}/meetings", response={201: IdOut})
def add_meeting(request: HttpRequest, group_id: str, payload: MeetingIn) -> Status[dict[str, Any]]:
    group = _work_group(request, group_id)
    data = payload.dict()
    meeting = services.meeting_add(acting_user=request.user, group=group, **data)
    return Status(201, {"id": str(meeting.id)})


@router.get("/groups/{group_id}/operations", response=list[OperationOut])
@paginate(ApiPagination)
def list_operations(request: HttpRequest, group_id: str) -> ApiRows:
    group = _work_group(request, group_id)
    return ApiRows(group.operations.select_related("owner", "group__owner"), _operation_out)


def _plan(payload: OperationIn) -> dict[str, Any]:
    data = payload.dict()
    data["phases"] = [
        {"name": p["name"], "starts": p["starts"].isoformat(), "ends": p["ends"].isoformat()}
        for p in data["phases"]
    ]
    return data


@router.post("/groups/{group_id}/operations", response={201: IdOut})
def plan_operation(
    request: HttpRequest, group_id: str, payload: OperationIn
) -> Status[dict[str, Any]]:
    group = _work_group(request, group_id)
    operation = services.operation_plan(acting_user=request.user, group=group, **_plan(payload))
    return Status(201, {"id": str(operation.id)})


@router.get("/operations/{operation_id}", response=OperationOut)
def get_operation(request: HttpRequest, operation_id: str) -> dict[str, Any]:
    return _operation_out(selectors.access_operation_for_view(operation_id, request.user))


@router.post("/operations/{operation_id}", response=OperationOut)
def change_operation(
    request: HttpRequest, operation_id: str, payload: OperationIn
) -> dict[str, Any]:
    operation = selectors.access_operation_for_view(operation_id, request.user)
    return _operation_out(
        services.operation_change(acting_user=request.user, operation=operation, **_plan(payload))
    )


@router.post("/operations/{operation_id}/approve", response=OperationOut)
def approve_operation(
    request: HttpRequest, operation_id: str, payload: GroupApproveIn
) -> dict[str, Any]:
    operation = selectors.access_operation_for_view(operation_id, request.user)
    services.operation_approve(
        acting_user=request.user, operation=operation, version=payload.version
    )
    return _operation_out(operation)


@router.post("/operations/{operation_id}/status", response=OperationOut)
def set_operation_status(
    request: HttpRequest, operation_id: str, payload: OperationStatusIn
) -> dict[str, Any]:
    operation = selectors.access_operation_for_view(operation_id, request.user)
    services.operation_status_set(acting_user=request.user, operation=operation, **payload.dict())
    return _operation_out(operation)


def _log_out(e: gm.OperationLogEntry) -> dict[str, Any]:
    return {
        "id": str(e.id),
        "at": e.at.isoformat(),
        "text": e.text,
        "agency": e.owner.code,
        "by": e.created_by,
    }


@router.get("/operations/{operation_id}/log", response=list[LogOut])
@paginate(ApiPagination)
def list_log(request: HttpRequest, operation_id: str) -> ApiRows:
    operation = selectors.access_operation_for_view(operation_id, request.user)
    return ApiRows(operation.log.select_related("owner"), _log_out)


@router.post("/operations/{operation_id}/log", response={201: IdOut})
def add_log(request: HttpRequest, operation_id: str, payload: LogIn) -> Status[dict[str, Any]]:
    operation = selectors.access_operation_for_view(operation_id, request.user)
    entry = services.operation_log_add(
        acting_user=request.user, operation=operation, text=payload.text
    )
    return Status(201, {"id": str(entry.id)})


def _result_out(r: gm.OperationResult) -> dict[str, Any]:
    return {
        "id": str(r.id),
        "kind": r.kind,
        "seizure_type": r.seizure_type,
        "quantity": f"{r.quantity.normalize():f}",
        "unit": r.unit,
        "note": r.note,
        "agency": r.owner.code,
    }


@router.get("/operations/{operation_id}/results", response=list[ResultOut])
@paginate(ApiPagination)
def list_results(request: HttpRequest, operation_id: str) -> ApiRows:
    operation = selectors.access_operation_for_view(operation_id, request.user)
    return ApiRows(operation.results.select_related("owner").order_by("created_at"), _result_out)


@router.post("/operations/{operation_id}/results", response={201: IdOut})
def add_result(
    request: HttpRequest, operation_id: str, payload: GroupResultIn
) -> Status[dict[str, Any]]:
    operation = selectors.access_operation_for_view(operation_id, request.user)
    result = services.operation_result_add(
        acting_user=request.user, operation=operation, **payload.dict()
    )
    return Status(201, {"id": str(result.id)})


@router.get("/operations/{operation_id}/debrief")
@resolved_annotations
def operation_debrief(
    request: HttpRequest, operation_id: str, format: Literal["pdf", "xlsx"] = "pdf"
) -> HttpResponse:
    """The debrief as PDF (right to left in Arabic) or XLSX, in the request's language."""
    operation = selectors.access_operation_for_view(operation_id, request.user)
    return debrief_response(operation, format, request.user)
