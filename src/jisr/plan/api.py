"""JSON API of the action plan, mounted at the root of /api/v1."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from jisr.core.access import parse_uuid
from jisr.core.exports import content_disposition
from jisr.core.web import ApiPagination, ApiRows, resolved_annotations
from jisr.plan import selectors, services
from jisr.plan.evaluation import Evaluator, Figure
from jisr.plan.models import Action, Plan, Report, ReportStatus
from jisr.plan.overview import plan_overview
from jisr.plan.periods import period_containing, periods_between, series_granularity

router = Router(tags=["plan"])

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class PlanOut(Schema):
    id: str
    title: str
    titles: dict[str, str]
    parties: list[str]
    signed_on: dt.date
    starts_on: dt.date
    ends_on: dt.date
    status: str


class ActionOut(Schema):
    id: str
    code: str
    title: str
    lead_agency: str
    counterpart: str | None
    status: str
    start: dt.date
    due: dt.date


class HistoryOut(Schema):
    from_status: str
    to_status: str
    comment: str
    by: str
    agency: str
    at: dt.datetime


class ActionDetailOut(ActionOut):
    pillar: str
    description: str
    history: list[HistoryOut]


class PartnerFigureOut(Schema):
    agency: str
    value: float | None
    suppressed: bool
    display: str


class IndicatorOut(Schema):
    code: str
    label: str
    available: bool
    value: float | None
    target: float | None
    period: str
    light: str
    trend: str
    partners: list[PartnerFigureOut]


class PillarOut(Schema):
    id: str
    number: int
    key: str
    title: str
    actions: list[ActionOut]
    indicators: list[IndicatorOut]


class PlanDetailOut(PlanOut):
    period: str
    pillars: list[PillarOut]


class ActionIn(Schema):
    pillar: str = Field(max_length=64)
    title: str | dict[str, str]
    description: str | dict[str, str] = ""
    counterpart: str | None = Field(None, max_length=32)
    counterpart_unit: str = Field("", max_length=200)
    starts_on: dt.date
    due_on: dt.date


class PlanIn(Schema):
    title: str | dict[str, str]
    parties: list[str] = Field(default_factory=list, max_length=services.MAX_PARTIES)
    signed_on: dt.date
    starts_on: dt.date
    ends_on: dt.date
    status: str = Field("active", max_length=12)


class ActionPatchIn(Schema):
    """Only the fields given change; ``comment`` goes to the action's history."""

    title: str | dict[str, str] | None = None
    description: str | dict[str, str] | None = None
    starts_on: dt.date | None = None
    due_on: dt.date | None = None
    counterpart: str | None = Field(None, max_length=32)
    counterpart_unit: str | None = Field(None, max_length=200)
    comment: str = Field("", max_length=services.MAX_COMMENT)


class BindingIn(Schema):
    code: str = Field(max_length=80)
    target: float | None = None
    granularity: str = Field("quarter", max_length=10)


class BindingOut(Schema):
    id: str
    pillar: str
    code: str
    target: float | None
    granularity: str


class PlanStatusIn(Schema):
    status: str = Field(max_length=20)
    comment: str = Field(max_length=services.MAX_COMMENT)


class SeriesPointOut(Schema):
    period: str
    value: float | None


class SeriesOut(Schema):
    code: str
    label: str
    description: str
    unit: str
    available: bool
    target: float | None
    series: list[SeriesPointOut]


class SeriesQuery(Schema):
    from_: dt.date | None = Field(None, alias="from")
    to: dt.date | None = None


class ReportIn(Schema):
    period_from: dt.date
    period_to: dt.date
    language: str = Field(max_length=2)
    format: str = Field(max_length=4)


class ReportOut(Schema):
    id: str
    status: str
    progress: int
    pages: int
    period_from: dt.date
    period_to: dt.date
    language: str
    format: str
    requested_by: str
    requested_at: dt.datetime


def _plan_out(plan: Plan) -> dict[str, Any]:
    return {
        "id": str(plan.id),
        "title": plan.label,
        "titles": plan.title,
        "parties": plan.parties,
        "signed_on": plan.signed_on,
        "starts_on": plan.starts_on,
        "ends_on": plan.ends_on,
        "status": plan.status,
    }


