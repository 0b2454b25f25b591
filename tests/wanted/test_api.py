"""The register's API: paths, bodies, 403 and 422 rules (nothing changes on either)."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.test import Client

from jisr.accounts.models import ApiToken
from jisr.core import clock
from jisr.federation.models import OutboxEnvelope
from jisr.wanted import services
from jisr.wanted.models import Alert, Hit

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(staff: dict[str, Any]) -> Any:
    """``api("officer").post(path, json)`` with that user's bearer token."""

    class Caller:
        def __init__(self, user: Any) -> None:
            _token, raw = ApiToken.objects.issue(user)
            self.client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")

        def get(self, path: str, **params: Any) -> Any:
            return self.client.get(f"/api/v1{path}", params)

        def post(self, path: str, body: Any = None) -> Any:
            return self.client.post(f"/api/v1{path}", body or {}, content_type="application/json")

    return lambda name: Caller(staff[name])


def test_offence_categories_are_a_controlled_list_with_labels(api: Any) -> None:
    response = api("officer").get("/reference/offence-categories")
    assert response.status_code == 200
    codes = {row["code"]: row["label"] for row in response.json()}
    assert {"drug_trafficking", "terrorism", "migrant_smuggling", "other_ordinary"} <= set(codes)
    assert codes["murder"] == "Murder"


def test_the_alert_lifecycle_through_the_api(api: Any, alert_data: Any) -> None:
    created = api("officer").post("/alerts", alert_data)
    assert created.status_code == 201, created.content
    alert_id = created.json()["id"]
    assert created.json()["status"] == "draft"
    assert api("officer").post(f"/alerts/{alert_id}/submit").json()["status"] == "pending_review"
    denied = api("officer").post(
        f"/alerts/{alert_id}/review",
        {"decision": "approve", "reason": "r", "share_with": ["FR-DGPN"]},
    )
    assert denied.status_code == 403
    approved = api("reviewer").post(
        f"/alerts/{alert_id}/review",
        {"decision": "approve", "reason": "Ordinary crime", "share_with": ["FR-DGPN"]},
    )
    assert approved.status_code == 200 and approved.json()["status"] == "active"
    page = api("officer").get("/alerts", owner="own", status="active").json()
    listed = page["items"]
    assert page["count"] == 1
    assert [(a["id"], a["owner"], a["names"]) for a in listed] == [
        (alert_id, "MA-DGSN", alert_data["names"])
    ]
    assert api("officer").get("/alerts", owner="partner").json() == {"items": [], "count": 0}
    withdrawn = api("officer").post(f"/alerts/{alert_id}/withdraw", {"reason": "lifted"})
    assert withdrawn.json()["status"] == "withdrawn"
    assert OutboxEnvelope.objects.filter(type="replica.withdraw").count() == 1


def test_an_invalid_body_gives_422_with_field_errors_and_writes_nothing(
    api: Any, alert_data: Any
) -> None:
    missing = api("officer").post("/alerts", {"category": "arrest"})
    assert missing.status_code == 422
    wrong = api("officer").post(
        "/alerts", {**alert_data, "category": "coup", "birth_date": "17/04/1986"}
    )
    assert wrong.status_code == 422
    fields = {e["loc"][-1] for e in wrong.json()["detail"]}
    assert {"category", "birth_date"} <= fields
    assert not Alert.objects.exists()


@pytest.mark.parametrize("date", ["\u00c2\U0003acdb", "2026-13-40", "17/04/2026"])
def test_a_legal_basis_date_that_is_not_a_date_gives_422_and_writes_nothing(
    api: Any, alert_data: Any, date: str
) -> None:
    """It was a 500 (found by the fuzzing bench): the check after it read a missing key."""
    alert_data["legal_basis"]["date"] = date
    answer = api("officer").post("/alerts", alert_data)
    assert answer.status_code == 422, answer.content
    assert {e["loc"][-1] for e in answer.json()["detail"]} == {"legal_basis.date"}
    assert not Alert.objects.exists()


def test_submit_without_legal_basis_is_422(api: Any, alert_data: Any) -> None:
    del alert_data["legal_basis"]
    alert_id = api("officer").post("/alerts", alert_data).json()["id"]
    response = api("officer").post(f"/alerts/{alert_id}/submit")
    assert response.status_code == 422
    assert Alert.objects.get(pk=alert_id).status == "draft"


