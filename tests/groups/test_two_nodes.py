"""The issue's done-when flow through the API, on two real nodes with their workers,
then 100 writes on each side while the link is down (both relays stopped), equal after."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from typing import Any

import pytest

pytestmark = pytest.mark.slow

FR_ALERT = "6f1d2c1e-0d5a-4c3e-9a51-0000000f0001"  # the FR demo alert shared with MA


def _call(node: Any, token: str, method: str, path: str, body: Any = None) -> tuple[int, Any]:
    request = urllib.request.Request(
        f"{node.url}/api/v1{path}",
        data=None if body is None else json.dumps(body).encode(),
        method=method,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def _until(check: Callable[[], Any], timeout: float = 60) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.5)


def test_a_group_created_on_ma_is_accepted_worked_on_by_fr_and_converges(
    demo_nodes: dict[str, Any],
) -> None:
    ma, fr = demo_nodes["ma"], demo_nodes["fr"]
    ma_officer, fr_supervisor = ma.token("ma.officer"), fr.token("fr.supervisor")
    fr_officer, ma_analyst, fr_analyst = (
        fr.token("fr.officer"),
        ma.token("ma.analyst"),
        fr.token("fr.analyst"),
    )
    status, created = _call(
        ma,
        ma_officer,
        "POST",
        "/groups",
        {
            "name": "Groupe fictif du test",
            "kind": "fugitives",
            "mandate": "Test",
            "partners": ["FR-DGPN"],
            "members": ["ma.supervisor"],
        },
    )
    assert status == 201, created
    group_id = created["id"]

    def proposed_on_fr() -> bool:
        code, body = _call(fr, fr_supervisor, "GET", "/groups?status=proposed")
        return code == 200 and group_id in {g["id"] for g in body["items"]}

    assert _until(proposed_on_fr), "the invitation did not reach FR"
    status, _ = _call(
        fr, fr_supervisor, "POST", f"/groups/{group_id}/accept", {"members": ["fr.officer"]}
    )
    assert status == 200

    def active_on_ma() -> Any:
        code, body = _call(ma, ma_officer, "GET", f"/groups/{group_id}")
        return (
            body
            if code == 200
            and body["status"] == "active"
            and any(m["username"] == "fr.officer" for m in body["members"])
            else None
        )

    assert _until(active_on_ma), "MA did not see the acceptance"
    status, target = _call(
        ma, ma_officer, "POST", f"/groups/{group_id}/targets", {"alert_id": FR_ALERT}
    )
    assert status == 201, target
    due = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + 3 * 86400))
    status, task = _call(
        ma,
        ma_officer,
        "POST",
        f"/groups/{group_id}/tasks",
        {"title": "Vérifier l'adresse", "assignee_agency": "FR-DGPN", "due": due},
    )
    assert status == 201, task

    def task_on_fr() -> bool:
        code, body = _call(fr, fr_officer, "GET", f"/groups/{group_id}")
        return code == 200 and any(t["id"] == task["id"] for t in body["tasks"])

    assert _until(task_on_fr), "the task did not reach FR"
    status, _ = _call(
        fr,
        fr_officer,
        "POST",
        f"/groups/{group_id}/tasks/{task['id']}/status",
        {"status": "done", "note": "Adresse vérifiée"},
    )
    assert status == 200
    status, lead = _call(
        fr,
        fr_officer,
        "POST",
        f"/groups/{group_id}/leads",
        {
            "text": "Vu à Lyon",
            "target_id": target["id"],
            "source_evaluation": "B",
            "information_evaluation": "2",
            "handling_code": "H0",
        },
    )
    assert status == 201, lead

    def both_on(node: Any, token: str) -> Any:
        def check() -> Any:
            code, body = _call(node, token, "GET", f"/groups/{group_id}")
            if code != 200:
                return None
            done = any(t["id"] == task["id"] and t["status"] == "done" for t in body["tasks"])
            return body if done and any(x["id"] == lead["id"] for x in body["leads"]) else None

        return check

    on_ma = _until(both_on(ma, ma_officer))
    on_fr = _until(both_on(fr, fr_officer))
    assert on_ma and on_fr, "the task status and the lead did not converge"
    for key in ("tasks", "leads", "targets"):
        assert sorted(json.dumps(x, sort_keys=True) for x in on_ma[key]) == sorted(
            json.dumps(x, sort_keys=True) for x in on_fr[key]
        )
    assert _call(ma, ma_analyst, "GET", f"/groups/{group_id}")[0] == 404
    assert _call(fr, fr_analyst, "GET", f"/groups/{group_id}")[0] == 404

    # -- the link goes down: both relays stop; each side writes 100 leads meanwhile ----------
    for node in (ma, fr):
        assert node.worker is not None
        node.worker.terminate()
        node.worker.wait(timeout=30)
    try:
        for i in range(100):
            for node, token, who in ((ma, ma_officer, "MA"), (fr, fr_officer, "FR")):
                code, _body = _call(
                    node,
                    token,
                    "POST",
                    f"/groups/{group_id}/leads",
                    {
                        "text": f"{who} panne {i}",
                        "source_evaluation": "C",
                        "information_evaluation": "3",
                        "handling_code": "H0",
                    },
                )
                assert code == 201
    finally:
        for node in (ma, fr):
            node.start_worker()

    def leads_of(node: Any, token: str) -> list[str]:
        code, body = _call(node, token, "GET", f"/groups/{group_id}")
        return sorted(x["id"] for x in body["leads"]) if code == 200 else []

    def converged() -> bool:
        on_ma, on_fr = leads_of(ma, ma_officer), leads_of(fr, fr_officer)
        return len(on_ma) == 201 and on_ma == on_fr

    assert _until(converged, timeout=180), (
        len(leads_of(ma, ma_officer)),
        len(leads_of(fr, fr_officer)),
    )
