"""The exchange API: /api/v1/cases…, /api/v1/messages… with 403 / 422 and nothing changed."""

from __future__ import annotations

import base64
import hashlib
from typing import Any

import pytest

from jisr.exchange.models import Case, Message
from tests.exchange.conftest import PNG, api_client, deliver, fr_message_body, message_fields

pytestmark = pytest.mark.django_db


def test_an_officer_opens_a_case_and_sends_a_request_with_an_attachment(officer: Any) -> None:
    client, auth = api_client(officer)
    created = client.post(
        "/api/v1/cases",
        {"title": "Port (test)", "crime_area": "drug_trafficking", "partners": ["FR-DGPN"]},
        content_type="application/json",
        **auth,
    )
    assert created.status_code == 201, created.content
    case_id = created.json()["id"]
    sent = client.post(
        f"/api/v1/cases/{case_id}/messages",
        {
            **message_fields(),
            "attachments": [
                {"filename": "a.png", "content_base64": base64.b64encode(PNG).decode()}
            ],
        },
        content_type="application/json",
        **auth,
    )
    assert sent.status_code == 201, sent.content
    data = sent.json()
    # The attachment holds it for release: no limit runs until a second person releases it.
    assert data["release_status"] == "pending" and data["deadline"] is None
    assert data["time_limit"] == "8h" and data["recipients"] == ["FR-DGPN"]
    attachment = data["attachments"][0]
    download = client.get(f"/api/v1/messages/{data['id']}/attachments/{attachment['id']}", **auth)
    assert download.status_code == 200
    assert hashlib.sha256(download.content).hexdigest() == attachment["sha256"]
    listed = client.get("/api/v1/cases", **auth).json()["items"]
    assert [c["id"] for c in listed] == [case_id]
    detail = client.get(f"/api/v1/cases/{case_id}", **auth).json()
    assert [m["id"] for m in detail["messages"]] == [data["id"]]


def test_bad_input_gets_422_with_field_errors_and_nothing_changes(officer: Any, case: Case) -> None:
    client, auth = api_client(officer)
    response = client.post(
        f"/api/v1/cases/{case.id}/messages",
        message_fields(body="", handling_code="H7", priority=""),
        content_type="application/json",
        **auth,
    )
    assert response.status_code == 422
    fields = {e["loc"][-1] for e in response.json()["detail"]}
    assert {"body", "handling_code", "priority"} <= fields
    assert not Message.objects.exists()


def test_a_reviewer_gets_403_and_nothing_changes(reviewer: Any, case: Case) -> None:
    client, auth = api_client(reviewer)
    assert client.get("/api/v1/cases", **auth).status_code == 403
    response = client.post(
        f"/api/v1/cases/{case.id}/messages",
        message_fields(),
        content_type="application/json",
        **auth,
    )
    assert response.status_code == 403
    assert not Message.objects.exists()


def test_forwarding_an_h2_item_to_a_third_agency_gets_403(officer: Any) -> None:
    from jisr.accounts.services import agency_upsert

    agency_upsert(code="ES-CNP", name_ar="ES", name_fr="ES", name_en="ES")
    message = deliver("exchange.message", fr_message_body(handling_code="H2"))
    client, auth = api_client(officer)
    response = client.post(
        f"/api/v1/messages/{message.id}/forward",
        {"agency": "ES-CNP"},
        content_type="application/json",
        **auth,
    )
    assert response.status_code == 403
    assert "H2" in response.json()["detail"]
    assert Case.objects.count() == 1
    assert client.get(f"/api/v1/messages/{message.id}/export", **auth).status_code == 403
    opened = client.get(f"/api/v1/messages/{message.id}", **auth)
    assert opened.status_code == 200 and opened.json()["body"].startswith("Le véhicule")


def test_search_by_name_through_the_api(officer: Any) -> None:
    message = deliver("exchange.message", fr_message_body())
    client, auth = api_client(officer)
    found = client.get("/api/v1/cases/search", {"q": "Benkirane Yassine"}, **auth).json()
    assert [m["id"] for m in found["messages"]] == [str(message.id)]


def test_a_hit_follow_up_opens_a_case_once_through_the_api(officer: Any) -> None:
    client, auth = api_client(officer)
    payload = {
        "hit_id": "0193a000-0000-7000-8000-0000000000b1",
        "alert_id": "0193a000-0000-7000-8000-0000000000b2",
        "partner": "FR-DGPN",
        "title": "Hit on Yassine Benkirane-Demo",
    }
    first = client.post("/api/v1/cases/for-hit", payload, content_type="application/json", **auth)
    again = client.post("/api/v1/cases/for-hit", payload, content_type="application/json", **auth)
    assert first.status_code == again.status_code == 200
    assert first.json()["id"] == again.json()["id"]
    assert {link["kind"] for link in first.json()["links"]} == {"alert", "hit"}
    bad = client.post(
        "/api/v1/cases/for-hit",
        {**payload, "hit_id": "nope"},
        content_type="application/json",
        **auth,
    )
    assert bad.status_code == 422
    assert Case.objects.count() == 1
