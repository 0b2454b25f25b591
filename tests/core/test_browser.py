"""What a person clicks on the two real demo nodes: log in, switch to Arabic, find a consultation."""

from __future__ import annotations

import re

import pytest

from tests.support.browser import DEMO_PASSWORD, login, switch_language

pytestmark = [pytest.mark.browser]


def test_an_officer_logs_in_with_password_and_totp_and_a_wrong_code_is_refused(
    demo_nodes, page
) -> None:
    fr = demo_nodes["fr"]
    page.goto(f"{fr.url}/accounts/login/")
    assert page.locator("html").get_attribute("lang") == "fr"
    page.fill("#id_username", "fr.supervisor")
    page.fill("#id_password", DEMO_PASSWORD)
    code = fr.totp("fr.supervisor")
    page.fill("#id_otp_token", f"{(int(code) + 500_000) % 1_000_000:06d}")
    page.click("button[type=submit].primary")
    assert page.locator(".errorbox").inner_text().startswith("Le nom d'utilisateur")

    login(page, fr, "fr.supervisor")
    assert page.url.rstrip("/") == fr.url
    assert "fr.supervisor" in page.locator(".whoami").inner_text()
    assert page.locator("[data-testid=agency]").inner_text().startswith("FR-DGPN")


def test_switching_to_arabic_turns_the_page_right_to_left(demo_nodes, page) -> None:
    fr = demo_nodes["fr"]
    login(page, fr, "fr.dpo")
    assert page.locator("html").get_attribute("dir") == "ltr"
    switch_language(page, "ar")
    html = page.locator("html")
    assert html.get_attribute("dir") == "rtl"
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    # The navigation's first item now sits on the right-hand side of the screen.
    first = page.locator(".mainnav li").first.bounding_box()
    assert first is not None and first["x"] > 640
    assert "تسجيل الخروج" in page.locator(".topbar").inner_text()
    switch_language(page, "fr")
    assert html.get_attribute("dir") == "ltr"


def test_opening_a_record_appears_in_the_audit_log_for_the_dpo(demo_nodes, browser) -> None:
    ma = demo_nodes["ma"]
    admin_context = browser.new_context(locale="en-GB")
    admin = admin_context.new_page()
    login(admin, ma, "ma.admin", language="en")
    admin.click("nav.mainnav >> text=Users")
    admin.click("table >> text=ma.officer")
    assert admin.locator("h1").inner_text() == "ma.officer"
    officer_id = re.search(r"/users/(\d+)/", admin.url).group(1)  # type: ignore[union-attr]
    admin_context.close()

    dpo_context = browser.new_context(locale="en-GB")
    dpo = dpo_context.new_page()
    login(dpo, ma, "ma.dpo", language="en")
    dpo.click("nav.mainnav >> text=Audit log")
    dpo.select_option("#id_action", "user.view")
    dpo.fill("#id_target", officer_id)
    dpo.click("form.filters button:not([name])")
    row = dpo.locator("[data-testid=audit-table] tbody tr").first
    assert "ma.admin" in row.inner_text()
    assert "user.view" in row.inner_text()
    dpo.click("button[name=verify]")
    assert "intact" in dpo.locator("[data-testid=chain-status]").inner_text()
    dpo_context.close()
