"""Pages: inbox, cases, case thread with compose form, message, overdue dashboard, search."""

from __future__ import annotations

import json
from typing import Any, cast

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jisr.accounts.models import Agency, User
from jisr.accounts.selectors import own_agency
from jisr.core.access import require_perm
from jisr.core.exports import content_disposition
from jisr.core.handling import HandlingCode, Use
from jisr.core.web import acting_user, paginate, service_errors_to_form
from jisr.exchange import permissions as perms
from jisr.exchange import selectors, services
from jisr.exchange.entities import EntityInput
from jisr.exchange.forms import (
    AssignForm,
    CaseOpenForm,
    CaseStatusForm,
    ClarifyForm,
    ConsentForm,
    CopyForm,
    CorrectForm,
    ExtendForm,
    ForwardForm,
    MessageForm,
    ReasonForm,
    RefuseForm,
    StatisticsForm,
    SuspendForm,
)
from jisr.exchange.models import (
    Case,
    CaseStatus,
    CrimeArea,
    Language,
    Message,
    MessageKind,
    PartnerDesk,
)
from jisr.exchange.services import desk as desk_services
from jisr.notices.selectors import notices_for


def _user(request: HttpRequest) -> User:
    return cast(User, acting_user(request))


#: The columns each list sorts by (key in the URL -> fields).
INBOX_SORTS = {
    "case": "case__reference",
    "subject": "subject",
    "from": "sender__code",
    "type": "kind",
    "handling": "handling_code",
    "received": "created_at",
    "deadline": "due_at",
}
CASE_SORTS = {
    "reference": "reference",
    "title": "title",
    "crime_area": "crime_area",
    "owner": "owner__code",
    "status": "status",
    "updated": "updated_at",
}


def _partner_choices() -> list[tuple[str, str]]:
    from jisr.federation.selectors import partner_agencies

    return [(a.code, f"{a.code} — {a.name}") for a in partner_agencies()]


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    page = paginate(
        request, selectors.inbox_messages(request.user), sorts=INBOX_SORTS, default_sort="-received"
    )
    rows = selectors.with_read_marks(request.user, page)
    notes = notices_for(request.user, app="exchange")[:50]
    return render(request, "exchange/inbox.html", {"rows": rows, "page": page, "notices": notes})


def _filtered_cases(request: HttpRequest) -> tuple[dict[str, str], Any]:
    """The filters in the URL (status, crime area) and the cases the user sees that pass them."""
    filters = {key: request.GET.get(key, "") for key in ("status", "crime_area")}
    cases = selectors.cases_visible_to(request.user).prefetch_related("participants")
    if filters["status"]:
        cases = cases.filter(status=filters["status"])
    if filters["crime_area"]:
        cases = cases.filter(crime_area=filters["crime_area"])
    return filters, cases


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    filters, cases = _filtered_cases(request)
    page = paginate(request, cases, sorts=CASE_SORTS, default_sort="-updated")
    return render(
        request,
        "exchange/case_list.html",
        {
            "cases": page,
            "page": page,
            "filters": filters,
            "statuses": CaseStatus.choices,
            "crime_areas": CrimeArea.choices,
        },
    )


