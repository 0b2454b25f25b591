"""A time typed into an event form is read in the user's zone and stored in UTC."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

import pytest
from django.test import override_settings
from django.urls import reverse

from tests.support.web import logged_in

pytestmark = pytest.mark.django_db


@override_settings(TIME_ZONE="Europe/Paris")
def test_an_incident_time_typed_in_casablanca_is_stored_as_utc_and_shown_back_in_casablanca(
    coordinator: Any, fr_partner: Any, agencies: Any
) -> None:
    from jisr.core import clock
    from jisr.events import services
    from jisr.events.models import Incident

    today = clock.now().date()
    event = services.event_create(
        acting_user=coordinator,
        name="Rencontre fictive",
        starts_on=today - dt.timedelta(days=5),
        ends_on=today + dt.timedelta(days=5),
        participants=[agencies["FR-DGPN"]],
    )
    services.venue_add(
        acting_user=coordinator, event=event, name="Stade A", kind="stadium", capacity=10
    )
    typed = dt.datetime.combine(today - dt.timedelta(days=2), dt.time(14, 5))
    casablanca = typed.replace(tzinfo=zoneinfo.ZoneInfo("Africa/Casablanca"))
    utc = casablanca.astimezone(dt.UTC)
    paris = casablanca.astimezone(zoneinfo.ZoneInfo("Europe/Paris"))

    coordinator.time_zone = "Africa/Casablanca"
    coordinator.save(update_fields=["time_zone"])
    client = logged_in(coordinator)
    client.cookies["jisr_language"] = "fr"
    form_page = client.get(reverse("events:incidents", args=[event.id])).content.decode()
    assert "Fuseau horaire\u00a0: Africa/Casablanca" in form_page
    response = client.post(
        reverse("events:incidents", args=[event.id]),
        {
            "venue": event.venues.first().pk,
            "category": "crowd",
            "severity": 2,
            "description": "Foule compacte porte nord",
            "assigned_agency": event.owner_id,
            "occurred_at": typed.strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    incident = Incident.objects.get()
    assert incident.occurred_at == utc
    assert utc.hour != 14  # Casablanca is never UTC: the conversion did happen
    page = client.get(reverse("events:incidents", args=[event.id])).content.decode()
    assert casablanca.strftime("%d/%m/%Y 14:05 UTC+") in page

    # The same user back on the node's zone (Paris) reads the same instant in Paris time.
    coordinator.time_zone = ""
    coordinator.save(update_fields=["time_zone"])
    page = client.get(reverse("events:incidents", args=[event.id])).content.decode()
    assert f"{paris:%d/%m/%Y %H:%M} {paris.tzname()}" in page
