"""The issue's "done when", through the API of two real nodes (servers and workers)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import httpx
import pytest

from tests.support.nodes import wait_for


class Api:
    def __init__(self, node: Any, username: str) -> None:
        self.client = httpx.Client(
            base_url=f"{node.url}/api/v1",
            headers={"Authorization": f"Bearer {node.token(username)}"},
            timeout=30,
        )

    def get(self, path: str, expect: int = 200, **params: Any) -> Any:
        response = self.client.get(path, params=params)
        assert response.status_code == expect, response.text
        return response

    def post(self, path: str, body: Any = None, expect: int = 200) -> Any:
        response = self.client.post(path, json=body or {})
        assert response.status_code == expect, response.text
        return response.json()

    def status(self, path: str) -> int:
        return int(self.client.get(path).status_code)


@pytest.mark.slow
def test_training_and_assistance_between_two_nodes(demo_nodes: dict[str, Any]) -> None:
    ma, fr = demo_nodes["ma"], demo_nodes["fr"]
    fr_sup, fr_off = Api(fr, "fr.supervisor"), Api(fr, "fr.officer")
    ma_sup, ma_off = Api(ma, "ma.supervisor"), Api(ma, "ma.officer")

    # FR publishes a major-event-security course and opens a session with 6 seats for MA.
    course = fr_sup.post(
        "/training/courses",
        {
            "titles": {"fr": "Sécurité des stades (essai)", "ar": "تأمين الملاعب (تجريبي)"},
            "domain": "major_event_security",
            "format": "residential",
            "duration_days": 3,
            "languages": ["fr"],
            "seats_per_session": 20,
        },
        expect=201,
    )
    start = dt.date.today() + dt.timedelta(days=50)  # noqa: DTZ011 - a date far enough ahead
    session = fr_sup.post(
        f"/training/courses/{course['id']}/sessions",
        {
            "start": start.isoformat(),
            "end": (start + dt.timedelta(days=2)).isoformat(),
            "place": "Saint-Cyr (fictif)",
            "seats": 20,
            "partner_seats": 6,
            "partner": "MA-DGSN",
        },
        expect=201,
    )
    sid = session["id"]
    wait_for("the session on MA", lambda: ma_off.status(f"/training/sessions/{sid}") == 200)

    # ma.officer nominates two; ma.supervisor approves both (four eyes).
    made = [
        ma_off.post(
            f"/training/sessions/{sid}/nominations",
            {"participant": {"name": name, "rank": "Commissaire", "unit": "DGSN Rabat"}},
            expect=201,
        )["id"]
        for name in ("Karim Essai", "Nabil Essai")
    ]
    for nid in made:
        assert ma_sup.post(f"/training/nominations/{nid}/approve")["status"] == "submitted"
    wait_for(
        "the nominations on FR",
        lambda: fr_sup.get(f"/training/sessions/{sid}/nominations").json()["count"] == 2,
    )

    # FR accepts one and waitlists the other; the decisions come back to MA.
    fr_sup.post(f"/training/nominations/{made[0]}/decision", {"decision": "accept"})
    fr_sup.post(
        f"/training/nominations/{made[1]}/decision", {"decision": "waitlist", "reason": "Complet"}
    )
    wait_for(
        "the decisions on MA",
        lambda: (
            [ma_off.get(f"/training/nominations/{n}").json()["status"] for n in made]
            == ["accepted", "waitlisted"]
        ),
    )

    # Attendance, then the certificate: FR issues it, MA's node verifies it and prints it in Arabic.
    fr_sup.post(
        f"/training/sessions/{sid}/attendance",
        {"day": start.isoformat(), "records": [{"nomination": made[0], "present": True}]},
    )
    code = fr_sup.post(f"/training/nominations/{made[0]}/certificate", expect=201)["code"]
    assert fr_off.get(f"/training/certificates/{code}").json()["participant"] == "Karim Essai"
    wait_for(
        "the certificate on MA", lambda: ma_off.status(f"/training/certificates/{code}") == 200
    )
    pdf = ma_off.get(f"/training/certificates/{code}/pdf", lang="ar")
    assert pdf.headers["content-type"] == "application/pdf" and pdf.content.startswith(b"%PDF")

    # MA asks FR for forensic support; FR offers; both supervisors agree; FR delivers; MA closes.
    rid = ma_off.post(
        "/assistance",
        {
            "kind": "forensic",
            "description": "Analyse de téléphones (essai)",
            "provider": "FR-DGPN",
            "need_by": (start + dt.timedelta(days=10)).isoformat(),
        },
        expect=201,
    )["id"]

    def status_on(api: Api) -> str:
        answer = api.client.get(f"/assistance/{rid}")
        return str(answer.json()["status"]) if answer.status_code == 200 else ""

    wait_for("the request on FR", lambda: status_on(fr_off) == "needs_assessment")
    fr_off.post(f"/assistance/{rid}/offer", {"what": "Deux experts", "when": "J+7"})
    wait_for("the offer on MA", lambda: status_on(ma_off) == "offered")
    ma_sup.post(f"/assistance/{rid}/agree")
    fr_sup.post(f"/assistance/{rid}/agree")
    wait_for("the agreement on both", lambda: status_on(ma_off) == status_on(fr_off) == "agreed")
    fr_off.post(f"/assistance/{rid}/deliver", {"milestone": "Rapport remis"})
    wait_for("the delivery on MA", lambda: status_on(ma_off) == "in_delivery")
    assert (
        ma_off.post(f"/assistance/{rid}/close", {"rating": 5, "comment": "Très utile"})["status"]
        == "closed"
    )
    wait_for("the closure on FR", lambda: status_on(fr_off) == "closed")
    steps = fr_off.get(f"/assistance/{rid}").json()["steps"]
    assert [(s["agency"], s["kind"]) for s in steps][-1] == ("MA-DGSN", "closed")
