"""Pages of the register: alerts, review, screening, hits. Thin: parse, call one service, render."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jisr.accounts.models import User
from jisr.audit.actions import AuditAction
from jisr.audit.services import audit_record
from jisr.core.access import require_perm
from jisr.core.exports import EXPORT_MAX_ROWS, export_response
from jisr.core.uploads import read_upload
from jisr.core.web import (
    acting_user,
    paginate,
    service_errors_to_form,
    service_errors_to_messages,
)
from jisr.notices.selectors import notices_for
from jisr.wanted import permissions as perms
from jisr.wanted import selectors, services
from jisr.wanted.forms import (
    AlertForm,
    BatchForm,
    HitForm,
    OutcomeForm,
    ReasonForm,
    RespondForm,
    ReviewForm,
    ScreeningForm,
)
from jisr.wanted.models import Alert, Hit, Screening
from jisr.wanted.photos import photo_content_type
from jisr.wanted.reference import Category, HitStatus, Status
from jisr.wanted.subjects import batch_limits


def _user(request: HttpRequest) -> User:
    return cast(User, acting_user(request))


#: The columns each list sorts by (key in the URL -> fields).
ALERT_SORTS = {
    "name": "names_text",
    "birth_date": "birth_date",
    "category": "category",
    "owner": "owner__code",
    "status": "status",
    "expires": "expires_on",
    "updated": "updated_at",
}
REVIEW_SORTS = {
    "name": "names_text",
    "category": "category",
    "offence": "offence_category",
    "author": "author__username",
    "submitted": "updated_at",
}
HIT_SORTS = {
    "agency": "reporter_code",
    "where": "location",
    "reported": "reported_at",
    "deadline": "due_at",
    "status": "status",
}


# -- alerts ----------------------------------------------------------------------------


@login_required
def alert_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The alert list, with the list's filters, as CSV or XLSX; the export is logged."""
    user = _user(request)
    filters = {key: request.GET.get(key, "") for key in ("owner", "status", "category", "q")}
    chosen = selectors.alerts_for_list(
        user,
        owner=filters["owner"] or None,
        status=filters["status"] or None,
        category=filters["category"] or None,
        q=filters["q"],
    )
    alerts = list(chosen[:EXPORT_MAX_ROWS])
    header = [
        _("Alert"),
        _("Owner"),
        _("Category"),
        _("Names"),
        _("Aliases"),
        _("Date of birth"),
        _("Nationalities"),
        _("Status"),
        _("Handling code"),
        _("Updated (UTC)"),
    ]
    rows = [
        [
            str(a.pk),
            a.owner.code,
            a.get_category_display(),
            "; ".join(a.names),
            "; ".join(a.aliases),
            a.birth_date,
            "; ".join(a.nationalities),
            a.get_status_display(),
            a.handling_code,
            a.updated_at.isoformat(),
        ]
        for a in alerts
    ]
    with transaction.atomic():
        audit_record(
            user,
            AuditAction.ALERT_EXPORT,
            extra={
                "format": fmt,
                "rows": len(rows),
                "filters": {k: v for k, v in filters.items() if v},
            },
        )
    return export_response(f"alerts.{fmt}", header, rows, fmt=fmt)


@login_required
def alert_list(request: HttpRequest) -> HttpResponse:
    owner = request.GET.get("owner") or None
    status = request.GET.get("status") or None
    category = request.GET.get("category") or None
    q = request.GET.get("q", "")
    qs = selectors.alerts_for_list(
        _user(request), owner=owner, status=status, q=q, category=category
    )
    page = paginate(request, qs, sorts=ALERT_SORTS, default_sort="-updated")
    return render(
        request,
        "wanted/alert_list.html",
        {
            "page": page,
            "statuses": Status.choices,
            "categories": Category.choices,
            "filters": {
                "owner": owner or "",
                "status": status or "",
                "category": category or "",
                "q": q,
            },
        },
    )


@login_required
def alert_create(request: HttpRequest) -> HttpResponse:
    require_perm(_user(request), perms.WRITE_ALERT, _("You may not write alerts."))
    return _alert_form_page(
        request,
        None,
        lambda data, photo: services.alert_create(
            acting_user=_user(request), data=data, photo=photo
        ),
    )


@login_required
def alert_edit(request: HttpRequest, alert_id: str) -> HttpResponse:
    alert = selectors.access_alert_for_edit(alert_id, _user(request))
    return _alert_form_page(
        request,
        alert,
        lambda data, photo: services.alert_update(
            acting_user=_user(request), alert=alert, data=data, photo=photo
        ),
    )


