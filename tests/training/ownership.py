"""Training's entries for ``tests/federation/test_ownership.py``: our own course, session,
nomination (to a partner's session), certificate, assistance request and its first step."""

from __future__ import annotations

import datetime as dt
from typing import Any

#: The apps whose tables must not change when a partner's envelope is refused.
APPS = ("training",)


def _start() -> dt.date:
    from jisr.core import bounds

    return bounds.today() + dt.timedelta(days=30)


def _fr() -> Any:
    from jisr.accounts.models import Agency

    return Agency.objects.get(code="FR-DGPN")


def _second_supervisor() -> Any:
    """A supervisor who did not nominate (four eyes); made once per database."""
    from jisr.accounts.models import Agency, User
    from jisr.accounts.roles import Role
    from jisr.accounts.services import user_create

    return User.objects.filter(username="ma.training.sup").first() or user_create(
        acting_user=None,
        username="ma.training.sup",
        password="correct horse battery",
        agency=Agency.objects.get(code="MA-DGSN"),
        roles=[Role.SUPERVISOR],
    )


def own_course(staff: dict[str, Any]) -> Any:
    from jisr.training import services

    return services.course_create(
        acting_user=staff["coordinator"],
        titles={"ar": "التحقيق في الجرائم الإلكترونية", "fr": "Enquête cyber (fictif)"},
        domain="cybercrime",
        format="on_site",
        duration_days=2,
        languages=["ar", "fr"],
        seats_per_session=10,
    )


def own_session(staff: dict[str, Any]) -> Any:
    from jisr.training import services

    start = _start()
    return services.session_create(
        acting_user=staff["coordinator"],
        course=own_course(staff),
        starts_on=start,
        ends_on=start + dt.timedelta(days=1),
        place="Institut de police (fictif)",
        seats=10,
        partner=_fr(),
        partner_seats=2,
    )


def _fr_session() -> Any:
    """A FR-DGPN course and session opened to us, as they arrive from FR."""
    from jisr.core import ids
    from jisr.training.models import TrainingSession
    from tests.training.conftest import receive

    course_id, session_id, start = str(ids.new_id()), str(ids.new_id()), _start()
    receive(
        "training.course",
        {
            "id": course_id,
            "owner": "FR-DGPN",
            "title_fr": "Sécurité des grands événements (fictif)",
            "title_ar": "",
            "title_en": "",
            "description_fr": "Cours fictif.",
            "description_ar": "",
            "description_en": "",
            "domain": "major_event_security",
            "format": "residential",
            "duration_days": 5,
            "languages": ["fr"],
            "prerequisites": "",
            "seats_per_session": 20,
        },
    )
    receive(
        "training.session",
        {
            "id": session_id,
            "course": course_id,
            "owner": "FR-DGPN",
            "starts_on": start.isoformat(),
            "ends_on": (start + dt.timedelta(days=4)).isoformat(),
            "place": "École fictive",
            "link": "",
            "trainers": "",
            "seats": 20,
            "partner": "MA-DGSN",
            "partner_seats": 6,
            "nomination_deadline": (start - dt.timedelta(days=7)).isoformat(),
            "status": "open",
        },
    )
    return TrainingSession.objects.get(id=session_id)


def own_nomination(staff: dict[str, Any]) -> Any:
    """One of our officers, nominated to FR's session and approved: it has left for FR."""
    from jisr.training import services

    nomination = services.nomination_create(
        acting_user=staff["coordinator"],
        session=_fr_session(),
        participant_name="Karim Fictif",
        rank="Commissaire",
        unit="Sûreté fictive",
        language_level="B2",
    )
    return services.nomination_approve(acting_user=_second_supervisor(), nomination=nomination)


def own_certificate(staff: dict[str, Any]) -> Any:
    """Our certificate for FR's participant to our session."""
    from jisr.training import services
    from tests.training.conftest import fr_nomination

    session = own_session(staff)
    nomination = fr_nomination(session, name="Julien Testard")
    services.nomination_decide(
        acting_user=staff["coordinator"], nomination=nomination, decision="accept"
    )
    services.attendance_record(
        acting_user=staff["coordinator"],
        session=session,
        day=session.starts_on,
        present={str(nomination.id): True},
    )
    return services.certificate_issue(acting_user=staff["coordinator"], nomination=nomination)


def own_assistance(staff: dict[str, Any]) -> Any:
    from jisr.training import services

    return services.assistance_request(
        acting_user=staff["coordinator"],
        kind="forensic",
        description="Analyse de téléphones saisis (fictif)",
        provider=_fr(),
        need_by=_start(),
    )


def own_step(staff: dict[str, Any]) -> Any:
    """The first step of our request (taken by us)."""
    from jisr.training.models import AssistanceStep

    step = AssistanceStep.objects.get(request=own_assistance(staff))
    assert step.agency.is_own
    return step


def _body(name: str) -> Any:
    def body(record: Any) -> dict[str, Any]:
        from jisr.training import federation

        result: dict[str, Any] = getattr(federation, f"{name}_body")(record)
        return result

    return body


#: record type -> (make one of this node's own records from ``staff``, the body a partner
#: would send for it).
OWN = {
    "training.course": (own_course, _body("course")),
    "training.session": (own_session, _body("session")),
    "training.nomination": (own_nomination, _body("nomination")),
    "training.certificate": (own_certificate, _body("certificate")),
    "training.assistance": (own_assistance, _body("assistance")),
    "training.assistance_step": (own_step, _body("step")),
}


def fr_session_with_ours(staff: dict[str, Any]) -> tuple[Any, list[Any]]:
    """FR's session with our approved nomination to it."""
    nomination = own_nomination(staff)
    return nomination.session, [nomination]


#: record type -> make a partner-owned record with records of ours hanging on it.
PARTNER_WITH_OURS = {"training.session": fr_session_with_ours}