def _action_out(action: Action) -> dict[str, Any]:
    return {
        "id": str(action.id),
        "code": action.code,
        "title": action.label,
        "lead_agency": action.lead.code,
        "counterpart": action.counterpart.code if action.counterpart else None,
        "status": action.status,
        "start": action.starts_on,
        "due": action.due_on,
    }


def _action_detail(action: Action) -> dict[str, Any]:
    return {
        **_action_out(action),
        "pillar": str(action.pillar_id),
        "description": action.text,
        "history": [
            {
                "from_status": h.from_status,
                "to_status": h.to_status,
                "comment": h.comment,
                "by": h.by_name,
                "agency": h.by_agency,
                "at": h.at,
            }
            for h in action.history.all()
        ],
    }


def _figure_out(figure: Figure) -> dict[str, Any]:
    from jisr.plan.evaluation import partner_display

    return {
        "code": figure.code,
        "label": figure.label,
        "available": figure.available,
        "value": None if figure.value is None else float(figure.value),
        "target": figure.target,
        "period": figure.period.label,
        "light": figure.light,
        "trend": figure.trend,
        "partners": [
            {
                "agency": p["agency"],
                "value": p["value"],
                "suppressed": p["suppressed"],
                "display": partner_display(p, figure.unit),
            }
            for p in figure.partners
        ],
    }


def _report_out(report: Report) -> dict[str, Any]:
    return {
        "id": str(report.id),
        "status": report.status,
        "progress": report.progress,
        "pages": report.pages,
        "period_from": report.period_from,
        "period_to": report.period_to,
        "language": report.language,
        "format": report.format,
        "requested_by": report.requested_by.get_username(),
        "requested_at": report.requested_at,
    }


@router.get("/plans", response=list[PlanOut])
@paginate(ApiPagination)
@resolved_annotations
def list_plans(request: HttpRequest) -> ApiRows:
    return ApiRows(selectors.plans_visible_to(request.user), _plan_out)


@router.get("/plans/{plan_id}", response=PlanDetailOut)
def get_plan(request: HttpRequest, plan_id: str, on: dt.date | None = None) -> dict[str, Any]:
    """Pillars with their actions and indicators for the quarter holding ``on`` (default today)."""
    from jisr.core import clock

    plan = selectors.access_plan_for_view(plan_id, request.user)
    period = period_containing(on or clock.now().date(), "quarter")
    pillars = []
    for view in plan_overview(plan, period, with_series=False):
        pillars.append(
            {
                "id": str(view.pillar.id),
                "number": view.pillar.number,
                "key": view.pillar.key,
                "title": view.pillar.label,
                "actions": [_action_out(a) for a in view.actions],
                "indicators": [_figure_out(b.figure) for b in view.figures],
            }
        )
    return {**_plan_out(plan), "period": period.label, "pillars": pillars}


@router.post("/plans", response={201: PlanOut})
def create_plan(request: HttpRequest, payload: PlanIn) -> Status[dict[str, Any]]:
    """Record a plan owned by the user's agency, with its seven pillars; shared at once."""
    selectors.plans_visible_to(request.user)
    plan = services.plan_create(
        acting_user=request.user,
        title=payload.title,
        parties=payload.parties,
        signed_on=payload.signed_on,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
        status=payload.status,
    )
    return Status(201, _plan_out(plan))


@router.post("/pillars/{pillar_id}/indicators", response={201: BindingOut})
def bind_pillar_indicator(
    request: HttpRequest, pillar_id: str, payload: BindingIn
) -> Status[dict[str, Any]]:
    """Follow an indicator on a pillar, with its target and period (the plan's owner only)."""
    pillar = selectors.access_pillar_for_update(pillar_id, request.user)
    binding = services.pillar_binding_set(
        acting_user=request.user,
        pillar=pillar,
        code=payload.code,
        target=payload.target,
        granularity=payload.granularity,
    )
    return Status(
        201,
        {
            "id": str(binding.id),
            "pillar": str(pillar.id),
            "code": binding.code,
            "target": binding.target,
            "granularity": binding.granularity,
        },
    )


