"""Pages of the training and assistance module. Thin: parse, call one service, render."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jisr.core import bounds
from jisr.core.access import require_perm
from jisr.core.exports import content_disposition
from jisr.core.web import (
    acting_user,
    form_post,
    paginate,
    service_call,
    service_errors_to_messages,
)
from jisr.training import forms, selectors, services
from jisr.training import permissions as perms
from jisr.training.calendar import (
    feed_token,
    ics_bytes,
    month_from,
    month_grid,
    shift,
    user_for_token,
)
from jisr.training.certificate import PDF_LANGUAGES, certificate_pdf
from jisr.training.models import Certificate, Nomination
from jisr.training.reference import AssistanceStatus, Domain, NominationStatus, SessionStatus
from jisr.training.services.assistance import agreed_by

COURSE_SORTS = {
    "title": ("title_fr", "title_en", "title_ar"),
    "domain": "domain",
    "owner": "owner__code",
    "created": "created_at",
}
ASSISTANCE_SORTS = {
    "title": "title",
    "need_by": "need_by",
    "status": "status",
    "priority": "priority",
    "created": "created_at",
}
QUEUE_SORTS = {"created": "created_at", "name": "participant_name", "start": "session__starts_on"}


def _user(request: HttpRequest) -> Any:
    return acting_user(request)


# -- catalogue and courses -------------------------------------------------------------------


@login_required
def catalogue(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    courses = selectors.courses_visible_to(user)
    domain = request.GET.get("domain", "")
    owner = request.GET.get("owner", "")
    if domain in Domain.values:
        courses = courses.filter(domain=domain)
    if owner == "own":
        courses = courses.filter(owner_id=user.agency_id)
    elif owner == "partner":
        courses = courses.exclude(owner_id=user.agency_id)
    can_create = user.has_perm(perms.MANAGE_TRAINING)
    form = forms.CourseForm(request.POST or None)

    def create(data: dict[str, Any]) -> Any:
        return services.course_create(
            acting_user=user,
            titles={lang: data[f"title_{lang}"] for lang in ("ar", "fr", "en")},
            descriptions={lang: data[f"description_{lang}"] for lang in ("ar", "fr", "en")},
            domain=data["domain"],
            format=data["format"],
            duration_days=data["duration_days"],
            languages=data["languages"],
            prerequisites=data["prerequisites"],
            seats_per_session=data["seats_per_session"],
            published=data["published"],
        )

    course = form_post(
        request,
        form,
        create,
        success=_("The course was created."),
        allowed=can_create,
        field_of_error={"title": "title_fr", "description": "description_fr"},
    )
    if course is not None:
        return redirect("training:course_detail", course.id)
    return render(
        request,
        "training/catalogue.html",
        {
            "courses": paginate(request, courses, sorts=COURSE_SORTS, default_sort="title"),
            "domains": Domain.choices,
            "domain": domain,
            "owner": owner,
            "form": form,
            "can_create": can_create,
        },
    )


@login_required
def course_detail(request: HttpRequest, course_id: str) -> HttpResponse:
    user = _user(request)
    course = selectors.access_course_for_view(course_id, user)
    can_manage = user.has_perm(perms.MANAGE_COURSE, course)
    form = forms.SessionForm(request.POST or None, initial={"seats": course.seats_per_session})
    if request.method == "POST" and "published" in request.POST:
        if not can_manage:
            raise PermissionDenied
        services.course_set_published(
            acting_user=user, course=course, published=request.POST["published"] == "1"
        )
        return redirect("training:course_detail", course.id)

    def create(data: dict[str, Any]) -> Any:
        return services.session_create(
            acting_user=user,
            course=course,
            starts_on=data["start"],
            ends_on=data["end"],
            place=data["place"],
            link=data["link"],
            trainers=data["trainers"],
            seats=data["seats"],
            partner=data["partner"],
            partner_seats=data["partner_seats"],
            nomination_deadline=data["nomination_deadline"],
        )

    session = form_post(
        request, form, create, success=_("The session was opened."), allowed=can_manage
    )
    if session is not None:
        return redirect("training:session_detail", session.id)
    sessions = selectors.sessions_visible_to(user).filter(course=course)
    return render(
        request,
        "training/course_detail.html",
        {"course": course, "sessions": sessions, "form": form, "can_manage": can_manage},
    )


# -- sessions -----------------------------------------------------------------------------------


def _session_context(request: HttpRequest, session: Any, **extra: Any) -> dict[str, Any]:
    user = _user(request)
    nominations = list(selectors.nominations_for_session(session, user))
    offering = session.course.owner_id == user.agency_id
    attendance = {}
    if offering:
        for n in nominations:
            attendance[n.id] = {a.day: a.present for a in n.attendance.all()}
    certificates = {
        c.nomination_id: c for c in Certificate.objects.filter(nomination__in=nominations)
    }
    rows = [
        {
            "n": n,
            "days": [attendance.get(n.id, {}).get(day) for day in session.days],
            "certificate": certificates.get(n.id),
        }
        for n in nominations
    ]
    return {
        "session": session,
        "course": session.course,
        "rows": rows,
        "offering": offering,
        "can_manage": user.has_perm(perms.MANAGE_COURSE, session),
        "can_nominate": user.has_perm(perms.NOMINATE_TO_SESSION, session),
        "accepted": sum(1 for n in nominations if n.status == NominationStatus.ACCEPTED),
        "summary": selectors.evaluation_summary(session) if offering else None,
        "decision_form": forms.DecisionForm(),
        "result_form": forms.ResultForm(),
        "evaluation_form": forms.EvaluationForm(),
        "pdf_languages": PDF_LANGUAGES,
        "statuses": SessionStatus.choices,
        **extra,
    }


@login_required
def session_detail(request: HttpRequest, session_id: str) -> HttpResponse:
    user = _user(request)
    session = selectors.access_session_for_view(session_id, user)
    form = forms.NominationForm(request.POST or None)

    def nominate(data: dict[str, Any]) -> Any:
        return services.nomination_create(
            acting_user=user,
            session=session,
            participant_name=data["name"],
            rank=data["rank"],
            unit=data["unit"],
            language_level=data["language_level"],
            motivation=data["motivation"],
        )

    if form_post(
        request,
        form,
        nominate,
        success=_("The nomination waits for a supervisor's approval."),
        field_of_error={"session": None},
    ):
        return redirect("training:session_detail", session.id)
    return render(
        request, "training/session_detail.html", _session_context(request, session, form=form)
    )


def _back_to_session(
    request: HttpRequest, nomination: Nomination, exc: ValidationError | None
) -> HttpResponse:
    if exc is not None:
        service_errors_to_messages(request, exc)
    return redirect("training:session_detail", nomination.session_id)


@login_required
@require_POST
def nomination_action(request: HttpRequest, nomination_id: str, action: str) -> HttpResponse:
    """Decide, assess, record an evaluation or issue a certificate for one nomination."""
    user = _user(request)
    nomination = selectors.access_nomination(nomination_id, user)
    try:
        if action == "decide":
            form: Any = forms.DecisionForm(request.POST)
            if form.is_valid():
                services.nomination_decide(
                    acting_user=user, nomination=nomination, **form.cleaned_data
                )
        elif action == "result":
            form = forms.ResultForm(request.POST)
            if form.is_valid():
                services.result_record(acting_user=user, nomination=nomination, **form.cleaned_data)
        elif action == "evaluation":
            form = forms.EvaluationForm(request.POST)
            if form.is_valid():
                services.evaluation_record(
                    acting_user=user, nomination=nomination, **form.cleaned_data
                )
        elif action == "certificate":
            services.certificate_issue(acting_user=user, nomination=nomination)
            form = None
        else:
            raise Http404
        if form is not None and not form.is_valid():
            raise ValidationError([m for errors in form.errors.values() for m in errors])
    except ValidationError as exc:
        return _back_to_session(request, nomination, exc)
    messages.success(request, _("Saved."))
    return _back_to_session(request, nomination, None)


@login_required
@require_POST
def attendance(request: HttpRequest, session_id: str) -> HttpResponse:
    """One day's attendance: a checkbox per accepted participant."""
    import datetime as dt

    user = _user(request)
    session = selectors.access_session_for_view(session_id, user)
    try:
        day = dt.date.fromisoformat(request.POST.get("day", ""))
    except ValueError:
        day = None
    accepted = session.nominations.filter(status=NominationStatus.ACCEPTED)
    present = {str(n.id): f"present-{n.id}" in request.POST for n in accepted}
    try:
        count = services.attendance_record(
            acting_user=user, session=session, day=day, present=present
        )
    except ValidationError as exc:
        service_errors_to_messages(request, exc)
    else:
        messages.success(
            request, _("Attendance recorded for %(count)d participants.") % {"count": count}
        )
    return redirect("training:session_detail", session.id)


