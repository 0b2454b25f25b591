"""Pages of the risks module: register with heat map, risk, bulletins, playbooks."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import ChoiceField
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from jisr.core.bounds import today
from jisr.core.web import (
    form_post,
    paginate,
    service_call,
    service_errors_to_form,
    service_errors_to_messages,
)
from jisr.events.heatmap import heatmap_svg
from jisr.risks import federation, forms, misp, selectors
from jisr.risks.models import CrimeArea, ResponseTask, TaskStatus
from jisr.risks.permissions import (
    CHANGE_BULLETIN,
    MANAGE_PLAYBOOKS,
    MANAGE_RISKS,
    WRITE_BULLETINS,
)
from jisr.risks.services import bulletins as bulletin_services
from jisr.risks.services import register, response

RISK_SORTS = {
    "level": ("-likelihood", "-impact"),
    "review": ("review_on",),
    "area": ("crime_area",),
}


@login_required
def risk_list(request: HttpRequest) -> HttpResponse:
    area = request.GET.get("area", "")[:32]
    country = request.GET.get("country", "")[:2]
    place = request.GET.get("place", "")[:100]
    rows = selectors.risks_visible_to(request.user, crime_area=area, country=country, place=place)
    form = forms.RiskForm(request.POST or None)

    def create(_data: dict[str, Any]) -> Any:
        data, measures = form.service_data()
        return register.risk_create(acting_user=request.user, mitigations=measures, **data)

    risk = form_post(
        request, form, create, success=_("The risk was added to the standing register.")
    )
    if risk is not None:
        return redirect("risks:risk_detail", risk.id)
    page = paginate(request, rows, sorts=RISK_SORTS, default_sort="level")
    return render(
        request,
        "risks/risk_list.html",
        {
            "risks": page,
            "heatmap": heatmap_svg(rows),
            "overdue": selectors.overdue_reviews(page),
            "areas": CrimeArea.choices,
            "area": area,
            "country": country,
            "place": place,
            "form": form,
            "can_add": request.user.has_perm(MANAGE_RISKS),
        },
    )


@login_required
def risk_detail(request: HttpRequest, risk_id: str) -> HttpResponse:
    risk = selectors.access_risk_for_view(risk_id, request.user)
    can_change = request.user.has_perm("risks.change_risk", risk)
    form = forms.AssessmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if can_change:
                register.risk_update(
                    acting_user=request.user,
                    risk=risk,
                    likelihood=form.cleaned_data["likelihood"],
                    impact=form.cleaned_data["impact"],
                )
            else:
                register.risk_assess(acting_user=request.user, risk=risk, **form.cleaned_data)
        except ValidationError as exc:
            service_errors_to_form(form, exc)
        else:
            messages.success(request, _("Your agency's score was recorded."))
            return redirect("risks:risk_detail", risk.id)
    return render(
        request,
        "risks/risk_detail.html",
        {
            "risk": risk,
            "scores": selectors.scores_of(risk),
            "mitigations": list(risk.mitigations.all()),
            "bulletins": list(risk.bulletins.filter(status="released")),
            "heatmap": heatmap_svg([risk]),
            "overdue": risk.review_on < today(),
            "form": form if request.user.has_perm(MANAGE_RISKS) else None,
            "can_change": can_change,
        },
    )


@login_required
@require_POST
def risk_review(request: HttpRequest, risk_id: str) -> HttpResponse:
    """The owner reviews the risk: a new review date (and trend)."""
    risk = register.access_risk_for_update(risk_id, request.user)
    form = forms.RiskForm(request.POST)
    review_on = form.fields["review_on"].clean(request.POST.get("review_on"))
    trend = request.POST.get("trend") or risk.trend
    service_call(
        request,
        lambda: register.risk_update(
            acting_user=request.user, risk=risk, review_on=review_on, trend=trend
        ),
        success=_("The risk was reviewed."),
    )
    return redirect("risks:risk_detail", risk.id)


# -- bulletins -------------------------------------------------------------------------------


@login_required
def bulletin_list(request: HttpRequest) -> HttpResponse:
    rows = selectors.bulletins_visible_to(request.user)
    return render(
        request,
        "risks/bulletin_list.html",
        {
            "bulletins": paginate(request, rows),
            "to_approve": list(selectors.bulletins_to_approve(request.user)[:20]),
            "to_acknowledge": list(selectors.bulletins_to_acknowledge(request.user)[:20]),
            "can_write": request.user.has_perm(WRITE_BULLETINS),
        },
    )


def _bulletin_form(
    request: HttpRequest, data: Any = None, initial: Any = None
) -> forms.BulletinForm:
    return forms.BulletinForm(
        data,
        initial=initial,
        partners=federation.partner_codes(),
        risks=list(selectors.risks_visible_to(request.user)[:200]),
        playbooks=list(selectors.playbooks_visible_to(request.user)),
    )


def _bulletin_data(form: forms.BulletinForm, cleaned: dict[str, Any]) -> dict[str, Any]:
    return {**cleaned, "indicators": form.indicator_rows()}


@login_required
def bulletin_new(request: HttpRequest) -> HttpResponse:
    """Write a bulletin; it goes to review (a second person releases it)."""
    if not request.user.has_perm(WRITE_BULLETINS):
        raise PermissionDenied(_("You may not write bulletins."))
    form = _bulletin_form(request, request.POST or None)

    def create(cleaned: dict[str, Any]) -> Any:
        data = _bulletin_data(form, cleaned)
        playbook_id = data.pop("playbook")
        playbook = (
            selectors.access_playbook_for_view(playbook_id, request.user) if playbook_id else None
        )
        return bulletin_services.bulletin_create(
            acting_user=request.user, playbook=playbook, **data
        )

    bulletin = form_post(
        request, form, create, success=_("The bulletin waits for a second person to release it.")
    )
    if bulletin is not None:
        return redirect("risks:bulletin_detail", bulletin.id)
    return render(
        request, "risks/bulletin_form.html", {"form": form, "import_form": forms.MispImportForm()}
    )


@login_required
def bulletin_edit(request: HttpRequest, bulletin_id: str) -> HttpResponse:
    """A new version of our bulletin: the changes are highlighted and it is reviewed again."""
    bulletin = selectors.access_bulletin_for_view(bulletin_id, request.user)
    if not request.user.has_perm(CHANGE_BULLETIN, bulletin):
        raise PermissionDenied(_("Only the agency that wrote this bulletin may change it."))
    initial = {
        **{name: getattr(bulletin, name) for name in bulletin_services.CONTENT_FIELDS},
        "indicators": "\n".join(f"{i.type} {i.value}" for i in bulletin.indicators.all()),
        "risks": [str(r) for r in bulletin.risks.values_list("id", flat=True)],
    }
    form = _bulletin_form(request, request.POST or None, initial=initial)

    def update(cleaned: dict[str, Any]) -> Any:
        data = _bulletin_data(form, cleaned)
        data.pop("playbook")
        return bulletin_services.bulletin_update(
            acting_user=request.user, bulletin=bulletin, **data
        )

    if form_post(
        request,
        form,
        update,
        success=_("The new version waits for a second person to release it."),
    ):
        return redirect("risks:bulletin_detail", bulletin.id)
    return render(request, "risks/bulletin_form.html", {"form": form, "bulletin": bulletin})


@login_required
def bulletin_detail(request: HttpRequest, bulletin_id: str) -> HttpResponse:
    bulletin = selectors.access_bulletin_for_view(bulletin_id, request.user)
    user: Any = request.user
    indicators = list(bulletin.indicators.prefetch_related("matches"))
    acks = selectors.acknowledgements_of(bulletin)
    tasks = list(bulletin.tasks.select_related("agency"))
    trigger = None
    if (
        user.has_perm(CHANGE_BULLETIN, bulletin)
        and not bulletin.response
        and bulletin.status != "withdrawn"
    ):
        trigger = forms.TriggerForm()
        field = trigger.fields["playbook"]
        assert isinstance(field, ChoiceField)
        field.choices = [(str(p.id), p.name) for p in selectors.playbooks_visible_to(user)]
    return render(
        request,
        "risks/bulletin_detail.html",
        {
            "bulletin": bulletin,
            "indicators": indicators,
            "flagged": sum(1 for i in indicators if i.matches.all()),
            "acks": acks,
            "acked": sum(1 for a in acks if a.acknowledged_at),
            "tasks": tasks,
            "tasks_done": sum(1 for t in tasks if t.status == "done"),
            "can_approve": user.has_perm("risks.approve_bulletin", bulletin),
            "is_author": bulletin.author_id == user.pk,
            "can_change": user.has_perm(CHANGE_BULLETIN, bulletin),
            "my_ack": next(
                (a for a in acks if a.username == user.username and a.agency_id == user.agency_id),
                None,
            ),
            "trigger": trigger,
            "can_update_tasks": user.has_perm(MANAGE_PLAYBOOKS),
            "statuses": TaskStatus.choices,
            "export_refusal": misp.export_refusal(bulletin, user),
            "changes": set(bulletin.changes),
        },
    )


def _bulletin_button(name: str, action: Any, success: Any) -> Any:
    """The view of a button on a bulletin's page: one service call, back to the page."""

    @login_required
    @require_POST
    def view(request: HttpRequest, bulletin_id: str) -> HttpResponse:
        bulletin = selectors.access_bulletin_for_view(bulletin_id, request.user)
        service_call(
            request,
            lambda: action(acting_user=request.user, bulletin=bulletin),
            success=success,
        )
        return redirect("risks:bulletin_detail", bulletin.id)

    view.__name__ = view.__qualname__ = name
    return view


