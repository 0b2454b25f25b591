"""The offering side: courses and sessions, bad input, attendance and certificates."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from jisr.federation.models import OutboxEnvelope
from jisr.training import services
from jisr.training.models import Certificate, Course, Nomination, TrainingSession
from tests.training.conftest import fr_nomination

pytestmark = pytest.mark.django_db


def test_a_published_course_and_its_session_go_to_the_partner(ma_session: Any) -> None:
    types = set(OutboxEnvelope.objects.values_list("body__record_type", flat=True))
    assert {"training.course", "training.session"} <= types
    assert ma_session.deadlines.filter(kind="start").exists()


def test_an_analyst_cannot_offer_a_course(analyst: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.course_create(
            acting_user=analyst,
            titles={"fr": "X"},
            domain="cybercrime",
            format="online",
            duration_days=1,
            languages=["fr"],
            seats_per_session=5,
        )
    assert not Course.objects.exists()


def test_a_session_ending_before_it_starts_is_refused_in_french(
    ma_session: Any, supervisor: Any, start: dt.date
) -> None:
    before = TrainingSession.objects.count()
    with translation.override("fr"), pytest.raises(ValidationError) as caught:
        services.session_create(
            acting_user=supervisor,
            course=ma_session.course,
            starts_on=start,
            ends_on=start - dt.timedelta(days=1),
            place="Rabat",
            seats=5,
        )
    assert caught.value.message_dict["end"] == ["Une session ne peut pas finir avant de commencer."]
    assert TrainingSession.objects.count() == before


def test_partner_seats_cannot_exceed_the_session_seats(
    ma_session: Any, supervisor: Any, start: dt.date, fr_partner: Any
) -> None:
    with pytest.raises(ValidationError) as caught:
        services.session_create(
            acting_user=supervisor,
            course=ma_session.course,
            starts_on=start,
            ends_on=start,
            place="Rabat",
            seats=3,
            partner=fr_partner.agency,
            partner_seats=4,
        )
    assert "partner_seats" in caught.value.message_dict


def test_a_partner_course_cannot_be_changed_here(supervisor: Any, fr_session: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.session_create(
            acting_user=supervisor,
            course=fr_session.course,
            starts_on=fr_session.starts_on,
            ends_on=fr_session.ends_on,
            place="x",
            seats=2,
        )


def test_attendance_then_a_certificate_with_a_code_that_goes_to_the_participants_agency(
    supervisor: Any, ma_session: Any
) -> None:
    nomination = fr_nomination(ma_session)
    with pytest.raises(ValidationError):
        services.certificate_issue(acting_user=supervisor, nomination=nomination)
    services.nomination_decide(acting_user=supervisor, nomination=nomination, decision="accept")
    with pytest.raises(ValidationError):  # no attendance yet
        services.certificate_issue(acting_user=supervisor, nomination=nomination)
    services.attendance_record(
        acting_user=supervisor,
        session=ma_session,
        day=ma_session.starts_on,
        present={str(nomination.id): True},
    )
    certificate = services.certificate_issue(acting_user=supervisor, nomination=nomination)
    assert certificate.participant_name == "Julien Testard" and len(certificate.code) == 14
    sent = OutboxEnvelope.objects.get(body__record_type="training.certificate")
    assert sent.recipient == "FR-DGPN" and sent.body["body"]["code"] == certificate.code


def test_attendance_on_a_day_outside_the_session_is_refused(
    supervisor: Any, ma_session: Any
) -> None:
    nomination = fr_nomination(ma_session)
    services.nomination_decide(acting_user=supervisor, nomination=nomination, decision="accept")
    with pytest.raises(ValidationError) as caught:
        services.attendance_record(
            acting_user=supervisor,
            session=ma_session,
            day=ma_session.ends_on + dt.timedelta(days=3),
            present={str(nomination.id): True},
        )
    assert "day" in caught.value.message_dict
    assert not nomination.attendance.exists()


def test_evaluations_are_aggregated(supervisor: Any, ma_session: Any) -> None:
    from jisr.training.selectors import evaluation_summary

    a, b = fr_nomination(ma_session, "A Test"), fr_nomination(ma_session, "B Test")
    for n, score in ((a, 5), (b, 3)):
        services.nomination_decide(acting_user=supervisor, nomination=n, decision="accept")
        services.evaluation_record(
            acting_user=supervisor, nomination=n, content=score, trainers=4, organisation=score
        )
    summary = evaluation_summary(ma_session)
    assert (summary["forms"], summary["content"], summary["trainers"]) == (2, 4.0, 4.0)
    with pytest.raises(ValidationError):
        services.evaluation_record(
            acting_user=supervisor, nomination=a, content=6, trainers=4, organisation=4
        )


def test_a_certificate_from_the_partner_verifies_here(fr_session: Any) -> None:
    from jisr.training.selectors import certificate_by_code
    from tests.training.conftest import receive

    receive(
        "training.certificate",
        {
            "id": "0193a3c0-0000-7000-8000-0000000000c1",
            "owner": "FR-DGPN",
            "participant_agency": "MA-DGSN",
            "nomination": None,
            "code": "ABCD-EFGH-JK23",
            "participant_name": "Karim Fictif",
            "participant_rank": "Commissaire",
            "course_title_fr": "Sécurité des grands événements (fictif)",
            "course_title_ar": "",
            "course_title_en": "",
            "starts_on": fr_session.starts_on.isoformat(),
            "ends_on": fr_session.ends_on.isoformat(),
            "duration_days": 5,
            "result": "passed",
            "issued_at": "2026-01-05T10:00:00+00:00",
            "revoked": False,
        },
    )
    certificate = certificate_by_code("abcd-efgh-jk23")
    assert certificate is not None and certificate.owner.code == "FR-DGPN"
    assert Certificate.objects.count() == 1


def test_a_withdrawn_partner_course_leaves_the_catalogue_but_keeps_our_nominations(
    officer: Any, fr_session: Any
) -> None:
    from jisr.core import clock, ids
    from jisr.federation.handlers import handle_replica_withdraw
    from jisr.federation.registry import Envelope
    from jisr.training.selectors import courses_visible_to

    nomination = services.nomination_create(
        acting_user=officer, session=fr_session, participant_name="K Test", rank="R", unit="U"
    )
    handle_replica_withdraw(
        Envelope(
            id=str(ids.new_id()),
            type="replica.withdraw",
            version=1,
            sender="FR-DGPN",
            recipient="MA-DGSN",
            created=clock.now(),
            body={
                "record_type": "training.course",
                "record_id": str(fr_session.course_id),
                "version": 2,
            },
        )
    )
    assert not courses_visible_to(officer).exists()
    assert Nomination.objects.filter(id=nomination.id).exists()
