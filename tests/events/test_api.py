from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from jisr.events.models import AccreditationList, Event, Incident

pytestmark = pytest.mark.django_db


def _auth(user: Any) -> dict[str, str]:
    from jisr.accounts.models import ApiToken

    _token, raw = ApiToken.objects.issue(user)
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_an_event_with_its_venues_is_created_and_listed(coordinator: Any, fr_partner: Any) -> None:
    client, auth = Client(), _auth(coordinator)
    created = client.post(
        "/api/v1/events",
        {
            "name": "Tournoi fictif",
            "starts_on": "2027-06-01",
            "ends_on": "2027-06-10",
            "participants": ["FR-DGPN"],
        },
        content_type="application/json",
        **auth,
    )
    assert created.status_code == 201, created.content
    event_id = created.json()["id"]
    venue = client.post(
        f"/api/v1/events/{event_id}/venues",
        {"name": "Stade A", "kind": "stadium", "capacity": 40000},
        content_type="application/json",
        **auth,
    )
    assert venue.status_code == 201
    listed = client.get("/api/v1/events", **auth).json()["items"]
    assert [e["id"] for e in listed] == [event_id]
    assert listed[0]["venues"][0]["name"] == "Stade A"
    assert listed[0]["participants"] == [{"agency": "FR-DGPN", "status": "invited"}]


def test_a_wrong_role_gets_403_and_nothing_changes(make_user: Any, agencies: Any) -> None:
    from jisr.accounts.roles import Role

    auth = _auth(make_user("ma.dpo2", [Role.DPO]))
    response = Client().post(
        "/api/v1/events",
        {"name": "X", "starts_on": "2027-06-01", "ends_on": "2027-06-10"},
        content_type="application/json",
        **auth,
    )
    assert response.status_code == 403
    assert not Event.objects.exists()


def test_an_incident_without_venue_or_severity_gets_422_with_field_errors(
    coordinator: Any, event: Any
) -> None:
    response = Client().post(
        f"/api/v1/events/{event.id}/incidents",
        {"category": "crowd", "description": "Foule"},
        content_type="application/json",
        **_auth(coordinator),
    )
    assert response.status_code == 422
    fields = {tuple(d["loc"]) for d in response.json()["detail"]}
    assert ("body", "venue") in fields and ("body", "severity") in fields
    assert not Incident.objects.exists()


def test_an_incident_is_logged_and_shows_on_the_board(coordinator: Any, event: Any) -> None:
    client, auth = Client(), _auth(coordinator)
    venue = event.venues.get(name="Stade A")
    created = client.post(
        f"/api/v1/events/{event.id}/incidents",
        {
            "venue": str(venue.id),
            "category": "theft",
            "severity": 2,
            "description": "Vol de matériel",
        },
        content_type="application/json",
        **auth,
    )
    assert created.status_code == 201
    board = client.get(f"/api/v1/events/{event.id}/board", **auth).json()
    assert [i["description"] for i in board["open_incidents"]] == ["Vol de matériel"]
    assert board["severity_totals"]["2"] == 1


def test_a_malformed_accreditation_upload_gets_422_line_by_line(
    coordinator: Any, event: Any
) -> None:
    upload = SimpleUploadedFile(
        "list.csv", b"full_name,category\n,staff\nAmina,chef\n", content_type="text/csv"
    )
    response = Client().post(
        f"/api/v1/events/{event.id}/accreditation-lists",
        {"file": upload, "purpose": "Accreditation"},
        **_auth(coordinator),
    )
    assert response.status_code == 422
    messages = [d["msg"] for d in response.json()["detail"]]
    assert messages[0].startswith("Line 2") and messages[1].startswith("Line 3")
    assert not AccreditationList.objects.exists()


def test_an_accreditation_list_is_uploaded_screened_and_decided(
    coordinator: Any, event: Any, fr_alert: str
) -> None:
    from jisr.events.services import screening_step
    from tests.events.test_services import CSV_OK

    client, auth = Client(), _auth(coordinator)
    upload = SimpleUploadedFile("list.csv", CSV_OK, content_type="text/csv")
    created = client.post(
        f"/api/v1/events/{event.id}/accreditation-lists",
        {"file": upload, "purpose": "Accreditation"},
        **auth,
    )
    assert created.status_code == 201 and created.json()["status"] == "queued"
    while screening_step(budget_seconds=5) is not None:
        pass
    status = client.get(f"/api/v1/events/accreditation-lists/{created.json()['id']}", **auth).json()
    assert status["status"] == "done" and status["percent"] == 100
    candidates = client.get(f"/api/v1/events/{event.id}/accreditation-candidates", **auth).json()[
        "items"
    ]
    assert [c["alert_id"] for c in candidates] == [fr_alert]
    from jisr.audit.models import AuditEntry

    assert AuditEntry.objects.filter(
        action="accreditation.review.view", justification="Accreditation"
    ).exists()
    decided = client.post(
        f"/api/v1/events/accreditation-candidates/{candidates[0]['id']}/decision",
        {"decision": "flagged", "reason": "Même personne"},
        content_type="application/json",
        **auth,
    ).json()
    assert decided["status"] == "flagged" and decided["hit_id"] and decided["decision"] == "refuse"
    debrief = client.get(f"/api/v1/events/{event.id}/debrief", **auth).json()
    assert debrief["screened"] == 3 and debrief["hits"] == 1 and debrief["refused"] == 1


def test_a_protocol_is_created_from_a_template_and_its_items_ticked(
    coordinator: Any, event: Any
) -> None:
    client, auth = Client(), _auth(coordinator)
    venue = event.venues.get(name="Stade A")
    created = client.post(
        f"/api/v1/events/{event.id}/protocols",
        {"venue": str(venue.id), "template": "counter_terrorism"},
        content_type="application/json",
        **auth,
    )
    assert created.status_code == 201
    items = created.json()["items"]
    assert len(items) == 4 and items[0]["label"] == "Joint threat assessment completed"
    refused = client.post(
        f"/api/v1/events/protocol-items/{items[0]['id']}",
        {"owner_agency": "XX-NONE"},
        content_type="application/json",
        **auth,
    )
    assert refused.status_code == 422
    updated = client.post(
        f"/api/v1/events/protocol-items/{items[0]['id']}",
        {"done": True, "owner_agency": "FR-DGPN"},
        content_type="application/json",
        **auth,
    ).json()
    assert (updated["items"][0]["done"], updated["items"][0]["owner_agency"]) == (True, "FR-DGPN")
    venues = client.get(f"/api/v1/events/{event.id}/venues", **auth).json()["items"]
    assert next(v for v in venues if v["name"] == "Stade A")["readiness"] == 25


@pytest.mark.parametrize("venue", ["", "not-an-id"])
def test_a_protocol_without_one_of_the_events_venues_gets_422_and_nothing_is_created(
    coordinator: Any, event: Any, venue: str
) -> None:
    from jisr.events.models import Protocol

    answer = Client().post(
        f"/api/v1/events/{event.id}/protocols",
        {"venue": venue, "template": "crowd"},
        content_type="application/json",
        **_auth(coordinator),
    )
    assert answer.status_code == 422, answer.content
    assert answer.json()["detail"][0]["loc"] == ["body", "venue"]
    assert not Protocol.objects.filter(event=event).exists()
