"""Forwarded headers count only from the trusted proxies; anyone else's are dropped."""

from __future__ import annotations

import ipaddress
from typing import Any

from jisr.core.proxy import behind_proxies


def _seen(remote: str, trusted: list[str]) -> dict[str, Any]:
    seen: dict[str, Any] = {}

    def app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        seen.update(environ)
        start_response("200 OK", [])
        return [b""]

    wrapped = behind_proxies(app, [ipaddress.ip_network(t) for t in trusted])
    environ = {
        "REMOTE_ADDR": remote,
        "wsgi.url_scheme": "http",
        "HTTP_HOST": "jisr.police.example",
        "SERVER_NAME": "jisr.police.example",
        "SERVER_PORT": "8000",
        "HTTP_X_FORWARDED_PROTO": "https",
        "HTTP_X_FORWARDED_FOR": "203.0.113.7",
    }
    wrapped(environ, lambda *a: None)
    return seen


def test_the_trusted_proxy_says_the_request_was_https_and_who_sent_it() -> None:
    seen = _seen("10.0.0.2", ["10.0.0.0/24"])
    assert (seen["wsgi.url_scheme"], seen["REMOTE_ADDR"]) == ("https", "203.0.113.7")


def test_another_client_cannot_claim_https_or_another_address() -> None:
    seen = _seen("198.51.100.9", ["10.0.0.0/24"])
    assert (seen["wsgi.url_scheme"], seen["REMOTE_ADDR"]) == ("http", "198.51.100.9")
    assert "HTTP_X_FORWARDED_PROTO" not in seen and "HTTP_X_FORWARDED_FOR" not in seen


def test_without_trusted_proxies_nobody_is_trusted() -> None:
    seen = _seen("127.0.0.1", [])
    assert seen["wsgi.url_scheme"] == "http" and "HTTP_X_FORWARDED_PROTO" not in seen
