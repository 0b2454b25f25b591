"""Pages of the working groups: list, group page with tabs, target, operation with live log."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jisr.core.web import form_post, paginate, service_call, service_errors_to_messages
from jisr.groups import forms, selectors, services
from jisr.groups import models as gm
from jisr.groups.debrief import debrief_response
from jisr.groups.federation import group_agencies
from jisr.groups.permissions import (
    ANSWER_INVITATION,
    APPROVE_OPERATION,
    CLOSE_GROUP,
    CREATE_GROUP,
    NAME_MEMBERS,
    REVIEW_PERSONS,
    USE_GROUPS,
    VIEW_GROUP,
    VIEW_ROSTER,
    WORK_IN_GROUP,
)

TABS = ("targets", "leads", "tasks", "meetings", "operations", "timeline")
GROUP_SORTS = {"name": ("name",), "status": ("status",), "updated": ("-updated_at",)}


@login_required
def group_list(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm(USE_GROUPS):
        raise PermissionDenied
    form = forms.GroupForm(request.POST or None)
    can_create = request.user.has_perm(CREATE_GROUP)
    group = form_post(
        request,
        form,
        lambda data: services.group_create(
            acting_user=request.user,
            name=data["name"],
            kind=data["kind"],
            crime_area=data["crime_area"],
            mandate=data["mandate"],
            partners=[a.code for a in data["partners"]],
            members=[u.username for u in data["members"]],
        ),
        success=_("The group was proposed to the partner agencies."),
        allowed=can_create,
    )
    if group is not None:
        return redirect("groups:group_detail", group.id)
    groups = selectors.groups_visible_to(request.user)
    status, kind, query = (
        request.GET.get("status", ""),
        request.GET.get("kind", ""),
        request.GET.get("q", "").strip(),
    )
    if status in gm.GroupStatus.values:
        groups = groups.filter(status=status)
    if kind in gm.GroupKind.values:
        groups = groups.filter(kind=kind)
    if query:
        groups = groups.filter(Q(name__icontains=query[:100]))
    page = paginate(request, groups, sorts=GROUP_SORTS, default_sort="updated")
    return render(
        request,
        "groups/group_list.html",
        {
            "groups": page,
            "form": form,
            "can_create": can_create,
            "invitations": selectors.invitations_for(request.user),
            "statuses": gm.GroupStatus.choices,
            "kinds": gm.GroupKind.choices,
            "status": status,
            "kind": kind,
            "q": query,
        },
    )


def _group_context(request: HttpRequest, group: gm.WorkingGroup, **extra: Any) -> dict[str, Any]:
    user = request.user
    return {
        "group": group,
        "members": selectors.members(group),
        "partners": group.partners.select_related("agency"),
        "is_member": user.has_perm(VIEW_GROUP, group),
        "can_work": user.has_perm(WORK_IN_GROUP, group),
        "can_answer": user.has_perm(ANSWER_INVITATION, group),
        "can_name": user.has_perm(NAME_MEMBERS, group),
        "can_close": user.has_perm(CLOSE_GROUP, group),
        "own_agency_code": getattr(getattr(user, "agency", None), "code", ""),
        "own_users": forms.own_users_not_in(group) if user.has_perm(NAME_MEMBERS, group) else [],
        **extra,
    }


def _agencies(group: gm.WorkingGroup) -> list[str]:
    return sorted(group_agencies(group))


def _target_label(target: gm.Target, alerts: dict[str, Any]) -> str:
    if target.alert_id:
        alert = alerts.get(str(target.alert_id))
        return " / ".join(alert.names[:2]) if alert else _("Alert no longer available")
    return " / ".join(target.names[:2])


@login_required
def group_detail(request: HttpRequest, group_id: str) -> HttpResponse:
    group = selectors.access_group_for_roster(group_id, request.user)
    if not request.user.has_perm(VIEW_GROUP, group):
        # A supervisor who is not a member: the header and the membership, no content.
        return render(
            request,
            "groups/group_roster.html",
            _group_context(
                request, group, accept_form=forms.AcceptForm(), decline_form=forms.DeclineForm()
            ),
        )
    selectors.access_group_for_view(group_id, request.user)
    tab = request.GET.get("tab", "targets")
    tab = tab if tab in TABS else "targets"
    return render(request, "groups/group_detail.html", _tab_context(request, group, tab))


def _target_rows(targets: Any) -> list[tuple[gm.Target, str]]:
    targets = list(targets)
    alerts = selectors.alerts_by_id([t.alert_id for t in targets])
    return [(t, _target_label(t, alerts)) for t in targets]


def _tab_context(
    request: HttpRequest, group: gm.WorkingGroup, tab: str, **forms_in: Any
) -> dict[str, Any]:
    agencies = _agencies(group)
    extra: dict[str, Any] = {"tab": tab, "tabs": TABS}
    if tab == "targets":
        targets = group.targets.select_related("owner", "lead_agency")
        if request.GET.get("status") in gm.TargetStatus.values:
            targets = targets.filter(status=request.GET["status"])
        query = request.GET.get("q", "").strip()[:200]
        if query:
            targets = selectors.targets_named(targets, query)
        page = paginate(request, targets)
        extra["targets"] = page
        extra["target_query"] = query
        extra["target_rows"] = _target_rows(page)
        extra["target_form"] = forms_in.get("target_form") or forms.TargetForm(
            group=group,
            alerts=[
                (str(a.id), f"{' / '.join(a.names[:2])} ({a.owner.code})")
                for a in selectors.alerts_for_group(group)
            ],
            agencies=agencies,
        )
    elif tab == "leads":
        later = gm.Lead.objects.filter(supersedes=OuterRef("pk"))
        leads = (
            group.leads.select_related("owner")
            .prefetch_related(
                Prefetch("attachments", queryset=gm.LeadAttachment.objects.defer("data"))
            )
            .annotate(superseded=Exists(later))
            .order_by("-created_at")
        )
        extra["leads"] = paginate(request, leads)
        extra["lead_form"] = forms_in.get("lead_form") or forms.LeadForm(
            targets=[(str(t.id), label) for t, label in _target_rows(group.targets.all())]
        )
        extra["case_rows"] = selectors.group_cases(group, request.user)
        extra["case_form"] = forms_in.get("case_form") or forms.CaseForm()
    elif tab == "tasks":
        tasks = group.tasks.select_related("owner", "assignee_agency")
        if request.GET.get("status") in gm.TaskStatus.values:
            tasks = tasks.filter(status=request.GET["status"])
        extra["tasks"] = paginate(request, tasks)
        extra["task_form"] = forms_in.get("task_form") or forms.TaskForm(agencies=agencies)
        extra["status_form"] = forms.TaskStatusForm()
        extra["own_agency_id"] = getattr(request.user, "agency_id", None)
    elif tab == "meetings":
        extra["meetings"] = paginate(
            request, group.meetings.select_related("owner").prefetch_related("tasks")
        )
        extra["meeting_form"] = forms_in.get("meeting_form") or forms.MeetingForm(agencies=agencies)
    elif tab == "operations":
        ops = group.operations.select_related("owner")
        extra["operations"] = [(op, selectors.operation_is_authorised(op)) for op in ops]
        extra["operation_form"] = forms_in.get("operation_form") or forms.OperationForm(
            agencies=agencies
        )
    elif tab == "timeline":
        extra["timeline"] = selectors.timeline(group, limit=100)
    return _group_context(request, group, **extra)


def _work(request: HttpRequest, group_id: str) -> gm.WorkingGroup:
    return selectors.access_group_for_view(group_id, request.user, audit=False)


def _back(group: gm.WorkingGroup, tab: str) -> HttpResponse:
    return redirect(reverse("groups:group_detail", args=[group.id]) + f"?tab={tab}")


def _form_post(
    request: HttpRequest, group: gm.WorkingGroup, tab: str, name: str, form: Any, action: Any
) -> HttpResponse:
    if form_post(request, form, action, success=_("Saved.")):
        return _back(group, tab)
    context = _tab_context(request, group, tab, **{name: form})
    return render(request, "groups/group_detail.html", context, status=422)


@login_required
@require_POST
def group_answer(request: HttpRequest, group_id: str) -> HttpResponse:
    group = selectors.access_group_for_roster(group_id, request.user)
    if request.POST.get("answer") == "decline":
        form: Any = forms.DeclineForm(request.POST)
        if form_post(
            request,
            form,
            lambda data: services.group_decline(
                acting_user=request.user, group=group, reason=data["reason"]
            ),
            success=_("The invitation was declined."),
        ):
            return redirect("groups:group_list")
        ctx = _group_context(request, group, accept_form=forms.AcceptForm(), decline_form=form)
    elif request.POST.get("answer") == "close":
        form = forms.CloseForm(request.POST)
        if form.is_valid():
            services.group_close(
                acting_user=request.user,
                group=group,
                closing_report=form.cleaned_data["closing_report"],
            )
            messages.success(request, _("The group was closed."))
            return redirect("groups:group_detail", group.id)
        ctx = _group_context(
            request, group, accept_form=forms.AcceptForm(), decline_form=forms.DeclineForm()
        )
    else:
        form = forms.AcceptForm(request.POST)
        if form_post(
            request,
            form,
            lambda data: services.group_accept(
                acting_user=request.user,
                group=group,
                members=[u.username for u in data["members"]],
            ),
            success=_("The invitation was accepted."),
        ):
            return redirect("groups:group_detail", group.id)
        ctx = _group_context(request, group, accept_form=form, decline_form=forms.DeclineForm())
    return render(request, "groups/group_roster.html", ctx, status=422)


@login_required
@require_POST
def members_change(request: HttpRequest, group_id: str) -> HttpResponse:
    """An agency names or removes one of its own members (member or supervisor of the agency)."""
    group = selectors.access_group_for_roster(group_id, request.user)
    username = request.POST.get("username", "")[:150]
    try:
        if request.POST.get("action") == "remove":
            membership = group.members.filter(
                owner_id=getattr(request.user, "agency_id", None), username=username
            ).first()
            if membership is None:
                raise Http404
            services.member_remove(acting_user=request.user, membership=membership)
        else:
            services.member_add(acting_user=request.user, group=group, username=username)
    except ValidationError as exc:
        service_errors_to_messages(request, exc)
    else:
        messages.success(request, _("Saved."))
    if not request.user.has_perm(VIEW_ROSTER, group):
        return redirect("groups:group_list")
    return redirect("groups:group_detail", group.id)


@login_required
@require_POST
def target_new(request: HttpRequest, group_id: str) -> HttpResponse:
    group = _work(request, group_id)
    form = forms.TargetForm(
        request.POST,
        group=group,
        alerts=[(str(a.id), str(a.id)) for a in selectors.alerts_for_group(group)],
        agencies=_agencies(group),
    )

    def act(data: dict[str, Any]) -> None:
        services.target_add(
            acting_user=request.user,
            group=group,
            alert_id=data["alert_id"] or None,
            names=[n for n in data["names"].splitlines() if n.strip()],
            birth_date=data["birth_date"],
            priority=data["priority"],
            lead_agency=data["lead_agency"],
            whereabouts=data["whereabouts"],
        )

    return _form_post(request, group, "targets", "target_form", form, act)


@login_required
@require_POST
def lead_new(request: HttpRequest, group_id: str) -> HttpResponse:
    group = _work(request, group_id)
    form = forms.LeadForm(
        request.POST, request.FILES, targets=[(str(t.id), str(t.id)) for t in group.targets.all()]
    )

    def act(data: dict[str, Any]) -> None:
        target = selectors.by_id(group.targets.all(), data["target"]) if data["target"] else None
        supersedes = (
            selectors.by_id(group.leads.select_related("owner"), data["supersedes"])
            if data["supersedes"]
            else None
        )
        services.lead_add(
            acting_user=request.user,
            group=group,
            text=data["text"],
            target=target,
            occurred_on=data["occurred_on"],
            place=data["place"],
            source_evaluation=data["source_evaluation"],
            information_evaluation=data["information_evaluation"],
            handling_code=data["handling_code"],
            supersedes=supersedes,
            attachments=services.read_lead_files(data["attachments"]),
        )

    return _form_post(request, group, "leads", "lead_form", form, act)


@login_required
def lead_file(request: HttpRequest, lead_id: str, file_id: str) -> HttpResponse:
    """A lead's file, for members of its group only (404 for anyone else); audited."""
    return lead_file_response(
        selectors.access_lead_file_for_download(lead_id, file_id, request.user)
    )


