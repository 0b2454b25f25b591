"""Nominations: four eyes on our side, only what is needed crosses, quota on the offering side."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from jisr.federation.models import OutboxEnvelope
from jisr.training import services
from jisr.training.models import Nomination
from tests.training.conftest import envelope, fr_nomination

pytestmark = pytest.mark.django_db


def _nominate(officer: Any, session: Any, name: str = "Karim Fictif") -> Nomination:
    return services.nomination_create(
        acting_user=officer,
        session=session,
        participant_name=name,
        rank="Commissaire",
        unit="Sûreté de Rabat (fictive)",
        language_level="B2",
        motivation="Internal reason that stays here",
    )


def test_a_nomination_waits_for_a_supervisor_and_nothing_leaves_before(
    officer: Any, fr_session: Any
) -> None:
    nomination = _nominate(officer, fr_session)
    assert nomination.status == "pending_approval"
    assert not OutboxEnvelope.objects.filter(body__record_type="training.nomination").exists()


def test_the_nominator_cannot_approve_their_own_nomination(
    supervisor: Any, fr_session: Any
) -> None:
    nomination = _nominate(supervisor, fr_session)
    with pytest.raises(PermissionDenied) as caught:
        services.nomination_approve(acting_user=supervisor, nomination=nomination)
    assert "another supervisor" in str(caught.value)
    nomination.refresh_from_db()
    assert nomination.status == "pending_approval"


def test_an_officer_without_the_supervisor_role_cannot_approve(
    officer: Any, make_user: Any, fr_session: Any
) -> None:
    from jisr.accounts.roles import Role

    other = make_user("ma.other", [Role.LIAISON_OFFICER])
    nomination = _nominate(officer, fr_session)
    with pytest.raises(PermissionDenied):
        services.nomination_approve(acting_user=other, nomination=nomination)


def test_once_approved_only_name_rank_unit_and_language_level_cross(
    officer: Any, supervisor: Any, fr_session: Any
) -> None:
    nomination = _nominate(officer, fr_session)
    services.nomination_approve(acting_user=supervisor, nomination=nomination)
    sent = OutboxEnvelope.objects.get(body__record_type="training.nomination")
    assert sent.recipient == "FR-DGPN"
    assert sent.body["body"]["participant"] == {
        "name": "Karim Fictif",
        "rank": "Commissaire",
        "unit": "Sûreté de Rabat (fictive)",
        "language_level": "B2",
    }
    assert "Internal reason" not in str(sent.body) and "ma.officer" not in str(sent.body)


def test_a_refusal_needs_a_reason_and_keeps_the_nomination_here(
    officer: Any, supervisor: Any, fr_session: Any
) -> None:
    nomination = _nominate(officer, fr_session)
    with pytest.raises(ValidationError):
        services.nomination_approve(acting_user=supervisor, nomination=nomination, approve=False)
    services.nomination_approve(
        acting_user=supervisor, nomination=nomination, approve=False, reason="Poste vacant"
    )
    nomination.refresh_from_db()
    assert nomination.status == "refused"
    assert not OutboxEnvelope.objects.filter(body__record_type="training.nomination").exists()


def test_the_offering_agencys_decision_comes_back(
    officer: Any, supervisor: Any, fr_session: Any
) -> None:
    from jisr.training.federation import handle_decision

    nomination = _nominate(officer, fr_session)
    services.nomination_approve(acting_user=supervisor, nomination=nomination)
    handle_decision(
        envelope(
            "training.nomination_decision",
            {"nomination": str(nomination.id), "status": "waitlisted", "reason": "Complet"},
        )
    )
    nomination.refresh_from_db()
    assert (nomination.status, nomination.decision_reason) == ("waitlisted", "Complet")


def test_we_cannot_nominate_to_our_own_session(supervisor: Any, ma_session: Any) -> None:
    with pytest.raises(PermissionDenied):
        _nominate(supervisor, ma_session)


def test_more_accepted_nominations_than_partner_seats_is_refused(
    supervisor: Any, ma_session: Any
) -> None:
    first, second, third = (fr_nomination(ma_session, n) for n in ("A Test", "B Test", "C Test"))
    for n in (first, second):
        services.nomination_decide(acting_user=supervisor, nomination=n, decision="accept")
    with pytest.raises(ValidationError) as caught:
        services.nomination_decide(acting_user=supervisor, nomination=third, decision="accept")
    assert "All 2 seats" in str(caught.value)
    third.refresh_from_db()
    assert third.status == "submitted"
    services.nomination_decide(
        acting_user=supervisor, nomination=third, decision="waitlist", reason="Liste d'attente"
    )
    third.refresh_from_db()
    assert third.status == "waitlisted"
    decision = OutboxEnvelope.objects.filter(type="training.nomination_decision").last()
    assert decision is not None and decision.body["status"] == "waitlisted"


def test_a_decline_without_a_reason_is_refused(supervisor: Any, ma_session: Any) -> None:
    nomination = fr_nomination(ma_session)
    with pytest.raises(ValidationError):
        services.nomination_decide(
            acting_user=supervisor, nomination=nomination, decision="decline"
        )
    nomination.refresh_from_db()
    assert nomination.status == "submitted"


def test_a_partner_cannot_nominate_to_a_session_not_opened_to_it(
    supervisor: Any, ma_session: Any
) -> None:
    from jisr.federation.registry import PermanentEnvelopeError

    ma_session.partner = None
    ma_session.save()
    with pytest.raises(PermanentEnvelopeError):
        fr_nomination(ma_session)