@login_required
@require_POST
def session_status(request: HttpRequest, session_id: str) -> HttpResponse:
    """The offering agency closes nominations, marks the session delivered or cancels it."""
    user = _user(request)
    session = selectors.access_session_for_view(session_id, user)
    service_call(
        request,
        lambda: services.session_set_status(
            acting_user=user, session=session, status=request.POST.get("status", "")
        ),
        success=_("Saved."),
    )
    return redirect("training:session_detail", session.id)


@login_required
def nomination_queue(request: HttpRequest) -> HttpResponse:
    """Our agency's nominations waiting for a supervisor (never the nominator)."""
    user = _user(request)
    rows = selectors.nominations_to_approve(user)
    if request.method == "POST":
        nomination = selectors.access_nomination(request.POST.get("nomination"), user)
        form = forms.ApprovalForm(request.POST)
        if form.is_valid():
            service_call(
                request,
                lambda: services.nomination_approve(
                    acting_user=user, nomination=nomination, **form.cleaned_data
                ),
                success=_("Saved."),
            )
        return redirect("training:nomination_queue")
    return render(
        request,
        "training/nomination_queue.html",
        {
            "rows": paginate(request, rows, sorts=QUEUE_SORTS, default_sort="created"),
            "form": forms.ApprovalForm(),
        },
    )