@login_required
def case_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The case list, with its filters, as CSV or XLSX (titles, not contents); logged."""
    from jisr.audit.actions import AuditAction
    from jisr.audit.services import audit_record
    from jisr.core.exports import EXPORT_MAX_ROWS, export_response

    filters, cases = _filtered_cases(request)
    header = [
        _("Reference"),
        _("Title"),
        _("Crime area"),
        _("Status"),
        _("Owner"),
        _("Participants"),
        _("Opened (UTC)"),
        _("Updated (UTC)"),
    ]
    rows = [
        [
            case.reference,
            case.title,
            case.get_crime_area_display(),
            case.get_status_display(),
            case.owner.code,
            "; ".join(sorted(p.code for p in case.participants.all())),
            case.created_at.isoformat(),
            case.updated_at.isoformat(),
        ]
        for case in cases.select_related("owner").order_by("-updated_at")[:EXPORT_MAX_ROWS]
    ]
    audit_record(
        request.user,
        AuditAction.CASE_EXPORT,
        extra={
            "format": fmt,
            "rows": len(rows),
            "filters": {k: v for k, v in filters.items() if v},
        },
    )
    return export_response(f"cases.{fmt}", header, rows, fmt=fmt)


@login_required
def case_open(request: HttpRequest) -> HttpResponse:
    require_perm(request.user, perms.OPEN_CASES, _("You may not open cases."))
    form = CaseOpenForm(request.POST or None, partners=_partner_choices())
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_open(
                acting_user=_user(request),
                title=form.cleaned_data["title"],
                crime_area=form.cleaned_data["crime_area"],
                partners=form.cleaned_data["partners"],
            )
        except ValidationError as exc:
            service_errors_to_form(form, exc)
        else:
            flash.success(request, _("Case %(reference)s opened.") % {"reference": case.reference})
            return redirect("exchange:case_detail", case_id=case.id)
    return render(
        request, "exchange/case_open.html", {"form": form}, status=422 if form.errors else 200
    )


def _compose_form(case: Case, request: HttpRequest, reply_to: Message | None) -> MessageForm:
    initial: dict[str, Any] = {"language": (get_language() or "en")[:2]}
    if reply_to is not None:
        initial.update(
            {
                "kind": MessageKind.REPLY,
                "in_reply_to": str(reply_to.id),
                "subject": reply_subject(reply_to),
                "handling_code": reply_to.handling_code,
                "language": reply_to.language,
            }
        )
    return MessageForm(initial=initial)


def reply_subject(original: Message) -> str:
    """The default subject of a reply: "Re: " in the language of the message replied to.

    A thread keeps its language whoever answers: a French officer replying to an Arabic
    message gets the Arabic prefix, not the French one. A subject that already starts with
    the prefix in any of the product's languages is not prefixed again.
    """

    def plain(text: str) -> str:  # French writes "Re\u00a0: "; someone may type "RE : "
        return text.replace("\u00a0", " ").casefold()

    prefixes = set()
    for code in Language.values:
        with translation.override(code):
            prefixes.add(plain(str(_("Re: "))).strip())
    subject = original.subject
    if any(plain(subject).startswith(prefix) for prefix in prefixes):
        return subject
    with translation.override(original.language or get_language()):
        return str(_("Re: ")) + subject


def _case_context(request: HttpRequest, case: Case, form: MessageForm) -> dict[str, Any]:
    own = own_agency()
    return {
        "partner_desks": PartnerDesk.objects.filter(
            agency__in=case.participants.exclude(is_own=True)
        ).select_related("agency"),
        "case": case,
        "thread": selectors.thread_for(case),
        "form": form,
        "own": own,
        "can_post": request.user.has_perm(perms.OPEN_CASES) and case.status != "closed",
        "status_form": CaseStatusForm(initial={"status": case.status})
        if case.owner.is_own
        else None,
    }


@login_required
def case_detail(request: HttpRequest, case_id: str) -> HttpResponse:
    case = selectors.access_case_for_view(case_id, request.user)
    reply_to = None
    if request.GET.get("reply_to"):
        reply_to = case.messages.filter(id=request.GET["reply_to"]).first()
    return render(
        request,
        "exchange/case_detail.html",
        _case_context(request, case, _compose_form(case, request, reply_to)),
    )


@login_required
def case_thread(request: HttpRequest, case_id: str) -> HttpResponse:
    """The thread alone, for htmx polling (acknowledgements and replies appear by themselves)."""
    case = selectors.access_case_for_view(case_id, request.user)
    return render(
        request,
        "exchange/_thread.html",
        {"case": case, "thread": selectors.thread_for(case), "own": own_agency()},
    )


@login_required
@require_POST
def message_compose(request: HttpRequest, case_id: str) -> HttpResponse:
    case = selectors.access_case_for_view(case_id, request.user)
    form = MessageForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            message = services.message_send(
                acting_user=_user(request),
                case=case,
                kind=data["kind"],
                subject=data["subject"],
                body=data["body"],
                handling_code=data["handling_code"],
                handling_restriction=data["handling_restriction"],
                source_reliability=data["source_reliability"],
                information_accuracy=data["information_accuracy"],
                priority=data["priority"],
                language=data["language"],
                in_reply_to=data["in_reply_to"] or None,
                person_names=form.names(),
                contains_personal_data=data["contains_personal_data"],
                attachments=[
                    services.UploadedFile(f.name or "attachment", f.read())
                    for f in data["attachments"]
                ],
                directly_accessible=data["directly_accessible"],
                entities=[EntityInput(kind, value) for kind, value in form.entity_lines()],
                translation=data["translation"],
                translation_language=data["translation_language"],
            )
        except ValidationError as exc:
            service_errors_to_form(form, exc)
        else:
            if message.release_status == "pending":
                flash.success(
                    request,
                    _(
                        "Message saved: it holds personal data and waits for a second person to release it."
                    ),
                )
            else:
                flash.success(request, _("Message sent."))
            return redirect(f"{case_url(case)}#m-{message.id}")
    # The draft is kept: the form comes back with everything typed, and the errors.
    return render(
        request, "exchange/case_detail.html", _case_context(request, case, form), status=422
    )


def case_url(case: Case) -> str:
    from django.urls import reverse

    return reverse("exchange:case_detail", kwargs={"case_id": case.id})


@login_required
@require_POST
def case_status(request: HttpRequest, case_id: str) -> HttpResponse:
    case = selectors.access_case_for_view(case_id, request.user)
    form = CaseStatusForm(request.POST)
    if form.is_valid():
        services.case_set_status(
            acting_user=_user(request), case=case, status=form.cleaned_data["status"]
        )
        flash.success(request, _("Status changed."))
    return redirect("exchange:case_detail", case_id=case.id)


def _copy_targets(message: Message) -> list[tuple[str, str]]:
    """The other open cases of this node's agency a message may be copied into."""
    cases = (
        Case.objects.filter(participants__is_own=True)
        .exclude(pk=message.case_id)
        .exclude(status=CaseStatus.CLOSED)
        .order_by("-updated_at")[:200]
    )
    return [(str(c.id), f"{c.reference} — {c.title}") for c in cases]


