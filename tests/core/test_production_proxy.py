"""The documented production set-up: prod settings behind a real TLS proxy, logged into by a browser.

``check --deploy`` cannot see a redirect loop, a missing HSTS header or a CSRF refusal
behind the proxy; this test runs the real thing on loopback.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest

from tests.support.browser import DEMO_PASSWORD
from tests.support.nodes import Node, destroy, make_node
from tests.support.tls_proxy import TlsProxy, make_proxy

pytestmark = [pytest.mark.slow, pytest.mark.browser]


@pytest.fixture(scope="module")
def proxied_node() -> Iterator[tuple[Node, TlsProxy]]:
    node = make_node("MA-DGSN")
    proxy = make_proxy(node.home / "proxy", node.port)
    try:
        node.setup()
        node.extra_env.update(
            {
                "DJANGO_SETTINGS_MODULE": "jisr.settings.prod",
                "JISR_ALLOWED_HOSTS": "127.0.0.1,localhost",
                "JISR_TRUSTED_PROXIES": "127.0.0.1",
            }
        )
        log = open(node.home / "server.log", "ab")
        # Not node.start_server(): its health check is plain HTTP, which prod redirects.
        node.server = subprocess.Popen(
            [sys.executable, "-m", "jisr.cli", "serve", "--port", str(node.port)],
            env=node.env(),
            stdout=log,
            stderr=log,
        )
        proxy.start()
        proxy.wait_healthy()
        yield node, proxy
    finally:
        proxy.stop()
        destroy(node)


def test_a_browser_logs_in_through_the_tls_proxy_with_hsts_and_csp(
    proxied_node: tuple[Node, TlsProxy], browser: Any
) -> None:
    node, proxy = proxied_node
    context = browser.new_context(ignore_https_errors=True, locale="en-GB")
    page = context.new_page()
    violations: list[str] = []
    page.on(
        "console",
        lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    statuses: list[int] = []
    page.on(
        "response",
        lambda r: statuses.append(r.status) if r.request.is_navigation_request() else None,
    )
    response = page.goto(f"{proxy.url}/accounts/login/")
    assert response is not None and response.status == 200
    assert page.url == f"{proxy.url}/accounts/login/"  # no redirect, hence no loop
    headers = response.headers
    assert headers["strict-transport-security"] == "max-age=31536000; includeSubDomains; preload"
    csp = headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    for _attempt in range(3):
        page.fill("#id_username", "ma.officer")
        page.fill("#id_password", DEMO_PASSWORD)
        page.fill("#id_otp_token", node.totp("ma.officer"))
        page.click("button[type=submit].primary")
        page.wait_for_load_state("domcontentloaded")
        if "/accounts/login/" not in page.url:
            break
        page.wait_for_timeout(31_000)
    assert page.url.rstrip("/") == proxy.url
    assert page.locator(".whoami").inner_text() == "ma.officer"
    assert 403 not in statuses and statuses.count(301) == 0
    # htmx and the language switcher work under the policy: switching changes the page.
    with page.expect_navigation():
        page.select_option("#language-switcher", "fr")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.evaluate("typeof htmx") == "object"
    assert violations == []
    context.close()
