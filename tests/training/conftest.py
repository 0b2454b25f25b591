"""Fixtures for the training tests: MA-DGSN is this node; FR-DGPN its partner (fake key)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest


@pytest.fixture
def officer(make_user: Any) -> Any:
    from jisr.accounts.roles import Role

    return make_user("ma.officer", [Role.LIAISON_OFFICER])


@pytest.fixture
def supervisor(make_user: Any) -> Any:
    from jisr.accounts.roles import Role

    return make_user("ma.supervisor", [Role.SUPERVISOR, Role.LIAISON_OFFICER])


@pytest.fixture
def second_supervisor(make_user: Any) -> Any:
    from jisr.accounts.roles import Role

    return make_user("ma.supervisor2", [Role.SUPERVISOR])


@pytest.fixture
def analyst(make_user: Any) -> Any:
    from jisr.accounts.roles import Role

    return make_user("ma.analyst", [Role.ANALYST])


def receive(
    record_type: str, body: dict[str, Any], *, version: int = 1, sender: str = "FR-DGPN"
) -> None:
    """Apply a replicated record as the partner's envelope would, ownership checks included."""
    from jisr.core import clock, ids
    from jisr.federation.handlers import handle_replica_upsert
    from jisr.federation.registry import Envelope

    handle_replica_upsert(
        Envelope(
            id=str(ids.new_id()),
            type="replica.upsert",
            version=1,
            sender=sender,
            recipient="MA-DGSN",
            created=clock.now(),
            body={
                "record_type": record_type,
                "record_id": body["id"],
                "version": version,
                "body": body,
            },
        )
    )


def envelope(envelope_type: str, body: dict[str, Any], sender: str = "FR-DGPN") -> Any:
    from jisr.core import clock, ids
    from jisr.federation.registry import Envelope

    return Envelope(
        id=str(ids.new_id()),
        type=envelope_type,
        version=1,
        sender=sender,
        recipient="MA-DGSN",
        created=clock.now(),
        body=body,
    )


@pytest.fixture
def start() -> dt.date:
    from jisr.core import bounds

    return bounds.today() + dt.timedelta(days=30)


@pytest.fixture
def fr_session(fr_partner: Any, start: dt.date) -> Any:
    """A FR-DGPN course and its session opened to MA-DGSN with 6 seats, arrived here."""
    from jisr.core import ids
    from jisr.training.models import TrainingSession

    course_id, session_id = str(ids.new_id()), str(ids.new_id())
    receive(
        "training.course",
        {
            "id": course_id,
            "owner": "FR-DGPN",
            "title_fr": "Sécurité des grands événements (fictif)",
            "title_ar": "تأمين التظاهرات الكبرى",
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


@pytest.fixture
def ma_session(supervisor: Any, fr_partner: Any, start: dt.date) -> Any:
    """Our own course with a session opened to FR-DGPN with 2 seats."""
    from jisr.training import services

    course = services.course_create(
        acting_user=supervisor,
        titles={"ar": "التحقيق في الجرائم الإلكترونية", "fr": "Enquête cyber (fictif)"},
        domain="cybercrime",
        format="on_site",
        duration_days=2,
        languages=["ar", "fr"],
        seats_per_session=10,
    )
    return services.session_create(
        acting_user=supervisor,
        course=course,
        starts_on=start,
        ends_on=start + dt.timedelta(days=1),
        place="Institut royal de police (fictif), Kénitra",
        seats=10,
        partner=fr_partner.agency,
        partner_seats=2,
    )


def fr_nomination(session: Any, name: str = "Julien Testard") -> Any:
    """A nomination FR-DGPN approved for our session, as it arrives here."""
    from jisr.core import ids
    from jisr.training.models import Nomination

    nomination_id = str(ids.new_id())
    receive(
        "training.nomination",
        {
            "id": nomination_id,
            "session": str(session.id),
            "agency": "FR-DGPN",
            "participant": {
                "name": name,
                "rank": "Capitaine",
                "unit": "OFAC (fictif)",
                "language_level": "B1",
            },
        },
    )
    return Nomination.objects.get(id=nomination_id)