def _forward_blocked(message: Message) -> str:
    """The handling code that keeps this node from forwarding the item to a third agency, or ""."""
    own = own_agency()
    if own is None:
        return ""
    code = HandlingCode(message.handling_code)
    consented = message.consents.filter(scope=Use.FORWARD.value, holder__is_own=True).exists()
    if code.allows(Use.FORWARD, provider=message.sender.code, holder=own.code, consent=consented):
        return ""
    return code.value


def _forward_targets(message: Message) -> list[tuple[str, str]]:
    """The active partners other than the item's provider, to which it could be forwarded."""
    from jisr.federation.selectors import partner_agencies

    return [
        (a.code, f"{a.code} — {a.name}")
        for a in partner_agencies()
        if not a.is_own and a.pk != message.sender_id
    ]


def _message_context(request: HttpRequest, message: Message, **extra: Any) -> dict[str, Any]:
    own = own_agency()
    agencies = _forward_targets(message)
    holders = [(a.code, f"{a.code} — {a.name}") for a in message.recipients.all()]
    all_others = [(a.code, f"{a.code} — {a.name}") for a in Agency.objects.exclude(is_own=True)]
    context = {
        "message": message,
        "case": message.case,
        "own": own,
        "acks": message.acks.select_related("agency").all(),
        "attachments": message.attachments.defer("data"),
        "consents": message.consents.select_related("holder", "third_party"),
        "forward_form": ForwardForm(agencies=agencies),
        "copy_form": CopyForm(cases=_copy_targets(message)),
        "consent_form": ConsentForm(holders=holders, others=all_others)
        if message.sender.is_own
        else None,
        "forward_blocked": _forward_blocked(message),
        "forward_targets": bool(agencies),
        **_desk_context(request, message),
    }
    context.update(extra)
    _action_list(context)
    return context


