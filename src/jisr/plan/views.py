"""Pages of the action plan. Thin: parse, call one service, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jisr.core import clock
from jisr.core.access import parse_uuid, require_perm
from jisr.core.exports import content_disposition
from jisr.core.web import form_post, paginate, service_errors_to_form
from jisr.plan import forms, selectors, services
from jisr.plan.charts import bars
from jisr.plan.evaluation import Evaluator, partner_display
from jisr.plan.models import Milestone, Recommendation, ReportStatus
from jisr.plan.overview import plan_overview, scorecards
from jisr.plan.periods import Period, parse_period, period_containing
from jisr.plan.permissions import CHANGE_ACTION, CHANGE_PLAN, STEER_PLAN

#: The columns of the report list it sorts by (key in the URL -> fields).
REPORT_SORTS = {"requested": "requested_at", "period": ("period_from", "period_to")}


def _period(request: HttpRequest) -> Period:
    return parse_period(request.GET.get("period")) or period_containing(
        clock.now().date(), "quarter"
    )


def _periods_menu(current: Period) -> list[Period]:
    periods = [period_containing(clock.now().date(), "quarter")]
    for _i in range(7):
        periods.append(periods[-1].previous())
    if current not in periods:
        periods.insert(0, current)
    return periods


def _language() -> str:
    from django.utils.translation import get_language

    return (get_language() or "en")[:2]


def _counterpart(plan: Any, user: Any) -> str | None:
    """The other party of a bilateral plan: the counterpart of an action we lead."""
    own = user.agency.code if user.agency else ""
    return next((code for code in plan.parties if code != own), None)


@login_required
def steering(request: HttpRequest) -> HttpResponse:
    """The steering committee's page: pillars, actions' status, indicators, actions to watch."""
    plans = selectors.plans_visible_to(request.user)
    plan = selectors.current_plan() or plans.first()
    period = _period(request)
    context: dict[str, Any] = {
        "plan": plan,
        "period": period,
        "periods": _periods_menu(period),
        "can_create": request.user.has_perm(STEER_PLAN),
    }
    if plan is not None:
        context["pillars"] = plan_overview(
            plan, period, rtl=get_language_bidi(), evaluator=Evaluator(cache_seconds=120)
        )
        context["attention"] = selectors.actions_needing_attention(plan)
    return render(request, "plan/steering.html", context)


@login_required
def plan_new(request: HttpRequest) -> HttpResponse:
    """Record a plan our agency signed, with its parties, dates and seven pillars."""
    from jisr.accounts.models import Agency

    selectors.plans_visible_to(request.user)
    require_perm(request.user, STEER_PLAN, _("Only members of the steering committee may do this."))
    own: Any = getattr(request.user, "agency", None)
    partners = Agency.objects.exclude(is_own=True).order_by("code")
    if own is not None:
        partners = partners.exclude(pk=own.pk)
    today = clock.now().date()
    form = forms.PlanForm(
        partners=partners,
        initial={"signed_on": today, "starts_on": today, "status": "active"},
    )
    if request.method == "POST":
        form = forms.PlanForm(request.POST, partners=partners)

    def create(data: dict[str, Any]) -> Any:
        titles = {lang: data[f"title_{lang}"] for lang in ("ar", "fr", "en")}
        return services.plan_create(
            acting_user=request.user,
            title={k: v for k, v in titles.items() if v},
            parties=list(data["parties"]),
            signed_on=data["signed_on"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            status=data["status"],
        )

    plan = form_post(
        request,
        form,
        create,
        success=_("The action plan was recorded with its seven pillars."),
        field_of_error={"title": "title_fr"},
    )
    if plan is not None:
        return redirect("plan:plan_detail", plan_id=plan.pk)
    return render(request, "plan/plan_new.html", {"form": form})


@login_required
def plan_detail(request: HttpRequest, plan_id: str) -> HttpResponse:
    plan = selectors.access_plan_for_view(plan_id, request.user)
    can_steer = request.user.has_perm(STEER_PLAN)
    tree = selectors.plan_tree(plan)
    form = forms.ActionForm(pillars=[pillar for pillar, _a in tree])
    can_bind = request.user.has_perm(CHANGE_PLAN, plan)
    labels = Evaluator().definitions
    definitions = sorted((d for d in labels.values() if not d.manual), key=lambda d: d.code)
    binding_form = forms.PillarBindingForm(
        pillars=[pillar for pillar, _a in tree],
        definitions=definitions,
        initial={"granularity": "quarter"},
    )
    if request.method == "POST" and request.POST.get("what") == "binding":
        binding_form = forms.PillarBindingForm(
            request.POST, pillars=[pillar for pillar, _a in tree], definitions=definitions
        )

        def bind(data: dict[str, Any]) -> Any:
            return services.pillar_binding_set(
                acting_user=request.user,
                pillar=selectors.access_pillar_for_update(data["pillar"], request.user),
                code=data["code"],
                target=data["target"],
                granularity=data["granularity"],
            )

        if form_post(
            request,
            binding_form,
            bind,
            success=_("The indicator is followed with its target."),
        ):
            return redirect("plan:plan_detail", plan_id=plan.pk)
    elif request.method == "POST":
        plan = selectors.access_plan_for_steering(plan_id, request.user)
        form = forms.ActionForm(request.POST, pillars=[pillar for pillar, _a in tree])

        def create(data: dict[str, Any]) -> Any:
            return services.action_create(
                acting_user=request.user,
                plan=plan,
                pillar_id=data["pillar"],
                title=data["title"],
                description=data["description"],
                counterpart=_counterpart(plan, request.user),
                counterpart_unit=data["counterpart_unit"],
                starts_on=data["starts_on"],
                due_on=data["due_on"],
            )

        action = form_post(request, form, create, success=_("The action was added to the plan."))
        if action is not None:
            return redirect("plan:action_detail", action_id=action.pk)
    milestones: dict[Any, list[Any]] = {}
    for milestone in Milestone.objects.filter(action__plan=plan).order_by("due_on", "pk"):
        milestones.setdefault(milestone.action_id, []).append(milestone)
    for _pillar, actions in tree:
        for action in actions:
            action.milestone_list = milestones.get(action.pk, [])  # type: ignore[attr-defined]
    return render(
        request,
        "plan/plan_detail.html",
        {
            "plan": plan,
            "tree": tree,
            "form": form,
            "can_steer": can_steer,
            "binding_form": binding_form,
            "can_bind": can_bind,
            "pillar_bindings": [
                (b, str(labels[b.code].label) if b.code in labels else _("not available"))
                for b in plan.bindings.filter(action__isnull=True)
                .select_related("pillar")
                .order_by("pillar__number", "code")
            ],
        },
    )


def _action_post(request: HttpRequest, action: Any, forms_: dict[str, Any]) -> str | None:
    """Apply one of the action page's forms (``what``); the success message, or None."""
    what = request.POST.get("what", "status")
    data = request.POST
    form: Any = None
    try:
        if what == "milestone":
            form = forms_["milestone"] = forms.MilestoneForm(data)
            if form.is_valid():
                services.milestone_add(acting_user=request.user, action=action, **form.cleaned_data)
                return _("The milestone was added.")
        elif what == "reach":
            milestone = action.milestones.filter(pk=parse_uuid(data.get("milestone"))).first()
            if milestone is None:
                raise Http404
            reached = clock.now().date() if milestone.done_on is None else None
            services.milestone_reach(
                acting_user=request.user, milestone=milestone, reached_on=reached
            )
            return _("The milestone was updated.")
        elif what == "edit":
            form = forms_["edit"] = forms.ActionEditForm(data)
            if form.is_valid():
                services.action_update(acting_user=request.user, action=action, **form.cleaned_data)
                return _("The action was changed.")
        elif what == "binding":
            form = forms_["binding"] = forms.BindingForm(data, definitions=forms_["definitions"])
            if form.is_valid():
                services.binding_set(acting_user=request.user, action=action, **form.cleaned_data)
                return _("The indicator is followed with its target.")
        else:
            form = forms_["status"] = forms.StatusForm(data)
            if form.is_valid():
                services.action_set_status(
                    acting_user=request.user, action=action, **form.cleaned_data
                )
                return _("The status was changed.")
    except ValidationError as exc:
        if form is None:
            messages.error(request, " ".join(exc.messages))
        else:
            service_errors_to_form(form, exc)
    return None


