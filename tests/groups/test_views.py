"""The pages: list, group tabs, target, operation, invitation; need-to-know on each."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from jisr.core import clock
from jisr.groups import services
from tests.support.web import logged_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def filled(group: Any, officer: Any, supervisor: Any, fr_alert: str) -> Any:
    target = services.target_add(
        acting_user=officer, group=group, alert_id=fr_alert, whereabouts="Tanger"
    )
    services.lead_add(
        acting_user=officer,
        group=group,
        text="Vu au port",
        target=target,
        source_evaluation="B",
        information_evaluation="2",
    )
    services.task_add(
        acting_user=officer,
        group=group,
        title="Vérifier l'adresse",
        assignee_agency="MA-DGSN",
        due=clock.now() + dt.timedelta(days=2),
    )
    services.meeting_add(
        acting_user=officer, group=group, held_at=clock.now(), place="Visio", agenda="Point"
    )
    op = services.operation_plan(
        acting_user=officer,
        group=group,
        name="Opération Détroit",
        objective="Interpeller",
        legal_basis={"MA-DGSN": "CPP MA", "FR-DGPN": "CPP FR"},
        phases=[],
        resources={},
        target_ids=[str(target.id)],
        comms_plan="",
        day=None,
    )
    return {"target": target, "operation": op}


@pytest.mark.parametrize("tab", ["targets", "leads", "tasks", "meetings", "operations", "timeline"])
@pytest.mark.parametrize("language", ["ar", "fr", "en"])
def test_every_tab_of_the_group_page_renders_in_each_language(
    group: Any, officer: Any, filled: Any, tab: str, language: str
) -> None:
    client = logged_in(officer)
    client.cookies["jisr_language"] = language
    response = client.get(f"/groups/{group.id}/?tab={tab}")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Groupe fictif Détroit" in page
    if tab == "targets":
        assert "Lucien Fictif-Moreau" in page
    if language == "ar":
        assert 'dir="rtl"' in page


def test_the_target_and_operation_pages_show_their_content(
    group: Any, officer: Any, filled: Any
) -> None:
    client = logged_in(officer)
    target_page = client.get(f"/groups/targets/{filled['target'].id}/").content.decode()
    assert "Lucien Fictif-Moreau" in target_page and "Vu au port" in target_page
    op_page = client.get(f"/groups/operations/{filled['operation'].id}/").content.decode()
    assert "Opération Détroit" in op_page and 'hx-trigger="every 3s"' in op_page


@pytest.mark.parametrize("who", ["analyst", "outside_supervisor"])
def test_non_members_do_not_see_the_content(
    group: Any, filled: Any, request: Any, who: str
) -> None:
    client = logged_in(request.getfixturevalue(who))
    page = client.get(f"/groups/{group.id}/?tab=targets")
    target = client.get(f"/groups/targets/{filled['target'].id}/")
    operation = client.get(f"/groups/operations/{filled['operation'].id}/")
    if who == "analyst":
        assert page.status_code == 404
    else:
        assert page.status_code == 200 and "fr.officer" in page.content.decode()
        assert "Lucien Fictif-Moreau" not in page.content.decode()
    assert target.status_code in (403, 404) and operation.status_code in (403, 404)


def test_the_list_pages_and_filters_groups(group: Any, officer: Any) -> None:
    client = logged_in(officer)
    assert "Groupe fictif Détroit" in client.get("/groups/").content.decode()
    assert "Groupe fictif Détroit" not in client.get("/groups/?status=closed").content.decode()


def test_a_task_in_the_past_from_the_page_shows_the_error_and_writes_nothing(
    group: Any, officer: Any
) -> None:
    from jisr.groups.models import Task

    client = logged_in(officer)
    response = client.post(
        f"/groups/{group.id}/tasks/",
        {
            "title": "x",
            "assignee_agency": "FR-DGPN",
            "due": "2020-01-01T10:00",
        },
    )
    assert response.status_code == 422 and not Task.objects.exists()


def test_the_home_page_lists_the_tasks_assigned_to_my_agency(
    group: Any, officer: Any, filled: Any
) -> None:
    page = logged_in(officer).get("/").content.decode()
    assert "Vérifier l&#x27;adresse" in page or "Vérifier l'adresse" in page


def test_a_hit_on_a_targets_alert_appears_in_the_group_timeline(
    group: Any, officer: Any, filled: Any, fr_alert: str
) -> None:
    from jisr.wanted.models import Hit

    Hit.objects.create(
        direction="outgoing",
        alert_ref=fr_alert,
        owner_code="FR-DGPN",
        reporter_code="MA-DGSN",
        circumstances="Contrôle frontière",
        location="Port de Tanger Med",
        seen_at=clock.now(),
    )
    client = logged_in(officer)
    client.cookies["jisr_language"] = "fr"
    page = client.get(f"/groups/{group.id}/?tab=timeline").content.decode()
    assert "Concordance sur le signalement de la cible" in page and "Port de Tanger Med" in page


def _invitation_from_fr(fr: Any) -> str:
    import uuid

    group_id = str(uuid.uuid4())
    now = clock.now().isoformat()
    fr.upsert(
        "groups.group",
        {
            "id": group_id,
            "owner": "FR-DGPN",
            "name": "Groupe FR fictif",
            "mandate": "Armes",
            "kind": "crime_area",
            "crime_area": "firearms",
            "status": "proposed",
            "closing_report": "",
            "created_at": now,
            "updated_at": now,
            "created_by": "fr.officer",
            "partners": [{"agency": "MA-DGSN", "status": "invited", "reason": ""}],
        },
    )
    return group_id


def test_a_supervisor_accepts_an_invitation_on_the_page_naming_members(
    fr: Any, supervisor: Any, officer: Any
) -> None:
    from jisr.groups.models import WorkingGroup
    from tests.groups.conftest import outbox

    group_id = _invitation_from_fr(fr)
    client = logged_in(supervisor)
    assert "Groupe FR fictif" in client.get("/groups/").content.decode()
    page = client.get(f"/groups/{group_id}/").content.decode()
    assert 'data-testid="answer"' in page
    response = client.post(
        f"/groups/{group_id}/answer/", {"answer": "accept", "members": ["ma.officer"]}
    )
    assert response.status_code == 302
    group = WorkingGroup.objects.get(id=group_id)
    assert group.status == "active" and group.partners.get().status == "accepted"
    assert [e.recipient for e in outbox(envelope_type="groups.accept")] == ["FR-DGPN"]
    assert [e.body["body"]["username"] for e in outbox("groups.member")] == ["ma.officer"]
    assert logged_in(officer).get(f"/groups/{group_id}/").status_code == 200


def test_a_decline_without_a_reason_is_refused_on_the_page(fr: Any, supervisor: Any) -> None:
    from jisr.groups.models import WorkingGroup

    group_id = _invitation_from_fr(fr)
    response = logged_in(supervisor).post(
        f"/groups/{group_id}/answer/", {"answer": "decline", "reason": ""}
    )
    assert response.status_code == 422
    assert WorkingGroup.objects.get(id=group_id).partners.get().status == "invited"


def test_an_operation_is_approved_and_logged_from_its_page(
    group: Any, officer: Any, supervisor: Any, filled: Any, fr: Any
) -> None:
    from jisr.groups.services import approval_id

    op = filled["operation"]
    sup = logged_in(supervisor)
    sup.post(f"/groups/operations/{op.id}/approve/", {"version": "1"})
    fr.upsert(
        "groups.approval",
        {
            "id": str(approval_id(op.id, "FR-DGPN")),
            "owner": "FR-DGPN",
            "operation": str(op.id),
            "plan_version": 1,
            "created_at": clock.now().isoformat(),
            "created_by": "fr.supervisor",
        },
    )
    client = logged_in(officer)
    assert "authorised" in client.get(f"/groups/operations/{op.id}/").content.decode()
    partial = client.post(
        f"/groups/operations/{op.id}/log/", {"text": "Équipe A en place"}, HTTP_HX_REQUEST="true"
    )
    assert partial.status_code == 200 and "Équipe A en place" in partial.content.decode()
    assert 'id="oplog"' in partial.content.decode()


def test_the_responsible_agency_marks_its_task_done_from_the_page(
    group: Any, officer: Any, filled: Any
) -> None:
    from jisr.groups.models import Task

    task = Task.objects.get(title="Vérifier l'adresse")
    client = logged_in(officer)
    client.post(f"/groups/{group.id}/tasks/{task.id}/status/", {"status": "done", "note": "Fait"})
    task.refresh_from_db()
    assert (task.status, task.result) == ("done", "Fait")


def test_an_agency_names_and_removes_its_own_members_on_the_page(
    group: Any, officer: Any, analyst: Any
) -> None:
    client = logged_in(officer)
    assert 'data-testid="name-member"' in client.get(f"/groups/{group.id}/").content.decode()
    client.post(f"/groups/{group.id}/members/", {"action": "add", "username": "ma.analyst"})
    assert group.members.filter(username="ma.analyst").exists()
    assert logged_in(analyst).get(f"/groups/{group.id}/").status_code == 200
    client.post(f"/groups/{group.id}/members/", {"action": "remove", "username": "ma.analyst"})
    assert not group.members.filter(username="ma.analyst").exists()
    response = client.post(
        f"/groups/{group.id}/members/", {"action": "remove", "username": "fr.officer"}
    )
    assert response.status_code == 404 and group.members.filter(username="fr.officer").exists()
