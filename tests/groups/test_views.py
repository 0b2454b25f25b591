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