def lead_file_response(attachment: gm.LeadAttachment) -> HttpResponse:
    from jisr.core.exports import content_disposition

    response = HttpResponse(bytes(attachment.data), content_type=attachment.content_type)
    response["Content-Disposition"] = content_disposition(attachment.filename)
    response["X-Content-SHA256"] = attachment.sha256
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def case_new(request: HttpRequest, group_id: str) -> HttpResponse:
    """Open an exchange case with the group's partner agency from the group (leads tab)."""
    group = _work(request, group_id)
    form = forms.CaseForm(request.POST)

    def act(data: dict[str, Any]) -> None:
        services.case_open_from_group(
            acting_user=request.user,
            group=group,
            subject=data["subject"],
            crime_area=data["crime_area"],
        )

    return _form_post(request, group, "leads", "case_form", form, act)


@login_required
@require_POST
def task_new(request: HttpRequest, group_id: str) -> HttpResponse:
    group = _work(request, group_id)
    form = forms.TaskForm(request.POST, agencies=_agencies(group))

    def act(data: dict[str, Any]) -> None:
        services.task_add(acting_user=request.user, group=group, **data)

    return _form_post(request, group, "tasks", "task_form", form, act)


@login_required
@require_POST
def task_status(request: HttpRequest, group_id: str, task_id: str) -> HttpResponse:
    group = _work(request, group_id)
    task = selectors.access_task(group, task_id)
    form = forms.TaskStatusForm(request.POST)
    if form.is_valid():
        service_call(
            request,
            lambda: services.task_status_set(
                acting_user=request.user, task=task, **form.cleaned_data
            ),
            success=_("Saved."),
        )
    return _back(group, "tasks")


