"""Who may see, coordinate, join and log on which event: the events' object rules, as a table."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from jisr.accounts.roles import Role
from jisr.events import permissions as perms
from jisr.events.models import Event, EventParticipant, Incident

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(coordinator: Any, make_user: Any) -> dict[str, Any]:
    return {
        "coordinator": coordinator,
        "analyst": make_user("ma.analyst", [Role.ANALYST]),
        "reviewer": make_user("ma.reviewer", [Role.COMPLIANCE_REVIEWER]),
        "fr_coordinator": make_user("fr.coordinator", [Role.LIAISON_OFFICER], agency="FR-DGPN"),
    }


@pytest.fixture
def events(event: Event, agencies: dict[str, Any]) -> dict[str, Event]:
    """MA's own event (FR invited), and a copy of FR's event to which MA is invited."""
    now = dt.datetime(2027, 1, 1, tzinfo=dt.UTC)
    fr_event = Event.objects.create(
        owner=agencies["FR-DGPN"],
        name="Rencontre fictive",
        starts_on=dt.date(2027, 7, 1),
        ends_on=dt.date(2027, 7, 3),
        created_at=now,
        updated_at=now,
    )
    EventParticipant.objects.create(event=fr_event, agency=agencies["MA-DGSN"])
    return {"own": event, "partner": fr_event}


EVENT_RULES = [
    # who, permission, which event, allowed?
    ("coordinator", perms.VIEW_MAJOR_EVENTS, "own", True),
    ("coordinator", perms.VIEW_MAJOR_EVENTS, "partner", True),
    ("analyst", perms.VIEW_MAJOR_EVENTS, "partner", True),
    ("reviewer", perms.VIEW_MAJOR_EVENTS, "own", False),
    ("coordinator", perms.COORDINATE_EVENTS, "own", True),
    ("coordinator", perms.COORDINATE_EVENTS, "partner", False),
    ("analyst", perms.COORDINATE_EVENTS, "own", False),
    ("fr_coordinator", perms.COORDINATE_EVENTS, "own", False),
    ("coordinator", perms.JOIN_EVENT, "partner", True),
    ("coordinator", perms.JOIN_EVENT, "own", False),
    ("analyst", perms.JOIN_EVENT, "partner", False),
    ("coordinator", perms.LOG_INCIDENTS, "partner", True),
    ("analyst", perms.LOG_INCIDENTS, "own", False),
    ("coordinator", perms.SCREEN_ACCREDITATIONS, "own", True),
    ("analyst", perms.SCREEN_ACCREDITATIONS, "own", False),
]


@pytest.mark.parametrize(("who", "perm", "which", "allowed"), EVENT_RULES)
def test_event_rules(people, events, who: str, perm: str, which: str, allowed: bool) -> None:
    assert people[who].has_perm(perm, events[which]) is allowed


@pytest.mark.parametrize(
    ("who", "recorded_by", "allowed"),
    [
        ("coordinator", "MA-DGSN", True),
        ("coordinator", "FR-DGPN", False),
        ("analyst", "MA-DGSN", False),
    ],
)
def test_only_the_recording_agency_changes_an_incident(
    people, events, agencies, who: str, recorded_by: str, allowed: bool
) -> None:
    incident = Incident(event=events["own"], owner=agencies[recorded_by])
    assert people[who].has_perm(perms.CHANGE_INCIDENT, incident) is allowed
