"""In a real browser: an administrator adds a user and unlocks a locked account; the new user
enrols an authenticator from the QR page. Screenshots of each page in French and Arabic."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import pytest
from django_otp.oath import totp

from tests.support.browser import DEMO_PASSWORD, login
from tests.support.nodes import Node

pytestmark = [pytest.mark.browser]
TEMPORARY = "Provisoire-Pass-5173"
CHOSEN = "Mon-Secret-Perso-8840"


def _shot(page: Any, folder: Path, name: str) -> None:
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def _fail_logins(page: Any, node: Node, username: str, times: int) -> None:
    for _ in range(times):
        page.goto(f"{node.url}/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", "not-the-password")
        page.fill("#id_otp_token", "000000")
        page.click("button[type=submit].primary")
        page.wait_for_load_state("domcontentloaded")


def test_an_administrator_creates_a_user_and_unlocks_a_locked_one_in_french(
    demo_nodes: dict[str, Any], page: Any, browser: Any, tmp_path: Path
) -> None:
    fr = demo_nodes["fr"]
    login(page, fr, "fr.admin")
    assert page.locator("html").get_attribute("lang") == "fr"

    # Add a user.
    page.click("nav >> a[href='/accounts/users/']")
    page.click("[data-testid='user-create']")
    page.fill("#id_username", "fr.nouvel")
    page.fill("#id_first_name", "Hugo")
    page.fill("#id_last_name", "Lefort-Test")
    page.fill("#id_email", "fr.nouvel@example.org")
    page.check("input[name='roles'][value='analyst']")
    page.fill("#id_temporary_password", TEMPORARY)
    _shot(page, tmp_path, "fr-user-create")
    page.click("button[type=submit].primary")
    assert "L'utilisateur fr.nouvel est créé." in page.locator(".messages").inner_text()
    facts = page.locator("[data-testid='user-facts']")
    assert "Analyste" in facts.locator("[data-testid='roles']").inner_text()
    assert "provisoire" in facts.locator("[data-testid='password']").inner_text()
    assert "pas encore configurée" in facts.locator("[data-testid='totp']").inner_text()

    # fr.officer mistypes the password five times and is locked out.
    other = browser.new_context(locale="fr-FR")
    officer_page = other.new_page()
    try:
        _fail_logins(officer_page, fr, "fr.officer", 5)
        officer_page.goto(f"{fr.url}/accounts/login/")
        officer_page.fill("#id_username", "fr.officer")
        officer_page.fill("#id_password", DEMO_PASSWORD)
        officer_page.fill("#id_otp_token", fr.totp("fr.officer"))
        officer_page.click("button[type=submit].primary")
        assert officer_page.locator("h1").inner_text() == "Compte verrouillé"

        # The administrator sees the lock and lifts it.
        page.goto(f"{fr.url}/accounts/users/")
        row = page.locator("[data-testid='user-fr.officer']")
        assert row.locator("[data-testid='status']").inner_text().strip() == "verrouillé"
        _shot(page, tmp_path, "fr-user-list")
        row.locator("a").first.click()
        status = page.locator("[data-testid='user-facts'] [data-testid='status']").inner_text()
        # Five wrong passwords, then the right one refused while locked: six.
        assert "verrouillé" in status and "6 échecs de connexion" in status
        _shot(page, tmp_path, "fr-user-detail-locked")
        page.fill("#id_unlock-reason", "Appel de l'agent, identité vérifiée")
        page.click("[data-testid='unlock'] button")
        assert "Le compte est déverrouillé" in page.locator(".messages").inner_text()
        status = page.locator("[data-testid='user-facts'] [data-testid='status']").inner_text()
        assert status.strip() == "actif"
        assert page.locator("[data-testid='unlock']").count() == 0

        # And fr.officer gets in again.
        login(officer_page, fr, "fr.officer")
        assert "/accounts/login/" not in officer_page.url
    finally:
        other.close()

    # The new user's first login: QR code, code from the app, own password.
    newcomer = browser.new_context(locale="fr-FR")
    new_page = newcomer.new_page()
    try:
        new_page.goto(f"{fr.url}/accounts/login/")
        new_page.fill("#id_username", "fr.nouvel")
        new_page.fill("#id_password", TEMPORARY)
        new_page.click("button[type=submit].primary")
        assert (
            new_page.locator("h1").inner_text() == "Configurez votre application d'authentification"
        )
        assert new_page.locator("[data-testid='totp-qr'] svg").count() == 1
        _shot(new_page, tmp_path, "fr-totp-enrol")
        secret = new_page.locator("[data-testid='totp-secret']").inner_text().replace(" ", "")
        key = base64.b32decode(secret + "=" * (-len(secret) % 8))
        new_page.fill("#id_otp_token", f"{totp(key):06d}")
        new_page.click("button[type=submit].primary")
        assert new_page.locator("h1").inner_text() == "Choisissez votre mot de passe"
        _shot(new_page, tmp_path, "fr-password-change")
        new_page.fill("#id_new_password", CHOSEN)
        new_page.fill("#id_confirm", CHOSEN)
        new_page.click("button[type=submit].primary")
        assert (
            "Votre nouveau mot de passe est enregistré."
            in new_page.locator(".messages").inner_text()
        )
        assert "fr.nouvel" in new_page.locator(".whoami").inner_text()
    finally:
        newcomer.close()


def test_the_administration_pages_read_in_arabic(
    demo_nodes: dict[str, Any], page: Any, tmp_path: Path
) -> None:
    ma = demo_nodes["ma"]
    fr = demo_nodes["fr"]
    login(page, ma, "ma.admin", language="ar")
    page.goto(f"{ma.url}/federation/partners/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("h1").inner_text() == "الشركاء والمفاتيح"
    partner_fingerprint = (
        page.locator("[data-testid='partner-FR-DGPN'] [data-testid='fingerprint']")
        .first.inner_text()
        .strip()
    )
    _shot(page, tmp_path, "ar-partners")
    page.goto(f"{ma.url}/accounts/node-settings/")
    assert page.locator("h1").inner_text() == "إعدادات العقدة"
    _shot(page, tmp_path, "ar-node-settings")
    page.goto(f"{ma.url}/accounts/users/new/")
    _shot(page, tmp_path, "ar-user-create")
    page.goto(f"{ma.url}/accounts/users/")
    _shot(page, tmp_path, "ar-user-list")
    page.locator("[data-testid='user-ma.officer'] a").first.click()
    assert "ma.officer@example.org" in page.locator("[data-testid='user-facts']").inner_text()
    _shot(page, tmp_path, "ar-user-detail")

    # The other side shows the same fingerprint for its own key.
    # Both nodes are on 127.0.0.1: the language cookie of the MA visit would carry over.
    login(page, fr, "fr.admin", language="fr")
    page.goto(f"{fr.url}/federation/partners/")
    assert page.locator("h1").inner_text() == "Partenaires et clés"
    own = page.locator("[data-testid='own-keys'] [data-testid='fingerprint']").first.inner_text()
    assert own.strip() == partner_fingerprint
    _shot(page, tmp_path, "fr-partners")
    page.goto(f"{fr.url}/accounts/node-settings/")
    _shot(page, tmp_path, "fr-node-settings")