def _desk_context(request: HttpRequest, message: Message) -> dict[str, Any]:
    """The request page: time line, entities, correlations and the desk's forms."""
    user = request.user
    own = own_agency()
    incoming_open = bool(
        message.is_request
        and own is not None
        and message.sender_id != own.id
        and not message.answered_at
        and not message.outcome
    )
    works_desk = user.has_perm(perms.WORK_DESK, message)
    members = (
        [(u.username, u.get_full_name() or u.username) for u in selectors.desk_members(user)]
        if works_desk and incoming_open
        else []
    )
    timeline: list[tuple[Any, str, Any]] = []
    for change in message.limit_changes.select_related("agency"):
        timeline.append((change.at, "limit", change))
    for assignment in message.assignments.all():
        timeline.append((assignment.at, "assign", assignment))
    for reply in message.case.messages.filter(in_reply_to=message.id).select_related("sender"):
        timeline.append((reply.created_at, "reply", reply))
    timeline.sort(key=lambda item: item[0])
    return {
        "timeline": timeline,
        "entities": list(message.entities.all()),
        "correlations": selectors.correlations_for(user, message),
        "incoming_open": incoming_open,
        "works_desk": works_desk and incoming_open,
        "can_release": message.release_status == "pending"
        and user.has_perm(perms.RELEASE_MESSAGES, message),
        "can_withdraw": bool(
            message.is_request
            and message.sender.is_own
            and not message.outcome
            and not message.answered_at
            and user.has_perm(perms.OPEN_CASES, message)
        ),
        "desk_forms": {
            "release": ReasonForm(prefix="release"),
            "return": ReasonForm(prefix="return"),
            "assign": AssignForm(prefix="assign", members=members),
            "refuse": RefuseForm(prefix="refuse"),
            "clarify": ClarifyForm(prefix="clarify"),
            "suspend": SuspendForm(prefix="suspend"),
            "resume": ReasonForm(prefix="resume"),
            "extend": ExtendForm(prefix="extend"),
            "correct": CorrectForm(prefix="correct"),
            "withdraw": ReasonForm(prefix="withdraw"),
        },
        "members": members,
    }


DESK_ACTION_TITLES = (
    ("assign", gettext_lazy("Assign to a handler")),
    ("clarify", gettext_lazy("Ask for a clarification")),
    ("refuse", gettext_lazy("Refuse (all or part)")),
    ("suspend", gettext_lazy("Suspend: waiting for a judicial authorisation")),
    ("resume", gettext_lazy("Resume the limit")),
    ("extend", gettext_lazy("Extend the limit")),
    ("correct", gettext_lazy("Correct the accessibility")),
)


def _action_list(context: dict[str, Any]) -> None:
    suspended = context["message"].suspended_at is not None
    context["desk_action_list"] = [
        (action, title, context["desk_forms"][action])
        for action, title in DESK_ACTION_TITLES
        if (action == "resume") == suspended or action in ("assign", "refuse", "extend", "correct")
    ]


def _desk_call(action: str, user: User, message: Message, data: dict[str, Any]) -> Any:
    if action == "release":
        return desk_services.message_release(
            acting_user=user, message=message, reason=data["reason"]
        )
    if action == "return":
        return desk_services.message_return(
            acting_user=user, message=message, reason=data["reason"]
        )
    if action == "assign":
        return desk_services.request_assign(
            acting_user=user, message=message, username=data["username"]
        )
    if action == "take":
        return desk_services.request_assign(
            acting_user=user, message=message, username=user.username
        )
    if action == "refuse":
        return desk_services.request_refuse(
            acting_user=user,
            message=message,
            grounds=data["grounds"],
            explanation=data["explanation"],
            partial=data["partial"],
        )
    if action == "clarify":
        return desk_services.request_clarify(
            acting_user=user, message=message, question=data["question"]
        )
    if action == "suspend":
        return desk_services.limit_suspend(acting_user=user, message=message, reason=data["reason"])
    if action == "resume":
        return desk_services.limit_resume(acting_user=user, message=message, reason=data["reason"])
    if action == "extend":
        return desk_services.limit_extend(
            acting_user=user, message=message, hours=data["hours"], reason=data["reason"]
        )
    if action == "correct":
        return desk_services.limit_correct(
            acting_user=user,
            message=message,
            directly_accessible=data["directly_accessible"],
            reason=data["reason"],
        )
    return desk_services.request_withdraw(acting_user=user, message=message, reason=data["reason"])


DESK_DONE = {
    "release": gettext_lazy("Released: the message is on its way."),
    "return": gettext_lazy("Returned to its author."),
    "assign": gettext_lazy("Request assigned."),
    "take": gettext_lazy("You handle this request."),
    "refuse": gettext_lazy("Refusal sent."),
    "clarify": gettext_lazy("Clarification requested: the limit is suspended."),
    "suspend": gettext_lazy("Limit suspended."),
    "resume": gettext_lazy("Limit running again."),
    "extend": gettext_lazy("Limit extended."),
    "correct": gettext_lazy("Accessibility corrected: the limit was computed again."),
    "withdraw": gettext_lazy("Request withdrawn."),
}


