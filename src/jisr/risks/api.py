"""JSON API of the risk-anticipation module, mounted at the root of /api/v1.

Scores, dates and indicators are checked by the services, so every error comes back
translated as a 422 with one entry per field.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from jisr.core import bounds
from jisr.core.access import uuid_or_404
from jisr.core.web import ApiPagination, ApiRows
from jisr.risks import misp, selectors
from jisr.risks.models import Bulletin, Playbook, ResponseTask, Risk
from jisr.risks.services import bulletins as bulletin_services
from jisr.risks.services import register, response

router = Router(tags=["risks"])


class MitigationIn(Schema):
    measure: str = Field(max_length=300)
    responsible: str = Field("", max_length=200)
    due_on: dt.date | None = None
    done: bool = False


class RiskIn(Schema):
    title: str = Field("", max_length=200)
    title_ar: str = Field("", max_length=200)
    title_fr: str = Field("", max_length=200)
    title_en: str = Field("", max_length=200)
    description: str = Field("", max_length=bounds.MAX_LONG_TEXT)
    description_ar: str = Field("", max_length=bounds.MAX_LONG_TEXT)
    description_fr: str = Field("", max_length=bounds.MAX_LONG_TEXT)
    description_en: str = Field("", max_length=bounds.MAX_LONG_TEXT)
    crime_area: str = Field(max_length=32)
    countries: list[str] = Field([], max_length=30)
    regions: list[str] = Field([], max_length=30)
    routes: list[str] = Field([], max_length=30)
    border_crossings: list[str] = Field([], max_length=30)
    likelihood: Any
    impact: Any
    trend: str = Field("stable", max_length=16)
    warning_signs: str = Field("", max_length=bounds.MAX_LONG_TEXT)
    review_on: dt.date | None = None
    event: str | None = None
    mitigations: list[MitigationIn] = Field([], max_length=50)


class AssessmentIn(Schema):
    likelihood: Any
    impact: Any
    comment: str = Field("", max_length=bounds.MAX_LONG_TEXT)


class RiskOut(Schema):
    id: str
    title: str
    crime_area: str
    likelihood: int
    impact: int
    trend: str
    owner: str
    review_on: str
    review_overdue: bool
    countries: list[str]
    regions: list[str]
    routes: list[str]
    border_crossings: list[str]


class ScoreOut(Schema):
    agency: str
    likelihood: int
    impact: int
    level: int
    comment: str
    difference: int | None


class RiskDetailOut(RiskOut):
    description: str
    warning_signs: str
    scores: list[ScoreOut]


class IndicatorIn(Schema):
    type: str = Field(max_length=16)
    value: str = Field(max_length=300)


class BulletinIn(Schema):
    kind: str = Field(max_length=32)
    title: str = Field(max_length=200)
    summary: str = Field(max_length=bounds.MAX_LONG_TEXT)
    details: str = Field("", max_length=20_000)
    recommended_measures: str = Field("", max_length=bounds.MAX_LONG_TEXT)
    handling_code: str = Field("H1", max_length=2)
    restrictions: str = Field("", max_length=bounds.MAX_SHORT_TEXT)
    source_reliability: str = Field("X", max_length=1)
    information_accuracy: str = Field("4", max_length=1)
    valid_until: dt.date | None = None
    indicators: list[IndicatorIn] = Field([], max_length=50)
    recipients: list[str] = Field([], max_length=10)
    risks: list[str] = Field([], max_length=50)
    playbook: str | None = None


class BulletinChangeIn(Schema):
    title: str | None = Field(None, max_length=200)
    summary: str | None = Field(None, max_length=bounds.MAX_LONG_TEXT)
    details: str | None = Field(None, max_length=20_000)
    recommended_measures: str | None = Field(None, max_length=bounds.MAX_LONG_TEXT)
    handling_code: str | None = Field(None, max_length=2)
    valid_until: dt.date | None = None
    indicators: list[IndicatorIn] | None = Field(None, max_length=50)


class CreatedOut(Schema):
    id: str
    status: str


class BulletinAckOut(Schema):
    agency: str
    username: str
    name: str
    acknowledged_at: str | None


class RiskTaskOut(Schema):
    id: str
    agency: str
    action: str
    status: str
    due_at: str | None


class BulletinOut(Schema):
    id: str
    owner: str
    kind: str
    status: str
    version: int
    title: str
    summary: str
    handling_code: str
    valid_until: str
    recipients: list[str]
    changes: list[str]
    indicators: list[dict[str, Any]]
    acknowledgements: list[BulletinAckOut]
    tasks: list[RiskTaskOut]
    import_report: list[str]


class TriggerIn(Schema):
    playbook: str


class StepIn(Schema):
    agency: str = Field(max_length=32)
    action: str = Field(max_length=300)
    within_hours: Any


class PlaybookIn(Schema):
    name: str = Field(max_length=200)
    crime_area: str = Field(max_length=32)
    bulletin_kind: str = Field("", max_length=32)
    steps: list[StepIn] = Field(max_length=30)


class PlaybookOut(Schema):
    id: str
    owner: str
    name: str
    crime_area: str
    version: int
    steps: list[dict[str, Any]]


class RiskTaskStatusIn(Schema):
    status: str = Field(max_length=16)


# -- conversions -----------------------------------------------------------------------------


def _risk_out(risk: Risk) -> dict[str, Any]:
    return {
        "id": str(risk.id),
        "title": risk.title,
        "crime_area": risk.crime_area,
        "likelihood": risk.likelihood,
        "impact": risk.impact,
        "trend": risk.trend,
        "owner": risk.owner.code,
        "review_on": risk.review_on.isoformat(),
        "review_overdue": risk.review_on < bounds.today(),
        "countries": risk.countries,
        "regions": risk.regions,
        "routes": risk.routes,
        "border_crossings": risk.border_crossings,
    }


def _risk_detail(risk: Risk) -> dict[str, Any]:
    scores = [
        {
            "agency": row["agency"].code,
            "likelihood": row["likelihood"],
            "impact": row["impact"],
            "level": row["level"],
            "comment": row["comment"],
            "difference": row.get("d_level"),
        }
        for row in selectors.scores_of(risk)
    ]
    return {
        **_risk_out(risk),
        "description": risk.description,
        "warning_signs": risk.warning_signs,
        "scores": scores,
    }


def _bulletin_out(bulletin: Bulletin) -> dict[str, Any]:
    return {
        "id": str(bulletin.id),
        "owner": bulletin.owner.code,
        "kind": bulletin.kind,
        "status": bulletin.status,
        "version": bulletin.version,
        "title": bulletin.title,
        "summary": bulletin.summary,
        "handling_code": bulletin.handling_code,
        "valid_until": bulletin.valid_until.isoformat(),
        "recipients": list(bulletin.recipients),
        "changes": list(bulletin.changes),
        "indicators": [
            {
                "type": i.type,
                "value": i.value,
                "key": i.key,
                "matches": [
                    {"kind": m.kind, "id": m.record_id, "reference": m.reference}
                    for m in i.matches.all()
                ],
            }
            for i in bulletin.indicators.prefetch_related("matches")
        ],
        "acknowledgements": [
            {
                "agency": a.agency.code,
                "username": a.username,
                "name": a.name,
                "acknowledged_at": a.acknowledged_at.isoformat() if a.acknowledged_at else None,
            }
            for a in bulletin.acks.select_related("agency")
        ],
        "tasks": [
            {
                "id": str(t.id),
                "agency": t.agency.code,
                "action": t.action,
                "status": t.status,
                "due_at": t.due_at.isoformat() if t.due_at else None,
            }
            for t in bulletin.tasks.select_related("agency")
        ],
        "import_report": list(bulletin.import_report),
    }


def _playbook_out(playbook: Playbook) -> dict[str, Any]:
    return {
        "id": str(playbook.id),
        "owner": playbook.owner.code,
        "name": playbook.name,
        "crime_area": playbook.crime_area,
        "version": playbook.version,
        "steps": [
            {
                "order": s.order,
                "agency": s.agency.code,
                "action": s.action,
                "within_hours": s.within_hours,
            }
            for s in playbook.steps.select_related("agency")
        ],
    }


def _playbook(playbook_id: Any, request: HttpRequest) -> Playbook | None:
    if not playbook_id:
        return None
    return selectors.access_playbook_for_view(playbook_id, request.user)


# -- risks -------------------------------------------------------------------------------------


@router.get("/risks", response=list[RiskOut])
@paginate(ApiPagination)
def list_risks(
    request: HttpRequest, crime_area: str = "", country: str = "", place: str = ""
) -> ApiRows:
    rows = selectors.risks_visible_to(
        request.user, crime_area=crime_area[:32], country=country[:2], place=place[:100]
    ).order_by("-likelihood", "-impact", "id")
    return ApiRows(rows, _risk_out)


@router.post("/risks", response={201: RiskDetailOut})
def create_risk(request: HttpRequest, payload: RiskIn) -> Any:
    data = payload.dict()
    language = (getattr(request, "LANGUAGE_CODE", "") or "en")[:2]
    for stem in ("title", "description"):
        text = data.pop(stem)
        if text and not data.get(f"{stem}_{language}"):
            data[f"{stem}_{language if language in ('ar', 'fr', 'en') else 'en'}"] = text
    event_id = data.pop("event")
    if event_id:
        from jisr.events.selectors import access_event_for_view

        data["event"] = access_event_for_view(event_id, request.user)
    data["review_on"] = data["review_on"] or bounds.today() + dt.timedelta(days=180)
    mitigations = data.pop("mitigations")
    risk = register.risk_create(acting_user=request.user, mitigations=mitigations, **data)
    return Status(201, _risk_detail(risk))


@router.get("/risks/{risk_id}", response=RiskDetailOut)
def get_risk(request: HttpRequest, risk_id: str) -> Any:
    return _risk_detail(selectors.access_risk_for_view(risk_id, request.user))


@router.post("/risks/{risk_id}/assessment", response=RiskDetailOut)
def assess_risk(request: HttpRequest, risk_id: str, payload: AssessmentIn) -> Any:
    risk = selectors.access_risk_for_view(risk_id, request.user)
    if risk.owner_id == getattr(request.user, "agency_id", None) and risk.is_own:
        risk = register.risk_update(
            acting_user=request.user,
            risk=risk,
            likelihood=payload.likelihood,
            impact=payload.impact,
        )
    else:
        register.risk_assess(
            acting_user=request.user,
            risk=risk,
            likelihood=payload.likelihood,
            impact=payload.impact,
            comment=payload.comment,
        )
    return _risk_detail(risk)


# -- bulletins -------------------------------------------------------------------------------


@router.get("/bulletins", response=list[BulletinOut])
@paginate(ApiPagination)
def list_bulletins(request: HttpRequest) -> ApiRows:
    rows = selectors.bulletins_visible_to(request.user).order_by("-created_at", "id")
    return ApiRows(rows, _bulletin_out)


@router.post("/bulletins", response={201: CreatedOut})
def create_bulletin(request: HttpRequest, payload: BulletinIn) -> Any:
    data = payload.dict()
    playbook = _playbook(data.pop("playbook"), request)
    bulletin = bulletin_services.bulletin_create(
        acting_user=request.user, playbook=playbook, **data
    )
    return Status(201, {"id": str(bulletin.id), "status": bulletin.status})


@router.post("/bulletins/import-misp", response={201: BulletinOut})
def import_misp(request: HttpRequest) -> Any:
    """The body is a MISP event (JSON); the answer is the draft bulletin with its import report."""
    bulletin = misp.bulletin_import(acting_user=request.user, raw=request.body)
    return Status(201, _bulletin_out(bulletin))


@router.get("/bulletins/{bulletin_id}", response=BulletinOut)
def get_bulletin(request: HttpRequest, bulletin_id: str) -> Any:
    return _bulletin_out(selectors.access_bulletin_for_view(bulletin_id, request.user))


@router.post("/bulletins/{bulletin_id}/version", response=BulletinOut)
def change_bulletin(request: HttpRequest, bulletin_id: str, payload: BulletinChangeIn) -> Any:
    bulletin = selectors.access_bulletin_for_view(bulletin_id, request.user)
    data = {k: v for k, v in payload.dict().items() if v is not None}
    bulletin = bulletin_services.bulletin_update(
        acting_user=request.user, bulletin=bulletin, **data
    )
    return _bulletin_out(bulletin)


@router.post("/bulletins/{bulletin_id}/submit", response=CreatedOut)
def submit_bulletin(request: HttpRequest, bulletin_id: str) -> Any:
    bulletin = selectors.access_bulletin_for_view(bulletin_id, request.user)
    bulletin = bulletin_services.bulletin_submit(acting_user=request.user, bulletin=bulletin)
    return {"id": str(bulletin.id), "status": bulletin.status}


@router.post("/bulletins/{bulletin_id}/approve", response=CreatedOut)
def approve_bulletin(request: HttpRequest, bulletin_id: str) -> Any:
    bulletin = selectors.access_bulletin_for_view(bulletin_id, request.user)
    bulletin = bulletin_services.bulletin_approve(acting_user=request.user, bulletin=bulletin)
    return {"id": str(bulletin.id), "status": bulletin.status}


@router.post("/bulletins/{bulletin_id}/acknowledge", response=BulletinOut)
def acknowledge_bulletin(request: HttpRequest, bulletin_id: str) -> Any:
    bulletin = selectors.access_bulletin_for_view(bulletin_id, request.user)
    bulletin_services.bulletin_acknowledge(acting_user=request.user, bulletin=bulletin)
    return _bulletin_out(bulletin)


@router.post("/bulletins/{bulletin_id}/withdraw", response=CreatedOut)
def withdraw_bulletin(request: HttpRequest, bulletin_id: str) -> Any:
    bulletin = selectors.access_bulletin_for_view(bulletin_id, request.user)
    bulletin = bulletin_services.bulletin_withdraw(acting_user=request.user, bulletin=bulletin)
    return {"id": str(bulletin.id), "status": bulletin.status}


@router.post("/bulletins/{bulletin_id}/trigger", response=BulletinOut)
def trigger_playbook(request: HttpRequest, bulletin_id: str, payload: TriggerIn) -> Any:
    bulletin = selectors.access_bulletin_for_view(bulletin_id, request.user)
    playbook = selectors.access_playbook_for_view(payload.playbook, request.user)
    response.playbook_trigger(acting_user=request.user, bulletin=bulletin, playbook=playbook)
    return _bulletin_out(bulletin)


@router.get("/bulletins/{bulletin_id}/misp", response=dict[str, Any])
def export_misp(request: HttpRequest, bulletin_id: str) -> Any:
    bulletin = selectors.access_bulletin_for_view(bulletin_id, request.user)
    return misp.bulletin_export(acting_user=request.user, bulletin=bulletin)


# -- playbooks and response tasks ----------------------------------------------------------


@router.get("/playbooks", response=list[PlaybookOut])
@paginate(ApiPagination)
def list_playbooks(request: HttpRequest) -> ApiRows:
    return ApiRows(
        selectors.playbooks_visible_to(request.user).order_by("name", "id"), _playbook_out
    )


@router.post("/playbooks", response={201: PlaybookOut})
def create_playbook(request: HttpRequest, payload: PlaybookIn) -> Any:
    data = payload.dict()
    playbook = response.playbook_save(acting_user=request.user, **data)
    return Status(201, _playbook_out(playbook))


@router.post("/playbooks/{playbook_id}", response=PlaybookOut)
def change_playbook(request: HttpRequest, playbook_id: str, payload: PlaybookIn) -> Any:
    playbook = selectors.access_playbook_for_view(playbook_id, request.user)
    playbook = response.playbook_save(acting_user=request.user, playbook=playbook, **payload.dict())
    return _playbook_out(playbook)


@router.post("/response-tasks/{task_id}/status", response=RiskTaskOut)
def set_task_status(request: HttpRequest, task_id: str, payload: RiskTaskStatusIn) -> Any:
    from django.http import Http404

    task = (
        ResponseTask.objects.select_related("agency", "bulletin")
        .filter(id=uuid_or_404(task_id))
        .first()
    )
    if task is None:
        raise Http404
    selectors.access_bulletin_for_view(task.bulletin_id, request.user)
    task = response.task_set_status(acting_user=request.user, task=task, status=payload.status)
    return {
        "id": str(task.id),
        "agency": task.agency.code,
        "action": task.action,
        "status": task.status,
        "due_at": task.due_at.isoformat() if task.due_at else None,
    }
