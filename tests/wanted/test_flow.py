"""The whole flow between two real nodes: write, review and share on FR; screen and hit on MA;
answer on FR; the answer back on MA. Once in a real browser, once through the API."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.support.browser import login
from tests.support.nodes import wait_for


@pytest.fixture(scope="module")
def flow_nodes() -> Any:
    """A pair of nodes of its own: on the session's pair, which other tests change (links,
    keys, clocks, backlogs), the hit's answer once took more than a minute to come back."""
    from tests.support.nodes import demo_pair

    with demo_pair() as nodes:
        yield nodes


class Api:
    def __init__(self, node: Any, username: str) -> None:
        self.client = httpx.Client(
            base_url=f"{node.url}/api/v1",
            headers={"Authorization": f"Bearer {node.token(username)}"},
            timeout=20,
        )

    def get(self, path: str, **params: Any) -> Any:
        response = self.client.get(path, params=params)
        assert response.status_code == 200, response.text
        return response.json()

    def items(self, path: str, **params: Any) -> list[Any]:
        """A list endpoint's rows (lists are paginated: ``{"items": [...], "count": N}``)."""
        return list(self.get(path, limit=1000, **params)["items"])

    def post(self, path: str, body: Any = None, expect: int = 200) -> Any:
        response = self.client.post(path, json=body or {})
        assert response.status_code == expect, response.text
        return response.json()


def _partner_copy(api: Api, alert_id: str) -> bool:
    return any(a["id"] == alert_id for a in api.items("/alerts", owner="partner"))


@pytest.mark.browser
@pytest.mark.slow
def test_the_whole_flow_in_the_browser(flow_nodes: dict[str, Any], browser: Any) -> None:
    fr, ma = flow_nodes["fr"], flow_nodes["ma"]

    def new_page() -> Any:
        context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
        context.set_default_timeout(20_000)
        return context.new_page()

    # 1. The FR officer writes the alert and submits it.
    officer = new_page()
    login(officer, fr, "fr.officer")
    officer.goto(f"{fr.url}/wanted/alerts/new/")
    officer.select_option("#id_category", "arrest")
    # Typing a person FR already recorded (a demo alert) brings the duplicate warning.
    officer.fill("#id_names", "ياسين بنكيران")
    officer.press("#id_names", "Tab")
    officer.wait_for_selector("[data-testid=duplicate-warning]")
    officer.fill("#id_names", "Anouar Tahiri")
    officer.fill("#id_birth_date", "1984-03-12")
    officer.fill("#id_nationality", "MA, FR")
    officer.fill("#id_legal_reference", "MARS-2026-0117")
    officer.fill("#id_legal_authority", "Juge d'instruction, Marseille")
    officer.fill("#id_legal_date", "2026-01-15")
    officer.select_option("#id_offence_category", "drug_trafficking")
    officer.fill("#id_offence_description", "Importation of cannabis resin in an organised gang.")
    officer.click("[data-testid=save-alert]")
    officer.click("[data-testid=submit-alert]")
    assert "warn" in (officer.get_attribute("[data-testid=alert-status]", "class") or "")
    alert_id = officer.url.rstrip("/").split("/")[-1]

    # 2. The FR reviewer checks the legal basis and Article 3, and shares with MA-DGSN.
    reviewer = new_page()
    login(reviewer, fr, "fr.reviewer")
    reviewer.goto(f"{fr.url}/wanted/alerts/{alert_id}/review/")
    for box in ("#id_legal_basis_present", "#id_ordinary_crime", "#id_sharing_proportionate"):
        reviewer.check(box)
    reviewer.check("input[name=share_with][value=MA-DGSN]")
    reviewer.check("input[name=decision][value=approve]")
    reviewer.fill("#id_reason", "Ordinary crime, warrant in force, sharing proportionate.")
    reviewer.click("[data-testid=record-decision]")
    reviewer.wait_for_url(f"{fr.url}/wanted/review/")

    # 3. The MA officer screens an Arabic spelling and confirms the hit.
    ma_api = Api(ma, "ma.officer")
    wait_for("the copy of the alert on MA", lambda: _partner_copy(ma_api, alert_id))
    screener = new_page()
    login(screener, ma, "ma.officer")
    screener.goto(f"{ma.url}/wanted/screening/")
    screener.fill("#id_purpose", "Passenger manifest AT 800")
    screener.fill("#id_names", "أنور الطاهري")
    screener.click("[data-testid=screen-one]")
    candidate = screener.locator("[data-testid=candidate]").filter(has_text="FR-DGPN")
    assert candidate.count() == 1
    candidate.locator("[data-testid=confirm-hit]").click()
    screener.fill("#id_location", "Tanger Med, ferry terminal")
    screener.fill("#id_document_seen", "French passport 19AB12345")
    screener.fill("#id_circumstances", "Boarding control of the Marseille ferry.")
    screener.click("[data-testid=report-hit]")
    hit_url = screener.url

    # 4. The FR officer sees it in the incoming queue with its deadline, and answers.
    def incoming_row() -> Any:
        officer.goto(f"{fr.url}/wanted/hits/")
        rows = officer.locator("[data-testid=hit-row]").filter(has_text="Tanger Med")
        return rows if rows.count() else None

    row = wait_for("the hit on FR", incoming_row)
    assert row.locator("[data-testid=countdown]").count() == 1
    assert row.locator("[data-testid=deadline]").inner_text().strip()
    row.locator("a").first.click()
    officer.select_option("#id_action", "arrest_surrender")
    officer.fill("#id_note", "Provisional arrest with a view to surrender; red notice follows.")
    officer.click("[data-testid=send-answer]")
    assert officer.locator("[data-testid=hit-response]").count() == 1

    # 5. MA sees the answer.
    def answered() -> bool:
        screener.goto(hit_url)
        return screener.locator("[data-testid=hit-response]").count() == 1

    wait_for("the answer on MA", answered)
    assert "red notice follows" in screener.locator("[data-testid=hit-response]").inner_text()