# -- calendar -------------------------------------------------------------------------------------


@login_required
def calendar(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    month = month_from(request.GET.get("month", ""), bounds.today())
    sessions = selectors.sessions_visible_to(user).exclude(status="cancelled")
    feed = request.build_absolute_uri(reverse("training:ics_feed", args=[feed_token(user)]))
    return render(
        request,
        "training/calendar.html",
        {
            "month": month,
            "weeks": month_grid(month, sessions),
            "previous": shift(month, -1).strftime("%Y-%m"),
            "next": shift(month, 1).strftime("%Y-%m"),
            "feed": feed,
        },
    )


def ics_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The user's sessions as iCalendar; the signed token in the URL stands for a login."""
    user = user_for_token(token)
    if user is None or not user.has_perm(perms.VIEW_TRAINING):
        raise Http404
    sessions = selectors.sessions_visible_to(user).order_by("starts_on")
    response = HttpResponse(
        ics_bytes(sessions, host=request.get_host()), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = content_disposition("jisr-training.ics")
    return response


# -- certificates ------------------------------------------------------------------------------


@login_required
def verify(request: HttpRequest) -> HttpResponse:
    """Check a verification code: issued here, or by a partner for one of our officers."""
    user = _user(request)
    require_perm(user, perms.VIEW_TRAINING)
    code = request.GET.get("code", "").strip()
    certificate = None
    error = ""
    if code:
        certificate = selectors.certificate_by_code(code)
        services.certificate_checked(acting_user=user, code=code, found=certificate is not None)
        if certificate is None:
            error = _("No certificate has this verification code.")
    return _verify_page(request, code, certificate, error)


def _verify_page(
    request: HttpRequest,
    code: str,
    certificate: Certificate | None,
    error: str = "",
    revoke_errors: list[str] | None = None,
    reason: str = "",
) -> HttpResponse:
    user = _user(request)
    can_revoke = (
        certificate is not None
        and not certificate.revoked
        and user.has_perm(perms.REVOKE_CERTIFICATE, certificate)
    )
    return render(
        request,
        "training/verify.html",
        {
            "code": code,
            "certificate": certificate,
            "error": error,
            "can_revoke": can_revoke,
            "revoke_errors": revoke_errors or [],
            "reason": reason,
        },
        status=422 if revoke_errors else 200,
    )


@login_required
@require_POST
def certificate_revoke(request: HttpRequest, code: str) -> HttpResponse:
    """The issuing agency's supervisor revokes the certificate, with a reason."""
    user = _user(request)
    certificate = selectors.certificate_by_code(code)
    if certificate is None:
        raise Http404
    reason = request.POST.get("reason", "")
    try:
        services.certificate_revoke(acting_user=user, certificate=certificate, reason=reason)
    except ValidationError as exc:
        problems = [str(m) for messages_ in exc.message_dict.values() for m in messages_]
        return _verify_page(request, certificate.code, certificate, "", problems, reason)
    messages.success(request, _("The certificate was revoked."))
    return redirect(f"{reverse('training:verify')}?{urlencode({'code': certificate.code})}")


@login_required
def certificate_download(request: HttpRequest, code: str, lang: str) -> HttpResponse:
    user = _user(request)
    require_perm(user, perms.VIEW_TRAINING)
    certificate = selectors.certificate_by_code(code)
    if certificate is None or user.agency_id not in (
        certificate.owner_id,
        certificate.participant_agency_id,
    ):
        raise Http404
    if lang not in PDF_LANGUAGES:
        raise Http404
    services.certificate_downloaded(acting_user=user, certificate=certificate, lang=lang)
    pdf = certificate_pdf(certificate, lang, base_url=request.build_absolute_uri("/").rstrip("/"))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition(
        f"certificate-{certificate.code}-{lang}.pdf"
    )
    return response


# -- assistance ----------------------------------------------------------------------------------


def _event_choices(user: Any) -> list[tuple[str, str]]:
    try:
        from jisr.events.selectors import events_visible_to
    except ImportError:
        return []
    try:
        return [(str(e.id), e.name) for e in events_visible_to(user)[:50]]
    except PermissionDenied:
        return []


@login_required
def assistance_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    rows = selectors.assistance_visible_to(user)
    status = request.GET.get("status", "")
    direction = request.GET.get("direction", "")
    if status in AssistanceStatus.values:
        rows = rows.filter(status=status)
    if direction == "outgoing":
        rows = rows.filter(requester_id=user.agency_id)
    elif direction == "incoming":
        rows = rows.filter(provider_id=user.agency_id)
    can_create = user.has_perm(perms.HANDLE_ASSISTANCE)
    form = forms.AssistanceForm(request.POST or None, events=_event_choices(user))

    def send(data: dict[str, Any]) -> Any:
        return services.assistance_request(
            acting_user=user,
            kind=data["kind"],
            title=data["title"],
            description=data["description"],
            provider=data["provider"],
            need_by=data["need_by"],
            priority=data["priority"],
            success_criteria=data["success_criteria"],
            event_id=data["event"] or None,
        )

    item = form_post(request, form, send, success=_("The request was sent."), allowed=can_create)
    if item is not None:
        return redirect("training:assistance_detail", item.id)
    return render(
        request,
        "training/assistance_list.html",
        {
            "rows": paginate(request, rows, sorts=ASSISTANCE_SORTS, default_sort="-created"),
            "statuses": AssistanceStatus.choices,
            "status": status,
            "direction": direction,
            "form": form,
            "can_create": can_create,
        },
    )


@login_required
def assistance_detail(request: HttpRequest, request_id: str) -> HttpResponse:
    user = _user(request)
    item = selectors.access_assistance(request_id, user)
    own = user.agency_id
    is_provider = item.provider_id == own
    is_requester = item.requester_id == own
    step = request.POST.get("step", "") if request.method == "POST" else ""
    offer_form = forms.OfferForm(request.POST if step == "offer" else None)
    deliver_form = forms.DeliverForm(request.POST if step == "deliver" else None)
    close_form = forms.CloseForm(request.POST if step == "close" else None)
    if step:
        try:
            if step == "offer" and offer_form.is_valid():
                services.assistance_offer(acting_user=user, request=item, **offer_form.cleaned_data)
            elif step == "agree":
                services.assistance_agree(acting_user=user, request=item)
            elif step == "deliver" and deliver_form.is_valid():
                services.assistance_deliver(
                    acting_user=user, request=item, **deliver_form.cleaned_data
                )
            elif step == "close" and close_form.is_valid():
                services.assistance_close(acting_user=user, request=item, **close_form.cleaned_data)
            else:
                raise ValidationError(_("Check the form."))
        except ValidationError as exc:
            service_errors_to_messages(request, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("training:assistance_detail", item.id)
    steps = item.steps.select_related("agency", "author")
    status = item.status
    return render(
        request,
        "training/assistance_detail.html",
        {
            "item": item,
            "steps": steps,
            "event": selectors.linked_event(item),
            "can_handle": user.has_perm(perms.HANDLE_ASSISTANCE),
            "can_agree": user.has_perm(perms.AGREE_ASSISTANCE),
            "show_offer": is_provider and status in ("needs_assessment", "offered"),
            "show_agree": status == "offered" and not agreed_by(item, own),
            "show_deliver": is_provider and status in ("agreed", "in_delivery"),
            "show_close": is_requester and status == "in_delivery",
            "offer_form": offer_form,
            "deliver_form": deliver_form,
            "close_form": close_form,
            "language": get_language(),
        },
    )
