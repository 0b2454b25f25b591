"""Technical assistance: request -> offer -> agreement (both supervisors) -> delivery -> closure.

Every step is an ``AssistanceStep`` owned by the agency that took it; both nodes derive the
request's status from its steps with :func:`step_apply`, so the time line is the state.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from jisr.accounts.models import Agency
from jisr.audit.services import audit_record
from jisr.core import bounds, clock
from jisr.core.access import require_perm
from jisr.notices.services import notify
from jisr.training import federation
from jisr.training.actions import TrainingAction
from jisr.training.models import AssistanceRequest, AssistanceStep
from jisr.training.permissions import AGREE_ASSISTANCE, HANDLE_ASSISTANCE
from jisr.training.reference import (
    AssistanceKind,
    AssistanceStatus,
    NoticeKind,
    Priority,
    StepKind,
)
from jisr.training.services.common import number, own, text, users_holding

S = AssistanceStatus
ORDER = [S.NEEDS_ASSESSMENT, S.OFFERED, S.AGREED, S.IN_DELIVERY, S.CLOSED]
#: step kind -> (statuses it may follow, the side that takes it: requester/provider/both)
STEP_RULES: dict[str, tuple[tuple[str, ...], str]] = {
    StepKind.REQUESTED: ((S.NEEDS_ASSESSMENT,), "requester"),
    StepKind.OFFERED: ((S.NEEDS_ASSESSMENT, S.OFFERED), "provider"),
    StepKind.AGREED: ((S.OFFERED,), "both"),
    StepKind.MILESTONE: ((S.AGREED, S.IN_DELIVERY), "provider"),
    StepKind.CLOSED: ((S.IN_DELIVERY,), "requester"),
}


MAX_DEPLOYMENTS = 50


def deployments_clean(errors: dict[str, list[str]], value: Any) -> list[dict[str, str]]:
    """Structured deployments ``[{"who", "role", "from", "until", "venue"}]``, checked.

    ``who`` (a person or a team) and the two dates are required; ``role`` and ``venue`` are
    optional. Dates come as ``datetime.date`` or ISO strings and are kept as ISO strings.
    """
    if value in (None, "", []):
        return []
    if not isinstance(value, list) or len(value) > MAX_DEPLOYMENTS:
        errors.setdefault("deployments", []).append(
            _("Give at most %(count)d deployments.") % {"count": MAX_DEPLOYMENTS}
        )
        return []
    cleaned: list[dict[str, str]] = []
    for entry in value:
        if not isinstance(entry, dict):
            errors.setdefault("deployments", []).append(_("Each deployment names who and when."))
            return []
        row: dict[str, str] = {}
        for key in ("who", "role", "venue"):
            raw = entry.get(key) or ""
            row[key] = raw.strip() if isinstance(raw, str) else ""
            if problem := bounds.text_problem(row[key], bounds.MAX_NAME):
                errors.setdefault("deployments", []).append(problem)
        if not row["who"]:
            errors.setdefault("deployments", []).append(_("Name the person or team deployed."))
        days: list[dt.date | None] = []
        for key in ("from", "until"):
            raw = entry.get(key)
            day = raw if isinstance(raw, dt.date) else parse_date(str(raw or "").strip()[:10])
            if day is None:
                errors.setdefault("deployments", []).append(
                    _("Give the first and last day of each deployment.")
                )
            elif problem := bounds.event_day_problem(day):
                errors.setdefault("deployments", []).append(problem)
            days.append(day)
            row[key] = day.isoformat() if day else ""
        if days[0] and days[1] and days[1] < days[0]:
            errors.setdefault("deployments", []).append(
                _("A deployment cannot end before it starts.")
            )
        cleaned.append(row)
    return cleaned


class StepTooEarly(Exception):
    """The step follows one that has not arrived yet (federation retries it later)."""


def step_problem(request: AssistanceRequest, agency_id: int, kind: str) -> str:
    """Why ``agency`` cannot take a ``kind`` step now, or "" when it can."""
    if kind not in STEP_RULES:
        return _("Unknown step.")
    allowed, side = STEP_RULES[kind]
    if side == "requester" and agency_id != request.requester_id:
        return _("Only the requesting agency can take this step.")
    if side == "provider" and agency_id != request.provider_id:
        return _("Only the providing agency can take this step.")
    if side == "both" and agency_id not in (request.requester_id, request.provider_id):
        return _("Only the two agencies of the request can take this step.")
    if request.status not in allowed:
        if ORDER.index(S(request.status)) < min(ORDER.index(S(a)) for a in allowed):
            raise StepTooEarly(kind)
        return _("This step is not possible in the request's present state (%(status)s).") % {
            "status": S(request.status).label
        }
    if kind == StepKind.AGREED and _agreements(request).get(agency_id):
        return _("Your agency has already agreed to this offer.")
    return ""


def _latest_offer(request: AssistanceRequest) -> AssistanceStep | None:
    return request.steps.filter(kind=StepKind.OFFERED).order_by("-at", "-pk").first()


def _agreements(request: AssistanceRequest) -> dict[int, AssistanceStep]:
    """The agreements to the latest offer, by agency."""
    offer = _latest_offer(request)
    if offer is None:
        return {}
    steps = request.steps.filter(kind=StepKind.AGREED, offer_ref=offer.id)
    return {step.agency_id: step for step in steps}


def agreed_by(request: AssistanceRequest, agency_id: int | None) -> bool:
    return agency_id in _agreements(request)


def step_apply(request: AssistanceRequest, step: AssistanceStep) -> None:
    """Move the request's status after ``step`` (already saved); the same on both nodes."""
    status = request.status
    if step.kind == StepKind.OFFERED:
        status = S.OFFERED
    elif step.kind == StepKind.AGREED:
        agreed = _agreements(request)
        if request.requester_id in agreed and request.provider_id in agreed:
            status = S.AGREED
    elif step.kind == StepKind.MILESTONE:
        status = S.IN_DELIVERY
    elif step.kind == StepKind.CLOSED:
        status = S.CLOSED
        request.rating = step.rating
    request.status = status
    request.updated_at = clock.now()
    request.save(update_fields=["status", "rating", "updated_at"])


