"""The exchange JSON API, mounted at the root of /api/v1 (cases, messages, attachments)."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import uuid
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from jisr.accounts.models import User
from jisr.core.exports import content_disposition
from jisr.core.web import ApiPagination, ApiRows, acting_user
from jisr.exchange import selectors, services
from jisr.exchange.entities import EntityInput
from jisr.exchange.models import Case, Message, RefusalGround
from jisr.exchange.services import desk

router = Router(tags=["exchange"])


def _user(request: HttpRequest) -> User:
    return cast(User, acting_user(request))


class LinkIn(Schema):
    kind: str
    id: str
    label: str = ""


class CaseIn(Schema):
    title: str
    crime_area: str
    partners: list[str]
    links: list[LinkIn] = Field(default_factory=list)


class AckOut(Schema):
    agency: str
    kind: str
    by: str
    at: dt.datetime


class AttachmentOut(Schema):
    id: str
    filename: str
    original_filename: str = ""
    content_type: str
    size: int
    sha256: str


class MessageOut(Schema):
    id: str
    case_id: str
    sender: str
    author: str
    kind: str
    in_reply_to: str | None
    subject: str
    handling_code: str
    handling_restriction: str
    source_reliability: str
    information_accuracy: str
    priority: str
    language: str
    contains_personal_data: bool
    created_at: dt.datetime
    deadline: dt.datetime | None
    answered_at: dt.datetime | None
    overdue: bool
    recipients: list[str]
    attachments: list[AttachmentOut]
    acks: list[AckOut]
    time_limit: str | None = None
    directly_accessible: bool | None = None
    release_status: str = "not_needed"
    suspended_since: dt.datetime | None = None
    suspension_reason: str = ""
    outcome: str = ""
    partial: bool = False
    refusal_grounds: list[str] = Field(default_factory=list)
    assignee: str | None = None
    translation_language: str = ""


class EntityOut(Schema):
    type: str
    value: str
    key: str
    country: str = ""
    birth_date: str = ""


class FoundInOut(Schema):
    kind: str
    id: str
    reference: str
    url: str = ""


class CorrelationOut(Schema):
    entity: dict[str, Any]
    found_in: FoundInOut
    score: float | None = None


class LimitChangeOut(Schema):
    event: str
    at: dt.datetime
    agency: str
    by: str
    reason: str
    time_limit: str
    due_before: dt.datetime | None
    due_after: dt.datetime | None


class MessageFullOut(MessageOut):
    body: str
    person_names: list[str]
    translation: str = ""
    entities: list[EntityOut] = Field(default_factory=list)
    correlations: list[CorrelationOut] = Field(default_factory=list)
    limit_changes: list[LimitChangeOut] = Field(default_factory=list)


class CaseOut(Schema):
    id: str
    reference: str
    title: str
    crime_area: str
    status: str
    owner: str
    is_copy: bool
    participants: list[str]
    links: list[LinkIn]
    created_at: dt.datetime
    updated_at: dt.datetime


class CaseDetailOut(CaseOut):
    messages: list[MessageOut]


class AttachmentIn(Schema):
    filename: str
    content_base64: str


class EntityIn(Schema):
    type: str = Field(max_length=16)
    value: str = Field(max_length=300)
    country: str = Field(default="", max_length=2)
    birth_date: str = Field(default="", max_length=10)


class MessageIn(Schema):
    kind: str
    subject: str
    body: str = ""
    handling_code: str = ""
    handling_restriction: str = ""
    source_reliability: str = ""
    information_accuracy: str = ""
    priority: str = ""
    language: str = ""
    in_reply_to: str | None = None
    person_names: list[str] = Field(default_factory=list)
    contains_personal_data: bool = False
    attachments: list[AttachmentIn] = Field(default_factory=list)
    directly_accessible: bool | None = None
    entities: list[EntityIn] = Field(default_factory=list, max_length=50)
    translation: str = Field(default="", max_length=100_000)
    translation_language: str = ""


class StatusIn(Schema):
    status: str


class ForwardIn(Schema):
    agency: str
    note: str = ""


class CopyIn(Schema):
    case_id: uuid.UUID


class ConsentIn(Schema):
    holder: str
    scope: str
    third_party: str = ""


class HitCaseIn(Schema):
    hit_id: str
    alert_id: str
    partner: str
    title: str


class SearchOut(Schema):
    cases: list[CaseOut]
    messages: list[MessageOut]


def _case_out(case: Case) -> dict[str, Any]:
    return {
        **case.summary(),
        "is_copy": case.is_copy,
        "participants": sorted(a.code for a in case.participants.all()),
        "links": [
            {"kind": li.kind, "id": str(li.target_id), "label": li.label} for li in case.links.all()
        ],
        "created_at": case.created_at,
        "updated_at": case.updated_at,
    }


def _attachments(message: Message) -> Any:
    """Attachment metadata without loading the bytes (prefetched rows already defer them)."""
    cache = getattr(message, "_prefetched_objects_cache", {})
    return (
        message.attachments.all() if "attachments" in cache else message.attachments.defer("data")
    )


def _message_out(message: Message, *, full: bool = False) -> dict[str, Any]:
    data = {
        "id": str(message.id),
        "case_id": str(message.case_id),
        "sender": message.sender.code,
        "author": message.author_name,
        "kind": message.kind,
        "in_reply_to": str(message.in_reply_to) if message.in_reply_to else None,
        "subject": message.subject,
        **message.handling_fields(),
        "contains_personal_data": message.contains_personal_data,
        "created_at": message.created_at,
        "deadline": message.deadline,
        "answered_at": message.answered_at,
        "overdue": message.is_overdue(),
        "recipients": sorted(a.code for a in message.recipients.all()),
        "attachments": [a.metadata() for a in _attachments(message)],
        "acks": [
            {"agency": ack.agency.code, "kind": ack.kind, "by": ack.by_name, "at": ack.at}
            for ack in message.acks.all()
        ],
    }
    data.update(
        {
            "time_limit": message.time_limit or None,
            "directly_accessible": message.directly_accessible,
            "release_status": message.release_status,
            "suspended_since": message.suspended_at,
            "suspension_reason": message.suspension_reason,
            "outcome": message.outcome,
            "partial": message.partial,
            "refusal_grounds": list(message.refusal_grounds),
            "assignee": message.assignee.username
            if message.assignee_id and message.assignee
            else None,
            "translation_language": message.translation_language,
        }
    )
    if full:
        from jisr.exchange.entities import entity_body

        data["body"] = message.body
        data["person_names"] = list(message.person_names)
        data["translation"] = message.translation
        data["entities"] = [entity_body(e) for e in message.entities.all()]
        data["limit_changes"] = [
            {
                "event": c.event,
                "at": c.at,
                "agency": c.agency.code,
                "by": c.by_name,
                "reason": c.reason,
                "time_limit": c.time_limit,
                "due_before": c.due_before,
                "due_after": c.due_after,
            }
            for c in message.limit_changes.select_related("agency")
        ]
    return data


@router.get("/cases", response=list[CaseOut])
@paginate(ApiPagination)
def case_list(request: HttpRequest, status: str | None = None) -> ApiRows:
    """Cases in which the token user's agency takes part, most recently changed first."""
    cases = selectors.cases_visible_to(request.user).prefetch_related("participants", "links")
    if status:
        cases = cases.filter(status=status)
    return ApiRows(cases.order_by("-updated_at", "pk"), _case_out)