@login_required
def action_detail(request: HttpRequest, action_id: str) -> HttpResponse:
    action = selectors.access_action_for_view(action_id, request.user)
    can_change = request.user.has_perm(CHANGE_ACTION, action)
    evaluator = Evaluator()
    definitions = sorted(
        (d for d in evaluator.definitions.values() if not d.manual), key=lambda d: d.code
    )
    forms_: dict[str, Any] = {
        "status": forms.StatusForm(initial={"status": action.status}),
        "milestone": forms.MilestoneForm(),
        "binding": forms.BindingForm(definitions=definitions, initial={"granularity": "quarter"}),
        "definitions": definitions,
        "edit": forms.ActionEditForm(
            initial={
                "title": action.title.get(_language(), ""),
                "description": action.description.get(_language(), ""),
                "counterpart_unit": action.counterpart_unit,
                "starts_on": action.starts_on,
                "due_on": action.due_on,
            }
        ),
    }
    if request.method == "POST":
        action = selectors.access_action_for_update(action_id, request.user)
        done = _action_post(request, action, forms_)
        if done:
            messages.success(request, done)
            return redirect("plan:action_detail", action_id=action.pk)
    period = period_containing(clock.now().date(), "quarter")
    figures = [
        evaluator.figure(b.code, period, target=b.target) for b in action.bindings.order_by("code")
    ]
    return render(
        request,
        "plan/action_detail.html",
        {
            "action": action,
            "history": action.history.order_by("-position"),
            "milestones": action.milestones.order_by("due_on"),
            "figures": figures,
            "form": forms_["status"],
            "milestone_form": forms_["milestone"],
            "binding_form": forms_["binding"],
            "edit_form": forms_["edit"],
            "can_change": can_change,
        },
    )


