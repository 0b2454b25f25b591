"""The standing risk register: record, change and assess risks (every write audited)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from jisr.audit.services import audit_record
from jisr.core import bounds, clock
from jisr.core.access import require_perm
from jisr.risks import federation
from jisr.risks.actions import RiskAction
from jisr.risks.models import CrimeArea, Mitigation, Risk, RiskAssessment, RiskReview, Trend
from jisr.risks.permissions import CHANGE_RISK, MANAGE_RISKS

TEXT_FIELDS = tuple(
    f"{stem}_{code}" for stem in ("title", "description") for code in ("ar", "fr", "en")
)
MAX_PLACES = 30


def _score_problem(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
        return _("Give a whole number from 1 to 5.")
    return ""


def _places(value: Any) -> list[str]:
    if isinstance(value, str):
        value = value.replace("\n", ",").split(",")
    items = [str(v).strip() for v in value or [] if str(v).strip()]
    return list(dict.fromkeys(items))


def _clean(data: dict[str, Any], *, partial: bool = False) -> dict[str, Any]:
    """The risk fields of ``data`` checked against their bounds; a ValidationError otherwise."""
    errors: dict[str, str] = {}
    clean: dict[str, Any] = {}
    for name in TEXT_FIELDS:
        if name in data:
            limit = 200 if name.startswith("title") else bounds.MAX_LONG_TEXT
            text = str(data[name] or "").strip()
            problem = bounds.text_problem(text, limit)
            if problem:
                errors[name] = problem
            clean[name] = text
    if not partial and not any(clean.get(f"title_{code}") for code in ("ar", "fr", "en")):
        errors["title"] = _("Give the risk a title in at least one language.")
    for name in ("likelihood", "impact"):
        if name in data or not partial:
            problem = _score_problem(data.get(name))
            if problem:
                errors[name] = problem
            clean[name] = data.get(name)
    if "crime_area" in data or not partial:
        if data.get("crime_area") not in CrimeArea.values:
            errors["crime_area"] = _("Choose a crime area from the list.")
        clean["crime_area"] = data.get("crime_area")
    if "trend" in data:
        if data["trend"] not in Trend.values:
            errors["trend"] = _("Choose rising, stable or falling.")
        clean["trend"] = data["trend"]
    for name in ("countries", "regions", "routes", "border_crossings"):
        if name in data:
            items = _places(data[name])
            if len(items) > MAX_PLACES or any(len(i) > 100 for i in items):
                errors[name] = _("At most %(n)d places of 100 characters each.") % {"n": MAX_PLACES}
            if name == "countries":
                items = [i.upper() for i in items]
                if any(len(i) != 2 or not i.isalpha() for i in items):
                    errors[name] = _("Give countries as two-letter ISO codes (MA, FR, ES…).")
            clean[name] = items
    if "warning_signs" in data:
        text = str(data["warning_signs"] or "").strip()
        problem = bounds.text_problem(text, bounds.MAX_LONG_TEXT)
        if problem:
            errors["warning_signs"] = problem
        clean["warning_signs"] = text
    if "review_on" in data or not partial:
        review_on = data.get("review_on")
        today = bounds.today()
        if not isinstance(review_on, dt.date):
            errors["review_on"] = _("Give a review date.")
        elif not today - dt.timedelta(days=366) <= review_on <= today + dt.timedelta(days=3 * 366):
            errors["review_on"] = _("The review date must be within three years.")
        clean["review_on"] = review_on
    if "event" in data:
        clean["event"] = data["event"]
    if errors:
        raise ValidationError(errors)
    return clean


def _mitigations(items: Iterable[dict[str, Any]] | None) -> list[dict[str, Any]]:
    rows = []
    for item in list(items or [])[:50]:
        measure = str(item.get("measure") or "").strip()
        if not measure:
            continue
        if len(measure) > 300 or len(str(item.get("responsible") or "")) > 200:
            raise ValidationError({"mitigations": _("A measure has at most 300 characters.")})
        due_on = item.get("due_on")
        if due_on is not None and not isinstance(due_on, dt.date):
            raise ValidationError({"mitigations": _("Give each measure's date as a date.")})
        rows.append(
            {
                "measure": measure,
                "responsible": str(item.get("responsible") or "").strip(),
                "due_on": due_on,
                "done": bool(item.get("done")),
            }
        )
    return rows


def _review_deadline(risk: Risk, now: dt.datetime) -> None:
    """The review reminder: a week before the review date, overdue the day after it."""
    due = dt.datetime.combine(risk.review_on, dt.time(23, 59), tzinfo=dt.UTC)
    risk.due_at = due
    risk.remind_at = max(now, due - dt.timedelta(days=7))
    risk.reminded_at = risk.overdue_notified_at = risk.escalated_at = None


def risk_create(
    *, acting_user: Any, mitigations: Iterable[dict[str, Any]] | None = None, **data: Any
) -> Risk:
    """Record a standing risk owned by the user's agency and share it with every partner."""
    require_perm(acting_user, MANAGE_RISKS, _("You may not record risks."))
    fields = _clean(data)
    measures = _mitigations(mitigations)
    now = clock.now()
    with transaction.atomic():
        risk = Risk(
            owner_id=acting_user.agency_id,
            created_by=acting_user,
            created_at=now,
            updated_at=now,
            **fields,
        )
        _review_deadline(risk, now)
        risk.full_clean(exclude=["event"])
        risk.save()
        for m in measures:
            Mitigation.objects.create(risk=risk, **m)
        audit_record(acting_user, RiskAction.RISK_CREATE, target=risk)
        federation.share_risk(risk)
    return risk


