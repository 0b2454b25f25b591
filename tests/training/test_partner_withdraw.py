"""A partner withdrawing its own training record cannot take ours with it.

Its session holds our nominations, its assistance request our steps, its nomination to our
session our attendance, evaluation and certificate: deleting the partner's copy would
delete (or unlink) those rows of ours, so the withdrawal is refused as ``not-owner`` and
nothing changes. Without rows of ours attached, the partner still withdraws its record.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from jisr.audit.models import AuditEntry
from jisr.core import bounds
from jisr.training import services
from jisr.training.models import (
    AssistanceRequest,
    AssistanceStep,
    Attendance,
    Certificate,
    Nomination,
    TrainingSession,
)
from tests.federation.support import FakePartner, encode, new_id, post_signed
from tests.training.conftest import fr_nomination, receive

pytestmark = pytest.mark.django_db


def _withdraw(partner: FakePartner, record_type: str, record_id: Any) -> Any:
    raw = encode(
        partner.envelope(
            "replica.withdraw",
            body={"record_type": record_type, "record_id": str(record_id), "version": 1000},
        )
    )
    return post_signed(Client(), raw, partner.sign(raw))


def _refused(response: Any) -> bool:
    refusal = AuditEntry.objects.filter(action="federation.reject").order_by("seq").last()
    return (
        response.status_code == 422
        and response.json()["reason"] == "not-owner"
        and refusal is not None
        and refusal.extra["reason"] == "not-owner"
    )


def test_withdrawing_its_session_would_delete_our_nominations_so_it_is_refused(
    fr_partner: FakePartner, fr_session: Any, officer: Any, supervisor: Any
) -> None:
    ours = services.nomination_create(
        acting_user=officer,
        session=fr_session,
        participant_name="Karim Fictif",
        rank="Commissaire",
        unit="Sûreté fictive",
    )
    services.nomination_approve(acting_user=supervisor, nomination=ours)
    assert _refused(_withdraw(fr_partner, "training.session", fr_session.id))
    assert Nomination.objects.get(id=ours.id).participant_name == "Karim Fictif"
    assert TrainingSession.objects.filter(id=fr_session.id).exists()


def test_a_partner_still_withdraws_its_session_when_none_of_ours_hangs_on_it(
    fr_partner: FakePartner, fr_session: Any
) -> None:
    assert _withdraw(fr_partner, "training.session", fr_session.id).status_code == 200
    assert not TrainingSession.objects.filter(id=fr_session.id).exists()


def test_withdrawing_its_nomination_would_delete_our_attendance_and_certificate(
    fr_partner: FakePartner, ma_session: Any, supervisor: Any
) -> None:
    theirs = fr_nomination(ma_session)
    services.nomination_decide(acting_user=supervisor, nomination=theirs, decision="accept")
    services.attendance_record(
        acting_user=supervisor,
        session=ma_session,
        day=ma_session.starts_on,
        present={str(theirs.id): True},
    )
    certificate = services.certificate_issue(acting_user=supervisor, nomination=theirs)
    assert _refused(_withdraw(fr_partner, "training.nomination", theirs.id))
    assert Attendance.objects.filter(nomination_id=theirs.id, present=True).count() == 1
    assert Certificate.objects.get(id=certificate.id).nomination_id == theirs.id


def test_a_partner_still_withdraws_a_nomination_we_have_not_acted_on(
    fr_partner: FakePartner, ma_session: Any
) -> None:
    theirs = fr_nomination(ma_session)
    assert _withdraw(fr_partner, "training.nomination", theirs.id).status_code == 200
    assert not Nomination.objects.filter(id=theirs.id).exists()


def test_moving_its_accepted_nomination_to_another_of_our_sessions_is_refused(
    fr_partner: FakePartner, ma_session: Any, supervisor: Any, start: dt.date
) -> None:
    from jisr.federation.registry import PermanentEnvelopeError
    from jisr.training.federation import nomination_body

    theirs = fr_nomination(ma_session)
    services.nomination_decide(acting_user=supervisor, nomination=theirs, decision="accept")
    other = services.session_create(
        acting_user=supervisor,
        course=ma_session.course,
        starts_on=start + dt.timedelta(days=10),
        ends_on=start + dt.timedelta(days=11),
        place="Autre lieu (fictif)",
        seats=10,
        partner=fr_partner.agency,
        partner_seats=0,
    )
    moved = {**nomination_body(theirs), "session": str(other.id)}
    with pytest.raises(PermanentEnvelopeError):
        receive("training.nomination", moved, version=2)
    theirs.refresh_from_db()
    assert (theirs.session_id, theirs.status) == (ma_session.id, "accepted")


def _fr_request() -> AssistanceRequest:
    request_id = new_id()
    receive(
        "training.assistance",
        {
            "id": request_id,
            "requester": "FR-DGPN",
            "provider": "MA-DGSN",
            "kind": "forensic",
            "title": "Analyse fictive",
            "description": "Téléphones saisis (fictif)",
            "need_by": (bounds.today() + dt.timedelta(days=30)).isoformat(),
            "priority": "normal",
            "success_criteria": "",
            "event": None,
            "created_at": "2030-01-01T09:00:00+00:00",
        },
    )
    receive(
        "training.assistance_step",
        {
            "id": new_id(),
            "request": request_id,
            "agency": "FR-DGPN",
            "kind": "requested",
            "text": "",
            "offer_when": "",
            "offer_by": "",
            "cost": "",
            "rating": None,
            "offer": None,
            "at": "2030-01-01T09:00:00+00:00",
        },
    )
    return AssistanceRequest.objects.get(id=request_id)


def test_withdrawing_its_assistance_request_would_delete_our_offer_so_it_is_refused(
    fr_partner: FakePartner, officer: Any
) -> None:
    request = _fr_request()
    offer = services.assistance_offer(acting_user=officer, request=request, what="Deux experts")
    assert _refused(_withdraw(fr_partner, "training.assistance", request.id))
    assert AssistanceStep.objects.get(id=offer.id).text == "Deux experts"


def test_a_partner_still_withdraws_its_request_before_we_answered(
    fr_partner: FakePartner,
) -> None:
    request = _fr_request()
    assert _withdraw(fr_partner, "training.assistance", request.id).status_code == 200
    assert not AssistanceRequest.objects.filter(id=request.id).exists()
