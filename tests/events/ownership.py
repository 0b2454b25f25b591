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
