"""The API of issue 15: bodies, need-to-know on every path, bad input answered 422."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.test import Client

from jisr.groups import models as gm
from tests.groups.conftest import api_auth, later, post

pytestmark = pytest.mark.django_db


def test_an_officer_creates_a_group_and_lists_it(
    officer: Any, supervisor: Any, fr_partner: Any
) -> None:
    client, auth = Client(), api_auth(officer)
    created = post(
        client,
        "/api/v1/groups",
        {
            "name": "Groupe fictif",
            "kind": "fugitives",
            "mandate": "Suivre",
            "partners": ["FR-DGPN"],
            "members": ["ma.supervisor"],
        },
        auth,
    )
    assert created.status_code == 201, created.content
    assert created.json()["status"] == "proposed"
    listed = client.get("/api/v1/groups", **auth).json()
    assert listed["count"] == 1
    item = listed["items"][0]
    assert (item["id"], item["name"], item["kind"], item["status"], item["owner"]) == (
        created.json()["id"],
        "Groupe fictif",
        "fugitives",
        "proposed",
        "MA-DGSN",
    )


def test_the_group_page_of_the_api_shows_members_targets_tasks_and_leads(
    group: Any, officer: Any, fr_alert: str
) -> None:
    client, auth = Client(), api_auth(officer)
    base = f"/api/v1/groups/{group.id}"
    target = post(client, f"{base}/targets", {"alert_id": fr_alert}, auth)
    assert target.status_code == 201, target.content
    task = post(
        client,
        f"{base}/tasks",
        {"title": "Vérifier", "assignee_agency": "FR-DGPN", "due": later()},
        auth,
    )
    assert task.status_code == 201, task.content
    lead = post(
        client,
        f"{base}/leads",
        {
            "text": "Vu à Tanger",
            "target_id": target.json()["id"],
            "source_evaluation": "B",
            "information_evaluation": "2",
            "handling_code": "H1",
        },
        auth,
    )
    assert lead.status_code == 201, lead.content
    body = client.get(base, **auth).json()
    assert body["id"] == str(group.id) and body["status"] == "active"
    assert {"agency": "FR-DGPN", "username": "fr.officer"}.items() <= next(
        m for m in body["members"] if m["username"] == "fr.officer"
    ).items()
    assert body["targets"][0]["alert_id"] == fr_alert
    assert (
        body["tasks"][0]["title"] == "Vérifier" and body["tasks"][0]["assignee_agency"] == "FR-DGPN"
    )
    assert body["tasks"][0]["status"] == "open" and body["tasks"][0]["due"].endswith("Z")
    assert body["leads"][0] == {
        **body["leads"][0],
        "text": "Vu à Tanger",
        "source_evaluation": "B",
        "information_evaluation": "2",
        "agency": "MA-DGSN",
    }


@pytest.mark.parametrize(
    ("who", "expected"),
    [("officer", 200), ("analyst", 404), ("outside_supervisor", 403)],
)
def test_only_named_members_see_a_group(group: Any, request: Any, who: str, expected: int) -> None:
    user = request.getfixturevalue(who)
    client, auth = Client(), api_auth(user)
    assert client.get(f"/api/v1/groups/{group.id}", **auth).status_code == expected
    listed = client.get("/api/v1/groups", **auth).json()["count"]
    assert listed == (0 if who == "analyst" else 1)


def test_a_supervisor_who_is_not_a_member_sees_the_membership_only(
    group: Any, outside_supervisor: Any
) -> None:
    client, auth = Client(), api_auth(outside_supervisor)
    roster = client.get(f"/api/v1/groups/{group.id}/members", **auth)
    assert roster.status_code == 200
    assert "fr.officer" in {m["username"] for m in roster.json()["members"]}
    assert "targets" not in roster.json()


@pytest.mark.parametrize(
    ("method", "suffix"),
    [
        ("get", ""),
        ("get", "/members"),
        ("get", "/timeline"),
        ("get", "/meetings"),
        ("get", "/operations"),
        ("post", "/targets"),
        ("post", "/tasks"),
        ("post", "/leads"),
        ("post", "/accept"),
        ("post", "/decline"),
        ("post", "/meetings"),
        ("post", "/operations"),
        ("post", "/tasks/0193a3c0-0000-7000-8000-000000000001/status"),
    ],
)
def test_a_non_member_analyst_gets_404_on_every_path_of_a_group(
    group: Any, analyst: Any, method: str, suffix: str
) -> None:
    client, auth = Client(), api_auth(analyst)
    path = f"/api/v1/groups/{group.id}{suffix}"
    if method == "get":
        response = client.get(path, **auth)
    else:
        response = post(client, path, {}, auth)
    assert response.status_code in (403, 404, 422) and response.status_code != 200
    # a valid-looking body changes nothing either
    assert gm.Target.objects.count() == 0 and gm.Task.objects.count() == 0


@pytest.mark.parametrize(
    ("suffix", "body", "field"),
    [
        (
            "/tasks",
            {"title": "x", "assignee_agency": "FR-DGPN", "due": "2020-01-01T00:00:00Z"},
            "due",
        ),
        ("/tasks", {"title": "x", "assignee_agency": "ES-PN", "due": None}, None),
        (
            "/leads",
            {"text": "x", "source_evaluation": "D", "information_evaluation": "2"},
            "source_evaluation",
        ),
        (
            "/leads",
            {"text": "x", "source_evaluation": "A", "information_evaluation": "5"},
            "information_evaluation",
        ),
        ("/targets", {"alert_id": str(uuid.uuid4())}, "alert_id"),
    ],
)
def test_bad_input_is_answered_422_and_changes_nothing(
    group: Any, officer: Any, suffix: str, body: dict[str, Any], field: str | None
) -> None:
    if body.get("due") is None and "due" in body:
        body = {**body, "due": later()}
    client, auth = Client(), api_auth(officer)
    response = post(client, f"/api/v1/groups/{group.id}{suffix}", body, auth)
    assert response.status_code == 422, response.content
    if field:
        assert field in response.content.decode()
    assert (
        not gm.Task.objects.exists()
        and not gm.Lead.objects.exists()
        and not gm.Target.objects.exists()
    )


def test_an_error_is_translated_into_french(group: Any, officer: Any) -> None:
    client, auth = Client(), api_auth(officer)
    response = client.post(
        f"/api/v1/groups/{group.id}/tasks",
        {"title": "x", "assignee_agency": "FR-DGPN", "due": "2020-01-01T00:00:00Z"},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="fr",
        **auth,
    )
    assert response.status_code == 422
    assert "avenir" in response.content.decode()


def test_an_own_alert_not_shared_with_the_partner_cannot_be_a_target(
    group: Any, officer: Any
) -> None:
    from jisr.wanted.demo import seed

    seed(group.owner)
    from jisr.wanted.models import Alert

    alert = Alert.objects.filter(owner=group.owner).first()
    Alert.objects.filter(pk=alert.pk).update(shared_with=[])
    client, auth = Client(), api_auth(officer)
    response = post(client, f"/api/v1/groups/{group.id}/targets", {"alert_id": str(alert.id)}, auth)
    assert response.status_code == 422 and not gm.Target.objects.exists()


def test_a_joint_operation_is_planned_approved_logged_and_debriefed(
    group: Any, officer: Any, supervisor: Any, fr: Any
) -> None:
    from jisr.core import clock
    from jisr.groups.services import approval_id

    client, auth, sup = Client(), api_auth(officer), api_auth(supervisor)
    planned = post(
        client,
        f"/api/v1/groups/{group.id}/operations",
        {
            "name": "Opération fictive",
            "objective": "Interpeller",
            "legal_basis": {"MA-DGSN": "CPP fictif", "FR-DGPN": "CPP fictif FR"},
            "phases": [{"name": "Préparation", "starts": "2027-01-01", "ends": "2027-01-05"}],
            "resources": {"MA-DGSN": "2 équipes"},
        },
        auth,
    )
    assert planned.status_code == 201, planned.content
    op_id = planned.json()["id"]
    assert post(client, f"/api/v1/operations/{op_id}/log", {"text": "x"}, auth).status_code == 422
    assert (
        post(client, f"/api/v1/operations/{op_id}/approve", {"version": 1}, auth).status_code == 403
    )
    assert (
        post(client, f"/api/v1/operations/{op_id}/approve", {"version": 1}, sup).status_code == 200
    )
    fr.upsert(
        "groups.approval",
        {
            "id": str(approval_id(op_id, "FR-DGPN")),
            "owner": "FR-DGPN",
            "operation": op_id,
            "plan_version": 1,
            "created_at": clock.now().isoformat(),
            "created_by": "fr.supervisor",
        },
    )
    assert client.get(f"/api/v1/operations/{op_id}", **auth).json()["authorised"] is True
    assert (
        post(
            client, f"/api/v1/operations/{op_id}/log", {"text": "Équipes en place"}, auth
        ).status_code
        == 201
    )
    result = post(
        client,
        f"/api/v1/operations/{op_id}/results",
        {"kind": "seizure", "quantity": "12.5", "seizure_type": "résine de cannabis", "unit": "kg"},
        auth,
    )
    assert result.status_code == 201, result.content
    log = client.get(f"/api/v1/operations/{op_id}/log", **auth).json()
    assert log["items"][0]["text"] == "Équipes en place"
    xlsx = client.get(f"/api/v1/operations/{op_id}/debrief?format=xlsx", **auth)
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd.openxml")
    pdf = client.get(
        f"/api/v1/operations/{op_id}/debrief?format=pdf", HTTP_ACCEPT_LANGUAGE="ar", **auth
    )
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_an_agency_removes_its_own_member_and_the_partner_is_told(
    group: Any, officer: Any, supervisor: Any
) -> None:
    from tests.groups.conftest import outbox

    client = Client()
    response = client.delete(
        f"/api/v1/groups/{group.id}/members/ma.supervisor", **api_auth(officer)
    )
    assert response.status_code == 204
    assert "ma.supervisor" not in set(group.members.values_list("username", flat=True))
    withdrawn = outbox(envelope_type="replica.withdraw")
    assert [e.body["record_type"] for e in withdrawn] == ["groups.member"]
    # a supervisor who is no longer a member keeps the roster, not the content
    assert client.get(f"/api/v1/groups/{group.id}", **api_auth(supervisor)).status_code == 403


def test_no_agency_removes_a_member_of_another_agency(group: Any, officer: Any) -> None:
    response = Client().delete(f"/api/v1/groups/{group.id}/members/fr.officer", **api_auth(officer))
    assert response.status_code == 404
    assert "fr.officer" in set(group.members.values_list("username", flat=True))