def _alert_form_page(
    request: HttpRequest, alert: Alert | None, save: Callable[[Any, Any], Alert]
) -> HttpResponse:
    """The draft form, new (``alert`` None) or filled in: ``save(data, photo)`` on a valid post."""
    initial = AlertForm.initial_for(alert) if alert is not None else None
    form = AlertForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(form.to_data(), request.FILES.get("photo"))
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("The draft alert is saved."))
            return redirect("wanted:alert_detail", alert_id=saved.pk)
    status = 422 if request.method == "POST" else 200
    return render(request, "wanted/alert_form.html", {"form": form, "alert": alert}, status=status)


@login_required
@require_POST
def alert_duplicates(request: HttpRequest) -> HttpResponse:
    """htmx: existing alerts that look like the one being written."""
    names = [n.strip() for n in request.POST.get("names", "").splitlines() if n.strip()]
    names += [n.strip() for n in request.POST.get("aliases", "").splitlines() if n.strip()]
    birth = request.POST.get("birth_date", "").strip()
    nationality = [n.strip() for n in request.POST.get("nationality", "").split(",") if n.strip()]
    try:
        from jisr.wanted.subjects import clean_birth_date

        birth = clean_birth_date(birth)
    except ValueError:
        birth = ""
    found = selectors.alerts_for_duplicate_check(
        _user(request),
        names=names,
        birth_date=birth,
        nationality=nationality,
        exclude=request.POST.get("alert_id", ""),
    )
    return render(request, "wanted/_duplicates.html", {"found": found})


@login_required
def alert_detail(request: HttpRequest, alert_id: str) -> HttpResponse:
    """The alert page. Every view is logged, with the purpose when one is given."""
    alert = selectors.access_alert_for_view(
        alert_id, _user(request), purpose=request.GET.get("purpose", "")
    )
    user: Any = _user(request)
    own = not alert.is_copy and alert.owner_id == user.agency_id
    return render(
        request,
        "wanted/alert_detail.html",
        {
            "alert": alert,
            "own": own,
            "can_write": user.has_perm(perms.WRITE_ALERT, alert),
            "can_withdraw": alert.status
            in (Status.DRAFT, Status.PENDING_REVIEW, Status.ACTIVE, Status.REFUSED)
            and user.has_perm(perms.WITHDRAW_ALERT, alert),
            "can_review": alert.status == Status.PENDING_REVIEW
            and user.has_perm(perms.REVIEW_ALERT, alert),
            "reason_form": ReasonForm(),
            "hits": alert.hits.all() if user.has_perm(perms.HANDLE_HITS) else [],
        },
    )