@login_required
def indicator_detail(request: HttpRequest, code: str) -> HttpResponse:
    evaluator = Evaluator()
    definition, binding = selectors.access_indicator(code, request.user, evaluator)
    granularity = binding.granularity if binding else "quarter"
    target = binding.target if binding else None
    end = period_containing(clock.now().date(), granularity)
    periods = [end]
    while len(periods) < 8:
        periods.insert(0, periods[0].previous())
    series = [evaluator.figure(code, p, target=target) for p in periods] if definition else []
    form = forms.ManualValueForm()
    if request.method == "POST" and definition is not None and definition.manual:
        form = forms.ManualValueForm(request.POST)
        if form.is_valid():
            try:
                services.manual_value_enter(
                    acting_user=request.user, code=code, **form.cleaned_data
                )
            except ValidationError as exc:
                service_errors_to_form(form, exc)
            else:
                messages.success(request, _("The figure was recorded."))
                return redirect("plan:indicator_detail", code=code)
    rtl = get_language_bidi()
    rows = [
        {
            "figure": f,
            "partners": [(p["agency"], partner_display(p, f.unit)) for p in f.partners],
        }
        for f in reversed(series)
    ]
    return render(
        request,
        "plan/indicator_detail.html",
        {
            "plan": selectors.current_plan(),
            "code": code,
            "definition": definition,
            "target": target,
            "granularity": granularity,
            "rows": rows,
            "chart": bars(
                [f.value for f in series],
                [f.period.label for f in series],
                rtl=rtl,
                target=target,
                texts=[f.display for f in series],
            )
            if series
            else "",
            "form": form,
            "can_enter": definition is not None
            and definition.manual
            and request.user.has_perm(STEER_PLAN),
        },
    )


