"""The steering committee's page in a real browser, in Arabic on MA and in French on FR."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.browser import login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_the_steering_page_shows_the_demo_plan_on_both_nodes(
    demo_nodes: dict[str, Any], page: Any
) -> None:
    ma, fr = demo_nodes["ma"], demo_nodes["fr"]
    login(page, ma, "ma.supervisor", language="ar")
    page.goto(f"{ma.url}/plan/")
    assert page.locator("h1").inner_text() == "لجنة التتبع"
    assert page.locator(".plan-pillar").count() == 7
    assert page.locator(".plan-pillar svg.sparkline").count() > 0
    assert "الفارون والأشخاص المبحوث عنهم" in page.locator("[data-testid=pillar-4]").inner_text()
    screenshot(page, "plan-steering-ar")

    login(page, fr, "fr.supervisor", language="fr")
    page.goto(f"{fr.url}/plan/")
    assert page.locator("h1").inner_text() == "Comité de suivi"
    attention = page.locator("[data-testid=attention]").inner_text()
    assert "Exercice conjoint de gestion des foules" in attention
    page.click("text=Rapports d'évaluation")
    page.click("button:has-text('Générer le rapport')")
    page.wait_for_selector("[data-testid=download]", timeout=60_000)
    screenshot(page, "plan-reports-fr")