def _notify_other_side(request: AssistanceRequest, step: AssistanceStep) -> None:
    notify(
        users_holding(HANDLE_ASSISTANCE),
        NoticeKind.ASSISTANCE_STEP,
        request,
        url=reverse("training:assistance_detail", args=[request.id]),
        # The request's own words only: the notice is read later, in the reader's language.
        text=request.title[:300],
    )


def _take_step(
    acting_user: Any, request: AssistanceRequest, kind: str, **fields: Any
) -> AssistanceStep:
    agency = own()
    with transaction.atomic():
        # Lock the request first: a partner's step arriving at the same moment waits, so
        # each transaction sees the other's agreement (PostgreSQL reads committed rows).
        locked = AssistanceRequest.objects.select_for_update().get(pk=request.pk)
        try:
            problem = step_problem(locked, agency.pk, kind)
        except StepTooEarly:
            problem = _(
                "This step is not possible in the request's present state (%(status)s)."
            ) % {"status": S(locked.status).label}
        if problem:
            raise ValidationError({"status": [problem]})
        step = AssistanceStep.objects.create(
            request=locked, agency=agency, kind=kind, author=acting_user, at=clock.now(), **fields
        )
        step_apply(locked, step)
        audit_record(
            acting_user,
            TrainingAction.ASSISTANCE_STEP,
            target=locked,
            extra={"step": kind, "status": locked.status},
        )
        federation.share_step(step)
    request.status, request.rating = locked.status, locked.rating
    return step


