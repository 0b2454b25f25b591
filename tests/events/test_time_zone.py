"""A time typed into an event form is read in the user's zone and stored in UTC."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import override_settings
from django.urls import reverse

from tests.support.web import logged_in

pytestmark = pytest.mark.django_db


@override_settings(TIME_ZONE="Europe/Paris")
def test_an_incident_time_typed_in_casablanca_is_stored_as_utc_and_shown_back_in_casablanca(
    coordinator: Any, event: Any
) -> None:
    from jisr.events.models import Incident

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
            "occurred_at": "2027-06-05T14:05",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    incident = Incident.objects.get()
    # June: Casablanca is UTC+1, so 14:05 there is 13:05 UTC.
    assert incident.occurred_at == dt.datetime(2027, 6, 5, 13, 5, tzinfo=dt.UTC)
    page = client.get(reverse("events:incidents", args=[event.id])).content.decode()
    assert "05/06/2027 14:05 UTC+01" in page

    # A colleague left on the node's zone (Paris, UTC+2 in June) reads the same instant.
    coordinator.time_zone = ""
    coordinator.save(update_fields=["time_zone"])
    page = client.get(reverse("events:incidents", args=[event.id])).content.decode()
    assert "05/06/2027 15:05 CEST" in page