@router.post("/plans/{plan_id}/actions", response={201: ActionDetailOut})
def add_action(request: HttpRequest, plan_id: str, payload: ActionIn) -> Status[dict[str, Any]]:
    plan = selectors.access_plan_for_steering(plan_id, request.user)
    action = services.action_create(
        acting_user=request.user,
        plan=plan,
        pillar_id=parse_uuid(payload.pillar),
        title=payload.title,
        description=payload.description,
        counterpart=payload.counterpart,
        counterpart_unit=payload.counterpart_unit,
        starts_on=payload.starts_on,
        due_on=payload.due_on,
    )
    return Status(201, _action_detail(action))


@router.get("/actions/{action_id}", response=ActionDetailOut)
def get_action(request: HttpRequest, action_id: str) -> dict[str, Any]:
    return _action_detail(selectors.access_action_for_view(action_id, request.user))


@router.api_operation(["PATCH", "POST"], "/actions/{action_id}", response=ActionDetailOut)
def edit_action(request: HttpRequest, action_id: str, payload: ActionPatchIn) -> dict[str, Any]:
    """Edit the title, description, dates or counterpart of an action our agency leads."""
    action = selectors.access_action_for_update(action_id, request.user)
    given = payload.dict(exclude_unset=True)
    comment = given.pop("comment", "") or ""
    for name in ("title", "starts_on", "due_on"):
        if name in given and given[name] is None:
            raise ValidationError({name: _("This field cannot be empty.")})
    services.action_update(acting_user=request.user, action=action, comment=comment, **given)
    return _action_detail(action)


@router.post("/actions/{action_id}/status", response=ActionDetailOut)
def set_action_status(
    request: HttpRequest, action_id: str, payload: PlanStatusIn
) -> dict[str, Any]:
    action = selectors.access_action_for_update(action_id, request.user)
    services.action_set_status(
        acting_user=request.user, action=action, status=payload.status, comment=payload.comment
    )
    return _action_detail(action)


@router.get("/indicators/{code}", response=SeriesOut)
def indicator_series(
    request: HttpRequest, code: str, filters: Query[SeriesQuery]
) -> dict[str, Any]:
    """The indicator's series over ``[from, to]`` (months up to 18 months, then quarters)."""
    from jisr.core import clock

    evaluator = Evaluator()
    definition, binding = selectors.access_indicator(code, request.user, evaluator)
    today = clock.now().date()
    end = filters.to or today
    start = filters.from_ or period_containing(end, "quarter").start.replace(year=end.year - 1)
    if end < start:
        raise ValidationError({"to": _("The end cannot be before the start.")})
    if (end - start).days > services.MAX_REPORT_DAYS:
        raise ValidationError({"from": _("A series covers at most twelve years.")})
    granularity = series_granularity(start, end)
    series = (
        [
            {"period": p.label, "value": evaluator.value(code, p)}
            for p in periods_between(start, end, granularity)
        ]
        if definition
        else []
    )
    return {
        "code": code,
        "label": str(definition.label) if definition else code,
        "description": str(definition.description) if definition else _("not available"),
        "unit": definition.unit if definition else "",
        "available": definition is not None,
        "target": binding.target if binding else None,
        "series": series,
    }


@router.post("/plans/{plan_id}/reports", response={201: ReportOut})
def request_report(request: HttpRequest, plan_id: str, payload: ReportIn) -> Status[dict[str, Any]]:
    plan = selectors.access_plan_for_steering(plan_id, request.user)
    report = services.report_request(
        acting_user=request.user,
        plan=plan,
        period_from=payload.period_from,
        period_to=payload.period_to,
        language=payload.language,
        fmt=payload.format,
    )
    return Status(201, _report_out(report))


@router.get("/reports/{report_id}", response={200: ReportOut})
def get_report(request: HttpRequest, report_id: str) -> Any:
    """The report's status while it is generated; once ready, the file itself."""
    report = selectors.access_report_for_view(report_id, request.user)
    if report.status != ReportStatus.DONE or not report.file:
        return _report_out(report)
    services.report_downloaded(acting_user=request.user, report=report)
    with report.file.open("rb") as handle:
        response = HttpResponse(handle.read(), content_type=CONTENT_TYPES[report.format])
    response["Content-Disposition"] = content_disposition(report.filename)
    return response
