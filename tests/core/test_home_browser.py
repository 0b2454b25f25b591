"""The home page is the officer's work queue, read in a real browser on the demo nodes."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.core.test_ux_browser import FR_SHARED_ALERT
from tests.support.browser import login, screenshot, switch_language
from tests.wanted.test_flow import Api, wait_for

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_a_partners_fresh_hit_is_on_the_home_page_with_its_real_countdown(
    demo_nodes: dict[str, Any], page: Any
) -> None:
    ma, fr = demo_nodes["ma"], demo_nodes["fr"]
    ma_api, fr_api = Api(ma, "ma.officer"), Api(fr, "fr.officer")
    wait_for(
        "FR's shared demo alert on MA",
        lambda: any(a["id"] == FR_SHARED_ALERT for a in ma_api.items("/alerts", owner="partner")),
    )
    reported = ma_api.post(
        "/hits",
        {
            "alert_id": FR_SHARED_ALERT,
            "circumstances": "Contrôle fictif à la gare de Fès",
            "location": "Gare de Fès (fictif)",
        },
        expect=201,
    )
    hit = wait_for(
        "the hit on FR",
        lambda: next(
            (h for h in fr_api.items("/hits", direction="incoming") if h["id"] == reported["id"]),
            None,
        ),
    )
    login(page, fr, "fr.officer")
    assert page.url.rstrip("/") == fr.url
    row = page.locator(f"[data-testid=work-hits] tr[data-url='/wanted/hits/{hit['id']}/']")
    assert "Gare de Fès (fictif)" in row.inner_text()
    countdown = row.locator("[data-testid=countdown]").inner_text().strip()
    assert re.match(r"^reste 11 h 5\d min$", countdown), countdown
    assert (
        page.locator("[data-testid=work-hits] h2")
        .inner_text()
        .startswith("Concordances en attente de notre réponse")
    )
    screenshot(page, "home-fr")
    switch_language(page, "ar")
    row = page.locator(f"[data-testid=work-hits] tr[data-url='/wanted/hits/{hit['id']}/']")
    assert re.match(r"^متبقٍّ 11 س 5\d د$", row.locator("[data-testid=countdown]").inner_text())
    assert (
        page.locator("[data-testid=work-hits] h2").inner_text().startswith("تطابقات في انتظار ردنا")
    )
    screenshot(page, "home-ar")
