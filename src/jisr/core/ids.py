"""The one way Jisr makes record and envelope ids.

UUIDv7 (RFC 9562): time-ordered, so primary-key indexes grow at their end and ids sort
roughly by creation, and random enough in their low bits that two nodes never collide.
A record keeps the same id on every node it is replicated to.
"""

from __future__ import annotations

import uuid

import uuid6


def new_id() -> uuid.UUID:
    """A new UUIDv7, as a plain :class:`uuid.UUID` (what Django and JSON expect)."""
    return uuid.UUID(int=uuid6.uuid7().int)