@login_required
def report_list(request: HttpRequest, plan_id: str) -> HttpResponse:
    plan = selectors.access_plan_for_view(plan_id, request.user)
    quarter = period_containing(clock.now().date(), "quarter")
    form = forms.ReportForm(
        initial={
            "period_from": quarter.start,
            "period_to": quarter.end,
            "language": (request.LANGUAGE_CODE or "en")[:2],
            "format": "pdf",
        }
    )
    if request.method == "POST":
        plan = selectors.access_plan_for_steering(plan_id, request.user)
        form = forms.ReportForm(request.POST)
        if form_post(
            request,
            form,
            lambda data: services.report_request(
                acting_user=request.user,
                plan=plan,
                period_from=data["period_from"],
                period_to=data["period_to"],
                language=data["language"],
                fmt=data["format"],
            ),
            success=_("The report is being generated."),
        ):
            return redirect("plan:report_list", plan_id=plan.pk)
    return render(
        request,
        "plan/report_list.html",
        {
            "plan": plan,
            "reports": paginate(
                request,
                plan.reports.select_related("requested_by"),
                sorts=REPORT_SORTS,
                default_sort="-requested",
            ),
            "form": form,
            "can_steer": request.user.has_perm(STEER_PLAN),
        },
    )


@login_required
def report_progress(request: HttpRequest, report_id: str) -> HttpResponse:
    report = selectors.access_report_for_view(report_id, request.user)
    return render(request, "plan/_report_row.html", {"report": report})


@login_required
def report_download(request: HttpRequest, report_id: str) -> HttpResponse:
    report = selectors.access_report_for_view(report_id, request.user)
    if report.status != ReportStatus.DONE or not report.file:
        raise Http404
    services.report_downloaded(acting_user=request.user, report=report)
    from jisr.plan.api import CONTENT_TYPES

    with report.file.open("rb") as handle:
        response = HttpResponse(handle.read(), content_type=CONTENT_TYPES[report.format])
    response["Content-Disposition"] = content_disposition(report.filename)
    return response


@login_required
def mechanisms(request: HttpRequest, plan_id: str) -> HttpResponse:
    """Scorecards of the cooperation mechanisms, with the committee's assessments."""
    plan = selectors.access_plan_for_view(plan_id, request.user)
    period = parse_period(request.GET.get("period")) or period_containing(
        clock.now().date(), "year"
    )
    form = forms.AssessmentForm(initial={"period_from": period.start, "period_to": period.end})
    if request.method == "POST":
        plan = selectors.access_plan_for_steering(plan_id, request.user)
        form = forms.AssessmentForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.assessment_create(
                    acting_user=request.user,
                    plan=plan,
                    mechanism=data["mechanism"],
                    period_from=data["period_from"],
                    period_to=data["period_to"],
                    rating=data["rating"],
                    assessment=data["assessment"],
                    recommendations=data["recommendations"].splitlines(),
                )
            except ValidationError as exc:
                service_errors_to_form(form, exc)
            else:
                messages.success(request, _("The assessment was recorded."))
                return redirect(f"{request.path}?period={period.label}")
    return render(
        request,
        "plan/mechanisms.html",
        {
            "plan": plan,
            "period": period,
            "cards": scorecards(plan, period),
            "form": form,
            "can_steer": request.user.has_perm(STEER_PLAN),
        },
    )


@login_required
@require_POST
def recommendation_action(request: HttpRequest, recommendation_id: str) -> HttpResponse:
    """One click: the recommendation becomes a new action led by the user's agency."""
    recommendation = (
        Recommendation.objects.filter(pk=recommendation_id)
        .select_related("assessment__plan")
        .first()
    )
    if recommendation is None:
        raise Http404
    selectors.access_plan_for_steering(recommendation.assessment.plan_id, request.user)
    try:
        action = services.recommendation_to_action(
            acting_user=request.user, recommendation=recommendation
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("plan:mechanisms", plan_id=recommendation.assessment.plan_id)
    messages.success(request, _("The recommendation is now an action of the plan."))
    return redirect("plan:action_detail", action_id=action.pk)
