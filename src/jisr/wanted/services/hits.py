"""Hits"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from jisr.accounts.models import User
from jisr.accounts.roles import Role
from jisr.audit.actions import AuditAction
from jisr.audit.services import audit_record
from jisr.core import bounds, clock
from jisr.core.access import require_perm
from jisr.core.deadlines import deadline_fields
from jisr.notices.services import notify
from jisr.wanted.federation import HIT_OUTCOME, HIT_REPORTED, HIT_RESPONSE, send_hit
from jisr.wanted.models import Alert, Hit, Screening
from jisr.wanted.permissions import ANSWER_HIT, HANDLE_HITS, SCREEN_PERSONS
from jisr.wanted.reference import (
    LOCATING_OUTCOMES,
    URGENT_NOTICE_KINDS,
    HitAction,
    HitOutcome,
    HitStatus,
    NoticeKind,
    Status,
    hit_deadline_hours,
)
from jisr.wanted.services.alerts import _unreplicate
from jisr.wanted.services.common import _bump, _own
from jisr.wanted.services.screening import _set_decision

# -- hits -----------------------------------------------------------------------------


def _notify(users: Any, kind: str, hit: Hit) -> None:
    """Tell ``users`` (a list or a queryset) about ``hit`` (jisr.notices).

    Hits run against a 12-hour deadline, so the urgent kinds also send a pointer-only
    e-mail with the deadline (JISR_HIT_EMAIL); the reply kinds say no deadline.
    """
    notify(
        users,
        kind,
        hit,
        url=reverse("wanted:hit_detail", args=[hit.pk]),
        urgent=kind in URGENT_NOTICE_KINDS,
        text=hit.location,
        due_at=None if kind == NoticeKind.HIT_RESPONSE else hit.deadline,
    )


def _handlers() -> Any:
    return User.objects.filter(
        is_active=True, agency__is_own=True, groups__name=Role.LIAISON_OFFICER
    ).distinct()


def hit_report(
    *,
    acting_user: User,
    alert_id: str,
    circumstances: str,
    location: str,
    seen_at: dt.datetime | None = None,
    document_seen: str = "",
    screening: Screening | None = None,
    subject: int | None = None,
) -> Hit:
    """Confirm a candidate: record the hit and tell the alert's owner (``hit.reported``)."""
    require_perm(acting_user, HANDLE_HITS, _("You may not report hits."))
    errors: dict[str, str] = {}
    if not (circumstances or "").strip():
        errors["circumstances"] = _("Describe the circumstances.")
    if not (location or "").strip():
        errors["location"] = _("Say where the person was seen.")
    for key, value, limit in (
        ("circumstances", circumstances or "", bounds.MAX_LONG_TEXT),
        ("location", location or "", bounds.MAX_SHORT_TEXT),
        ("document_seen", document_seen or "", bounds.MAX_SHORT_TEXT),
    ):
        if problem := bounds.text_problem(value, limit):
            errors[key] = problem
    if seen_at is not None and (problem := bounds.not_future_problem(seen_at)):
        errors["seen_at"] = problem
    alert_uuid = _uuid_or_none(alert_id)
    if alert_uuid.int == 0:
        errors["alert_id"] = _("This is not an alert id.")
    if errors:
        raise ValidationError(errors)
    alert = (
        Alert.objects.select_related("owner").filter(pk=alert_uuid, status=Status.ACTIVE).first()
    )
    if alert is None:
        raise ValidationError({"alert_id": _("No active alert has this id.")})
    if screening is not None:
        require_perm(
            acting_user, SCREEN_PERSONS, _("This screening belongs to someone else."), obj=screening
        )
    own = _own()
    now = clock.now()
    subject_data: dict[str, Any] = {}
    if screening is not None and subject is not None and 0 <= subject < len(screening.subjects):
        subject_data = screening.subjects[subject]
    local = alert.owner_id == own.pk
    with transaction.atomic():
        hit = Hit.objects.create(
            direction=Hit.Direction.INCOMING if local else Hit.Direction.OUTGOING,
            alert_ref=alert.id,
            alert=alert,
            alert_names=alert.names,
            owner_code=alert.owner.code,
            reporter_code=own.code,
            screening=screening,
            subject=subject_data,
            circumstances=circumstances.strip(),
            location=location.strip(),
            seen_at=seen_at or now,
            document_seen=(document_seen or "").strip(),
            reported_by=acting_user,
            reported_at=now,
            **deadline_fields(now, now + dt.timedelta(hours=hit_deadline_hours())),
        )
        if screening is not None and subject is not None:
            _set_decision(screening, subject, str(alert.id), "confirmed")
        audit_record(
            acting_user,
            AuditAction.HIT_REPORT,
            target=hit,
            recipient="" if local else alert.owner.code,
            extra={"alert_id": str(alert.id)},
        )
        if local:
            _notify(_handlers(), NoticeKind.HIT_RECEIVED, hit)
        else:
            send_hit(HIT_REPORTED, hit, alert.owner.code)
    return hit


