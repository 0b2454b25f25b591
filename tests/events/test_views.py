from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from jisr.events import services
from jisr.events.models import AccreditationList, Event, Incident
from tests.support.web import logged_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_for(coordinator: Any) -> Client:
    return logged_in(coordinator)


def test_the_coordinator_creates_an_event_through_the_form(
    client_for: Client, agencies: Any
) -> None:
    response = client_for.post(
        reverse("events:event_list"),
        {
            "name": "Tournoi fictif",
            "starts_on": "2027-06-01",
            "ends_on": "2027-06-10",
            "participants": [agencies["FR-DGPN"].pk],
        },
    )
    event = Event.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/events/{event.id}/")
    assert list(event.participants.values_list("agency__code", flat=True)) == ["FR-DGPN"]


def test_an_analyst_sees_events_but_cannot_change_them(make_user: Any, event: Any) -> None:
    from jisr.accounts.roles import Role

    client = logged_in(make_user("ma.analyst", [Role.ANALYST]))
    assert client.get(reverse("events:event_detail", args=[event.id])).status_code == 200
    response = client.post(
        reverse("events:event_detail", args=[event.id]),
        {"venue-name": "X", "venue-kind": "stadium", "venue-capacity": 1},
    )
    assert response.status_code == 403
    assert event.venues.count() == 3


def test_an_incident_form_without_venue_or_severity_keeps_what_was_typed(
    client_for: Client, event: Any
) -> None:
    response = client_for.post(
        reverse("events:incidents", args=[event.id]),
        {
            "category": "crowd",
            "description": "Foule compacte porte nord",
            "assigned_agency": event.owner_id,
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Say at which venue the incident happened." in body
    assert "Give the severity, from 1 (minor) to 4 (critical)." in body
    assert "Foule compacte porte nord" in body
    assert not Incident.objects.exists()


def test_a_malformed_upload_shows_every_bad_line_and_keeps_nothing(
    client_for: Client, event: Any
) -> None:
    bad = io.BytesIO(b"full_name,category\nAmina Fictive,staff\n,media\nX,chef\n")
    bad.name = "list.csv"
    response = client_for.post(
        reverse("events:accreditation", args=[event.id]), {"file": bad, "purpose": "Accreditation"}
    )
    body = response.content.decode()
    assert "Line 3: the name is empty" in body and "Line 4: the category must be one of" in body
    assert not AccreditationList.objects.exists()


def test_the_risk_page_draws_the_heat_map_mirrored_in_arabic(
    client_for: Client, event: Any, coordinator: Any
) -> None:
    services.risk_add(
        acting_user=coordinator,
        event=event,
        threat="Bousculade",
        likelihood=5,
        impact=4,
        owner_agency=event.owner,
    )
    url = reverse("events:risks", args=[event.id])
    english = client_for.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<svg" in english and 'data-likelihood="5" data-impact="4" data-count="1"' in english
    client_for.cookies["jisr_language"] = "ar"
    arabic = client_for.get(url).content.decode()
    assert 'direction="rtl"' in arabic and "الاحتمال" in arabic


def test_the_board_partial_lists_open_incidents_by_severity(
    client_for: Client, event: Any, coordinator: Any
) -> None:
    venue = event.venues.get(name="Stade A")
    services.incident_record(
        acting_user=coordinator,
        event=event,
        venue=venue,
        category="medical",
        severity=4,
        description="Malaise tribune",
    )
    response = client_for.get(reverse("events:board", args=[event.id]), HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert 'hx-trigger="every 2s"' in body and "Malaise tribune" in body
    assert "<html" not in body


def test_the_organiser_export_holds_only_decisions(
    client_for: Client, event: Any, coordinator: Any, fr_alert: str
) -> None:
    from tests.events.test_services import CSV_OK, _screen_all

    services.accreditation_upload(
        acting_user=coordinator,
        event=event,
        filename="l.csv",
        content=CSV_OK,
        purpose="Accreditation",
    )
    _screen_all()
    csv_text = client_for.get(
        reverse("events:organiser_decisions", args=[event.id]) + "?format=csv"
    ).content.decode()
    assert "Lucien Fictif Moreau" in csv_text and "Amina Fictive-Kadiri" in csv_text
    assert (
        fr_alert not in csv_text and "FR-DGPN" not in csv_text and "score" not in csv_text.lower()
    )


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_the_debrief_exports_as_pdf_and_csv_in_the_users_language(
    client_for: Client, event: Any, language: str
) -> None:
    from jisr.audit.models import AuditEntry

    client_for.cookies["jisr_language"] = language
    pdf = client_for.get(reverse("events:debrief_export", args=[event.id, "pdf"]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    csv_text = client_for.get(
        reverse("events:debrief_export", args=[event.id, "csv"])
    ).content.decode()
    expected = {"ar": "الحوادث", "fr": "Incidents"}[language]
    assert expected in csv_text
    assert AuditEntry.objects.filter(action="event.debrief.export").count() == 2


def test_a_liaison_officer_deployment_is_recorded_from_the_workspace(
    client_for: Client, event: Any
) -> None:
    venue = event.venues.get(name="Stade A")
    response = client_for.post(
        reverse("events:event_detail", args=[event.id]),
        {
            "dep-officer": "Cdt Fictif",
            "dep-agency": event.participants.get().agency_id,
            "dep-venue": venue.id,
            "dep-starts_at": "2027-06-01T08:00",
            "dep-ends_at": "2027-06-01T07:00",
        },
    )
    assert "The end must be after the start." in response.content.decode()
    assert not event.deployments.exists()
    client_for.post(
        reverse("events:event_detail", args=[event.id]),
        {
            "dep-officer": "Cdt Fictif",
            "dep-agency": event.participants.get().agency_id,
            "dep-venue": venue.id,
            "dep-starts_at": "2027-06-01T08:00",
            "dep-ends_at": "2027-06-01T20:00",
        },
    )
    deployment = event.deployments.get()
    assert (deployment.officer, deployment.agency.code, deployment.venue) == (
        "Cdt Fictif",
        "FR-DGPN",
        venue,
    )


def test_a_partners_incident_cannot_be_changed_here(client_for: Client, event: Any) -> None:
    from tests.events.test_federation import receive_partner_incident

    incident = receive_partner_incident(event)
    response = client_for.post(
        reverse("events:incident_status", args=[incident.id]), {"status": "closed"}
    )
    assert response.status_code == 403
    incident.refresh_from_db()
    assert incident.status == "open"


def test_the_statistics_page_counts_events_and_open_incidents(
    client_for: Client, event: Any
) -> None:
    body = client_for.get("/statistics/").content.decode()
    assert "Major events" in body and "Open event incidents" in body


def test_a_protocol_items_owner_is_changed_and_ticking_keeps_it(
    client_for: Client, event: Any, coordinator: Any
) -> None:
    protocol = services.protocol_create(
        acting_user=coordinator, event=event, venue=event.venues.get(name="Hôtel C"), template="vip"
    )
    item = protocol.items.first()
    url = reverse("events:protocol_item_toggle", args=[item.pk])
    client_for.post(url, {"owner_agency": "FR-DGPN"})
    client_for.post(url, {"done": "1"})
    item.refresh_from_db()
    assert (item.owner_agency.code, item.done) == ("FR-DGPN", True)
    assert client_for.post(url, {"owner_agency": "XX-NONE"}).status_code == 403
    page = client_for.get(reverse("events:protocols", args=[event.id])).content.decode()
    assert "VIP list and arrival times shared" in page and "33 %" in page