@login_required
def alert_photo(request: HttpRequest, alert_id: str) -> FileResponse:
    alert = selectors.visible_alerts(_user(request)).filter(pk=alert_id).first()
    if alert is None or not alert.photo:
        raise Http404
    content_type = photo_content_type(alert.photo)
    if content_type is None:  # a file stored before photos were re-encoded, not an image
        raise Http404
    response = FileResponse(alert.photo.open("rb"), content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = "inline"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def _alert_action(request: HttpRequest, alert_id: str, action: str) -> HttpResponse:
    user: Any = _user(request)
    form = ReasonForm(request.POST)
    try:
        if action == "submit":
            alert = selectors.access_alert_for_edit(alert_id, user)
            services.alert_submit(acting_user=user, alert=alert)
            messages.success(request, _("The alert is sent to compliance review."))
        elif action == "withdraw":
            alert = selectors.access_alert_for_withdraw(alert_id, user)
            services.alert_withdraw(
                acting_user=user, alert=alert, reason=form.data.get("reason", "")
            )
            messages.success(
                request, _("The alert is withdrawn; partner copies are being deleted.")
            )
        else:
            alert = selectors.access_alert_for_edit(alert_id, user)
            services.alert_rejustify(
                acting_user=user, alert=alert, reason=form.data.get("reason", "")
            )
            messages.success(request, _("The alert is kept for another period."))
    except ValidationError as exc:
        service_errors_to_messages(request, exc)
    return redirect("wanted:alert_detail", alert_id=alert_id)


@login_required
@require_POST
def alert_delete(request: HttpRequest, alert_id: str) -> HttpResponse:
    """The author deletes their own draft."""
    alert = selectors.access_alert_for_edit(alert_id, _user(request))
    try:
        services.alert_delete_draft(acting_user=_user(request), alert=alert)
    except ValidationError as exc:
        service_errors_to_messages(request, exc)
        return redirect("wanted:alert_detail", alert_id=alert_id)
    messages.success(request, _("The draft was deleted."))
    return redirect("wanted:alert_list")


@login_required
@require_POST
def alert_submit(request: HttpRequest, alert_id: str) -> HttpResponse:
    return _alert_action(request, alert_id, "submit")


@login_required
@require_POST
def alert_withdraw(request: HttpRequest, alert_id: str) -> HttpResponse:
    return _alert_action(request, alert_id, "withdraw")


@login_required
@require_POST
def alert_rejustify(request: HttpRequest, alert_id: str) -> HttpResponse:
    return _alert_action(request, alert_id, "rejustify")


# -- review ------------------------------------------------------------------------------


@login_required
def review_queue(request: HttpRequest) -> HttpResponse:
    alerts = selectors.alerts_for_review(_user(request))
    page = paginate(request, alerts, sorts=REVIEW_SORTS, default_sort="submitted")
    return render(request, "wanted/review_queue.html", {"alerts": page, "page": page})


@login_required
def alert_review(request: HttpRequest, alert_id: str) -> HttpResponse:
    from jisr.federation.selectors import partner_agencies

    alert = selectors.access_alert_for_review(alert_id, _user(request))
    partners = partner_agencies()
    form = ReviewForm(request.POST or None, partners=partners)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.alert_review(
                acting_user=_user(request),
                alert=alert,
                decision=d["decision"],
                reason=d["reason"],
                share_with=d["share_with"] if d["decision"] == "approve" else [],
                checklist={k: d[k] for k in services.CHECKLIST},
            )
        except ValidationError as exc:
            service_errors_to_form(form, exc)
        else:
            if d["decision"] == "approve":
                messages.success(request, _("The alert is active and shared as chosen."))
            else:
                messages.success(request, _("The alert is refused; it stays on this node."))
            return redirect("wanted:review_queue")
    else:
        audit_record(
            _user(request),
            AuditAction.ALERT_VIEW,
            target=alert,
            justification=_("compliance review"),
        )
    status = 422 if request.method == "POST" else 200
    return render(
        request, "wanted/alert_review.html", {"alert": alert, "form": form}, status=status
    )


# -- screening ---------------------------------------------------------------------------


@login_required
def screen(request: HttpRequest) -> HttpResponse:
    """Single screening form, batch upload form, and the user's recent screenings."""
    user: Any = _user(request)
    form = ScreeningForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            screening = services.screening_run(
                acting_user=user, purpose=form.cleaned_data["purpose"], subjects=[form.subject()]
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for key, msgs in exc.message_dict.items():
                    for message in msgs:
                        field = "names" if key.startswith("subjects") else key
                        form.add_error(field if field in form.fields else None, message)
        else:
            return redirect("wanted:screening_detail", screening_id=screening.pk)
    return _screen_page(request, user, form, BatchForm())


@login_required
def screen_batch(request: HttpRequest) -> HttpResponse:
    user: Any = _user(request)
    form = BatchForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            screening = services.screening_batch_create(
                acting_user=user,
                purpose=form.cleaned_data["purpose"],
                filename=upload.name,
                content=read_upload(upload, batch_limits()),
            )
        except ValidationError as exc:
            service_errors_to_form(form, exc)
        else:
            return redirect("wanted:screening_detail", screening_id=screening.pk)
    return _screen_page(request, user, ScreeningForm(), form)


def _screen_page(
    request: HttpRequest, user: Any, form: ScreeningForm, batch_form: BatchForm
) -> HttpResponse:
    """The screening page: both forms (one of them as posted) and the user's recent runs."""
    return render(
        request,
        "wanted/screen.html",
        {
            "form": form,
            "batch_form": batch_form,
            "recent": selectors.screenings_for_user(user)[:20],
        },
        status=422 if request.method == "POST" else 200,
    )


def _results_context(screening: Screening, *, limit: int | None = 200) -> list[dict[str, Any]]:
    rows = [r for r in screening.results if r["candidates"]]
    if limit is not None:
        rows = rows[:limit]
    ids = {c["alert_id"] for r in rows for c in r["candidates"]}
    alerts = {str(a.id): a for a in Alert.objects.select_related("owner").filter(pk__in=ids)}
    out = []
    for row in rows:
        cands = []
        for cand in row["candidates"]:
            alert = alerts.get(cand["alert_id"])
            cands.append(
                {
                    **cand,
                    "alert": alert,
                    "explanation_text": json.dumps(
                        cand["explanation"], ensure_ascii=False, indent=1
                    ),
                }
            )
        out.append(
            {
                "index": row["subject"],
                "subject": screening.subjects[row["subject"]],
                "candidates": cands,
            }
        )
    return out


@login_required
def screening_detail(request: HttpRequest, screening_id: str) -> HttpResponse:
    screening = selectors.access_screening_for_view(screening_id, _user(request))
    template = (
        "wanted/_screening_body.html"
        if request.headers.get("HX-Request")
        else "wanted/screening_detail.html"
    )
    done = screening.status == Screening.JobStatus.DONE
    rows = _results_context(screening) if done else []
    return render(request, template, {"screening": screening, "rows": rows})


@login_required
def screening_download(request: HttpRequest, screening_id: str) -> HttpResponse:
    """The results as CSV: one line per subject and candidate. The export is logged."""
    screening = selectors.access_screening_for_view(screening_id, _user(request))
    if screening.status != Screening.JobStatus.DONE:
        raise Http404
    lines: list[list[Any]] = []
    for row in screening.results:
        subject = screening.subjects[row["subject"]]
        base = [
            row["subject"] + 1,
            subject.get("ref", ""),
            ";".join(subject["names"]),
            subject.get("birth_date") or "",
            ";".join(subject.get("nationality", [])),
        ]
        if not row["candidates"]:
            lines.append([*base, "", "", ""])
        for cand in row["candidates"]:
            lines.append([*base, cand["alert_id"], cand["owner"], cand["score"]])
    with transaction.atomic():
        audit_record(
            _user(request),
            AuditAction.SCREENING_EXPORT,
            target=screening,
            justification=screening.purpose,
        )
    return export_response(
        f"screening-{screening.pk}.csv",
        ["line", "ref", "names", "birth_date", "nationality", "alert_id", "owner", "score"],
        lines,
        bom=False,
    )


@login_required
@require_POST
def candidate_reject(request: HttpRequest, screening_id: str) -> HttpResponse:
    screening = selectors.access_screening_for_view(screening_id, _user(request))
    try:
        services.candidate_reject(
            acting_user=_user(request),
            screening=screening,
            subject=int(request.POST.get("subject", "-1")),
            alert_id=request.POST.get("alert_id", ""),
            reason=request.POST.get("reason", ""),
        )
    except ValidationError as exc:
        service_errors_to_messages(request, exc)
    except ValueError:
        messages.error(request, _("This candidate could not be found."))
    return redirect("wanted:screening_detail", screening_id=screening.pk)


@login_required
def hit_confirm(request: HttpRequest, screening_id: str) -> HttpResponse:
    """Confirm a candidate: say where, when and what document was seen; the owner is told."""
    user: Any = _user(request)
    screening = selectors.access_screening_for_view(screening_id, user)
    try:
        subject = int(request.GET.get("subject") or request.POST.get("subject") or "-1")
    except ValueError:
        raise Http404 from None
    alert_id = request.GET.get("alert_id") or request.POST.get("alert_id") or ""
    row = next((r for r in screening.results if r["subject"] == subject), None)
    cand = next((c for c in (row or {}).get("candidates", []) if c["alert_id"] == alert_id), None)
    if cand is None:
        raise Http404
    form = HitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            hit = services.hit_report(
                acting_user=user,
                alert_id=alert_id,
                circumstances=d["circumstances"],
                location=d["location"],
                seen_at=d.get("seen_at"),
                document_seen=d.get("document_seen", ""),
                screening=screening,
                subject=subject,
            )
        except ValidationError as exc:
            service_errors_to_form(form, exc)
        else:
            messages.success(request, _("The hit is reported to the alert's owner."))
            return redirect("wanted:hit_detail", hit_id=hit.pk)
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "wanted/hit_confirm.html",
        {
            "screening": screening,
            "subject": screening.subjects[subject],
            "subject_index": subject,
            "cand": cand,
            "form": form,
        },
        status=status,
    )


# -- hits --------------------------------------------------------------------------------------


def _queue(request: HttpRequest, direction: str) -> HttpResponse:
    user: Any = _user(request)
    status = request.GET.get("status") or None
    hits = selectors.hits_for_queue(user, direction=direction, status=status)
    sorts = dict(HIT_SORTS)
    if direction == Hit.Direction.OUTGOING:
        sorts["agency"] = "owner_code"
    default = "deadline" if direction == Hit.Direction.INCOMING else "-reported"
    page = paginate(request, hits, sorts=sorts, default_sort=default)
    return render(
        request,
        "wanted/hit_queue.html",
        {
            "hits": page,
            "page": page,
            "statuses": HitStatus.choices,
            "filters": {"status": status or ""},
            "direction": direction,
            "notices": notices_for(user, unread_only=True, app="wanted")[:20],
        },
    )


@login_required
def hit_export(request: HttpRequest, direction: str, fmt: str) -> HttpResponse:
    """One hit queue (incoming or outgoing), with its status filter, as CSV or XLSX; logged."""
    user: Any = _user(request)
    status = request.GET.get("status") or None
    hits = list(
        selectors.hits_for_queue(user, direction=direction, status=status)[:EXPORT_MAX_ROWS]
    )
    header = [
        _("Hit"),
        _("Alert"),
        _("Names"),
        _("Owner"),
        _("Reported by"),
        _("Where"),
        _("Seen (UTC)"),
        _("Deadline (UTC)"),
        _("Status"),
        _("Answer"),
        _("Outcome"),
    ]
    rows = [
        [
            str(h.pk),
            str(h.alert_ref),
            "; ".join(h.alert_names),
            h.owner_code,
            h.reporter_code,
            h.location,
            h.seen_at.isoformat(),
            h.deadline.isoformat() if h.deadline else "",
            h.get_status_display(),
            h.get_response_action_display(),
            h.get_outcome_display(),
        ]
        for h in hits
    ]
    with transaction.atomic():
        audit_record(
            user,
            AuditAction.HIT_EXPORT,
            extra={"format": fmt, "rows": len(rows), "direction": direction, "status": status},
        )
    return export_response(f"hits-{direction}.{fmt}", header, rows, fmt=fmt)


@login_required
def hits_incoming(request: HttpRequest) -> HttpResponse:
    return _queue(request, Hit.Direction.INCOMING)


@login_required
def hits_outgoing(request: HttpRequest) -> HttpResponse:
    return _queue(request, Hit.Direction.OUTGOING)


@login_required
def hit_detail(request: HttpRequest, hit_id: str) -> HttpResponse:
    user: Any = _user(request)
    hit = selectors.access_hit_for_view(hit_id, user)
    return _hit_page(request, hit, RespondForm(), OutcomeForm())


def _hit_page(
    request: HttpRequest, hit: Hit, respond_form: Any, outcome_form: Any, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "wanted/hit_detail.html",
        {"hit": hit, "respond_form": respond_form, "outcome_form": outcome_form},
        status=status,
    )


def _hit_form_post(
    request: HttpRequest,
    hit_id: str,
    form_class: type[RespondForm] | type[OutcomeForm],
    save: Callable[[Any, Hit, dict[str, Any]], object],
    success: str,
) -> HttpResponse:
    """Validate the posted hit form, call ``save(user, hit, data)``, back to the hit's page."""
    user: Any = _user(request)
    hit = selectors.access_hit(hit_id, user)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            save(user, hit, form.cleaned_data)
        except ValidationError as exc:
            service_errors_to_form(form, exc)
        else:
            messages.success(request, success)
            return redirect("wanted:hit_detail", hit_id=hit.pk)
    if isinstance(form, RespondForm):
        return _hit_page(request, hit, form, OutcomeForm(), status=422)
    return _hit_page(request, hit, RespondForm(), form, status=422)


def _respond(user: Any, hit: Hit, data: dict[str, Any]) -> Hit:
    return services.hit_respond(acting_user=user, hit=hit, action=data["action"], note=data["note"])


def _record_outcome(user: Any, hit: Hit, data: dict[str, Any]) -> Hit:
    return services.hit_record_outcome(
        acting_user=user, hit=hit, outcome=data["outcome"], note=data["note"]
    )


@login_required
@require_POST
def hit_respond(request: HttpRequest, hit_id: str) -> HttpResponse:
    success = _("Your answer is sent to the reporting agency.")
    return _hit_form_post(request, hit_id, RespondForm, _respond, success)


@login_required
@require_POST
def hit_outcome(request: HttpRequest, hit_id: str) -> HttpResponse:
    success = _("The outcome is recorded on both sides.")
    return _hit_form_post(request, hit_id, OutcomeForm, _record_outcome, success)
