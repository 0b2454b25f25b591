"""Writes of the action plan: actions, status changes, manual figures, reports, assessments.

Every write takes keyword-only arguments and the acting user, runs in one transaction with
its audit row, and, for what is shared, writes the replication envelope in that transaction.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from jisr.accounts.models import Agency
from jisr.audit.services import audit_record
from jisr.core import clock
from jisr.core.access import require_perm
from jisr.core.indicators import indicator_definitions
from jisr.plan import federation
from jisr.plan.actions import PlanAction
from jisr.plan.models import (
    LANGUAGES,
    Action,
    ActionStatus,
    ActionStatusChange,
    ManualIndicatorValue,
    Mechanism,
    MechanismAssessment,
    Pillar,
    Plan,
    Recommendation,
    Report,
)
from jisr.plan.permissions import CHANGE_ACTION, STEER_PLAN

MAX_TITLE = 300
MAX_DESCRIPTION = 5000
MAX_COMMENT = 2000
FIRST_YEAR = 2000
LAST_YEAR = 2100
MAX_REPORT_DAYS = 12 * 366


def clean_texts(value: Any, field: str, limit: int, *, required: bool) -> dict[str, str]:
    """``{"ar"|"fr"|"en": text}`` from a dict or a plain text (taken as the user's language)."""
    from django.utils.translation import get_language

    if isinstance(value, str):
        value = {(get_language() or "en")[:2]: value}
    if not isinstance(value, dict):
        raise ValidationError({field: _("Give the text, or a text per language (ar, fr, en).")})
    out: dict[str, str] = {}
    for lang, text in value.items():
        if lang not in LANGUAGES or not isinstance(text, str):
            raise ValidationError({field: _("Languages are ar, fr and en.")})
        text = text.strip()
        if len(text) > limit:
            raise ValidationError(
                {field: _("At most %(n)d characters per language.") % {"n": limit}}
            )
        if text:
            out[lang] = text
    if required and not out:
        raise ValidationError({field: _("This text is required.")})
    return out


def _check_period(
    errors: dict[str, str],
    period_from: dt.date | None,
    period_to: dt.date | None,
    *,
    report: bool = False,
) -> None:
    """A period's problems go to ``errors``; its order (and, for a ``report``, its length)
    is checked only when nothing else is wrong."""
    for name, day in (("period_from", period_from), ("period_to", period_to)):
        if problem := _date_problem(day):
            errors[name] = problem
    if not errors and period_from and period_to:
        if period_to < period_from:
            errors["period_to"] = _("The end cannot be before the start.")
        elif report and (period_to - period_from).days > MAX_REPORT_DAYS:
            errors["period_to"] = _("A report covers at most twelve years.")


def _require_lead(acting_user: Any, action: Action) -> None:
    """Only the lead agency's steering members, on its node, change an action."""
    require_perm(
        acting_user,
        CHANGE_ACTION,
        _("Only the lead agency's steering members change this action, on its own node."),
        obj=action,
    )


def _clean_title(title: Any, errors: dict[str, str]) -> dict[str, str]:
    """The title's texts by language; a problem goes to ``errors`` (and no texts)."""
    try:
        return clean_texts(title, "title", MAX_TITLE, required=True)
    except ValidationError as exc:
        errors.update({k: v[0] for k, v in exc.message_dict.items()})
        return {}


def _check_binding(code: str, granularity: str, target: float | None) -> None:
    """Refuse an indicator binding this node cannot compute, or an out-of-range target."""
    from jisr.plan.models import Granularity

    errors: dict[str, str] = {}
    if code not in indicator_definitions():
        errors["code"] = _("Choose an indicator this node computes.")
    if granularity not in Granularity.values:
        errors["granularity"] = _("The period is a month, a quarter or a year.")
    if target is not None and (target != target or not -1e9 <= target <= 1e9):
        errors["target"] = _("Enter a number between %(min)s and %(max)s.") % {
            "min": "-1000000000",
            "max": "1000000000",
        }
    if errors:
        raise ValidationError(errors)


def _date_problem(value: dt.date | None) -> str:
    if value is None:
        return _("Give a date.")
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        return _("The date must be between %(a)d and %(b)d.") % {"a": FIRST_YEAR, "b": LAST_YEAR}
    return ""


def _history(action: Action, *, to_status: str, comment: str, by: Any, at: dt.datetime) -> None:
    last = action.history.order_by("-position").first()
    ActionStatusChange.objects.create(
        action=action,
        position=(last.position + 1) if last else 1,
        from_status=last.to_status if last else "",
        to_status=to_status,
        comment=comment,
        by_name=by.get_username() if hasattr(by, "get_username") else str(by),
        by_agency=by.agency.code if getattr(by, "agency", None) else "",
        at=at,
    )


def action_create(
    *,
    acting_user: Any,
    plan: Plan,
    pillar_id: Any,
    title: Any,
    description: Any = "",
    counterpart: str | None = None,
    counterpart_unit: str = "",
    starts_on: dt.date | None,
    due_on: dt.date | None,
    comment: str = "",
) -> Action:
    """Add an action led by the user's agency to a pillar of the plan; it is shared at once."""
    require_perm(acting_user, STEER_PLAN, _("Only members of the steering committee may do this."))
    lead = acting_user.agency
    if lead is None or not lead.is_own or lead.code not in plan.parties:
        raise PermissionDenied(_("Only a party's steering members add actions to this plan."))
    errors: dict[str, str] = {}
    pillar = Pillar.objects.filter(plan=plan, pk=pillar_id).first() if pillar_id else None
    if pillar is None:
        errors["pillar"] = _("Choose a pillar of this plan.")
    try:
        titles = clean_texts(title, "title", MAX_TITLE, required=True)
    except ValidationError as exc:
        errors.update({k: v[0] for k, v in exc.message_dict.items()})
        titles = {}
    try:
        descriptions = clean_texts(
            description or {}, "description", MAX_DESCRIPTION, required=False
        )
    except ValidationError as exc:
        errors.update({k: v[0] for k, v in exc.message_dict.items()})
        descriptions = {}
    partner = None
    if counterpart:
        partner = Agency.objects.filter(code=counterpart).exclude(pk=lead.pk).first()
        if partner is None or partner.code not in plan.parties:
            errors["counterpart"] = _("The counterpart is another party to the plan.")
    if len(counterpart_unit or "") > 200:
        errors["counterpart_unit"] = _("At most %(n)d characters.") % {"n": 200}
    for name, value in (("starts_on", starts_on), ("due_on", due_on)):
        if problem := _date_problem(value):
            errors[name] = problem
    if not errors and starts_on and due_on and due_on < starts_on:
        errors["due_on"] = _("The due date cannot be before the start.")
    if len(comment or "") > MAX_COMMENT:
        errors["comment"] = _("At most %(n)d characters.") % {"n": MAX_COMMENT}
    if errors:
        raise ValidationError(errors)
    assert pillar is not None and starts_on is not None and due_on is not None
    now = clock.now()
    with transaction.atomic():
        number = plan.actions.filter(pillar=pillar).count() + 1
        code = f"{pillar.number}.{number}"
        while plan.actions.filter(code=code).exists():
            number += 1
            code = f"{pillar.number}.{number}"
        action = Action.objects.create(
            plan=plan,
            pillar=pillar,
            code=code,
            title=titles,
            description=descriptions,
            lead=lead,
            counterpart=partner,
            counterpart_unit=(counterpart_unit or "").strip(),
            starts_on=starts_on,
            due_on=due_on,
            created_at=now,
            updated_at=now,
        )
        _history(
            action,
            to_status=ActionStatus.PLANNED,
            comment=(comment or "").strip() or _("Action added to the plan."),
            by=acting_user,
            at=now,
        )
        audit_record(acting_user, PlanAction.ACTION_CREATE, target=action)
        federation.share_action(action)
    return action


def action_set_status(*, acting_user: Any, action: Action, status: str, comment: str) -> Action:
    """Change the status of an action the user's agency leads; the comment is required."""
    _require_lead(acting_user, action)
    errors: dict[str, str] = {}
    if status not in ActionStatus.values:
        errors["status"] = _("Choose one of: %(values)s.") % {
            "values": ", ".join(ActionStatus.values)
        }
    elif status == action.status:
        errors["status"] = _("The action already has this status.")
    comment = (comment or "").strip()
    if not comment:
        errors["comment"] = _("Say why the status changes.")
    elif len(comment) > MAX_COMMENT:
        errors["comment"] = _("At most %(n)d characters.") % {"n": MAX_COMMENT}
    if errors:
        raise ValidationError(errors)
    now = clock.now()
    with transaction.atomic():
        old = action.status
        action.status = status
        action.version += 1
        action.updated_at = now
        action.save(update_fields=["status", "version", "updated_at"])
        _history(action, to_status=status, comment=comment, by=acting_user, at=now)
        audit_record(
            acting_user,
            PlanAction.ACTION_STATUS,
            target=action,
            justification=comment,
            extra={"changes": {"status": [old, status]}},
        )
        federation.share_action(action)
    return action


def manual_value_enter(
    *,
    acting_user: Any,
    code: str,
    period_start: dt.date,
    period_end: dt.date,
    value: float,
    note: str = "",
) -> ManualIndicatorValue:
    """Enter the figure of an indicator marked manual; it shows who entered it and when."""
    require_perm(acting_user, STEER_PLAN, _("Only members of the steering committee may do this."))
    definition = indicator_definitions().get(code)
    errors: dict[str, str] = {}
    if definition is None or not definition.manual:
        errors["code"] = _("Only an indicator marked manual takes a typed figure.")
    for name, day in (("period_start", period_start), ("period_end", period_end)):
        if problem := _date_problem(day):
            errors[name] = problem
    if not errors and period_end < period_start:
        errors["period_end"] = _("The end cannot be before the start.")
    if not -1e9 <= float(value) <= 1e9 or value != value:
        errors["value"] = _("Enter a number between %(min)s and %(max)s.") % {
            "min": "-1000000000",
            "max": "1000000000",
        }
    if len(note or "") > 300:
        errors["note"] = _("At most %(n)d characters.") % {"n": 300}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        row = ManualIndicatorValue.objects.create(
            code=code,
            period_start=period_start,
            period_end=period_end,
            value=float(value),
            note=(note or "").strip(),
            entered_by=acting_user,
            entered_at=clock.now(),
        )
        audit_record(
            acting_user,
            PlanAction.MANUAL_VALUE,
            target=("plan.manualindicatorvalue", str(row.pk)),
            extra={"code": code, "from": str(period_start), "to": str(period_end)},
        )
    return row


def report_request(
    *,
    acting_user: Any,
    plan: Plan,
    period_from: dt.date | None,
    period_to: dt.date | None,
    language: str,
    fmt: str,
) -> Report:
    """Queue an evaluation report; the worker generates it (``plan.tasks``)."""
    require_perm(acting_user, STEER_PLAN, _("Only members of the steering committee may do this."))
    errors: dict[str, str] = {}
    _check_period(errors, period_from, period_to, report=True)
    if language not in LANGUAGES:
        errors["language"] = _("The language is ar, fr or en.")
    if fmt not in Report.Format.values:
        errors["format"] = _("The format is pdf or xlsx.")
    if errors:
        raise ValidationError(errors)
    assert period_from is not None and period_to is not None
    with transaction.atomic():
        report = Report.objects.create(
            plan=plan,
            period_from=period_from,
            period_to=period_to,
            language=language,
            format=fmt,
            requested_by=acting_user,
            requested_at=clock.now(),
        )
        audit_record(
            acting_user,
            PlanAction.REPORT_REQUEST,
            target=report,
            extra={"from": str(period_from), "to": str(period_to), "format": fmt},
        )
    return report


def report_downloaded(*, acting_user: Any, report: Report) -> None:
    with transaction.atomic():
        audit_record(acting_user, PlanAction.REPORT_DOWNLOAD, target=report)


def assessment_create(
    *,
    acting_user: Any,
    plan: Plan,
    mechanism: str,
    period_from: dt.date | None,
    period_to: dt.date | None,
    rating: str,
    assessment: str,
    recommendations: list[str],
) -> MechanismAssessment:
    """Record the committee's assessment of a mechanism, with its recommendations."""
    require_perm(acting_user, STEER_PLAN, _("Only members of the steering committee may do this."))
    errors: dict[str, str] = {}
    if mechanism not in Mechanism.values:
        errors["mechanism"] = _("Choose a mechanism.")
    if rating not in MechanismAssessment.Rating.values:
        errors["rating"] = _("Choose a rating.")
    _check_period(errors, period_from, period_to)
    assessment = (assessment or "").strip()
    if not assessment:
        errors["assessment"] = _("Write the assessment.")
    elif len(assessment) > MAX_DESCRIPTION:
        errors["assessment"] = _("At most %(n)d characters.") % {"n": MAX_DESCRIPTION}
    texts = [text.strip() for text in recommendations if text and text.strip()]
    if len(texts) > 20 or any(len(text) > 500 for text in texts):
        errors["recommendations"] = _("At most 20 recommendations of 500 characters each.")
    if errors:
        raise ValidationError(errors)
    assert period_from is not None and period_to is not None
    with transaction.atomic():
        row = MechanismAssessment.objects.create(
            plan=plan,
            mechanism=mechanism,
            period_from=period_from,
            period_to=period_to,
            rating=rating,
            assessment=assessment,
            agency=acting_user.agency,
            assessed_by=acting_user,
            assessed_at=clock.now(),
        )
        for position, text in enumerate(texts):
            Recommendation.objects.create(assessment=row, position=position, text=text)
        audit_record(
            acting_user, PlanAction.ASSESSMENT_CREATE, target=row, extra={"mechanism": mechanism}
        )
    return row


def recommendation_to_action(
    *, acting_user: Any, recommendation: Recommendation, due_on: dt.date | None = None
) -> Action:
    """Make a recommendation a new action of the evaluation pillar, led by the user's agency."""
    assessment = recommendation.assessment
    if recommendation.action_id is not None:
        raise ValidationError({"recommendation": _("This recommendation is already an action.")})
    plan = assessment.plan
    pillar = (
        plan.pillars.filter(key="evaluation").first() or plan.pillars.order_by("-number").first()
    )
    today = clock.now().date()
    with transaction.atomic():
        action = action_create(
            acting_user=acting_user,
            plan=plan,
            pillar_id=pillar.pk if pillar else None,
            title=recommendation.text[:MAX_TITLE],
            description=assessment.assessment[:MAX_DESCRIPTION],
            starts_on=today,
            due_on=due_on or min(plan.ends_on, today + dt.timedelta(days=180)),
            comment=_("From the assessment of the mechanism: %(m)s")
            % {"m": assessment.get_mechanism_display()},
        )
        recommendation.action = action
        recommendation.save(update_fields=["action"])
        audit_record(acting_user, PlanAction.RECOMMENDATION_ACTION, target=action)
    return action


def _check_evidence(kind: str, ref: str) -> str:
    """A problem with the evidence of a milestone, or ""."""
    from jisr.core.access import parse_uuid
    from jisr.plan.models import EvidenceKind

    if kind and kind not in EvidenceKind.values:
        return _("Choose a kind of evidence.")
    if len(ref) > 500:
        return _("At most %(n)d characters.") % {"n": 500}
    if kind == EvidenceKind.DOCUMENT and ref and not ref.startswith(("https://", "http://")):
        return _("A document is given by its address (https://…).")
    if kind and kind != EvidenceKind.DOCUMENT and ref and parse_uuid(ref) is None:
        return _("Give the identifier of the working group, event or training session.")
    if ref and not kind:
        return _("Choose a kind of evidence.")
    return ""


def _bump(action: Action) -> None:
    action.version += 1
    action.updated_at = clock.now()
    action.save(update_fields=["version", "updated_at"])


def milestone_add(
    *,
    acting_user: Any,
    action: Action,
    title: Any,
    due_on: dt.date | None,
    evidence_kind: str = "",
    evidence_ref: str = "",
) -> Any:
    """Add a milestone to an action the user's agency leads; the action is shared again."""
    from jisr.plan.models import Milestone

    _require_lead(acting_user, action)
    errors: dict[str, str] = {}
    titles = _clean_title(title, errors)
    if problem := _date_problem(due_on):
        errors["due_on"] = problem
    ref = (evidence_ref or "").strip()
    if problem := _check_evidence(evidence_kind or "", ref):
        errors["evidence_ref"] = problem
    if action.milestones.count() >= 50:
        errors["title"] = _("An action has at most 50 milestones.")
    if errors:
        raise ValidationError(errors)
    assert due_on is not None
    with transaction.atomic():
        milestone = Milestone.objects.create(
            action=action,
            title=titles,
            due_on=due_on,
            evidence_kind=evidence_kind or "",
            evidence_ref=ref,
        )
        _bump(action)
        audit_record(acting_user, PlanAction.MILESTONE_UPDATE, target=action)
        federation.share_action(action)
    return milestone


def milestone_reach(*, acting_user: Any, milestone: Any, reached_on: dt.date | None) -> Any:
    """Mark a milestone reached (or not, with no date) on an action the user's agency leads."""
    action = milestone.action
    _require_lead(acting_user, action)
    if reached_on is not None and (problem := _date_problem(reached_on)):
        raise ValidationError({"reached_on": problem})
    if reached_on is not None and reached_on > clock.now().date():
        raise ValidationError({"reached_on": _("A milestone cannot be reached in the future.")})
    with transaction.atomic():
        milestone.done_on = reached_on
        milestone.save(update_fields=["done_on"])
        _bump(action)
        audit_record(acting_user, PlanAction.MILESTONE_UPDATE, target=action)
        federation.share_action(action)
    return milestone


def binding_set(
    *,
    acting_user: Any,
    action: Action,
    code: str,
    target: float | None,
    granularity: str,
) -> Any:
    """Follow an indicator on an action the user's agency leads (or change its target)."""
    from jisr.plan.models import IndicatorBinding

    _require_lead(acting_user, action)
    _check_binding(code, granularity, target)
    with transaction.atomic():
        binding, _created = IndicatorBinding.objects.update_or_create(
            plan=action.plan,
            action=action,
            code=code,
            defaults={"target": target, "granularity": granularity, "pillar": None},
        )
        _bump(action)
        audit_record(acting_user, PlanAction.BINDING_SET, target=action, extra={"code": code})
        federation.share_action(action)
    return binding


# -- creating a plan, editing an action, a pillar's indicators ------------------------------

_UNSET: Any = object()
MAX_PARTIES = 20


def _merge_texts(current: Any, value: Any, field: str, limit: int, *, required: bool) -> Any:
    """A plain text replaces the user's language only; a dict replaces every language."""
    from django.utils.translation import get_language

    if isinstance(value, str):
        merged = dict(current or {})
        language = (get_language() or "en")[:2]
        text = value.strip()
        if len(text) > limit:
            raise ValidationError(
                {field: _("At most %(n)d characters per language.") % {"n": limit}}
            )
        if text:
            merged[language] = text
        else:
            merged.pop(language, None)
        if required and not merged:
            raise ValidationError({field: _("This text is required.")})
        return merged
    return clean_texts(value, field, limit, required=required)


def plan_create(
    *,
    acting_user: Any,
    title: Any,
    parties: list[str],
    signed_on: dt.date | None,
    starts_on: dt.date | None,
    ends_on: dt.date | None,
    status: str = "active",
) -> Plan:
    """Record a plan signed by our agency and its partners, with its seven pillars.

    The plan belongs to the user's agency (its node is authoritative for the plan, its
    pillars and their indicators) and is replicated at once to the other parties.
    """
    from django.utils.translation import override

    from jisr.plan.models import PillarKey, PlanStatus

    require_perm(acting_user, STEER_PLAN, _("Only members of the steering committee may do this."))
    owner = acting_user.agency
    if owner is None or not owner.is_own:
        raise PermissionDenied(_("Only a steering member of this node's agency records a plan."))
    errors: dict[str, str] = {}
    titles = _clean_title(title, errors)
    codes: list[str] = []
    if not isinstance(parties, list | tuple) or len(parties) > MAX_PARTIES:
        errors["parties"] = _("Give at most %(n)d agencies.") % {"n": MAX_PARTIES}
    else:
        codes = list(dict.fromkeys(str(code).strip()[:32] for code in parties if code))
        if owner.code not in codes:
            codes.insert(0, owner.code)
        known = set(Agency.objects.filter(code__in=codes).values_list("code", flat=True))
        unknown = [code for code in codes if code not in known]
        if unknown:
            errors["parties"] = _("Unknown agency: %(codes)s.") % {"codes": ", ".join(unknown)}
        elif len(codes) < 2:
            errors["parties"] = _("A plan has at least one partner agency.")
    for name, value in (("signed_on", signed_on), ("starts_on", starts_on), ("ends_on", ends_on)):
        if problem := _date_problem(value):
            errors[name] = problem
    if "starts_on" not in errors and "ends_on" not in errors and starts_on and ends_on:
        if ends_on < starts_on:
            errors["ends_on"] = _("The end cannot be before the start.")
        elif (ends_on - starts_on).days > MAX_REPORT_DAYS:
            errors["ends_on"] = _("A plan runs for at most twelve years.")
    if status not in PlanStatus.values:
        errors["status"] = _("Choose one of: %(values)s.") % {
            "values": ", ".join(PlanStatus.values)
        }
    if errors:
        raise ValidationError(errors)
    assert signed_on is not None and starts_on is not None and ends_on is not None
    now = clock.now()
    with transaction.atomic():
        plan = Plan.objects.create(
            owner=owner,
            title=titles,
            parties=codes,
            signed_on=signed_on,
            starts_on=starts_on,
            ends_on=ends_on,
            status=status,
            updated_at=now,
        )
        for number, key in enumerate(PillarKey.values, start=1):
            names = {}
            for language in LANGUAGES:
                with override(language):
                    names[language] = str(PillarKey(key).label)
            Pillar.objects.create(plan=plan, number=number, key=key, title=names)
        audit_record(acting_user, PlanAction.PLAN_CREATE, target=plan, extra={"parties": codes})
        federation.share_plan(plan)
    return plan


def action_update(
    *,
    acting_user: Any,
    action: Action,
    title: Any = _UNSET,
    description: Any = _UNSET,
    starts_on: Any = _UNSET,
    due_on: Any = _UNSET,
    counterpart: Any = _UNSET,
    counterpart_unit: Any = _UNSET,
    comment: str = "",
) -> Action:
    """Edit an action the user's agency leads; what changed goes to its history and audit.

    Only the fields given change. A plain text title or description changes the user's
    language only; ``{"ar", "fr", "en"}`` replaces them all. The action is shared again.
    """
    _require_lead(acting_user, action)
    errors: dict[str, str] = {}
    new: dict[str, Any] = {}
    for name, value, limit, required in (
        ("title", title, MAX_TITLE, True),
        ("description", description, MAX_DESCRIPTION, False),
    ):
        if value is _UNSET:
            continue
        try:
            new[name] = _merge_texts(
                getattr(action, name), value or "", name, limit, required=required
            )
        except ValidationError as exc:
            errors.update({k: v[0] for k, v in exc.message_dict.items()})
    for name, value in (("starts_on", starts_on), ("due_on", due_on)):
        if value is _UNSET:
            continue
        if problem := _date_problem(value):
            errors[name] = problem
        else:
            new[name] = value
    start = new.get("starts_on", action.starts_on)
    due = new.get("due_on", action.due_on)
    if "starts_on" not in errors and "due_on" not in errors and due < start:
        errors["due_on"] = _("The due date cannot be before the start.")
    if counterpart is not _UNSET:
        if counterpart:
            partner = (
                Agency.objects.filter(code=str(counterpart)[:32]).exclude(pk=action.lead_id).first()
            )
            if partner is None or partner.code not in action.plan.parties:
                errors["counterpart"] = _("The counterpart is another party to the plan.")
            else:
                new["counterpart"] = partner
        else:
            new["counterpart"] = None
    if counterpart_unit is not _UNSET:
        unit = (counterpart_unit or "").strip()
        if len(unit) > 200:
            errors["counterpart_unit"] = _("At most %(n)d characters.") % {"n": 200}
        else:
            new["counterpart_unit"] = unit
    comment = (comment or "").strip()
    if len(comment) > MAX_COMMENT:
        errors["comment"] = _("At most %(n)d characters.") % {"n": MAX_COMMENT}
    if errors:
        raise ValidationError(errors)
    changed = [name for name, value in new.items() if getattr(action, name) != value]
    if not changed:
        raise ValidationError({"title": _("Nothing was changed.")})
    labels = {
        "title": _("title"),
        "description": _("description"),
        "starts_on": _("start"),
        "due_on": _("due date"),
        "counterpart": _("counterpart"),
        "counterpart_unit": _("counterpart unit"),
    }
    summary = _("Edited: %(fields)s.") % {"fields": ", ".join(str(labels[n]) for n in changed)}
    now = clock.now()
    with transaction.atomic():
        for name in changed:
            setattr(action, name, new[name])
        action.version += 1
        action.updated_at = now
        action.save(update_fields=[*changed, "version", "updated_at"])
        _history(
            action,
            to_status=action.status,
            comment=f"{summary} {comment}".strip()[:MAX_COMMENT],
            by=acting_user,
            at=now,
        )
        audit_record(
            acting_user,
            PlanAction.ACTION_UPDATE,
            target=action,
            justification=comment,
            extra={"fields": changed},
        )
        federation.share_action(action)
    return action


def pillar_binding_set(
    *,
    acting_user: Any,
    pillar: Pillar,
    code: str,
    target: float | None,
    granularity: str,
) -> Any:
    """Follow an indicator on a pillar (or change its target); the plan is shared again.

    A pillar belongs to the agency that recorded the plan: only its steering members, on
    its node, change the pillar's indicators.
    """
    from jisr.plan.models import IndicatorBinding
    from jisr.plan.permissions import CHANGE_PLAN

    plan = pillar.plan
    require_perm(
        acting_user,
        CHANGE_PLAN,
        _("Only the steering members of the agency that recorded the plan change its pillars."),
        obj=plan,
    )
    _check_binding(code, granularity, target)
    with transaction.atomic():
        binding, _created = IndicatorBinding.objects.update_or_create(
            plan=plan,
            pillar=pillar,
            action=None,
            code=code,
            defaults={"target": target, "granularity": granularity},
        )
        plan.version += 1
        plan.updated_at = clock.now()
        plan.save(update_fields=["version", "updated_at"])
        audit_record(
            acting_user,
            PlanAction.BINDING_SET,
            target=plan,
            extra={"code": code, "pillar": pillar.number},
        )
        federation.share_plan(plan)
    return binding