def assistance_request(
    *,
    acting_user: Any,
    kind: str,
    description: str,
    provider: Agency | None,
    need_by: Any,
    title: str = "",
    priority: str = Priority.NORMAL,
    success_criteria: str = "",
    event_id: Any = None,
) -> AssistanceRequest:
    """Ask a partner agency for technical assistance; the request starts in needs assessment."""
    require_perm(acting_user, HANDLE_ASSISTANCE)
    errors: dict[str, list[str]] = {}
    if kind not in AssistanceKind.values:
        errors["kind"] = [_("Choose a kind of assistance from the list.")]
    description = text(
        errors,
        "description",
        description,
        bounds.MAX_LONG_TEXT,
        required=True,
        message=_("Describe the need."),
    )
    title = text(errors, "title", title, bounds.MAX_NAME) or description[:80]
    if provider is None or provider.is_own:
        errors["provider"] = [_("Choose the partner agency asked for assistance.")]
    if not isinstance(need_by, dt.date):
        errors["need_by"] = [_("Give a date.")]
    elif not bounds.today() <= need_by <= bounds.today() + dt.timedelta(days=366 * 5):
        errors["need_by"] = [_("The need-by date is between today and five years from now.")]
    if priority not in Priority.values:
        errors["priority"] = [_("Choose a priority.")]
    success_criteria = text(errors, "success_criteria", success_criteria, bounds.MAX_LONG_TEXT)
    if errors:
        raise ValidationError(errors)
    assert provider is not None
    now = clock.now()
    with transaction.atomic():
        request = AssistanceRequest.objects.create(
            requester=own(),
            provider=provider,
            kind=kind,
            title=title,
            description=description,
            need_by=need_by,
            priority=priority,
            success_criteria=success_criteria,
            event_id=event_id,
            created_by=acting_user,
            created_at=now,
            updated_at=now,
        )
        audit_record(
            acting_user,
            TrainingAction.ASSISTANCE_REQUEST,
            target=request,
            recipient=provider.code,
            extra={"kind": kind},
        )
        federation.share_assistance(request)
        step = AssistanceStep.objects.create(
            request=request,
            agency=request.requester,
            kind=StepKind.REQUESTED,
            text=description[:300],
            author=acting_user,
            at=now,
        )
        federation.share_step(step)
    return request


def assistance_offer(
    *,
    acting_user: Any,
    request: AssistanceRequest,
    what: str,
    when: str = "",
    by_whom: str = "",
    cost: str = "",
    deployments: Any = None,
) -> AssistanceStep:
    """The providing agency offers (what, when, by whom, cost if any, who is deployed)."""
    require_perm(acting_user, HANDLE_ASSISTANCE)
    errors: dict[str, list[str]] = {}
    what = text(
        errors,
        "what",
        what,
        bounds.MAX_LONG_TEXT,
        required=True,
        message=_("Say what the offer is."),
    )
    when = text(errors, "when", when, bounds.MAX_NAME)
    by_whom = text(errors, "by_whom", by_whom, bounds.MAX_NAME)
    cost = text(errors, "cost", cost, bounds.MAX_NAME)
    planned = deployments_clean(errors, deployments)
    if errors:
        raise ValidationError(errors)
    return _take_step(
        acting_user,
        request,
        StepKind.OFFERED,
        text=what,
        offer_when=when,
        offer_by=by_whom,
        cost=cost,
        deployments=planned,
    )


def assistance_agree(*, acting_user: Any, request: AssistanceRequest) -> AssistanceStep:
    """A supervisor agrees for the agency: never the one who made the request or the offer."""
    require_perm(acting_user, AGREE_ASSISTANCE)
    offer = _latest_offer(request)
    if acting_user.pk in (request.created_by_id, offer.author_id if offer else None):
        raise PermissionDenied(
            _("You made this request or this offer: another supervisor must agree.")
        )
    return _take_step(acting_user, request, StepKind.AGREED, offer_ref=offer.id if offer else None)


def assistance_deliver(
    *, acting_user: Any, request: AssistanceRequest, milestone: str, deployments: Any = None
) -> AssistanceStep:
    """The providing agency records a delivery milestone (and who it deployed)."""
    require_perm(acting_user, HANDLE_ASSISTANCE)
    errors: dict[str, list[str]] = {}
    milestone = text(
        errors,
        "milestone",
        milestone,
        bounds.MAX_LONG_TEXT,
        required=True,
        message=_("Describe what was delivered."),
    )
    deployed = deployments_clean(errors, deployments)
    if errors:
        raise ValidationError(errors)
    return _take_step(
        acting_user, request, StepKind.MILESTONE, text=milestone, deployments=deployed
    )


def assistance_close(
    *, acting_user: Any, request: AssistanceRequest, rating: Any, comment: str = ""
) -> AssistanceStep:
    """The requesting agency closes the request: was the need met, 1 to 5, and a comment."""
    require_perm(acting_user, HANDLE_ASSISTANCE)
    errors: dict[str, list[str]] = {}
    value = number(errors, "rating", rating, 1, 5)
    comment = text(errors, "comment", comment, bounds.MAX_LONG_TEXT)
    if errors:
        raise ValidationError(errors)
    return _take_step(acting_user, request, StepKind.CLOSED, text=comment, rating=value)


def step_received(request: AssistanceRequest, step: AssistanceStep) -> None:
    """A partner's step arrived (federation): apply it and tell our people."""
    step_apply(request, step)
    _notify_other_side(request, step)