def access_risk_for_update(risk_id: Any, user: Any) -> Risk:
    risk = Risk.objects.select_related("owner").filter(id=risk_id).first()
    if risk is None:
        from django.http import Http404

        raise Http404
    require_perm(
        user, CHANGE_RISK, _("Only the agency that owns this risk may change it."), obj=risk
    )
    return risk


def risk_update(
    *,
    acting_user: Any,
    risk: Risk,
    mitigations: Iterable[dict[str, Any]] | None = None,
    **data: Any,
) -> Risk:
    """Change (and review) the owner's risk; a new review date records a review."""
    require_perm(
        acting_user, CHANGE_RISK, _("Only the agency that owns this risk may change it."), obj=risk
    )
    fields = _clean(data, partial=True)
    measures = None if mitigations is None else _mitigations(mitigations)
    now = clock.now()
    with transaction.atomic():
        changes = {
            name: [str(getattr(risk, name)), str(value)]
            for name, value in fields.items()
            if getattr(risk, name) != value and name not in TEXT_FIELDS
        }
        changes.update(
            {
                name: ["…", "…"]
                for name in TEXT_FIELDS
                if name in fields and getattr(risk, name) != fields[name]
            }
        )
        old_review = risk.review_on
        for name, value in fields.items():
            setattr(risk, name, value)
        if "review_on" in fields and fields["review_on"] != old_review:
            RiskReview.objects.create(risk=risk, due_on=old_review, reviewed_at=now)
            _review_deadline(risk, now)
        risk.version += 1
        risk.updated_at = now
        risk.save()
        if measures is not None:
            risk.mitigations.all().delete()
            for m in measures:
                Mitigation.objects.create(risk=risk, **m)
        audit_record(acting_user, RiskAction.RISK_UPDATE, target=risk, extra={"changes": changes})
        federation.share_risk(risk)
    return risk


def risk_assess(
    *, acting_user: Any, risk: Risk, likelihood: Any, impact: Any, comment: str = ""
) -> RiskAssessment:
    """The user's agency's own score of a risk (its view beside the owner's)."""
    require_perm(acting_user, MANAGE_RISKS, _("You may not assess risks."))
    errors = {
        name: problem
        for name, value in (("likelihood", likelihood), ("impact", impact))
        if (problem := _score_problem(value))
    }
    comment = str(comment or "").strip()
    if problem := bounds.text_problem(comment, bounds.MAX_LONG_TEXT):
        errors["comment"] = problem
    if errors:
        raise ValidationError(errors)
    now = clock.now()
    with transaction.atomic():
        assessment = RiskAssessment.objects.filter(
            risk=risk, agency_id=acting_user.agency_id
        ).first()
        old = None
        if assessment is None:
            assessment = RiskAssessment(risk=risk, agency_id=acting_user.agency_id, version=1)
        else:
            old = [assessment.likelihood, assessment.impact]
            assessment.version += 1
        assessment.likelihood = likelihood
        assessment.impact = impact
        assessment.comment = comment
        assessment.assessed_by = acting_user.get_full_name() or acting_user.username
        assessment.assessed_at = now
        assessment.save()
        audit_record(
            acting_user,
            RiskAction.RISK_ASSESS,
            target=risk,
            extra={"changes": {"score": [old, [likelihood, impact]]}},
        )
        federation.share_assessment(assessment)
    return assessment


# -- the review reminder (declared on the AppConfig) -----------------------------------------


def risks_awaiting_review() -> Any:
    return Risk.objects.filter(owner__is_own=True)


def _reviewers(risk: Risk) -> list[Any]:
    from jisr.accounts.models import User
    from jisr.accounts.roles import Role

    users = list(
        User.objects.filter(
            is_active=True, agency__is_own=True, groups__name=Role.SUPERVISOR
        ).distinct()
    )
    if risk.created_by_id and risk.created_by and risk.created_by.is_active:
        users.append(risk.created_by)
    return users


def risk_review_remind(risk: Risk, now: dt.datetime) -> None:
    from django.urls import reverse

    from jisr.notices.services import notify
    from jisr.risks.notice_kinds import NoticeKind

    notify(
        _reviewers(risk),
        NoticeKind.RISK_REVIEW_DUE,
        risk,
        url=reverse("risks:risk_detail", args=[risk.id]),
        due_at=risk.due_at,
    )


def risk_review_overdue(risk: Risk, now: dt.datetime) -> None:
    from django.urls import reverse

    from jisr.notices.services import notify
    from jisr.risks.notice_kinds import NoticeKind

    notify(
        _reviewers(risk),
        NoticeKind.RISK_REVIEW_DUE,
        risk,
        url=reverse("risks:risk_detail", args=[risk.id]),
        urgent=True,
        due_at=risk.due_at,
    )
