"""Where apps register what they do with envelopes they receive and records they replicate."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


class PermanentEnvelopeError(Exception):
    """Raised by a handler for content that can never be applied: it becomes a dead letter."""


@dataclass(frozen=True)
class Envelope:
    """An envelope as handlers see it."""

    id: str
    type: str
    version: int
    sender: str
    recipient: str
    created: dt.datetime
    body: dict[str, Any]


Handler = Callable[[Envelope], object]


@dataclass(frozen=True)
class ReplicatedType:
    record_type: str
    on_upsert: Callable[[str, str, int, dict[str, Any]], object]
    on_withdraw: Callable[[str, str], object]
    body_for: Callable[[str], tuple[int, dict[str, Any]] | None]


_HANDLERS: dict[str, Handler] = {}
_REPLICATED: dict[str, ReplicatedType] = {}


def register_handler(envelope_type: str, handler: Handler) -> None:
    """Call ``handler(envelope)`` inside the receiving transaction for each new envelope."""
    _HANDLERS[envelope_type] = handler


def register_replicated_type(
    record_type: str,
    *,
    on_upsert: Callable[[str, str, int, dict[str, Any]], object],
    on_withdraw: Callable[[str, str], object],
    body_for: Callable[[str], tuple[int, dict[str, Any]] | None],
) -> None:
    """Declare a kind of record the owner replicates to partners (see docs/federation.md)."""
    _REPLICATED[record_type] = ReplicatedType(record_type, on_upsert, on_withdraw, body_for)


def handler_for(envelope_type: str) -> Handler | None:
    return _HANDLERS.get(envelope_type)


def replicated_type(record_type: str) -> ReplicatedType | None:
    return _REPLICATED.get(record_type)
