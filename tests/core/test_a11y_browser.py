"""The main pages at phone width and under an automated accessibility check (axe-core),
in Arabic and French, on the two real demo nodes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.support.browser import login, switch_language

pytestmark = [pytest.mark.browser, pytest.mark.slow]

AXE = Path(__file__).resolve().parents[1] / "support" / "axe.min.js"
# The pages an officer lives in (the hit queues are checked through the home page's rows).
MAIN_PAGES = [
    "/",
    "/statistics/",
    "/wanted/",
    "/wanted/screening/",
    "/exchange/",
    "/exchange/cases/",
    "/notices/",
    "/accounts/me/",
]


# What sticks out past the right edge of the screen, to name it when the test fails.
WIDEST = """() => {
  const scrolls = e => { for (let p = e.parentElement; p; p = p.parentElement) {
    if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(p).overflowX)) return true; }
    return false; };
  return [...document.querySelectorAll('body *')]
    .filter(e => { const r = e.getBoundingClientRect();
      return (r.right > window.innerWidth + 1 || r.left < -1) && !scrolls(e); })
    .slice(0, 2).concat([document.body, document.querySelector('main'),
      document.querySelector('form.filters')].filter(Boolean)).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().width))
    .join(', ') + ' phone:' + matchMedia('(max-width: 48rem)').matches
    + ' dir:' + (document.querySelector('form.filters') ?
      getComputedStyle(document.querySelector('form.filters')).flexDirection : '');
}"""


def _context(browser: Any, *, width: int, height: int, bypass_csp: bool = False) -> Any:
    context = browser.new_context(
        locale="fr-FR", viewport={"width": width, "height": height}, bypass_csp=bypass_csp
    )
    context.set_default_timeout(20_000)
    return context


def test_the_main_pages_do_not_scroll_sideways_at_390_px_in_arabic_and_french(
    demo_nodes: dict[str, Any], browser: Any
) -> None:
    context = _context(browser, width=390, height=844)
    page = context.new_page()
    fr = demo_nodes["fr"]
    login(page, fr, "fr.supervisor")
    overflowing: list[tuple[str, str, int, int, str]] = []
    for language in ("fr", "ar"):
        if language != "fr":
            switch_language(page, language)
        for path in MAIN_PAGES:
            page.goto(f"{fr.url}{path}")
            width = page.evaluate("document.documentElement.scrollWidth")
            inner = page.evaluate("window.innerWidth")
            if width > inner:
                overflowing.append((language, path, width, inner, page.evaluate(WIDEST)))
        # The header wraps onto several lines rather than running off the screen.
        header = page.locator(".topbar").bounding_box()
        assert header is not None and header["width"] <= 390 and header["height"] > 60
    context.close()
    assert overflowing == []


def _serious_violations(page: Any) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async () => { const r = await axe.run(document);"
        " return {passes: r.passes.length, bad: r.violations"
        ".filter(v => v.impact === 'serious' || v.impact === 'critical')"
        ".map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '))}; }"
    )
    assert result["passes"] > 10, result  # axe really ran its rules on the page
    return list(result["bad"])


def test_the_main_pages_have_no_serious_or_critical_accessibility_violation(
    demo_nodes: dict[str, Any], browser: Any
) -> None:
    # Only this test lets an injected script past the Content-Security-Policy (axe-core).
    context = _context(browser, width=1280, height=900, bypass_csp=True)
    page = context.new_page()
    ma = demo_nodes["ma"]
    login(page, ma, "ma.supervisor")
    found: dict[str, list[str]] = {}
    for language in ("ar", "fr"):
        switch_language(page, language)
        for path in MAIN_PAGES:
            page.goto(f"{ma.url}{path}")
            violations = _serious_violations(page)
            if violations:
                found[f"{language} {path}"] = violations
    context.close()
    anonymous = _context(browser, width=1280, height=900, bypass_csp=True).new_page()
    anonymous.goto(f"{ma.url}/accounts/login/")
    violations = _serious_violations(anonymous)
    if violations:
        found["login"] = violations
    anonymous.context.close()
    assert found == {}
