"""Pages of the events module. Thin: parse, call one service, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import get_language, get_language_bidi
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jisr.core.exports import content_disposition, export_response
from jisr.core.uploads import read_upload
from jisr.core.web import form_post, paginate, service_errors_to_form
from jisr.events import forms, selectors, services
from jisr.events import permissions as perms
from jisr.events.accreditation_file import list_limits
from jisr.events.heatmap import heatmap_svg
from jisr.events.models import (
    AccreditationCandidate,
    AccreditedPerson,
    Event,
    Protocol,
    ProtocolItem,
    Risk,
)
from jisr.events.protocols import item_label
from jisr.events.screening import alerts_by_id


def event_agencies(event: Event) -> Any:
    """The host and the participating agencies of an event."""
    from jisr.accounts.models import Agency

    return Agency.objects.filter(
        pk__in=[event.owner_id, *event.participants.values_list("agency_id", flat=True)]
    )


#: The columns of the event list it sorts by (key in the URL -> fields).
EVENT_SORTS = {"name": "name", "starts": ("starts_on", "ends_on"), "host": "owner__code"}
PERSON_SORTS = {
    "line": ("accreditation_list__uploaded_at", "line"),
    "name": "full_name",
    "category": "category",
    "organisation": "organisation",
    "decision": "decision",
}


def _can(user: Any, perm: str) -> bool:
    return bool(user.has_perm(perm))


def _event_context(request: HttpRequest, event: Event, **extra: Any) -> dict[str, Any]:
    user = request.user
    return {
        "event": event,
        "can_coordinate": user.has_perm(perms.COORDINATE_EVENTS, event),
        "can_log": _can(user, perms.LOG_INCIDENTS),
        "can_screen": _can(user, perms.SCREEN_ACCREDITATIONS),
        **extra,
    }


def _add_to_event(
    request: HttpRequest,
    event: Event,
    form: Any,
    access: Any,
    add: Any,
    success: str,
    page: str,
) -> HttpResponse | None:
    """A form posted on one of an event's pages: ``access`` checks the user may write to the
    event, ``add(acting_user, event, **data)`` writes; back to ``page`` once done."""
    if request.method == "POST":
        event = access(event.id, request.user)
    if form_post(
        request,
        form,
        lambda data: add(acting_user=request.user, event=event, **data),
        success=success,
    ):
        return redirect(page, event.id)
    return None


@login_required
def event_list(request: HttpRequest) -> HttpResponse:
    events = selectors.events_visible_to(request.user)
    form = forms.EventForm(request.POST or None)
    can_create = _can(request.user, perms.COORDINATE_EVENTS)
    event = form_post(
        request,
        form,
        lambda data: services.event_create(
            acting_user=request.user,
            name=data["name"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            description=data["description"],
            participants=list(data["participants"]),
        ),
        success=_("The event was created."),
        allowed=can_create,
    )
    if event is not None:
        return redirect("events:event_detail", event.id)
    return render(
        request,
        "events/event_list.html",
        {
            "events": paginate(request, events, sorts=EVENT_SORTS, default_sort="-starts"),
            "form": form,
            "can_create": can_create,
        },
    )


@login_required
def event_detail(request: HttpRequest, event_id: str) -> HttpResponse:
    event = selectors.access_event_for_view(event_id, request.user)
    venue_form = forms.VenueForm(prefix="venue")
    deployment_form = forms.DeploymentForm(prefix="dep", event=event)
    if request.method == "POST":
        event = selectors.access_event_for_coordination(event_id, request.user)
        try:
            if "venue-name" in request.POST:
                venue_form = forms.VenueForm(request.POST, prefix="venue")
                if venue_form.is_valid():
                    services.venue_add(
                        acting_user=request.user, event=event, **venue_form.cleaned_data
                    )
                    messages.success(request, _("The venue was added."))
                    return redirect("events:event_detail", event.id)
            else:
                deployment_form = forms.DeploymentForm(request.POST, prefix="dep", event=event)
                if deployment_form.is_valid():
                    services.deployment_add(
                        acting_user=request.user, event=event, **deployment_form.cleaned_data
                    )
                    messages.success(request, _("The deployment was recorded."))
                    return redirect("events:event_detail", event.id)
        except ValidationError as exc:
            target = venue_form if "venue-name" in request.POST else deployment_form
            service_errors_to_form(target, exc)
    user: Any = request.user
    own_participation = event.participants.filter(agency=user.agency).first()
    readiness = selectors.readiness_by_venue(event)
    venues = [(v, readiness.get(v.id)) for v in event.venues.all()]
    return render(
        request,
        "events/event_detail.html",
        _event_context(
            request,
            event,
            venues=venues,
            deployments=event.deployments.select_related("agency", "venue"),
            participants=event.participants.select_related("agency"),
            own_participation=own_participation,
            can_join=(
                own_participation is not None
                and own_participation.status != "joined"
                and request.user.has_perm(perms.JOIN_EVENT, event)
            ),
            venue_form=venue_form,
            deployment_form=deployment_form,
        ),
    )


@login_required
@require_POST
def event_join(request: HttpRequest, event_id: str) -> HttpResponse:
    event = selectors.access_event_for_joining(event_id, request.user)
    services.event_join(acting_user=request.user, event=event)
    messages.success(request, _("Your agency has joined the event."))
    return redirect("events:event_detail", event.id)


def _standing_risks(event: Any) -> list[Any]:
    """The standing register's risks linked to the event: the event's register is a view of it."""
    from django.apps import apps

    if not apps.is_installed("jisr.risks"):
        return []
    from jisr.risks.selectors import standing_risks_for_event

    return standing_risks_for_event(event.id)


@login_required
def risks(request: HttpRequest, event_id: str) -> HttpResponse:
    event = selectors.access_event_for_view(event_id, request.user)
    form = forms.RiskForm(
        request.POST or None, event=event, initial={"owner_agency": event.owner_id}
    )
    if done := _add_to_event(
        request,
        event,
        form,
        selectors.access_event_for_coordination,
        services.risk_add,
        _("The risk was added to the register."),
        "events:risks",
    ):
        return done
    risk_list = list(event.risks.select_related("venue", "owner_agency"))
    standing = _standing_risks(event)
    return render(
        request,
        "events/risks.html",
        _event_context(
            request,
            event,
            risks=risk_list,
            standing_risks=standing,
            heatmap=heatmap_svg([*risk_list, *standing]),
            form=form,
            statuses=Risk.Status.choices,
        ),
    )


@login_required
@require_POST
def risk_status(request: HttpRequest, risk_id: str) -> HttpResponse:
    risk = get_object_or_404(Risk.objects.select_related("event"), id=risk_id)
    event = selectors.access_event_for_coordination(risk.event_id, request.user)
    form = forms.RiskStatusForm(request.POST)
    if form.is_valid():
        services.risk_set_status(
            acting_user=request.user, risk=risk, status=form.cleaned_data["status"]
        )
    return redirect("events:risks", event.id)


@login_required
def protocols(request: HttpRequest, event_id: str) -> HttpResponse:
    event = selectors.access_event_for_view(event_id, request.user)
    form = forms.ProtocolForm(request.POST or None, event=event)
    if done := _add_to_event(
        request,
        event,
        form,
        selectors.access_event_for_coordination,
        services.protocol_create,
        _("The protocol was created from its template."),
        "events:protocols",
    ):
        return done
    readiness = selectors.readiness_by_venue(event)
    protocol_list = (
        Protocol.objects.filter(event=event)
        .select_related("venue")
        .prefetch_related("items__owner_agency")
    )
    by_venue = []
    for venue in event.venues.all():
        plist = [
            (p, [(i, item_label(i.code)) for i in p.items.all()])
            for p in protocol_list
            if p.venue_id == venue.id
        ]
        by_venue.append((venue, readiness.get(venue.id), plist))
    return render(
        request,
        "events/protocols.html",
        _event_context(
            request, event, by_venue=by_venue, form=form, agencies=event_agencies(event)
        ),
    )


@login_required
@require_POST
def protocol_item_toggle(request: HttpRequest, item_id: int) -> HttpResponse:
    item = get_object_or_404(ProtocolItem.objects.select_related("protocol__event"), pk=item_id)
    event = selectors.access_event_for_coordination(item.protocol.event_id, request.user)
    owner = None
    if request.POST.get("owner_agency"):
        owner = event_agencies(event).filter(code=request.POST["owner_agency"]).first()
        if owner is None:
            raise PermissionDenied
    done = item.done if "done" not in request.POST else request.POST.get("done") == "1"
    services.protocol_item_set(acting_user=request.user, item=item, done=done, owner_agency=owner)
    return redirect("events:protocols", event.id)


@login_required
def accreditation(request: HttpRequest, event_id: str) -> HttpResponse:
    event = selectors.access_event_for_screening(event_id, request.user)
    form = forms.UploadForm(request.POST or None, request.FILES or None)
    line_errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            services.accreditation_upload(
                acting_user=request.user,
                event=event,
                filename=upload.name,
                content=read_upload(upload, list_limits()),
                purpose=form.cleaned_data["purpose"],
            )
        except ValidationError as exc:
            line_errors = exc.message_dict.get("file", [])
            if "purpose" in exc.message_dict:
                form.add_error("purpose", exc.message_dict["purpose"])
        else:
            messages.success(request, _("The list was accepted; screening runs in the background."))
            return redirect("events:accreditation", event.id)
    review = _review_context(event)
    services.review_consulted(
        acting_user=request.user, event=event, candidates=len(review["pending"])
    )
    decided = (
        AccreditationCandidate.objects.filter(person__accreditation_list__event=event)
        .exclude(status="pending")
        .select_related("person", "decided_by")
        .order_by("-decided_at")[:50]
    )
    return render(
        request,
        "events/accreditation.html",
        _event_context(
            request,
            event,
            form=form,
            line_errors=line_errors,
            **review,
            decided=decided,
            decision_form=forms.DecisionForm(),
        ),
    )


def _review_context(event: Event) -> dict[str, Any]:
    """The lists and the candidates waiting for a decision, each with its matched alert."""
    lists = list(event.accreditation_lists.all())
    pending = list(
        AccreditationCandidate.objects.filter(
            person__accreditation_list__event=event, status="pending"
        )
        .select_related("person")
        .order_by("person__line", "-score")[:100]
    )
    alerts = alerts_by_id([c.alert_id for c in pending])
    for candidate in pending:
        candidate.alert = alerts.get(candidate.alert_id)  # type: ignore[attr-defined]
    return {
        "lists": lists,
        "pending": pending,
        "polling": any(lst.status != "done" for lst in lists),
    }


@login_required
def accreditation_progress(request: HttpRequest, event_id: str) -> HttpResponse:
    """The htmx refresh: progress and candidates together, until every list is screened."""
    event = selectors.access_event_for_screening(event_id, request.user)
    review = _review_context(event)
    if not review["polling"] and review["pending"]:
        # The last refresh shows the candidates: that is a consultation, logged once.
        services.review_consulted(
            acting_user=request.user, event=event, candidates=len(review["pending"])
        )
    return render(request, "events/_review.html", {"event": event, **review})


@login_required
@require_POST
def candidate_decide(request: HttpRequest, candidate_id: int) -> HttpResponse:
    candidate = selectors.access_candidate_for_review(candidate_id, request.user)
    event = candidate.person.accreditation_list.event
    form = forms.DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.candidate_decide(
                acting_user=request.user, candidate=candidate, **form.cleaned_data
            )
        except ValidationError as exc:
            for msgs in exc.message_dict.values():
                for msg in msgs:
                    messages.error(request, msg)
        else:
            messages.success(request, _("The decision was recorded."))
    else:
        messages.error(request, _("Give the decision and its reason."))
    return redirect("events:accreditation", event.id)


@login_required
def organiser_decisions(request: HttpRequest, event_id: str) -> HttpResponse:
    """What the organiser receives: the accreditation decision only, never alert details."""
    event = selectors.access_event_for_screening(event_id, request.user)
    persons = AccreditedPerson.objects.filter(accreditation_list__event=event).order_by(
        "accreditation_list__uploaded_at", "line"
    )
    if request.GET.get("format") == "csv":
        services.export_record(
            acting_user=request.user, event=event, what="accreditation_decisions", fmt="csv"
        )
        return export_response(
            f"accreditation-{event.id}.csv",
            [_("Name"), _("Category"), _("Organisation"), _("Decision")],
            (
                [p.full_name, p.get_category_display(), p.organisation, p.get_decision_display()]
                for p in persons.iterator()
            ),
        )
    return render(
        request,
        "events/organiser.html",
        _event_context(
            request,
            event,
            persons=paginate(request, persons, sorts=PERSON_SORTS, default_sort="line"),
        ),
    )


@login_required
def incidents(request: HttpRequest, event_id: str) -> HttpResponse:
    event = selectors.access_event_for_view(event_id, request.user)
    user: Any = request.user
    form = forms.IncidentForm(
        request.POST or None, event=event, initial={"assigned_agency": user.agency}
    )
    if done := _add_to_event(
        request,
        event,
        form,
        selectors.access_event_for_incidents,
        services.incident_record,
        _("The incident was logged and shared with the event's agencies."),
        "events:incidents",
    ):
        return done
    return render(
        request,
        "events/incidents.html",
        _event_context(
            request,
            event,
            form=form,
            incidents=event.incidents.select_related("venue", "owner", "assigned_agency"),
            status_form=forms.IncidentStatusForm(),
        ),
    )


@login_required
@require_POST
def incident_status(request: HttpRequest, incident_id: str) -> HttpResponse:
    incident = selectors.access_incident_for_update(incident_id, request.user)
    form = forms.IncidentStatusForm(request.POST)
    if form.is_valid():
        services.incident_update(
            acting_user=request.user, incident=incident, status=form.cleaned_data["status"]
        )
    return redirect("events:incidents", incident.event_id)


@login_required
def board(request: HttpRequest, event_id: str) -> HttpResponse:
    event = selectors.access_event_for_view(event_id, request.user)
    template = "events/_board.html" if request.headers.get("HX-Request") else "events/board.html"
    return render(request, template, _event_context(request, event, **selectors.board(event)))


@login_required
def debrief(request: HttpRequest, event_id: str) -> HttpResponse:
    event = selectors.access_event_for_view(event_id, request.user)
    form = forms.LessonsForm(
        request.POST or None, initial={"lessons_learned": event.lessons_learned}
    )
    if request.method == "POST":
        event = selectors.access_event_for_coordination(event_id, request.user)
        if form.is_valid():
            services.debrief_update(acting_user=request.user, event=event, **form.cleaned_data)
            messages.success(request, _("The lessons learned were saved."))
            return redirect("events:debrief", event.id)
    return render(
        request,
        "events/debrief.html",
        _event_context(request, event, figures=selectors.debrief_figures(event), form=form),
    )


def _debrief_rows(event: Event) -> list[tuple[str, Any]]:
    f = selectors.debrief_figures(event)
    rows: list[tuple[str, Any]] = [
        (_("Event"), event.name),
        (_("Host agency"), event.owner.name),
        (_("First day"), event.starts_on.isoformat()),
        (_("Last day"), event.ends_on.isoformat()),
        (_("Venues"), f["venues"]),
        (_("Risks in the register"), f["risks"]),
        (_("Incidents"), f["incidents"]),
    ]
    rows += [
        (_("Incidents: %(category)s") % {"category": label}, n)
        for label, n in f["incidents_by_category"]
    ]
    rows += [
        (_("Incidents of severity %(s)s") % {"s": s}, n) for s, n in f["incidents_by_severity"]
    ]
    rows += [
        (_("Accreditations screened"), f["screened"]),
        (_("Accredited"), f["accredited"]),
        (_("Refused"), f["refused"]),
        (_("Hits reported"), f["hits"]),
        (_("Lessons learned"), event.lessons_learned),
    ]
    return rows


@login_required
def debrief_export(request: HttpRequest, event_id: str, fmt: str) -> HttpResponse:
    event = selectors.access_event_for_view(event_id, request.user)
    if fmt not in ("csv", "pdf"):
        raise PermissionDenied
    services.export_record(acting_user=request.user, event=event, what="debrief", fmt=fmt)
    lang = get_language() or "en"
    filename = f"debrief-{event.id}-{lang}.{fmt}"
    rows = _debrief_rows(event)
    if fmt == "csv":
        return export_response(filename, [_("Figure"), _("Value")], rows)
    else:
        from weasyprint import HTML

        html = render_to_string(
            "events/debrief_pdf.html",
            {"event": event, "rows": rows, "lang": lang, "rtl": get_language_bidi()},
        )
        response = HttpResponse(HTML(string=html).write_pdf(), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition(filename)
    return response
