"""Issue 18's done-when on two real nodes: an FR analyst's early-warning bulletin is
released by a second person, flagged and acknowledged on MA, triggers a playbook whose
steps become tasks on both sides, round-trips through MISP; then the standing register
with its heat map in Arabic and in French, in a real browser."""

from __future__ import annotations

import json
from typing import Any

import pytest
from pymisp import MISPEvent

from jisr.risks.demo import PLAYBOOK_ID
from tests.support.browser import login, screenshot, switch_language
from tests.wanted.test_flow import Api, wait_for

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_a_bulletin_from_fr_to_ma_and_the_register_in_two_languages(
    demo_nodes: dict[str, Any], browser: Any
) -> None:
    ma, fr = demo_nodes["ma"], demo_nodes["fr"]
    analyst, reviewer = Api(fr, "fr.analyst"), Api(fr, "fr.reviewer")
    ma_officer = Api(ma, "ma.officer")

    created = analyst.post(
        "/bulletins",
        {
            "kind": "early_warning",
            "title": "Go-fast : nouveaux points de départ (fictif)",
            "summary": "Départs de nuit depuis des criques isolées.",
            "handling_code": "H1",
            "indicators": [
                {"type": "phone", "value": "+33 6 11 22 33 44"},
                {"type": "vehicle", "value": "AB-123-CD"},
                {"type": "domain", "value": "go-fast-fictif.example"},
            ],
            "recipients": ["MA-DGSN"],
            "playbook": str(PLAYBOOK_ID),
        },
        expect=201,
    )
    bulletin_id = created["id"]
    assert analyst.client.post(f"/bulletins/{bulletin_id}/approve").status_code == 403
    assert reviewer.post(f"/bulletins/{bulletin_id}/approve")["status"] == "released"

    def ma_copy() -> Any:
        answer = ma_officer.client.get(f"/bulletins/{bulletin_id}")
        return answer.json() if answer.status_code == 200 else None

    copy = wait_for("the bulletin on MA", ma_copy)
    flagged = {i["type"]: bool(i["matches"]) for i in copy["indicators"]}
    # The vehicle is also in the demo bulletin MA already holds.
    assert flagged["vehicle"] is True and flagged["domain"] is False
    ma_officer.post(f"/bulletins/{bulletin_id}/acknowledge")

    def fr_sees_ack() -> bool:
        acks = analyst.get(f"/bulletins/{bulletin_id}")["acknowledgements"]
        return any(a["username"] == "ma.officer" and a["acknowledged_at"] for a in acks)

    wait_for("MA's acknowledgement on FR", fr_sees_ack)
    pending = [
        a
        for a in analyst.get(f"/bulletins/{bulletin_id}")["acknowledgements"]
        if not a["acknowledged_at"]
    ]
    assert [a["username"] for a in pending] == ["ma.supervisor"]

    # The playbook's steps are tasks on both sides; MA updates its own, FR sees it.
    ma_task = wait_for(
        "MA's response task",
        lambda: [
            t
            for t in ma_officer.get(f"/bulletins/{bulletin_id}")["tasks"]
            if t["agency"] == "MA-DGSN"
        ],
    )[0]
    ma_officer.post(f"/response-tasks/{ma_task['id']}/status", {"status": "done"})
    wait_for(
        "MA's task done, seen on FR",
        lambda: any(
            t["agency"] == "MA-DGSN" and t["status"] == "done"
            for t in analyst.get(f"/bulletins/{bulletin_id}")["tasks"]
        ),
    )
    wait_for(
        "FR's tasks, seen on MA",
        lambda: (
            sum(
                t["agency"] == "FR-DGPN"
                for t in ma_officer.get(f"/bulletins/{bulletin_id}")["tasks"]
            )
            == 2
        ),
    )

    exported = analyst.get(f"/bulletins/{bulletin_id}/misp")
    event = MISPEvent()
    event.load(json.dumps(exported))
    assert event.info.startswith("Go-fast") and "tlp:amber" in {t.name for t in event.tags}
    draft = analyst.post("/bulletins/import-misp", exported, expect=201)
    assert draft["status"] == "draft" and len(draft["indicators"]) == 3

    risks = ma_officer.items("/risks")
    assert len(risks) == 4
    scores = ma_officer.get(f"/risks/{risks[0]['id']}")["scores"]
    assert {s["agency"] for s in scores} == {"MA-DGSN", "FR-DGPN"}

    page = browser.new_context(locale="ar", viewport={"width": 1280, "height": 900}).new_page()
    page.set_default_timeout(20_000)
    login(page, ma, "ma.officer", language="ar")
    page.goto(f"{ma.url}/risks/")
    heatmap = page.locator("[data-testid=heatmap] svg")
    assert heatmap.get_attribute("direction") == "rtl"
    assert page.locator("[data-testid=risks] tbody tr").count() == 4
    assert "الاحتمال" in page.content()
    screenshot(page, "risks-register-ar")
    page.goto(f"{ma.url}/risks/bulletins/{bulletin_id}/")
    assert page.locator("[data-flagged]").count() == 1
    screenshot(page, "risks-bulletin-ar")
    switch_language(page, "fr")
    page.goto(f"{ma.url}/risks/")
    assert page.locator("[data-testid=heatmap] svg").get_attribute("direction") == "ltr"
    assert "Registre permanent des risques" in page.content()
    screenshot(page, "risks-register-fr")