@login_required
@require_POST
def meeting_new(request: HttpRequest, group_id: str) -> HttpResponse:
    group = _work(request, group_id)
    form = forms.MeetingForm(request.POST, agencies=_agencies(group))

    def act(data: dict[str, Any]) -> None:
        tasks = []
        if data["decision_task"]:
            if not data["decision_due"]:
                raise ValidationError({"decision_due": _("Give the task's due date.")})
            tasks.append(
                {
                    "title": data["decision_task"],
                    "assignee_agency": data["decision_agency"],
                    "due": data["decision_due"],
                }
            )
        services.meeting_add(
            acting_user=request.user,
            group=group,
            held_at=data["held_at"],
            place=data["place"],
            participants=data["participants"],
            agenda=data["agenda"],
            minutes=data["minutes"],
            decisions=data["decisions"],
            tasks=tasks,
        )

    return _form_post(request, group, "meetings", "meeting_form", form, act)


@login_required
def timeline_partial(request: HttpRequest, group_id: str) -> HttpResponse:
    group = _work(request, group_id)
    return render(
        request, "groups/_timeline.html", {"timeline": selectors.timeline(group, limit=100)}
    )


@login_required
def target_detail(request: HttpRequest, target_id: str) -> HttpResponse:
    target = selectors.access_target_for_view(target_id, request.user)
    group = target.group
    form = forms.TargetStatusForm(
        None if "decision" in request.POST else (request.POST or None),
        initial={"status": target.status, "whereabouts": target.whereabouts},
    )
    if request.method == "POST" and "decision" in request.POST:
        try:
            services.target_review(
                acting_user=request.user,
                target=target,
                decision=request.POST.get("decision", ""),
                reason=request.POST.get("reason", "")[:300],
            )
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        else:
            messages.success(request, _("Saved."))
        return redirect("groups:target_detail", target.id)
    if form_post(
        request,
        form,
        lambda data: services.target_update(acting_user=request.user, target=target, **data),
        success=_("Saved."),
    ):
        return redirect("groups:target_detail", target.id)
    alert = (
        selectors.alerts_by_id([target.alert_id]).get(str(target.alert_id))
        if target.alert_id
        else None
    )
    return render(
        request,
        "groups/target_detail.html",
        {
            **_group_context(request, group),
            "target": target,
            "alert": alert,
            "label": _target_label(target, {str(target.alert_id): alert} if alert else {}),
            "leads": target.leads.select_related("owner").order_by("-created_at")[:200],
            "timeline": selectors.timeline(group, target=target, limit=100),
            "form": form,
            "can_change": target.owner.is_own and request.user.has_perm(WORK_IN_GROUP, group),
            "can_review": target.review_status == "pending"
            and target.owner.is_own
            and target.created_by != request.user.username
            and request.user.has_perm(REVIEW_PERSONS)
            and request.user.has_perm(WORK_IN_GROUP, group),
        },
    )


