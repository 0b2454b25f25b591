"""An administrator checks the link to the partner node in a real browser, in Arabic."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.browser import login

pytestmark = [pytest.mark.browser]


def test_the_administrator_sees_the_partner_link_as_healthy(
    demo_nodes: dict[str, Any], page: Any, tmp_path: Any
) -> None:
    ma = demo_nodes["ma"]
    # Some traffic first, so the link has a last contact.
    ma.jisr(
        "manage",
        "federation_bench_enqueue",
        "--recipient",
        "FR-DGPN",
        "--count",
        "1",
        "--start",
        "3000",
    )
    login(page, ma, "ma.admin", language="ar")
    page.click("nav >> a[href='/federation/']")
    link = page.locator("[data-testid='link-FR-DGPN']")
    link.wait_for()
    for _ in range(30):
        if link.locator("[data-testid='pending']").inner_text().strip() == "0":
            break
        page.wait_for_timeout(500)
        page.reload()
    assert link.locator("[data-testid='pending']").inner_text().strip() == "0"
    assert "سليمة" in link.locator("[data-testid='health']").inner_text()  # "Healthy"
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.screenshot(path=str(tmp_path / "federation-links.png"), full_page=True)