bulletin_approve = _bulletin_button(
    "bulletin_approve",
    bulletin_services.bulletin_approve,
    gettext_lazy("The bulletin was released to its recipients."),
)
bulletin_submit = _bulletin_button(
    "bulletin_submit",
    bulletin_services.bulletin_submit,
    gettext_lazy("The bulletin waits for a second person to release it."),
)
bulletin_acknowledge = _bulletin_button(
    "bulletin_acknowledge",
    bulletin_services.bulletin_acknowledge,
    gettext_lazy("You acknowledged the bulletin."),
)
bulletin_withdraw = _bulletin_button(
    "bulletin_withdraw",
    bulletin_services.bulletin_withdraw,
    gettext_lazy("The bulletin was withdrawn; partners' copies are deleted."),
)


@login_required
@require_POST
def bulletin_trigger(request: HttpRequest, bulletin_id: str) -> HttpResponse:
    bulletin = selectors.access_bulletin_for_view(bulletin_id, request.user)
    playbook = selectors.access_playbook_for_view(request.POST.get("playbook"), request.user)
    service_call(
        request,
        lambda: response.playbook_trigger(
            acting_user=request.user, bulletin=bulletin, playbook=playbook
        ),
        success=_("The playbook's steps became response tasks."),
    )
    return redirect("risks:bulletin_detail", bulletin.id)


