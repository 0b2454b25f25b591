"""The DPO's pages: home (retention, reviews, requests, patterns), person search, requests."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jisr.core.web import acting_user, service_errors_to_form
from jisr.privacy import selectors
from jisr.privacy.forms import (
    DecisionForm,
    ExtendForm,
    ForwardForm,
    PersonSearchForm,
    RequestForm,
    RetentionSetForm,
    ReviewExtendForm,
)
from jisr.privacy.models import RetentionReview, RetentionRun
from jisr.privacy.services import dsr, retention
from jisr.privacy.services.person import person_search_record


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    report = selectors.retention_report_for_dpo(user)
    reviews = list(selectors.reviews_pending_for(user)[:100])
    return render(
        request,
        "privacy/home.html",
        {
            "report": report,
            "reviews": reviews,
            "review_total": selectors.reviews_pending_for(user).count(),
            "requests": selectors.requests_for_dpo(user)[:100],
            "patterns": selectors.patterns_for_dpo(user)[:50],
            "last_run": RetentionRun.objects.order_by("-day").first(),
            "set_form": RetentionSetForm(),
            "extend_form": ReviewExtendForm(),
        },
    )


@login_required
@require_POST
def retention_set(request: HttpRequest, kind: str) -> HttpResponse:
    form = RetentionSetForm(request.POST)
    if form.is_valid():
        try:
            retention.retention_setting_set(
                acting_user=acting_user(request), kind=kind, days=form.cleaned_data["days"]
            )
            messages.success(request, _("The retention period was changed."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, _("Enter a number of days."))
    return redirect("privacy:home")


def _review(request: HttpRequest, review_id: int) -> RetentionReview:
    return retention.access_review_for_decision(review_id, acting_user(request))


@login_required
@require_POST
def review_extend(request: HttpRequest, review_id: int) -> HttpResponse:
    form = ReviewExtendForm(request.POST)
    try:
        review = _review(request, review_id)
        if not form.is_valid():
            raise ValidationError(_("Give a number of days and the reason."))
        retention.review_extend(
            acting_user=acting_user(request),
            review=review,
            days=form.cleaned_data["days"],
            reason=form.cleaned_data["reason"],
        )
        messages.success(request, _("The record is kept, with your reason."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("/privacy/#reviews")


@login_required
@require_POST
def review_release(request: HttpRequest, review_id: int) -> HttpResponse:
    try:
        retention.review_release(
            acting_user=acting_user(request), review=_review(request, review_id)
        )
        messages.success(request, _("The record was let go."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("/privacy/#reviews")


def _search(request: HttpRequest, form: Any, request_id: str = "") -> Any:
    if not form.is_valid():
        return None
    try:
        return person_search_record(
            acting_user=acting_user(request), request_id=request_id, **form.cleaned_data
        )
    except ValidationError as exc:
        service_errors_to_form(form, exc)
        return None


@login_required
def person(request: HttpRequest) -> HttpResponse:
    """Search by person: every record naming them and every event on those records."""
    selectors.require_dpo(acting_user(request))
    form = PersonSearchForm(request.GET or None)
    result = _search(request, form) if form.is_bound else None
    return render(
        request,
        "privacy/person.html",
        {"form": form, "result": result},
        status=422 if form.is_bound and form.errors else 200,
    )


@login_required
def request_new(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    selectors.require_dpo(user)
    form = RequestForm(request.POST or None, initial={"language": translation.get_language()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = dsr.dsr_create(
                acting_user=user,
                kind=data["kind"],
                names=_lines(data["names"]),
                birth_date=data["birth_date"],
                documents=_lines(data["documents"]),
                received=data["received"],
                notes=data["notes"],
                identity_checked_by=data["identity_checked_by"],
                identity_note=data["identity_note"],
                language=data["language"],
            )
            return redirect("privacy:request", created.pk)
        except ValidationError as exc:
            service_errors_to_form(form, exc)
    return render(
        request,
        "privacy/request_new.html",
        {"form": form},
        status=422 if form.is_bound and form.errors else 200,
    )


def _partners() -> list[tuple[str, str]]:
    from jisr.federation.models import Partner

    return [(code, code) for code in Partner.objects.values_list("agency__code", flat=True)]


@login_required
def request_detail(request: HttpRequest, request_id: str) -> HttpResponse:
    user = acting_user(request)
    found = selectors.access_request_for_dpo(request_id, user)
    result = None
    if request.GET.get("search"):
        form = PersonSearchForm(
            {
                "name": found.subject_names[0] if found.subject_names else "",
                "birth_date": found.subject_birth_date,
                "document": found.subject_documents[0] if found.subject_documents else "",
            }
        )
        result = _search(request, form, request_id=str(found.pk))
    return render(
        request,
        "privacy/request.html",
        {
            "req": found,
            "result": result,
            "forwards": found.forwards.order_by("sent_at"),
            "extend_form": ExtendForm(),
            "forward_form": ForwardForm(partners=_partners()),
            "decision_form": DecisionForm(records=_record_choices(user, found)),
            "record_actions": _labelled(found.record_actions.all()),
            "own": found.origin == (user.agency.code if user.agency else ""),
        },
    )


def _act(request: HttpRequest, request_id: str, action: Any) -> HttpResponse:
    user = acting_user(request)
    found = selectors.access_request_for_dpo(request_id, user)
    try:
        action(user, found)
        messages.success(request, _("Saved."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("privacy:request", found.pk)


@login_required
@require_POST
def request_extend(request: HttpRequest, request_id: str) -> HttpResponse:
    form = ExtendForm(request.POST)

    def act(user: Any, found: Any) -> None:
        if not form.is_valid():
            raise ValidationError(_("Give a number of days (1 to 60) and the reason."))
        dsr.dsr_extend(acting_user=user, request=found, **form.cleaned_data)

    return _act(request, request_id, act)


@login_required
@require_POST
def request_forward(request: HttpRequest, request_id: str) -> HttpResponse:
    form = ForwardForm(request.POST, partners=_partners())

    def act(user: Any, found: Any) -> None:
        if not form.is_valid():
            raise ValidationError(_("Choose a partner."))
        dsr.dsr_forward(acting_user=user, request=found, agency=form.cleaned_data["agency"])

    return _act(request, request_id, act)


def _labelled(actions: Any) -> list[Any]:
    from jisr.privacy.person_sources import source_labels

    labels = source_labels()
    rows = list(actions)
    for row in rows:
        row.kind_label = labels.get(row.kind, row.kind)
    return rows


def _record_choices(user: Any, found: Any) -> list[tuple[str, str]]:
    """The records the request's person search finds, to pick for the decision."""
    from jisr.privacy.person_sources import source_labels
    from jisr.privacy.services.dsr_records import request_records

    if found.status == "decided":
        return []
    labels = source_labels()
    return [
        (f"{kind}:{record_id}", f"{labels.get(kind, kind)} {record_id} ({owner})")
        for (kind, record_id), owner in request_records(user, found).items()
    ]


