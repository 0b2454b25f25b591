"""Playbooks and the response tasks a bulletin's playbook creates on each side."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.test import Client

from jisr.risks.models import Playbook, ResponseTask
from tests.risks.conftest import api, outbox, partner_bulletin_body, receive, replica

pytestmark = pytest.mark.django_db

STEPS = [
    {"agency": "MA-DGSN", "action": "Vérifier les numéros dans nos dossiers", "within_hours": 12},
    {"agency": "FR-DGPN", "action": "Alerter les services portuaires", "within_hours": 4},
]


def _playbook(officer: Any) -> dict[str, Any]:
    answer = api(
        Client(),
        officer,
        "post",
        "/playbooks",
        {"name": "Arrivage signalé", "crime_area": "drug_trafficking", "steps": STEPS},
    )
    assert answer.status_code == 201, answer.content
    return dict(answer.json())


def test_a_playbook_is_versioned_and_shared(officer: Any) -> None:
    playbook = _playbook(officer)
    changed = api(
        Client(),
        officer,
        "post",
        f"/playbooks/{playbook['id']}",
        {"name": "Arrivage signalé", "crime_area": "drug_trafficking", "steps": STEPS[:1]},
    ).json()
    assert changed["version"] == 2 and len(changed["steps"]) == 1
    assert Playbook.objects.get().history[0]["version"] == 1
    assert [e.body["version"] for e in outbox("risks.playbook")] == [1, 2]


def test_a_step_without_a_time_limit_is_refused(officer: Any) -> None:
    answer = api(
        Client(),
        officer,
        "post",
        "/playbooks",
        {
            "name": "X",
            "crime_area": "fraud",
            "steps": [{"agency": "MA-DGSN", "action": "Y", "within_hours": 0}],
        },
    )
    assert answer.status_code == 422 and not Playbook.objects.exists()


def test_a_released_bulletin_triggers_the_playbook_and_our_steps_become_tasks(
    officer: Any, reviewer: Any
) -> None:
    playbook = _playbook(officer)
    bulletin_id = api(
        Client(),
        officer,
        "post",
        "/bulletins",
        {
            "kind": "alert_bulletin",
            "title": "Arrivage imminent",
            "summary": "Un go-fast est attendu cette nuit.",
            "recipients": ["FR-DGPN"],
            "playbook": playbook["id"],
        },
    ).json()["id"]
    assert not ResponseTask.objects.exists()
    api(Client(), reviewer, "post", f"/bulletins/{bulletin_id}/approve")
    [task] = ResponseTask.objects.all()
    assert task.agency.code == "MA-DGSN" and task.action.startswith("Vérifier") and task.due_at
    [sent] = outbox("risks.bulletin")
    assert [s["agency"] for s in sent.body["body"]["response"]["steps"]] == ["MA-DGSN", "FR-DGPN"]
    [task_envelope] = outbox("risks.task")
    assert task_envelope.recipient == "FR-DGPN"
    # FR reports its own task's progress; both sides show on the bulletin.
    fr_task = str(uuid.uuid4())
    replica(
        "risks.task",
        fr_task,
        2,
        {
            "id": fr_task,
            "bulletin": bulletin_id,
            "agency": "FR-DGPN",
            "order": 2,
            "action": "Alerter les services portuaires",
            "status": "done",
            "due_at": None,
        },
    )
    got = api(Client(), officer, "get", f"/bulletins/{bulletin_id}").json()
    assert sorted((t["agency"], t["status"]) for t in got["tasks"]) == [
        ("FR-DGPN", "done"),
        ("MA-DGSN", "open"),
    ]


def test_a_partner_bulletin_with_a_response_creates_our_tasks_once(officer: Any) -> None:
    body = partner_bulletin_body(
        response={
            "playbook": str(uuid.uuid4()),
            "name": "Arrivage signalé",
            "version": 1,
            "triggered_at": "2026-12-07T08:00:00+00:00",
            "steps": [
                {
                    "id": str(uuid.uuid4()),
                    "order": 1,
                    "agency": "FR-DGPN",
                    "action": "Alerter",
                    "within_hours": 4,
                },
                {
                    "id": str(uuid.uuid4()),
                    "order": 2,
                    "agency": "MA-DGSN",
                    "action": "Vérifier",
                    "within_hours": 12,
                },
            ],
        }
    )
    receive(body)
    receive({**body, "summary": "bis"}, revision=2)
    [task] = ResponseTask.objects.all()
    assert task.agency.code == "MA-DGSN" and task.due_at.isoformat() == "2026-12-07T20:00:00+00:00"
    answer = api(
        Client(), officer, "post", f"/response-tasks/{task.id}/status", {"status": "in_progress"}
    )
    assert answer.json()["status"] == "in_progress"
    sent = outbox("risks.task")
    assert sent[-1].recipient == "FR-DGPN" and sent[-1].body["body"]["status"] == "in_progress"


def test_each_agency_updates_only_its_own_tasks(officer: Any, analyst: Any) -> None:
    from jisr.federation.registry import NotOwner

    body = partner_bulletin_body(
        response={
            "playbook": str(uuid.uuid4()),
            "name": "P",
            "version": 1,
            "triggered_at": "2026-12-07T08:00:00+00:00",
            "steps": [
                {
                    "id": str(uuid.uuid4()),
                    "order": 1,
                    "agency": "MA-DGSN",
                    "action": "Vérifier",
                    "within_hours": 12,
                }
            ],
        }
    )
    bulletin = receive(body)
    fr_task = str(uuid.uuid4())
    replica(
        "risks.task",
        fr_task,
        1,
        {
            "id": fr_task,
            "bulletin": str(bulletin.id),
            "agency": "FR-DGPN",
            "order": 1,
            "action": "Alerter",
            "status": "open",
            "due_at": None,
        },
    )
    refused = api(
        Client(), officer, "post", f"/response-tasks/{fr_task}/status", {"status": "done"}
    )
    assert refused.status_code == 403
    ours = ResponseTask.objects.get(agency__code="MA-DGSN")
    with pytest.raises(NotOwner):
        replica(
            "risks.task",
            str(ours.id),
            9,
            {
                "id": str(ours.id),
                "bulletin": str(bulletin.id),
                "agency": "FR-DGPN",
                "order": 1,
                "action": "x",
                "status": "done",
                "due_at": None,
            },
        )
    ours.refresh_from_db()
    assert ours.status == "open" and ResponseTask.objects.get(id=fr_task).status == "open"