def _operation_context(
    request: HttpRequest, operation: gm.Operation, **extra: Any
) -> dict[str, Any]:
    group = operation.group
    targets = list(group.targets.filter(id__in=operation.target_ids))
    alerts = selectors.alerts_by_id([t.alert_id for t in targets])
    return {
        **_group_context(request, group),
        "operation": operation,
        "authorised": selectors.operation_is_authorised(operation),
        "approvals": selectors.approvals_state(operation),
        "can_approve": request.user.has_perm(APPROVE_OPERATION, group),
        "wrote_plan": selectors.wrote_current_plan(operation, request.user),
        "figures": selectors.operation_figures(operation),
        "results": operation.results.select_related("owner").order_by("created_at"),
        "log": operation.log.select_related("owner")[:200],
        "scope": [(t, _target_label(t, alerts)) for t in targets],
        "log_form": forms.LogForm(),
        "result_form": extra.pop("result_form", None) or forms.ResultForm(),
        **extra,
    }


@login_required
def operation_detail(request: HttpRequest, operation_id: str) -> HttpResponse:
    operation = selectors.access_operation_for_view(operation_id, request.user)
    form = forms.ResultForm(request.POST or None)
    if form_post(
        request,
        form,
        lambda data: services.operation_result_add(
            acting_user=request.user, operation=operation, **data
        ),
        success=_("Saved."),
    ):
        return redirect("groups:operation_detail", operation.id)
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "groups/operation_detail.html",
        _operation_context(request, operation, result_form=form),
        status=status,
    )