@router.post("/cases", response={201: CaseOut})
def case_create(request: HttpRequest, payload: CaseIn) -> Status[dict[str, Any]]:
    """Open a case owned by this node's agency, shared with the partners named."""
    selectors.cases_visible_to(request.user)
    case = services.case_open(
        acting_user=_user(request),
        title=payload.title,
        crime_area=payload.crime_area,
        partners=payload.partners,
        links=[services.LinkInput(li.kind, li.id, li.label) for li in payload.links],
    )
    return Status(201, _case_out(case))


@router.post("/cases/for-hit", response=CaseOut)
def case_for_hit(request: HttpRequest, payload: HitCaseIn) -> dict[str, Any]:
    """A hit follow-up opens a case with the partner, or joins the one already open."""
    selectors.cases_visible_to(request.user)
    for field in ("hit_id", "alert_id"):
        try:
            uuid.UUID(getattr(payload, field))
        except ValueError as exc:
            raise ValidationError({field: [_not_uuid()]}) from exc
    case = services.case_open_or_join_for_hit(
        acting_user=_user(request),
        hit_id=payload.hit_id,
        alert_id=payload.alert_id,
        partner_agency_code=payload.partner,
        title=payload.title,
    )
    return _case_out(case)


def _not_uuid() -> str:
    from django.utils.translation import gettext as _

    return _("This is not a valid identifier (UUID).")


