"""The request desk's done-when flow between two real nodes, through the API (slow)."""

from __future__ import annotations

import datetime as dt
import json
import urllib.error
import urllib.request
from typing import Any

import pytest

from tests.support.nodes import wait_for

PHONE = "+33 6 12 34 56 78"  # also in FR's older demo case FR-DGPN-…-0001


def call(node: Any, token: str, method: str, path: str, body: Any = None) -> tuple[int, Any]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(
        f"{node.url}/api/v1{path}",
        data=data,
        method=method,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


@pytest.fixture(scope="module")
def desk_nodes() -> Any:
    """A pair of nodes of its own: the session's pair carries other tests' link changes
    (suspension, key rotation), and this flow times its steps against the urgent limit."""
    from tests.support.nodes import demo_pair

    with demo_pair() as nodes:
        yield nodes


def test_an_urgent_request_is_released_assigned_clarified_and_partly_refused(
    desk_nodes: Any,
) -> None:
    ma, fr = desk_nodes["ma"], desk_nodes["fr"]
    both = [ma, fr]
    ma_officer, ma_supervisor = ma.token("ma.officer"), ma.token("ma.supervisor")
    fr_officer, fr_supervisor = fr.token("fr.officer"), fr.token("fr.supervisor")

    status, case = call(
        ma,
        ma_officer,
        "POST",
        "/cases",
        {"title": "Desk flow (test)", "crime_area": "fraud", "partners": ["FR-DGPN"]},
    )
    assert status == 201, case
    status, request = call(
        ma,
        ma_officer,
        "POST",
        f"/cases/{case['id']}/messages",
        {
            "kind": "request_information",
            "subject": "Owner of a telephone line (test)",
            "body": "Who uses this line? The suspect may be Karim Tazi-Demo.",
            "handling_code": "H1",
            "source_reliability": "B",
            "information_accuracy": "2",
            "priority": "urgent",
            "language": "fr",
            "directly_accessible": True,
            "entities": [
                {"type": "phone", "value": PHONE},
                {"type": "person", "value": "Karim Tazi-Demo"},
            ],
        },
    )
    assert status == 201, request
    assert request["release_status"] == "pending" and request["time_limit"] == "8h"
    rid = request["id"]
    assert call(ma, ma_officer, "POST", f"/messages/{rid}/release", {"reason": "x"})[0] == 403
    status, released = call(
        ma, ma_supervisor, "POST", f"/messages/{rid}/release", {"reason": "Suspect, needed"}
    )
    assert status == 200 and released["release_status"] == "released"

    def in_fr_queue() -> Any:
        items = call(fr, fr_supervisor, "GET", "/desk/queue")[1]["items"]
        return next((m for m in items if m["id"] == rid), None)

    queued = wait_for("the request in FR's desk queue", in_fr_queue, nodes=both)
    assert queued["time_limit"] == "8h" and queued["assignee"] is None
    left = dt.datetime.fromisoformat(queued["deadline"]) - dt.datetime.now(dt.UTC)
    assert dt.timedelta(hours=7) < left <= dt.timedelta(hours=8)
    status, assigned = call(
        fr, fr_supervisor, "POST", f"/messages/{rid}/assign", {"username": "fr.officer"}
    )
    assert status == 200 and assigned["assignee"] == "fr.officer"
    detail = call(fr, fr_officer, "GET", f"/messages/{rid}")[1]
    found = [c["found_in"]["reference"] for c in detail["correlations"]]
    assert any(ref.startswith("FR-DGPN-") and ref.endswith("-0001") for ref in found), found

    status, question = call(
        fr, fr_officer, "POST", f"/messages/{rid}/clarify", {"question": "Since when?"}
    )
    assert status == 201, question
    assert call(fr, fr_officer, "GET", f"/messages/{rid}")[1]["suspended_since"]
    wait_for(
        "the suspension on MA",
        lambda: call(ma, ma_officer, "GET", f"/messages/{rid}")[1]["suspended_since"],
        nodes=both,
    )
    wait_for(
        "the question on MA",
        lambda: call(ma, ma_officer, "GET", f"/messages/{question['id']}")[0] == 200,
        nodes=both,
    )
    status, answer = call(
        ma,
        ma_officer,
        "POST",
        f"/cases/{case['id']}/messages",
        {
            "kind": "reply",
            "in_reply_to": question["id"],
            "subject": "Re: since when",
            "body": "Since March.",
            "handling_code": "H1",
            "source_reliability": "B",
            "information_accuracy": "2",
            "language": "fr",
        },
    )
    assert status == 201 and answer["release_status"] == "not_needed"
    wait_for(
        "the limit running again on FR",
        lambda: call(fr, fr_officer, "GET", f"/messages/{rid}")[1]["suspended_since"] is None,
        nodes=both,
    )

    status, refusal = call(
        fr,
        fr_officer,
        "POST",
        f"/messages/{rid}/refuse",
        {
            "grounds": ["investigation"],
            "explanation": "Part of it is in a live file.",
            "partial": True,
        },
    )
    assert status == 201, refusal
    mine = wait_for(
        "the outcome on MA",
        lambda: (m := call(ma, ma_officer, "GET", f"/messages/{rid}")[1])["outcome"] and m,
        nodes=both,
    )
    assert mine["outcome"] == "partly_answered"
    seen = wait_for(
        "the refusal on MA",
        lambda: call(ma, ma_officer, "GET", f"/messages/{refusal['id']}")[1],
        nodes=both,
    )
    assert seen["refusal_grounds"] == ["investigation"]