@login_required
@require_POST
def task_status(request: HttpRequest, task_id: str) -> HttpResponse:
    task = ResponseTask.objects.select_related("agency", "bulletin").filter(id=task_id).first()
    if task is None:
        from django.http import Http404

        raise Http404
    selectors.access_bulletin_for_view(task.bulletin_id, request.user)
    service_call(
        request,
        lambda: response.task_set_status(
            acting_user=request.user, task=task, status=request.POST.get("status", "")
        ),
    )
    return redirect("risks:bulletin_detail", task.bulletin_id)


@login_required
def bulletin_misp(request: HttpRequest, bulletin_id: str) -> HttpResponse:
    bulletin = selectors.access_bulletin_for_view(bulletin_id, request.user)
    event = misp.bulletin_export(acting_user=request.user, bulletin=bulletin)
    reply = HttpResponse(
        json.dumps(event, ensure_ascii=False, indent=2), content_type="application/json"
    )
    reply["Content-Disposition"] = f'attachment; filename="bulletin-{bulletin.id}.misp.json"'
    return reply


@login_required
@require_POST
def bulletin_import(request: HttpRequest) -> HttpResponse:
    form = forms.MispImportForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        raw = upload.read(misp.MAX_MISP_BYTES + 1)
        try:
            bulletin = misp.bulletin_import(acting_user=request.user, raw=raw)
        except ValidationError as exc:
            service_errors_to_messages(request, exc)
        else:
            messages.success(
                request,
                _("The MISP event became a draft bulletin: check it, then send it to review."),
            )
            return redirect("risks:bulletin_detail", bulletin.id)
    else:
        messages.error(request, _("Choose a MISP event file."))
    return redirect("risks:bulletin_new")


# -- playbooks ------------------------------------------------------------------------------


@login_required
def playbook_list(request: HttpRequest) -> HttpResponse:
    form = forms.PlaybookForm(request.POST or None)
    playbook = form_post(
        request,
        form,
        lambda data: response.playbook_save(acting_user=request.user, **form.service_data()),
        success=_("The playbook was saved."),
    )
    if playbook is not None:
        return redirect("risks:playbook_detail", playbook.id)
    return render(
        request,
        "risks/playbook_list.html",
        {
            "playbooks": paginate(request, selectors.playbooks_visible_to(request.user)),
            "form": form if request.user.has_perm(MANAGE_PLAYBOOKS) else None,
        },
    )


@login_required
def playbook_detail(request: HttpRequest, playbook_id: str) -> HttpResponse:
    playbook = selectors.access_playbook_for_view(playbook_id, request.user)
    can_change = request.user.has_perm("risks.change_playbook", playbook)
    steps = list(playbook.steps.select_related("agency"))
    form = forms.PlaybookForm(
        request.POST or None,
        initial={
            "name": playbook.name,
            "crime_area": playbook.crime_area,
            "bulletin_kind": playbook.bulletin_kind,
            "steps": "\n".join(f"{s.agency.code} | {s.action} | {s.within_hours}" for s in steps),
        },
    )
    if can_change and form_post(
        request,
        form,
        lambda data: response.playbook_save(
            acting_user=request.user, playbook=playbook, **form.service_data()
        ),
        success=_("A new version of the playbook was saved."),
    ):
        return redirect("risks:playbook_detail", playbook.id)
    return render(
        request,
        "risks/playbook_detail.html",
        {"playbook": playbook, "steps": steps, "form": form if can_change else None},
    )
