"""A Django test client logged in as a user, past the login page's TOTP step."""

from __future__ import annotations

from typing import Any

from django.test import Client

from jisr.core import clock


def logged_in(user: Any) -> Client:
    """A client with ``user``'s session, stamped with a fresh login time (12-hour limit)."""
    client = Client()
    client.force_login(user)
    session = client.session
    # As a real login does: the login time, and the last renewal of the idle expiry.
    session["jisr_login_at"] = session["jisr_seen_at"] = clock.now().timestamp()
    session.save()
    return client
