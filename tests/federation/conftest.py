"""Fixtures for federation tests: this test database is node MA-DGSN, FR-DGPN a partner."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from jisr.core import clock
from jisr.federation import keys
from tests.federation.support import FakePartner


@pytest.fixture(autouse=True)
def _fresh_caches() -> Iterator[None]:
    from jisr.federation.inbox import clear_caches

    clear_caches()
    yield
    clear_caches()
    clock.set_offset(0)


@pytest.fixture
def own_node(agencies: dict[str, Any], settings: Any) -> Any:
    """This node's own key, in the test data folder, recorded in the key table."""
    from jisr.federation.services import node_identity_sync

    home = Path(settings.JISR_HOME)
    if keys.load_private_key(home) is None:
        keys.generate_private_key(home)
    node_identity_sync()
    return agencies["MA-DGSN"]


@pytest.fixture
def fr_partner(own_node: Any) -> FakePartner:
    from jisr.federation.services import partner_add

    key = Ed25519PrivateKey.generate()
    partner_add(
        acting_user=None,
        agency_code="FR-DGPN",
        url="http://127.0.0.1:9",
        public_key=keys.public_key_b64(key.public_key()),
    )
    return FakePartner("FR-DGPN", key, keys.key_id_for(key.public_key()))
