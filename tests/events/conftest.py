"""Fixtures for the events tests: a partner link to FR, a coordinator, an FR alert copy."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest


@pytest.fixture
def coordinator(make_user: Any) -> Any:
    from jisr.accounts.roles import Role

    return make_user("ma.coordinator", [Role.SUPERVISOR, Role.LIAISON_OFFICER])


@pytest.fixture
def event(coordinator: Any, fr_partner: Any, agencies: dict[str, Any]) -> Any:
    from jisr.events import services

    ev = services.event_create(
        acting_user=coordinator,
        name="Tournoi fictif",
        starts_on=dt.date(2027, 6, 1),
        ends_on=dt.date(2027, 6, 10),
        participants=[agencies["FR-DGPN"]],
    )
    for name, kind in (("Stade A", "stadium"), ("Fan zone B", "fan_zone"), ("Hôtel C", "hotel")):
        services.venue_add(acting_user=coordinator, event=ev, name=name, kind=kind, capacity=1000)
    ev.refresh_from_db()
    return ev


@pytest.fixture
def fr_alert(fr_partner: Any) -> str:
    """An active FR alert as it arrives on MA: through the wanted app's replication handler."""
    from jisr.wanted.register_index import reset_register_index
    from jisr.wanted.services import copy_upsert

    alert_id = str(uuid.uuid4())
    copy_upsert(
        "FR-DGPN",
        alert_id,
        1,
        {
            "id": alert_id,
            "owner": "FR-DGPN",
            "category": "arrest",
            "names": ["Lucien Fictif-Moreau"],
            "aliases": [],
            "birth_date": "1984-03-02",
            "nationalities": ["FR"],
            "legal_basis": {
                "reference": "MA-2026-001",
                "authority": "Juge fictif",
                "date": "2026-01-05",
                "offence_category": "",
                "offence_description": "Fictitious",
            },
        },
    )
    reset_register_index()
    return alert_id