def hit_respond(*, acting_user: User, hit: Hit, action: str, note: str = "") -> Hit:
    """The owner answers a hit with the action to take (``hit.response`` to the reporter)."""
    require_perm(acting_user, HANDLE_HITS, _("You may not answer hits."))
    require_perm(acting_user, ANSWER_HIT, _("Only the alert's owner answers a hit."), obj=hit)
    errors: dict[str, str] = {}
    if action not in HitAction.values:
        errors["action"] = _("Choose the action to take.")
    if hit.status != HitStatus.REPORTED:
        errors["status"] = _("This hit was already answered.")
    if errors:
        raise ValidationError(errors)
    now = clock.now()
    with transaction.atomic():
        hit.status = HitStatus.RESPONDED
        hit.response_action = action
        hit.response_note = (note or "").strip()
        hit.responded_at = now
        hit.save(update_fields=["status", "response_action", "response_note", "responded_at"])
        local = hit.reporter_code == hit.owner_code
        audit_record(
            acting_user,
            AuditAction.HIT_RESPOND,
            target=hit,
            recipient="" if local else hit.reporter_code,
            extra={"action": action},
        )
        if not local:
            send_hit(HIT_RESPONSE, hit, hit.reporter_code)
    return hit


def _uuid_or_none(value: Any) -> uuid.UUID:
    """The UUID in ``value``, or the nil UUID (which matches no row)."""
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError):
        return uuid.UUID(int=0)


def _apply_outcome(hit: Hit, outcome: str, note: str, actor: Any) -> None:
    hit.status = HitStatus.CLOSED
    hit.outcome = outcome
    hit.outcome_note = note
    hit.outcome_at = clock.now()
    hit.save(update_fields=["status", "outcome", "outcome_note", "outcome_at"])
    alert = hit.alert
    own_code = _own().code
    if (
        outcome in LOCATING_OUTCOMES
        and alert is not None
        and not alert.is_copy
        and hit.owner_code == own_code
        and alert.status == Status.ACTIVE
    ):
        alert.status = Status.LOCATED
        _bump(alert, "status")
        audit_record(actor, AuditAction.ALERT_LOCATED, target=alert, extra={"hit_id": str(hit.id)})
        _unreplicate(alert, actor, "located")


def hit_record_outcome(*, acting_user: User, hit: Hit, outcome: str, note: str = "") -> Hit:
    """Record what came of a hit, on both sides (``hit.outcome`` to the other agency).

    When the owner records located, arrested or surrendered, its alert is closed as
    located and withdrawn from partners.
    """
    require_perm(acting_user, HANDLE_HITS, _("You may not handle hits."))
    require_perm(acting_user, HANDLE_HITS, _("This hit concerns other agencies."), obj=hit)
    own = _own().code
    errors: dict[str, str] = {}
    if outcome not in HitOutcome.values:
        errors["outcome"] = _("Choose an outcome.")
    if hit.status == HitStatus.CLOSED:
        errors["status"] = _("This hit already has an outcome.")
    if errors:
        raise ValidationError(errors)
    note = (note or "").strip()
    other = hit.reporter_code if own == hit.owner_code else hit.owner_code
    with transaction.atomic():
        _apply_outcome(hit, outcome, note, acting_user)
        audit_record(
            acting_user,
            AuditAction.HIT_OUTCOME,
            target=hit,
            recipient="" if other == own else other,
            extra={"outcome": outcome},
        )
        if other != own:
            send_hit(HIT_OUTCOME, hit, other)
    return hit


# -- deadlines (registered in WantedConfig.deadlines, run by jisr.core.deadlines) ----------


def hits_awaiting_answer() -> Any:
    """Incoming hits still waiting for our answer: the rows the deadline sweep looks at."""
    return Hit.objects.filter(direction=Hit.Direction.INCOMING, status=HitStatus.REPORTED)


def hit_remind(hit: Hit, now: dt.datetime) -> None:
    """Half the time to answer has passed: remind the liaison officers."""
    _notify(_handlers(), NoticeKind.HIT_REMINDER, hit)
    audit_record("system", AuditAction.HIT_REMINDER, target=hit)


def hit_escalate(hit: Hit, now: dt.datetime) -> None:
    """The deadline has passed unanswered: escalate to the supervisors."""
    supervisors = User.objects.filter(
        is_active=True, agency__is_own=True, groups__name=Role.SUPERVISOR
    ).distinct()
    _notify(supervisors, NoticeKind.HIT_OVERDUE, hit)
    audit_record("system", AuditAction.HIT_ESCALATE, target=hit)
