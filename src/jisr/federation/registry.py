"""Where apps declare what they do with the envelopes they receive and the records they replicate.

One shape for every app (see docs/federation.md, "Contract for other apps"):

- ``register_handler(type, handle, malformed=...)``: ``handle(envelope)`` runs inside the
  receiving transaction. An exception listed in ``malformed`` (by default the usual
  parsing errors) or a :class:`PermanentEnvelopeError` is a permanent failure, recorded
  with its reason; :class:`RetryLater` asks the sender to send it again later.
- ``register_replicated_type(record_type, ...)``: owner-authoritative copies. Each type
  says who owns an existing row (``owner_of``) and which rows its body points to
  (``references``), so the replication layer itself refuses any change by a partner to a
  row it does not own, before the app's code runs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError


class PermanentEnvelopeError(Exception):
    """Raised by a handler for content that can never be applied: it becomes a dead letter."""

    reason = "refused"


class MalformedEnvelope(PermanentEnvelopeError):
    """The body does not have the shape its type requires."""

    reason = "malformed"


class NotOwner(PermanentEnvelopeError):
    """The sender tried to change, take over or delete a row it does not own."""

    reason = "not-owner"


class RetryLater(Exception):
    """The envelope cannot be applied yet (what it refers to has not arrived): send it again."""


#: What "malformed" means when a handler does not say: the errors parsing a body raises.
DEFAULT_MALFORMED: tuple[type[BaseException], ...] = (
    KeyError,
    IndexError,
    TypeError,
    ValueError,
    AttributeError,
    ValidationError,
)


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
class HandlerSpec:
    envelope_type: str
    handle: Handler
    malformed: tuple[type[BaseException], ...]


@dataclass(frozen=True)
class Reference:
    """Rows a replicated body points to, and who owns each of them on this node.

    ``ids(body)`` lists the ids the body names (contained rows it writes, or rows it links
    to); ``owners(id)`` returns the agencies entitled to write or link to that row, or
    ``None`` when no such row exists here. The layer refuses the envelope when a named
    row exists and the sender is not among its owners.
    """

    kind: str
    ids: Callable[[dict[str, Any]], Iterable[Any]]
    owners: Callable[[str], set[str] | None]


@dataclass(frozen=True)
class ReplicatedType:
    record_type: str
    on_upsert: Callable[[str, str, int, dict[str, Any]], object]
    on_withdraw: Callable[[str, str], object]
    body_for: Callable[[str], tuple[int, dict[str, Any]] | None]
    owner_of: Callable[[str], str | None]
    references: tuple[Reference, ...] = ()
    malformed: tuple[type[BaseException], ...] = DEFAULT_MALFORMED
    #: Owner side: (record_id, version, agencies it is shared with) for every record this
    #: node shares; the one catch-up task sends it to linked partners that lack it.
    audience: Callable[[], Iterable[tuple[str, int, list[str]]]] | None = None


_HANDLERS: dict[str, HandlerSpec] = {}
_REPLICATED: dict[str, ReplicatedType] = {}


def register_handler(
    envelope_type: str,
    handler: Handler,
    *,
    malformed: tuple[type[BaseException], ...] = DEFAULT_MALFORMED,
) -> None:
    """Call ``handler(envelope)`` inside the receiving transaction for each new envelope.

    An exception of a type in ``malformed`` is a permanent failure recorded with its reason.
    """
    _HANDLERS[envelope_type] = HandlerSpec(envelope_type, handler, tuple(malformed))


def register_replicated_type(
    record_type: str,
    *,
    on_upsert: Callable[[str, str, int, dict[str, Any]], object],
    on_withdraw: Callable[[str, str], object],
    body_for: Callable[[str], tuple[int, dict[str, Any]] | None],
    owner_of: Callable[[str], str | None],
    references: Iterable[Reference] = (),
    malformed: tuple[type[BaseException], ...] = DEFAULT_MALFORMED,
    audience: Callable[[], Iterable[tuple[str, int, list[str]]]] | None = None,
) -> None:
    """Declare a kind of record the owner replicates to partners (see docs/federation.md).

    ``owner_of(record_id)`` returns the agency code owning the row with that id on this
    node (this node's own rows included) or ``None``; ``references`` the rows a body
    points to. ``audience()`` (optional) yields ``(record_id, version, agencies)`` for each
    record this node shares: the catch-up task sends it to linked partners that lack it.
    """
    _REPLICATED[record_type] = ReplicatedType(
        record_type,
        on_upsert,
        on_withdraw,
        body_for,
        owner_of,
        tuple(references),
        tuple(malformed),
        audience,
    )


def handler_spec(envelope_type: str) -> HandlerSpec | None:
    return _HANDLERS.get(envelope_type)


def handler_for(envelope_type: str) -> Handler | None:
    spec = _HANDLERS.get(envelope_type)
    return spec.handle if spec else None


def replicated_type(record_type: str) -> ReplicatedType | None:
    return _REPLICATED.get(record_type)


def replicated_types() -> list[ReplicatedType]:
    """Every registered replicated type, by name."""
    return [_REPLICATED[name] for name in sorted(_REPLICATED)]