@login_required
@require_POST
def message_desk_action(request: HttpRequest, message_id: str, action: str) -> HttpResponse:
    """One desk action on a message (release, return, assign, refuse, clarify, limits)."""
    from django.http import Http404

    if action not in DESK_DONE:
        raise Http404
    message = selectors.access_message_for_action(message_id, request.user)
    context = _message_context(request, message)
    form: Any = None
    data: dict[str, Any] = {}
    if action != "take":
        blank = context["desk_forms"][action]
        form_class = type(blank)
        kwargs: dict[str, Any] = {"prefix": action}
        if action == "assign":
            kwargs["members"] = context["members"]
        form = form_class(request.POST, **kwargs)
        context["desk_forms"][action] = form
        _action_list(context)
        if not form.is_valid():
            context["open_form"] = action
            return render(request, "exchange/message_detail.html", context, status=422)
        data = form.cleaned_data
    try:
        _desk_call(action, _user(request), message, data)
    except PermissionDenied as exc:
        context["desk_error"] = str(exc)
        return render(request, "exchange/message_detail.html", context, status=403)
    except ValidationError as exc:
        context["open_form"] = action
        if form is not None:
            service_errors_to_form(form, exc)
        else:
            context["desk_error"] = " ".join(exc.messages)
        return render(request, "exchange/message_detail.html", context, status=422)
    flash.success(request, DESK_DONE[action])
    return redirect("exchange:message_detail", message_id=message.id)


DESK_DIRECTIONS = ("incoming", "outgoing")
DESK_STATES = ("open", "closed", "all")


@login_required
def desk(request: HttpRequest) -> HttpResponse:
    """The single point of contact: requests, the nearest limit first."""
    direction = request.GET.get("direction", "incoming")
    direction = direction if direction in DESK_DIRECTIONS else "incoming"
    state = request.GET.get("state", "open")
    state = state if state in DESK_STATES else "open"
    rows = selectors.desk_queue(request.user, direction=direction, state=state)
    page = paginate(request, rows, sorts=selectors.DESK_SORTS, default_sort="left")
    return render(
        request,
        "exchange/desk.html",
        {"page": page, "rows": page, "direction": direction, "state": state},
    )


@login_required
def release_queue(request: HttpRequest) -> HttpResponse:
    rows = selectors.release_queue(request.user)
    page = paginate(request, rows)
    return render(request, "exchange/release_queue.html", {"page": page, "rows": page})


@login_required
def statistics(request: HttpRequest) -> HttpResponse:
    import datetime as dt

    from jisr.exchange.statistics import desk_statistics

    require_perm(
        request.user, perms.VIEW_DESK_STATISTICS, _("You may not see the desk statistics.")
    )
    form = StatisticsForm(request.GET or None, partners=_partner_choices())
    figures = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        start = dt.datetime.combine(data["start"], dt.time(), dt.UTC) if data.get("start") else None
        end = (
            dt.datetime.combine(data["end"] + dt.timedelta(days=1), dt.time(), dt.UTC)
            if data.get("end")
            else None
        )
        figures = desk_statistics(partner=data.get("partner") or "", start=start, end=end)
    elif not form.is_bound:
        figures = desk_statistics()
    from jisr.exchange.models import TimeLimit

    tiers = [str(label) for label in TimeLimit.labels]
    rows = []
    if figures:
        for label, key, testid in (
            (_("Requests received"), "received", "received-total"),
            (_("Requests sent"), "sent", "sent-total"),
        ):
            counts = [figures[key][tier] for tier in TimeLimit.values]
            rows.append(
                {"label": label, "counts": counts, "total": figures[key]["total"], "testid": testid}
            )
    return render(
        request,
        "exchange/statistics.html",
        {"form": form, "figures": figures, "tiers": tiers, "tier_rows": rows},
        status=422 if form.is_bound and form.errors else 200,
    )


@login_required
def message_detail(request: HttpRequest, message_id: str) -> HttpResponse:
    message = selectors.access_message_for_view(message_id, request.user)
    services.message_mark_read(acting_user=_user(request), message=message)
    return render(request, "exchange/message_detail.html", _message_context(request, message))


