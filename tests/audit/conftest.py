"""The federation fixtures (this node's key, FR-DGPN as a partner) for the witness tests."""

from tests.federation.conftest import _fresh_caches  # noqa: F401
