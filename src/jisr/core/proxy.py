"""Trusting the reverse proxy in front of ``jisr serve``, and nobody else.

Behind a TLS-terminating proxy every request reaches waitress over plain HTTP from the
proxy's address. Only requests from the addresses in ``JISR_TRUSTED_PROXIES`` may tell
the node, through ``X-Forwarded-Proto``/``-For``/``-Host``/``-Port``, that the browser
used HTTPS and who the client is; from anyone else those headers are removed, so a
client cannot pretend its plain request was secure or spoof its address (which the
per-address login throttle relies on).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from typing import Any

from waitress.proxy_headers import proxy_headers_middleware

TRUSTED_HEADERS = {"x-forwarded-proto", "x-forwarded-for", "x-forwarded-host", "x-forwarded-port"}

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def _trusted(peer: str, networks: list[Network]) -> bool:
    try:
        address = ipaddress.ip_address(peer)
    except ValueError:
        return False
    return any(address in network for network in networks)


def behind_proxies(app: Callable[..., Any], networks: list[Network]) -> Callable[..., Any]:
    """``app`` taking the forwarded headers from ``networks`` only, and dropping them otherwise."""
    trusting = proxy_headers_middleware(
        app, trusted_proxy="*", trusted_proxy_count=1, trusted_proxy_headers=TRUSTED_HEADERS
    )
    clearing = proxy_headers_middleware(app, trusted_proxy=None, clear_untrusted=True)

    def dispatch(environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        if networks and _trusted(environ.get("REMOTE_ADDR", ""), networks):
            return trusting(environ, start_response)
        return clearing(environ, start_response)

    return dispatch


def client_address(request: Any) -> str:
    """The client's address for throttling: REMOTE_ADDR, which only a trusted proxy rewrites.

    Never the raw X-Forwarded-For header, which any client can write.
    """
    return str(request.META.get("REMOTE_ADDR", ""))
