"""In a real browser on a real node: an officer rejects a candidate with a reason, screens the
same person again and sees "Rejected on … by … because …" beside the candidate."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.support.browser import login

pytestmark = [pytest.mark.browser, pytest.mark.slow]

REASON = "Different father's name on the passport (fictitious check)"


def _screen(page: Any, url: str, purpose: str) -> Any:
    page.goto(f"{url}/wanted/screening/")
    page.fill("#id_purpose", purpose)
    page.fill("#id_names", "حمزة الوردي")
    page.click("[data-testid=screen-one]")
    return page.locator("[data-testid=candidate]").filter(has_text="MA-DGSN").first


def test_a_rejected_candidate_is_shown_as_rejected_on_the_next_screening(
    demo_nodes: dict[str, Any], page: Any
) -> None:
    ma = demo_nodes["ma"]
    login(page, ma, "ma.officer", language="en")
    candidate = _screen(page, ma.url, "Passenger manifest AT 801")
    assert candidate.locator("[data-testid=remembered-rejection]").count() == 0
    candidate.locator("[data-testid=reject-reason]").fill(REASON)
    candidate.locator("[data-testid=reject]").click()
    page.wait_for_load_state("domcontentloaded")
    assert "Not the person" in page.locator("[data-testid=candidate]").first.inner_text()

    again = _screen(page, ma.url, "Passenger manifest AT 802")
    note = again.locator("[data-testid=remembered-rejection]")
    text = note.inner_text()
    # the demo officer ma.officer is Karim Bennani-Test; the reason as it was typed
    assert re.fullmatch(
        rf"Rejected on .+? \d{{4}} by Karim Bennani-Test because: "
        rf"{re.escape(REASON)} \(alert version 1\)",
        text,
    ), text
    # never hidden: the officer can still confirm the hit
    assert again.locator("[data-testid=confirm-hit]").count() == 1