@login_required
@require_POST
def operation_approve(request: HttpRequest, operation_id: str) -> HttpResponse:
    operation = selectors.access_operation_for_view(operation_id, request.user)
    try:
        version = int(request.POST.get("version", "0"))
        services.operation_approve(acting_user=request.user, operation=operation, version=version)
    except ValueError:
        messages.error(request, _("The plan changed since you read it."))
    except ValidationError as exc:
        service_errors_to_messages(request, exc)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Your approval was recorded."))
    return redirect("groups:operation_detail", operation.id)


@login_required
def operation_log(request: HttpRequest, operation_id: str) -> HttpResponse:
    """The live log: the htmx partial polled every few seconds, and the form posting to it."""
    operation = selectors.access_operation_for_view(operation_id, request.user)
    if request.method == "POST":
        form = forms.LogForm(request.POST)
        if form.is_valid():
            service_call(
                request,
                lambda: services.operation_log_add(
                    acting_user=request.user, operation=operation, text=form.cleaned_data["text"]
                ),
            )
        if not request.headers.get("HX-Request"):
            return redirect("groups:operation_detail", operation.id)
    return render(
        request,
        "groups/_log.html",
        {"operation": operation, "log": operation.log.select_related("owner")[:200]},
    )


@login_required
def operation_debrief(request: HttpRequest, operation_id: str, fmt: str) -> HttpResponse:
    operation = selectors.access_operation_for_view(operation_id, request.user)
    if fmt not in ("pdf", "xlsx"):
        raise Http404
    return debrief_response(operation, fmt, request.user)


@login_required
@require_POST
def operation_new(request: HttpRequest, group_id: str) -> HttpResponse:
    group = _work(request, group_id)
    form = forms.OperationForm(request.POST, agencies=_agencies(group))

    def act(data: dict[str, Any]) -> None:
        services.operation_plan(acting_user=request.user, group=group, **form.plan())

    return _form_post(request, group, "operations", "operation_form", form, act)