@router.get("/cases/search", response=SearchOut)
def case_search(request: HttpRequest, q: str) -> dict[str, Any]:
    """Cases and messages the user may see, by subject, text, reference or a person's name."""
    results = selectors.search_for(request.user, q)
    return {
        "cases": [_case_out(c) for c in results.cases],
        "messages": [_message_out(m) for m, _score in results.messages],
    }


@router.get("/cases/overdue", response=list[MessageOut])
@paginate(ApiPagination)
def case_overdue(request: HttpRequest) -> list[dict[str, Any]]:
    """Requests past their deadline, both directions (supervisors)."""
    board = selectors.access_overdue_for_dashboard(request.user)
    return [_message_out(m) for m in [*board.incoming, *board.outgoing]]


@router.get("/cases/{uuid:case_id}", response=CaseDetailOut)
def case_detail(request: HttpRequest, case_id: uuid.UUID) -> dict[str, Any]:
    case = selectors.access_case_for_view(case_id, request.user)
    data = _case_out(case)
    data["messages"] = [_message_out(m) for m in selectors.thread_for(case)]
    return data


@router.post("/cases/{uuid:case_id}/status", response=CaseOut)
def case_status(request: HttpRequest, case_id: uuid.UUID, payload: StatusIn) -> dict[str, Any]:
    case = selectors.access_case_for_view(case_id, request.user)
    services.case_set_status(acting_user=_user(request), case=case, status=payload.status)
    return _case_out(case)