def test_wrong_role_or_another_agencys_object_is_403_and_changes_nothing(
    api: Any, alert_data: Any
) -> None:
    assert api("reviewer").post("/alerts", alert_data).status_code == 403
    alert_id = api("officer").post("/alerts", alert_data).json()["id"]
    assert api("fr_officer").post(f"/alerts/{alert_id}/submit").status_code == 403
    assert api("dpo").post(f"/alerts/{alert_id}/withdraw").status_code == 403
    copy_id = str(uuid.uuid4())
    services.copy_upsert(
        "FR-DGPN",
        copy_id,
        1,
        {"category": "locate", "names": ["Lucas Fernandez-Test"], "legal_basis": {}},
    )
    assert api("officer").post(f"/alerts/{copy_id}/withdraw").status_code == 403
    assert Alert.objects.get(pk=copy_id).status == "active"
    assert Alert.objects.get(pk=alert_id).status == "draft"
    assert (
        api("reviewer")
        .post("/screenings", {"purpose": "p", "subjects": [{"names": ["x"]}]})
        .status_code
        == 403
    )


def test_screening_and_hit_follow_up_through_the_api(api: Any, make_active_alert: Any) -> None:
    alert = make_active_alert()
    screened = api("officer").post(
        "/screenings",
        {
            "purpose": "Manifest AT 800",
            "subjects": [
                {"names": ["ياسين بنكيران"], "birth_date": "1986-04", "nationality": ["MA"]}
            ],
        },
    )
    assert screened.status_code == 200
    body = screened.json()
    assert body["id"] and body["results"][0]["subject"] == 0
    candidate = body["results"][0]["candidates"][0]
    assert (candidate["alert_id"], candidate["owner"]) == (str(alert.id), "MA-DGSN")
    assert candidate["score"] >= 0.8 and "name" in candidate["explanation"]
    assert api("officer").post("/screenings", {"subjects": []}).status_code == 422

    reported = api("officer").post(
        "/hits",
        {"alert_id": str(alert.id), "circumstances": "Border check", "location": "Tanger Med"},
    )
    assert reported.status_code == 201, reported.content
    hit_id = reported.json()["id"]
    incoming = api("officer").get("/hits", direction="incoming").json()["items"]
    assert [(h["id"], h["alert_id"], h["status"]) for h in incoming] == [
        (hit_id, str(alert.id), "reported")
    ]
    assert incoming[0]["deadline"]
    assert api("officer").post(f"/hits/{hit_id}/respond", {"action": "teleport"}).status_code == 422
    assert (
        api("reviewer").post(f"/hits/{hit_id}/respond", {"action": "no_action"}).status_code == 403
    )
    answered = api("officer2").post(
        f"/hits/{hit_id}/respond", {"action": "discreet_check_report", "note": "Report back"}
    )
    assert answered.json()["status"] == "responded"
    closed = api("officer2").post(f"/hits/{hit_id}/outcome", {"outcome": "not_the_person"})
    assert closed.json()["outcome"] == "not_the_person"
    alert.refresh_from_db()
    assert alert.status == "active"


def test_hits_of_other_agencies_are_403(api: Any, make_active_alert: Any, staff: Any) -> None:
    alert = make_active_alert()
    hit = services.hit_report(
        acting_user=staff["officer"], alert_id=str(alert.id), circumstances="c", location="l"
    )
    Hit.objects.filter(pk=hit.pk).update(
        owner_code="ES-PN", reporter_code="IT-PS", due_at=clock.now()
    )
    assert (
        api("officer").post(f"/hits/{hit.pk}/respond", {"action": "no_action"}).status_code == 403
    )
    assert Hit.objects.get(pk=hit.pk).status == "reported"


def test_a_batch_is_queued_through_the_api_and_bad_files_are_422(api: Any, staff: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from jisr.wanted.models import Screening

    caller = api("officer")
    bad = caller.client.post(
        "/api/v1/screenings/batch",
        {
            "purpose": "Event 3",
            "file": SimpleUploadedFile("l.csv", b"names,birth_date\nA,1986-99\n,\nB,\n"),
        },
    )
    assert bad.status_code == 422 and len(bad.json()["detail"]) == 1
    assert not Screening.objects.exists()
    good = caller.client.post(
        "/api/v1/screenings/batch",
        {"purpose": "Event 3", "file": SimpleUploadedFile("l.jsonl", b'{"names": ["A B"]}\n')},
    )
    assert good.status_code == 202 and good.json()["status"] == "queued"
    services.screening_batch_step()
    assert caller.get(f"/screenings/{good.json()['id']}").json()["progress"] == 1
    assert api("officer2").get(f"/screenings/{good.json()['id']}").status_code == 403


def test_the_alert_list_pages_with_limit_and_offset_and_bounds_the_limit(
    api: Any, alert_data: dict[str, Any]
) -> None:
    ids = [api("officer").post("/alerts", alert_data).json()["id"] for _ in range(3)]
    first = api("officer").get("/alerts", limit=2).json()
    rest = api("officer").get("/alerts", limit=2, offset=2).json()
    assert (first["count"], len(first["items"]), rest["count"], len(rest["items"])) == (3, 2, 3, 1)
    assert sorted(a["id"] for a in first["items"] + rest["items"]) == sorted(ids)
    assert api("officer").get("/alerts", limit=5000).status_code == 422
    assert api("officer").get("/alerts", owner="nobody").status_code == 422
