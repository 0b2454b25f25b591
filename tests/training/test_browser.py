"""In a real browser on the demo nodes: MA sees FR's demo course and nominates an officer."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.browser import login, screenshot, switch_language


@pytest.mark.browser
@pytest.mark.slow
def test_an_officer_nominates_from_the_partners_session_page(
    demo_nodes: dict[str, Any], page: Any
) -> None:
    ma = demo_nodes["ma"]
    login(page, ma, "ma.officer", language="ar")
    # FR's demo course was seeded before the nodes were linked: the catch-up brings it.
    for _attempt in range(40):
        page.goto(f"{ma.url}/training/")
        if page.locator("[data-testid=courses] a", has_text="تأمين التظاهرات الرياضية").count():
            break
        page.wait_for_timeout(1_000)
    screenshot(page, "training-catalogue-ar")
    page.locator("[data-testid=courses] a", has_text="تأمين التظاهرات الرياضية").click()
    page.locator("[data-testid=sessions] a").first.click()
    page.fill("#id_name", "Hamza Essai-Navigateur")
    page.fill("#id_rank", "Officier de paix")
    page.fill("#id_unit", "Préfecture de police de Fès (fictive)")
    page.select_option("#id_language_level", "B2")
    page.click("#nomination-form button[type=submit]")
    row = page.locator("[data-testid=nominations] tr", has_text="Hamza Essai-Navigateur")
    assert "في انتظار الموافقة الداخلية" in row.inner_text()
    switch_language(page, "fr")
    assert "en attente d'approbation interne" in row.inner_text()
    screenshot(page, "training-session-fr")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
