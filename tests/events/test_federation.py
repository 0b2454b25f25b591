"""The receiving side: what a partner node does with an event and its incidents."""

from __future__ import annotations

from typing import Any

import pytest

from jisr.events import federation
from jisr.events.models import Event, Incident

pytestmark = pytest.mark.django_db


def _as_partner(event: Any) -> dict[str, Any]:
    """The body FR-DGPN would send for its own event (the same shape we send)."""
    body = federation.event_body(event)
    return {**body, "owner": "FR-DGPN"}


def test_a_partner_event_arrives_as_a_read_only_copy_with_its_venues(event: Any) -> None:
    body = _as_partner(event)
    Event.objects.all().delete()
    federation.on_event_upsert("FR-DGPN", body["id"], 7, body)
    copy = Event.objects.get(id=body["id"])
    assert copy.owner.code == "FR-DGPN" and not copy.is_own and copy.version == 7
    assert sorted(copy.venues.values_list("name", flat=True)) == [
        "Fan zone B",
        "Hôtel C",
        "Stade A",
    ]


def test_an_event_sent_by_another_agency_than_its_host_is_a_dead_letter(event: Any) -> None:
    from jisr.federation.registry import PermanentEnvelopeError

    body = federation.event_body(event)  # owner MA-DGSN
    with pytest.raises(PermanentEnvelopeError):
        federation.on_event_upsert("FR-DGPN", body["id"], 9, body)
    assert Event.objects.get(id=event.id).version == event.version


def receive_partner_incident(event: Any) -> Incident:
    """An incident recorded by FR-DGPN, as MA's federation handler receives it."""
    venue = event.venues.first()
    incident_id = "0193a3c0-0000-7000-8000-000000000001"
    federation.on_incident_upsert(
        "FR-DGPN",
        incident_id,
        1,
        {
            "id": incident_id,
            "event": str(event.id),
            "owner": "FR-DGPN",
            "venue": str(venue.id),
            "occurred_at": "2027-06-02T18:00:00+00:00",
            "category": "violence",
            "severity": 2,
            "description": "Rixe",
            "status": "open",
            "assigned_agency": "MA-DGSN",
        },
    )
    return Incident.objects.get(id=incident_id)


def test_a_partner_incident_lands_on_the_shared_log(event: Any) -> None:
    incident = receive_partner_incident(event)
    venue = event.venues.first()
    assert incident.owner.code == "FR-DGPN" and incident.venue == venue and incident.received_at


def test_an_event_created_before_the_partner_was_linked_is_shared_once_it_is(
    coordinator: Any, agencies: Any
) -> None:
    import base64
    import datetime as dt
    import os

    from jisr.events import services
    from jisr.federation.models import OutboxEnvelope
    from jisr.federation.services import partner_add, replicas_catch_up

    event = services.event_create(
        acting_user=coordinator,
        name="Avant le lien",
        starts_on=dt.date(2027, 1, 1),
        ends_on=dt.date(2027, 1, 2),
        participants=[agencies["FR-DGPN"]],
    )
    assert replicas_catch_up() == 0 and not OutboxEnvelope.objects.exists()
    partner_add(
        acting_user=None,
        agency_code="FR-DGPN",
        url="http://127.0.0.1:9",
        public_key=base64.b64encode(os.urandom(32)).decode(),
    )
    assert replicas_catch_up() == 1
    assert replicas_catch_up() == 0
    sent = OutboxEnvelope.objects.get(recipient="FR-DGPN")
    assert sent.body["record_id"] == str(event.id)
