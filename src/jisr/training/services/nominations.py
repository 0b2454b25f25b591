"""Nominations: proposed and approved on the partner's node, decided on the offering node."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from jisr.audit.services import audit_record
from jisr.core import bounds, clock
from jisr.core.access import require_perm
from jisr.notices.services import notify
from jisr.training import federation
from jisr.training.actions import TrainingAction
from jisr.training.models import Nomination, TrainingSession
from jisr.training.permissions import (
    APPROVE_NOMINATION,
    APPROVE_NOMINATIONS,
    DECIDE_NOMINATION,
    NOMINATE,
    NOMINATE_TO_SESSION,
)
from jisr.training.reference import (
    DECISION_STATUS,
    Decision,
    LanguageLevel,
    NominationStatus,
    NoticeKind,
)
from jisr.training.services.common import own, reason_text, text, users_holding


def _url(nomination: Nomination) -> str:
    return reverse("training:session_detail", args=[nomination.session_id])


def nomination_create(
    *,
    acting_user: Any,
    session: TrainingSession,
    participant_name: str,
    rank: str,
    unit: str,
    language_level: str = "",
    motivation: str = "",
) -> Nomination:
    """Propose one of our officers for a partner's session; a supervisor approves it next."""
    require_perm(acting_user, NOMINATE)
    require_perm(
        acting_user,
        NOMINATE_TO_SESSION,
        _("This session is not open to nominations from your agency."),
        obj=session,
    )
    errors: dict[str, list[str]] = {}
    name = text(
        errors,
        "name",
        participant_name,
        bounds.MAX_NAME,
        required=True,
        message=_("Give the participant's name."),
    )
    rank = text(errors, "rank", rank, 100, required=True, message=_("Give the rank."))
    unit = text(errors, "unit", unit, bounds.MAX_NAME, required=True, message=_("Give the unit."))
    if language_level and language_level not in LanguageLevel.values:
        errors["language_level"] = [_("Choose a language level from the list.")]
    motivation = text(errors, "motivation", motivation, bounds.MAX_LONG_TEXT)
    if session.nomination_deadline and bounds.today() > session.nomination_deadline:
        errors["session"] = [_("The nomination deadline of this session has passed.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        nomination = Nomination.objects.create(
            session=session,
            agency=own(),
            participant_name=name,
            rank=rank,
            unit=unit,
            language_level=language_level,
            motivation=motivation,
            nominated_by=acting_user,
            created_at=clock.now(),
        )
        audit_record(
            acting_user,
            TrainingAction.NOMINATION_CREATE,
            target=nomination,
            extra={"session": str(session.id)},
        )
        approvers = users_holding(APPROVE_NOMINATIONS).exclude(pk=acting_user.pk)
        notify(approvers, NoticeKind.NOMINATION_TO_APPROVE, nomination, url=_url(nomination))
    return nomination


def nomination_approve(
    *, acting_user: Any, nomination: Nomination, approve: bool = True, reason: str = ""
) -> Nomination:
    """A supervisor who did not nominate approves (it leaves for the offering agency) or refuses."""
    require_perm(acting_user, APPROVE_NOMINATIONS)
    if (
        nomination.agency_id == acting_user.agency_id
        and nomination.nominated_by_id == acting_user.pk
    ):
        # Four eyes: the wrong person, not bad input (403, as a bulletin's or a message's author).
        raise PermissionDenied(
            _("You nominated this participant: another supervisor must approve.")
        )
    require_perm(
        acting_user,
        APPROVE_NOMINATION,
        _("Only a supervisor of the nominating agency can approve."),
        obj=nomination,
    )
    errors: dict[str, list[str]] = {}
    reason = reason_text(
        errors, reason, required=not approve, message=_("Say why the nomination is refused.")
    )
    if nomination.status != NominationStatus.PENDING_APPROVAL:
        errors["status"] = [_("This nomination was already approved or refused.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        nomination.approved_by = acting_user
        nomination.approved_at = clock.now()
        if approve:
            nomination.status = NominationStatus.SUBMITTED
        else:
            nomination.status = NominationStatus.REFUSED
            nomination.decision_reason = reason
        nomination.save(update_fields=["approved_by", "approved_at", "status", "decision_reason"])
        audit_record(
            acting_user,
            TrainingAction.NOMINATION_APPROVE if approve else TrainingAction.NOMINATION_REFUSE,
            target=nomination,
            justification=reason,
        )
        if approve:
            recipient = federation.send_nomination(nomination)
            if recipient:
                audit_record(
                    acting_user,
                    TrainingAction.NOMINATION_SEND,
                    target=nomination,
                    recipient=recipient,
                )
    return nomination


def nomination_decide(
    *, acting_user: Any, nomination: Nomination, decision: str, reason: str = ""
) -> Nomination:
    """The offering agency accepts, waitlists or declines; never more than the partner's seats."""
    require_perm(
        acting_user,
        DECIDE_NOMINATION,
        _("Only the offering agency decides on nominations."),
        obj=nomination,
    )
    errors: dict[str, list[str]] = {}
    if decision not in Decision.values:
        errors["decision"] = [_("Decide accept, waitlist or decline.")]
    reason = reason_text(
        errors,
        reason,
        required=decision in (Decision.DECLINE, Decision.WAITLIST),
        message=_("Give the reason for this decision."),
    )
    if nomination.status not in (
        NominationStatus.SUBMITTED,
        NominationStatus.WAITLISTED,
        NominationStatus.ACCEPTED,
    ):
        errors["status"] = [_("This nomination cannot be decided now.")]
    session = nomination.session
    if decision == Decision.ACCEPT and "status" not in errors:
        taken = (
            session.nominations.filter(status=NominationStatus.ACCEPTED)
            .exclude(pk=nomination.pk)
            .count()
        )
        if taken >= session.partner_seats:
            errors["decision"] = [
                _("All %(seats)d seats for the partner are taken: waitlist or decline.")
                % {"seats": session.partner_seats}
            ]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        # Lock the session so two decisions at once cannot both take the last seat.
        TrainingSession.objects.select_for_update().filter(pk=session.pk).first()
        if decision == Decision.ACCEPT:
            taken = (
                session.nominations.filter(status=NominationStatus.ACCEPTED)
                .exclude(pk=nomination.pk)
                .count()
            )
            if taken >= session.partner_seats:
                raise ValidationError(
                    {"decision": [_("All seats for the partner are taken: waitlist or decline.")]}
                )
        old = nomination.status
        nomination.status = DECISION_STATUS[Decision(decision)]
        nomination.decision_reason = reason
        nomination.decided_at = clock.now()
        nomination.save(update_fields=["status", "decision_reason", "decided_at"])
        audit_record(
            acting_user,
            TrainingAction.NOMINATION_DECIDE,
            target=nomination,
            justification=reason,
            recipient=nomination.agency.code,
            extra={"changes": {"status": [old, nomination.status]}},
        )
        federation.send_decision(nomination)
    return nomination