def _message_form_post(
    request: HttpRequest,
    context: dict[str, Any],
    name: str,
    form: Any,
    call: Any,
    refusal: str | None = None,
) -> HttpResponse:
    """A form posted on a message's page, handed to its service.

    ``call`` gets the cleaned data and returns the message to show next and the success
    text. The service's refusal is shown in ``context[refusal]`` (403) when the page has a
    place for it; its errors stand on the form (422).
    """
    context[name] = form
    if form.is_valid():
        try:
            next_id, success = call(form.cleaned_data)
        except PermissionDenied as exc:
            if refusal is None:
                raise
            context[refusal] = str(exc)
            return render(request, "exchange/message_detail.html", context, status=403)
        except ValidationError as exc:
            service_errors_to_form(form, exc)
        else:
            flash.success(request, success)
            return redirect("exchange:message_detail", message_id=next_id)
    return render(request, "exchange/message_detail.html", context, status=422)


@login_required
@require_POST
def message_forward(request: HttpRequest, message_id: str) -> HttpResponse:
    message = selectors.access_message_for_action(message_id, request.user)
    context = _message_context(request, message)
    form = ForwardForm(request.POST, agencies=context["forward_form"].fields["agency"].choices[1:])

    def forward(data: dict[str, Any]) -> tuple[Any, str]:
        forwarded = services.message_forward(
            acting_user=_user(request),
            message=message,
            agency_code=data["agency"],
            note=data["note"],
        )
        return message.id, _("Forwarded in case %(reference)s.") % {
            "reference": forwarded.case.reference
        }

    return _message_form_post(request, context, "forward_form", form, forward, "forward_error")


@login_required
@require_POST
def message_consent(request: HttpRequest, message_id: str) -> HttpResponse:
    message = selectors.access_message_for_action(message_id, request.user)
    context = _message_context(request, message)
    form = context["consent_form"]
    if form is None:
        raise PermissionDenied(
            _("Only the agency that sent the item may consent to passing it on.")
        )
    form = ConsentForm(
        request.POST,
        holders=form.fields["holder"].choices,
        others=form.fields["third_party"].choices[1:],
    )

    def consent(data: dict[str, Any]) -> tuple[Any, str]:
        services.consent_grant(
            acting_user=_user(request),
            message=message,
            holder_code=data["holder"],
            scope=data["scope"],
            third_party_code=data["third_party"],
        )
        return message.id, _("Consent recorded and sent.")

    return _message_form_post(request, context, "consent_form", form, consent)


@login_required
@require_POST
def message_copy(request: HttpRequest, message_id: str) -> HttpResponse:
    message = selectors.access_message_for_action(message_id, request.user)
    context = _message_context(request, message)
    form = CopyForm(request.POST, cases=context["copy_form"].fields["case"].choices[1:])

    def copy(data: dict[str, Any]) -> tuple[Any, str]:
        case = selectors.access_case_for_view(data["case"], request.user)
        copied = services.message_copy(acting_user=_user(request), message=message, case=case)
        return copied.id, _("Copied into case %(reference)s.") % {"reference": case.reference}

    return _message_form_post(request, context, "copy_form", form, copy, "copy_error")


@login_required
def message_export(request: HttpRequest, message_id: str) -> HttpResponse:
    message = selectors.access_message_for_action(message_id, request.user)
    try:
        data = services.message_export(acting_user=_user(request), message=message)
    except PermissionDenied as exc:
        context = _message_context(request, message, export_error=str(exc))
        return render(request, "exchange/message_detail.html", context, status=403)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="message-{message.id}.json"'
    return response


@login_required
def attachment_download(request: HttpRequest, message_id: str, attachment_id: str) -> HttpResponse:
    attachment = selectors.access_attachment_for_download(message_id, attachment_id, request.user)
    response = HttpResponse(bytes(attachment.data), content_type=attachment.content_type)
    response["Content-Disposition"] = content_disposition(attachment.filename)
    response["X-Content-SHA256"] = attachment.sha256
    return response


@login_required
def overdue(request: HttpRequest) -> HttpResponse:
    board = selectors.access_overdue_for_dashboard(request.user)
    return render(request, "exchange/overdue.html", {"board": board})


@login_required
def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")
    results = selectors.search_for(request.user, query)
    return render(request, "exchange/search.html", {"q": query, "results": results})
