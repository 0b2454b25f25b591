"""The demo group page in a real browser, in Arabic (right to left) then in French."""

from __future__ import annotations

from typing import Any

import pytest

from jisr.groups.demo import GROUP_ID
from tests.support.browser import login, screenshot, switch_language

pytestmark = [pytest.mark.browser]


def test_the_demo_group_page_in_arabic_shows_its_targets(
    demo_nodes: dict[str, Any], page: Any, tmp_path: Any
) -> None:
    ma = demo_nodes["ma"]
    login(page, ma, "ma.officer", language="ar")
    page.click("nav >> a[href='/groups/']")
    page.click(f"a[href='/groups/{GROUP_ID}/']")
    targets = page.locator("[data-testid='targets'] tbody tr")
    targets.first.wait_for()
    assert targets.count() == 3
    assert "حمزة الوردي" in page.locator("[data-testid='targets']").inner_text()
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert "مجموعة العمل" in page.locator("h1").inner_text()
    screenshot(page, "groups-ar")
    page.screenshot(path=str(tmp_path / "groups-ar.png"), full_page=True)
    switch_language(page, "fr")
    assert "Cibles" in page.locator("[data-testid='tabs']").inner_text()
    screenshot(page, "groups-fr")