@login_required
@require_POST
def request_lift(request: HttpRequest, request_id: str, action_id: int) -> HttpResponse:
    from jisr.privacy.services.dsr_records import restriction_lift

    def act(user: Any, found: Any) -> None:
        action = found.record_actions.filter(pk=action_id).first()
        if action is None:
            raise ValidationError(_("This record is not restricted."))
        restriction_lift(acting_user=user, action=action)

    return _act(request, request_id, act)


@login_required
@require_POST
def request_decision(request: HttpRequest, request_id: str) -> HttpResponse:
    found = selectors.access_request_for_dpo(request_id, acting_user(request))
    form = DecisionForm(request.POST, records=_record_choices(acting_user(request), found))

    def act(user: Any, found: Any) -> None:
        if not form.is_valid():
            raise ValidationError(_("Choose a decision."))
        dsr.dsr_decide(acting_user=user, request=found, **form.cleaned_data)

    return _act(request, request_id, act)


@login_required
def request_export(request: HttpRequest, request_id: str, lang: str) -> HttpResponse:
    """The access export for the person, as PDF in their language (Arabic right to left)."""
    from weasyprint import HTML

    from jisr.core.exports import content_disposition

    user = acting_user(request)
    found = selectors.access_request_for_dpo(request_id, user)
    if lang not in dsr.LANGUAGES:
        lang = found.language
    with translation.override(lang):
        pdf = dsr.dsr_access_export(acting_user=user, request=found, lang=lang)
        html = render_to_string(
            "privacy/access_pdf.html",
            {**pdf, "lang": lang, "rtl": translation.get_language_bidi()},
        )
    response = HttpResponse(HTML(string=html).write_pdf(), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition(f"access-{found.pk}-{lang}.pdf")
    return response


@login_required
def record(request: HttpRequest, kind: str, record_id: str) -> HttpResponse:
    """One record's history for the DPO: who consulted, disclosed or changed it, here and
    at partners (their consultation receipts)."""
    from jisr.privacy.person_sources import source_labels

    events = selectors.record_events_for_dpo(acting_user(request), record_id)
    return render(
        request,
        "privacy/record.html",
        {
            "kind_label": source_labels().get(kind, kind),
            "record_id": record_id[:64],
            "events": events,
        },
    )
