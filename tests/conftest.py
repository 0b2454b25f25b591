"""Shared fixtures: factories for users, real node processes and a real browser."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls made
# from the same tests are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """A request in Arabic leaves Arabic active in the thread: reset it after each test."""
    yield
    from django.utils import translation

    translation.deactivate()


@pytest.fixture
def agencies(db: Any) -> dict[str, Any]:
    """The two model agencies, MA-DGSN being this node's own."""
    from jisr.accounts.services import agency_upsert
    from jisr.node.demo import AGENCIES

    return {
        code: agency_upsert(code=code, is_own=(code == "MA-DGSN"), **names)
        for code, names in AGENCIES.items()
    }


@pytest.fixture
def make_user(agencies: dict[str, Any]) -> Any:
    """Create a user with roles: ``make_user("ma.x", [Role.DPO], agency="MA-DGSN")``."""
    from jisr.accounts.services import user_create

    counter = {"n": 0}

    def _make(
        username: str | None = None, roles: list[Any] | None = None, agency: str = "MA-DGSN"
    ) -> Any:
        counter["n"] += 1
        return user_create(
            acting_user=None,
            username=username or f"user{counter['n']}",
            password="correct horse battery",
            agency=agencies[agency],
            roles=roles or [],
        )

    return _make


@pytest.fixture
def own_node(agencies: dict[str, Any], settings: Any) -> Any:
    """This node's own key, in the test data folder, recorded in the key table."""
    from pathlib import Path

    from jisr.federation import keys
    from jisr.federation.services import node_identity_sync

    home = Path(settings.JISR_HOME)
    if keys.load_private_key(home) is None:
        keys.generate_private_key(home)
    node_identity_sync()
    return agencies["MA-DGSN"]


@pytest.fixture
def fr_partner(own_node: Any) -> Any:
    """FR-DGPN registered as a partner of this node (MA-DGSN): the one partner fixture.

    Returns a :class:`tests.federation.support.FakePartner`: its ``code``, ``agency`` and
    ``partner`` row, and the private key to sign envelopes as FR would.
    """
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from jisr.federation import keys
    from jisr.federation.services import partner_add
    from tests.federation.support import FakePartner

    key = Ed25519PrivateKey.generate()
    partner = partner_add(
        acting_user=None,
        agency_code="FR-DGPN",
        url="http://127.0.0.1:9",
        public_key=keys.public_key_b64(key.public_key()),
    )
    return FakePartner("FR-DGPN", key, keys.key_id_for(key.public_key()), partner=partner)


@pytest.fixture
def clock_offset() -> Iterator[Any]:
    """Move this node's clock: ``clock_offset(3600)``; back to real time after the test."""
    from jisr.core import clock

    yield clock.set_offset
    clock.set_offset(0)


#: Fixtures that start real node processes: a test using one is marked ``slow``.
REAL_NODE_FIXTURES = {
    "demo_nodes",
    "desk_nodes",
    "flow_nodes",
    "fr_node",
    "linked",
    "node",
    "nodes",
}


def pytest_collection_modifyitems(items: list[Any]) -> None:
    """Every test that starts real nodes is ``slow``, so ``make test-fast`` stays fast."""
    for item in items:
        if REAL_NODE_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """A headless Debian Chromium driven by Playwright."""
    from playwright.sync_api import sync_playwright

    from tests.support.browser import CHROMIUM, CHROMIUM_ARGS

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield instance
        instance.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(20_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def demo_nodes() -> Iterator[dict[str, Any]]:
    """Two real nodes, MA-DGSN and FR-DGPN, wired as partners, each with a worker."""
    from tests.support.nodes import demo_pair

    with demo_pair() as nodes:
        yield nodes
