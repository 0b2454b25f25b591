"""What an officer reads on screen on the two real demo nodes: the countdown's number,
dates day-first in the node's zone, the error pages, their own time zone."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from typing import Any

import pytest

from tests.support.browser import login, screenshot, switch_language
from tests.wanted.test_flow import Api, wait_for

pytestmark = [pytest.mark.browser, pytest.mark.slow]

FR_SHARED_ALERT = "6f1d2c1e-0d5a-4c3e-9a51-0000000f0001"  # a demo alert FR shares with MA


def _new_page(browser: Any, locale: str) -> Any:
    context = browser.new_context(locale=locale, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(20_000)
    return context.new_page()


def test_a_fresh_hit_counts_down_from_twelve_hours_in_three_languages_with_paris_time(
    demo_nodes: dict[str, Any], browser: Any
) -> None:
    ma, fr = demo_nodes["ma"], demo_nodes["fr"]
    ma_api, fr_api = Api(ma, "ma.officer"), Api(fr, "fr.officer")
    wait_for(
        "FR's shared demo alert on MA",
        lambda: any(a["id"] == FR_SHARED_ALERT for a in ma_api.items("/alerts", owner="partner")),
    )
    ma_api.post(
        "/hits",
        {
            "alert_id": FR_SHARED_ALERT,
            "circumstances": "Contrôle fictif au port de Tanger Med",
            "location": "Tanger Med (fictif)",
        },
        expect=201,
    )
    hit = wait_for(
        "the hit on FR",
        lambda: next(
            (
                h
                for h in fr_api.items("/hits", direction="incoming")
                if h["alert_id"] == FR_SHARED_ALERT and h["status"] == "reported"
            ),
            None,
        ),
    )
    deadline = dt.datetime.fromisoformat(hit["deadline"].replace("Z", "+00:00"))
    paris = deadline.astimezone(zoneinfo.ZoneInfo("Europe/Paris"))

    page = _new_page(browser, "fr-FR")
    login(page, fr, "fr.officer")
    page.goto(f"{fr.url}/wanted/hits/{hit['id']}/")
    expected = {
        "fr": r"^reste 11 h 5\d min$",
        "ar": r"^متبقٍّ 11 س 5\d د$",
        "en": r"^11 h 5\d min left$",
    }
    for language in ("fr", "ar", "en"):
        if language != "fr":
            switch_language(page, language)
        countdown = page.locator("[data-testid=countdown]").first.inner_text().strip()
        assert re.match(expected[language], countdown), (language, countdown)
        screenshot(page, f"hit-{language}")
        shown = page.locator("[data-testid=deadline]").inner_text()
        if language == "ar":
            # Day first, in the node's zone (Paris), the zone named.
            assert paris.strftime("%d/%m/%Y %H:%M") in shown, shown
            assert paris.tzname() in shown, shown
        if language == "en":
            assert paris.strftime("%Y-%m-%d %H:%M") in shown, shown

    # The queue shows the same countdown.
    page.goto(f"{fr.url}/wanted/hits/")
    row = page.locator("tr", has_text="Tanger Med (fictif)").first
    assert re.search(r"11 h 5\d min left", row.inner_text()), row.inner_text()
    page.context.close()


def test_a_user_chooses_a_time_zone_and_the_header_names_it(
    demo_nodes: dict[str, Any], browser: Any
) -> None:
    ma = demo_nodes["ma"]
    page = _new_page(browser, "ar")
    login(page, ma, "ma.dpo")
    assert page.locator("[data-testid=time-zone]").inner_text() == "Africa/Casablanca"
    page.click(".whoami")
    screenshot(page, "my-settings-ar")
    page.select_option("#id_time_zone", "Europe/Paris")
    with page.expect_navigation():
        page.click("[data-testid=time-zone-form] button[type=submit]")
    assert page.locator("[data-testid=time-zone]").inner_text() == "Europe/Paris"
    assert "حُفظت منطقتك الزمنية." in page.locator(".messages").inner_text()
    page.context.close()


def test_a_missing_page_is_a_translated_page_with_the_navigation_and_a_way_back(
    demo_nodes: dict[str, Any], browser: Any
) -> None:
    fr = demo_nodes["fr"]
    page = _new_page(browser, "fr-FR")
    login(page, fr, "fr.dpo")
    response = page.goto(f"{fr.url}/no-such-page/")
    assert response is not None and response.status == 404
    assert page.locator("h1").inner_text().endswith("Page introuvable")
    assert page.locator(".mainnav li").count() >= 2  # the navigation is there (a DPO has two items)
    screenshot(page, "404-fr")
    switch_language(page, "ar")
    assert "الصفحة غير موجودة" in page.locator("h1").inner_text()
    screenshot(page, "404-ar")
    page.click("[data-testid=error-home]")
    assert page.url.rstrip("/") == fr.url
    page.context.close()