@pytest.mark.slow
def test_the_whole_flow_through_the_api(flow_nodes: dict[str, Any]) -> None:
    fr, ma = flow_nodes["fr"], flow_nodes["ma"]
    fr_officer, fr_reviewer, ma_officer = (
        Api(fr, "fr.officer"),
        Api(fr, "fr.reviewer"),
        Api(ma, "ma.officer"),
    )
    # The demo alerts FR shares were seeded before the partners were linked: the
    # worker shares them once the link exists.
    from jisr.wanted.demo import DEMO_ALERTS

    shared_demo = next(a["id"] for a in DEMO_ALERTS["second"] if a["share"])
    wait_for("FR's demo alert on MA", lambda: _partner_copy(ma_officer, shared_demo))
    created = fr_officer.post(
        "/alerts",
        {
            "category": "locate",
            "names": ["Mehdi Ouazzani"],
            "birth_date": "1979",
            "nationality": ["FR"],
            "sex": "M",
            "legal_basis": {
                "reference": "PNF-2026-0042",
                "authority": "Parquet national financier",
                "date": "2026-02-01",
                "offence_category": "money_laundering",
                "offence_description": "Laundering of the proceeds of drug trafficking.",
            },
        },
        expect=201,
    )
    alert_id = created["id"]
    fr_officer.post(f"/alerts/{alert_id}/submit")
    assert (
        fr_officer.client.post(
            f"/alerts/{alert_id}/review", json={"decision": "approve", "reason": "x"}
        ).status_code
        == 403
    )
    fr_reviewer.post(
        f"/alerts/{alert_id}/review",
        {"decision": "approve", "reason": "Ordinary crime", "share_with": ["MA-DGSN"]},
    )

    wait_for("the copy on MA", lambda: _partner_copy(ma_officer, alert_id))
    copy = next(a for a in ma_officer.items("/alerts", owner="partner") if a["id"] == alert_id)
    assert (copy["owner"], copy["status"], copy["names"]) == (
        "FR-DGPN",
        "active",
        ["Mehdi Ouazzani"],
    )

    screened = ma_officer.post(
        "/screenings",
        {
            "purpose": "Accreditation list",
            "subjects": [{"names": ["مهدي الوزاني"], "birth_date": "1979", "nationality": ["FR"]}],
        },
    )
    assert [c["alert_id"] for c in screened["results"][0]["candidates"]] == [alert_id]
    hit = ma_officer.post(
        "/hits",
        {"alert_id": alert_id, "circumstances": "Accreditation check", "location": "Rabat stadium"},
        expect=201,
    )

    def incoming() -> Any:
        return next(
            (h for h in fr_officer.items("/hits", direction="incoming") if h["id"] == hit["id"]),
            None,
        )

    received = wait_for("the hit on FR", incoming)
    assert (received["alert_id"], received["status"]) == (alert_id, "reported") and received[
        "deadline"
    ]
    fr_officer.post(
        f"/hits/{hit['id']}/respond",
        {"action": "discreet_check_report", "note": "Observe and report"},
    )

    def answered() -> Any:
        return next(
            (
                h
                for h in ma_officer.items("/hits", direction="outgoing")
                if h["id"] == hit["id"] and h["status"] == "responded"
            ),
            None,
        )

    assert wait_for("the answer on MA", answered)["response_action"] == "discreet_check_report"
    ma_officer.post(f"/hits/{hit['id']}/outcome", {"outcome": "located"})
    wait_for("the outcome on FR", lambda: (incoming() or {}).get("outcome") == "located")

    # "Located" closes the owner's alert, and the partner copy disappears.
    assert [
        a["status"] for a in fr_officer.items("/alerts", owner="own") if a["id"] == alert_id
    ] == ["located"]
    wait_for("the copy to disappear on MA", lambda: not _partner_copy(ma_officer, alert_id))
