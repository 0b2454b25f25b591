"""Federation tests: this test database is node MA-DGSN; ``fr_partner`` (tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _fresh_caches(clock_offset: Any) -> Iterator[None]:
    from jisr.federation.inbox import clear_caches

    clear_caches()
    yield
    clear_caches()
