"""Playwright driving Debian's Chromium, and logging in as a demo user."""

from __future__ import annotations

import re
from typing import Any

from tests.support.nodes import Node

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DEMO_PASSWORD = "Jisr-Demo-2026"


def login(page: Any, node: Node, username: str, *, language: str | None = None) -> None:
    """Log in through the real form with password and the current TOTP code.

    A TOTP code can be used only once; when it was already used in this 30-second
    window, wait for the next one.
    """
    for _attempt in range(3):
        page.goto(f"{node.url}/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", DEMO_PASSWORD)
        page.fill("#id_otp_token", node.totp(username))
        page.click("button[type=submit].primary")
        page.wait_for_load_state("domcontentloaded")
        if "/accounts/login/" not in page.url:
            break
        page.wait_for_timeout(31_000 if _attempt == 0 else 1_000)
    else:
        raise AssertionError(f"could not log in as {username}")
    if language:
        switch_language(page, language)


def switch_language(page: Any, language: str) -> None:
    with page.expect_navigation():
        page.select_option("#language-switcher", language)
    assert re.match(rf"^{language}", page.locator("html").get_attribute("lang") or "")


def screenshot(page: Any, name: str) -> None:
    """Save a full-page screenshot under $JISR_SCREENSHOTS (when set), to look at by eye."""
    import os
    from pathlib import Path

    folder = os.environ.get("JISR_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)
