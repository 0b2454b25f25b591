"""Events' entries for ``tests/federation/test_ownership.py``: our own events and incidents."""

from __future__ import annotations

import datetime as dt
from typing import Any

#: The apps whose tables must not change when a partner's envelope is refused.
APPS = ("events",)


def own_event(staff: dict[str, Any]) -> Any:
    from jisr.accounts.models import Agency
    from jisr.events import services

    event = services.event_create(
        acting_user=staff["coordinator"],
        name="Tournoi fictif",
        starts_on=dt.date(2027, 6, 1),
        ends_on=dt.date(2027, 6, 10),
        participants=[Agency.objects.get(code="FR-DGPN")],
    )
    services.venue_add(
        acting_user=staff["coordinator"], event=event, name="Stade A", kind="stadium", capacity=10
    )
    event.refresh_from_db()
    return event


def own_incident(staff: dict[str, Any]) -> Any:
    from jisr.events import services

    event = own_event(staff)
    return services.incident_record(
        acting_user=staff["coordinator"],
        event=event,
        venue=event.venues.first(),
        category="violence",
        severity=2,
        description="Rixe fictive",
    )


def event_body(event: Any) -> dict[str, Any]:
    from jisr.events.federation import event_body as body

    return body(event)


def incident_body(incident: Any) -> dict[str, Any]:
    from jisr.events.federation import incident_body as body

    return body(incident)


#: record type -> (make one of this node's own records from ``staff``, the body a partner
#: would send for it).
OWN = {
    "events.event": (own_event, event_body),
    "events.incident": (own_incident, incident_body),
}


def fr_event_with_ours(staff: dict[str, Any]) -> tuple[Any, list[Any]]:
    """FR's event, to which we take part, with an incident we logged at its venue."""
    import uuid

    from jisr.events import services
    from jisr.events.models import Event
    from tests.training.conftest import receive

    event_id, venue_id = str(uuid.uuid4()), str(uuid.uuid4())
    receive(
        "events.event",
        {
            "id": event_id,
            "owner": "FR-DGPN",
            "name": "Marathon fictif",
            "starts_on": "2027-09-01",
            "ends_on": "2027-09-02",
            "description": "",
            "lessons_learned": "",
            "participants": [
                {"agency": "FR-DGPN", "status": "host"},
                {"agency": "MA-DGSN", "status": "accepted"},
            ],
            "venues": [
                {
                    "id": venue_id,
                    "name": "Parcours fictif",
                    "kind": "other",
                    "capacity": 100,
                    "address": "",
                    "readiness": None,
                }
            ],
            "deployments": [],
            "risks": [],
        },
    )
    event = Event.objects.get(id=event_id)
    ours = services.incident_record(
        acting_user=staff["coordinator"],
        event=event,
        venue=event.venues.get(),
        category="violence",
        severity=2,
        description="Notre incident fictif",
    )
    return event, [ours]


#: record type -> make a partner-owned record with records of ours hanging on it.
PARTNER_WITH_OURS = {"events.event": fr_event_with_ours}