def _decode(items: list[AttachmentIn]) -> list[services.UploadedFile]:
    files = []
    for item in items:
        try:
            data = base64.b64decode(item.content_base64, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise ValidationError({"attachments": [_bad_base64(item.filename)]}) from exc
        files.append(services.UploadedFile(item.filename, data))
    return files


def _bad_base64(name: str) -> str:
    from django.utils.translation import gettext as _

    return _("The file “%(name)s” is not valid base64.") % {"name": name}


@router.post("/cases/{uuid:case_id}/messages", response={201: MessageOut})
def message_create(
    request: HttpRequest, case_id: uuid.UUID, payload: MessageIn
) -> Status[dict[str, Any]]:
    """Post a message in the case; it is sent to every other participating agency."""
    case = selectors.access_case_for_view(case_id, request.user)
    message = services.message_send(
        acting_user=_user(request),
        case=case,
        kind=payload.kind,
        subject=payload.subject,
        body=payload.body,
        handling_code=payload.handling_code,
        handling_restriction=payload.handling_restriction,
        source_reliability=payload.source_reliability,
        information_accuracy=payload.information_accuracy,
        priority=payload.priority,
        language=payload.language,
        in_reply_to=payload.in_reply_to,
        person_names=payload.person_names,
        contains_personal_data=payload.contains_personal_data,
        attachments=_decode(payload.attachments),
        directly_accessible=payload.directly_accessible,
        entities=[EntityInput(e.type, e.value, e.country, e.birth_date) for e in payload.entities],
        translation=payload.translation,
        translation_language=payload.translation_language,
    )
    return Status(201, _message_out(message))


@router.get("/messages/{uuid:message_id}", response=MessageFullOut)
def message_detail(request: HttpRequest, message_id: uuid.UUID) -> dict[str, Any]:
    """Open a message (audited when it holds personal data; acknowledged as read)."""
    message = selectors.access_message_for_view(message_id, request.user)
    services.message_mark_read(acting_user=_user(request), message=message)
    data = _message_out(message, full=True)
    data["correlations"] = [
        {
            "entity": {
                "type": c.entity.kind,
                "key": c.entity.key,
                "names": list(c.entity.names),
            },
            "found_in": {"kind": c.kind, "id": c.id, "reference": c.reference, "url": c.url},
            "score": c.score,
        }
        for c in selectors.correlations_for(request.user, message)
    ]
    return data


@router.post("/messages/{uuid:message_id}/forward", response={201: MessageOut})
def message_forward(
    request: HttpRequest, message_id: uuid.UUID, payload: ForwardIn
) -> Status[dict[str, Any]]:
    """Forward to a third agency; refused (403) for H3, and for H2 without the originator's consent."""
    message = selectors.access_message_for_action(message_id, request.user)
    forwarded = services.message_forward(
        acting_user=_user(request),
        message=message,
        agency_code=payload.agency,
        note=payload.note,
    )
    return Status(201, _message_out(forwarded))


@router.post("/messages/{uuid:message_id}/copy", response={201: MessageOut})
def message_copy(
    request: HttpRequest, message_id: uuid.UUID, payload: CopyIn
) -> Status[dict[str, Any]]:
    """Copy into another case; refused (403) for H3, and for H2 without the originator's consent."""
    message = selectors.access_message_for_action(message_id, request.user)
    case = selectors.access_case_for_view(payload.case_id, request.user)
    copied = services.message_copy(acting_user=_user(request), message=message, case=case)
    return Status(201, _message_out(copied))


@router.post("/messages/{uuid:message_id}/consents", response={201: dict[str, Any]})
def message_consent(
    request: HttpRequest, message_id: uuid.UUID, payload: ConsentIn
) -> Status[dict[str, Any]]:
    """The originating agency records consent for a recipient to forward, export or copy the item."""
    message = selectors.access_message_for_action(message_id, request.user)
    consent = services.consent_grant(
        acting_user=_user(request),
        message=message,
        holder_code=payload.holder,
        scope=payload.scope,
        third_party_code=payload.third_party,
    )
    return Status(
        201, {"id": str(consent.id), "scope": consent.scope, "holder": consent.holder.code}
    )


@router.get("/messages/{uuid:message_id}/export", response=dict[str, Any])
def message_export(request: HttpRequest, message_id: uuid.UUID) -> dict[str, Any]:
    """The message as JSON; refused (403) for H3, and for H2 without the originator's consent."""
    message = selectors.access_message_for_action(message_id, request.user)
    return services.message_export(acting_user=_user(request), message=message)


@router.get("/messages/{uuid:message_id}/attachments/{uuid:attachment_id}")
def attachment_download(
    request: HttpRequest, message_id: uuid.UUID, attachment_id: uuid.UUID
) -> HttpResponse:
    """The attachment's bytes, exactly as sent (header X-Content-SHA256)."""
    attachment = selectors.access_attachment_for_download(message_id, attachment_id, request.user)
    response = HttpResponse(bytes(attachment.data), content_type=attachment.content_type)
    response["Content-Disposition"] = content_disposition(attachment.filename)
    response["X-Content-SHA256"] = attachment.sha256
    return response


# --- the request desk ----------------------------------------------------------------------


class ReasonIn(Schema):
    reason: str = Field(max_length=2000)


class RefuseIn(Schema):
    grounds: list[str] = Field(max_length=20)
    explanation: str = Field(max_length=20_000)
    partial: bool = False


class ClarifyIn(Schema):
    question: str = Field(max_length=20_000)


class AssignIn(Schema):
    username: str = Field(max_length=150)


class SuspendIn(Schema):
    reason: str = Field(max_length=2000)
    cause: str = "judicial"


class ExtendIn(Schema):
    hours: float
    reason: str = Field(max_length=2000)


class CorrectIn(Schema):
    directly_accessible: bool
    reason: str = Field(max_length=2000)


class CodeLabel(Schema):
    code: str
    label: str


@router.get("/reference/refusal-grounds", response=list[CodeLabel])
def refusal_grounds(request: HttpRequest) -> list[dict[str, str]]:
    """The controlled list of refusal grounds (Directive 2023/977, Art. 6), translated."""
    return [{"code": code, "label": str(label)} for code, label in RefusalGround.choices]


def _desk_step(
    name: str,
    path: str,
    step: Any,
    schema: type[Schema],
    doc: str | None = None,
    *,
    answer: bool = False,
) -> Any:
    """``POST /messages/{id}/<path>``: one step of the desk on a message, the payload's fields
    handed to ``step`` under their own names. The reply is the message as it now stands or,
    for a step that ``answer``s with a new message, that message (201)."""

    def endpoint(request: HttpRequest, message_id: uuid.UUID, payload: Any) -> Any:
        message = selectors.access_message_for_action(message_id, request.user)
        written = step(acting_user=_user(request), message=message, **payload.dict())
        return Status(201, _message_out(written)) if answer else _message_out(message)

    endpoint.__name__ = endpoint.__qualname__ = name
    endpoint.__doc__ = doc
    endpoint.__annotations__ = {
        "request": HttpRequest,
        "message_id": uuid.UUID,
        "payload": schema,
        "return": Status[dict[str, Any]] if answer else dict[str, Any],
    }
    response: Any = {201: MessageOut} if answer else MessageOut
    return router.post(f"/messages/{{uuid:message_id}}/{path}", response=response)(endpoint)


message_release = _desk_step(
    "message_release",
    "release",
    desk.message_release,
    ReasonIn,
    "Release a held message (four eyes: 403 for its author); it leaves now.",
)
message_return = _desk_step(
    "message_return",
    "return",
    desk.message_return,
    ReasonIn,
    "Return a held message to its author with the reason (403 for its author).",
)
message_refuse = _desk_step(
    "message_refuse",
    "refuse",
    desk.request_refuse,
    RefuseIn,
    "Refuse a partner's request, or part of it, on grounds of the controlled list.",
    answer=True,
)
message_clarify = _desk_step(
    "message_clarify",
    "clarify",
    desk.request_clarify,
    ClarifyIn,
    "Ask the requester a question; the request's limit is suspended until the answer.",
    answer=True,
)
message_assign = _desk_step(
    "message_assign",
    "assign",
    desk.request_assign,
    AssignIn,
    "Give a partner's request to a handler of the desk.",
)
message_suspend = _desk_step(
    "message_suspend",
    "suspend",
    desk.limit_suspend,
    SuspendIn,
    "Suspend the limit (waiting for a judicial authorisation, or a clarification).",
)
message_resume = _desk_step("message_resume", "resume", desk.limit_resume, ReasonIn)
message_extend = _desk_step("message_extend", "extend", desk.limit_extend, ExtendIn)
message_correct = _desk_step(
    "message_correct",
    "accessibility",
    desk.limit_correct,
    CorrectIn,
    "The requested side corrects whether the information is directly accessible.",
)
message_withdraw = _desk_step("message_withdraw", "withdraw", desk.request_withdraw, ReasonIn)


@router.get("/desk/queue", response=list[MessageOut])
@paginate(ApiPagination)
def desk_queue(request: HttpRequest, direction: str = "incoming", state: str = "open") -> ApiRows:
    """Requests at the desk, the nearest limit first."""
    rows = selectors.desk_queue(request.user, direction=direction, state=state)
    return ApiRows(rows.order_by("due_at", "pk"), _message_out)


@router.get("/desk/statistics", response=dict[str, Any])
def desk_statistics(request: HttpRequest, partner: str = "") -> dict[str, Any]:
    """Art. 18 figures for a partner (or all) and a period (``from`` and ``to`` inclusive)."""
    from django.utils.translation import gettext as _

    from jisr.core.access import require_perm
    from jisr.exchange.permissions import VIEW_DESK_STATISTICS
    from jisr.exchange.statistics import desk_statistics as figures

    require_perm(request.user, VIEW_DESK_STATISTICS, _("You may not see the desk statistics."))
    from_, to = _day(request, "from"), _day(request, "to")
    if len(partner) > 32:
        raise ValidationError({"partner": [_("Unknown partner.")]})
    if from_ and to and from_ > to:
        raise ValidationError({"to": [_("The period ends before it starts.")]})
    start = dt.datetime.combine(from_, dt.time(), dt.UTC) if from_ else None
    end = dt.datetime.combine(to + dt.timedelta(days=1), dt.time(), dt.UTC) if to else None
    data = figures(partner=partner, start=start, end=end)
    data["from"] = from_.isoformat() if from_ else None
    data["to"] = to.isoformat() if to else None
    return data


def _day(request: HttpRequest, name: str) -> dt.date | None:
    """A ``YYYY-MM-DD`` query parameter, or a 422 naming it."""
    from django.utils.translation import gettext as _

    raw = request.GET.get(name, "").strip()
    if not raw:
        return None
    try:
        day = dt.date.fromisoformat(raw)
    except ValueError:
        day = None
    if day is None or not 2000 <= day.year <= 2100:
        raise ValidationError({name: [_("Give a date as YYYY-MM-DD.")]})
    return day
