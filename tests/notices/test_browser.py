"""The header badge counts a new notice while the page stays open (htmx polling, no reload)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.support.browser import login

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_the_badge_counts_a_new_hit_without_a_reload(demo_nodes: dict[str, Any], page: Any) -> None:
    ma = demo_nodes["ma"]
    api = httpx.Client(
        base_url=f"{ma.url}/api/v1",
        headers={"Authorization": f"Bearer {ma.token('ma.officer')}"},
        timeout=20,
    )
    login(page, ma, "ma.officer", language="en")
    page.goto(f"{ma.url}/exchange/")
    count = page.locator("[data-testid=notice-count]")
    before = int(count.inner_text())
    alerts = api.get("/alerts", params={"owner": "own", "status": "active"}).json()
    alerts = alerts["items"] if isinstance(alerts, dict) else alerts
    response = api.post(
        "/hits",
        json={"alert_id": alerts[0]["id"], "circumstances": "Ferry check", "location": "Quai 3"},
    )
    assert response.status_code == 201, response.text
    page.wait_for_function(
        "n => Number(document.querySelector('[data-testid=notice-count]').textContent) === n",
        arg=before + 1,
        timeout=45_000,
    )
    assert page.url == f"{ma.url}/exchange/"  # the same page, never reloaded
    page.click("[data-testid=notice-badge]")
    # Other notices (a request falling due on the shared demo nodes) may be newer: find the hit's.
    newest = page.locator('[data-testid=notice][data-kind="wanted.hit_received"]').first
    assert "A hit on one of our alerts needs an answer" in newest.inner_text()
    assert "Quai 3" in newest.inner_text()
    newest.locator("a").first.click()
    assert "/wanted/hits/" in page.url
