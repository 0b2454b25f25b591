"""The envelope types the federation app itself handles.

- ``replica.upsert`` / ``replica.withdraw``: owner-authoritative replication;
- ``sync.digest`` / ``sync.report``: reconciliation (see :mod:`reconcile`);
- ``key.rotated``: a partner announces its new key, signed with its old one;
- ``bench.ping``: test and benchmark traffic, accepted on demo and test nodes only.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError, RestrictedError

from jisr.core import clock
from jisr.federation import keys
from jisr.federation.models import BenchPing, PartnerKey, Replica
from jisr.federation.registry import (
    Envelope,
    MalformedEnvelope,
    NotOwner,
    PermanentEnvelopeError,
    ReplicatedType,
    register_handler,
    replicated_type,
)


def _record_fields(envelope: Envelope) -> tuple[str, str, int]:
    body = envelope.body
    record_type, record_id, version = (
        body.get("record_type"),
        body.get("record_id"),
        body.get("version"),
    )
    if not isinstance(record_type, str) or not isinstance(record_id, str) or not record_id:
        raise MalformedEnvelope("record_type and record_id are required")
    if len(record_id) > 64:
        raise MalformedEnvelope("record_id is longer than 64 characters")
    if not isinstance(version, int) or isinstance(version, bool) or version < 0:
        raise MalformedEnvelope("version must be a non-negative integer")
    return record_type, record_id, version


def _kind(record_type: str) -> ReplicatedType:
    kind = replicated_type(record_type)
    if kind is None:
        raise PermanentEnvelopeError(f"unknown record type {record_type}")
    return kind


def _owner_of(kind: ReplicatedType, record_id: str) -> str | None:
    try:
        return kind.owner_of(record_id)
    except kind.malformed as exc:
        raise MalformedEnvelope(f"record_id {record_id[:64]!r}: {exc}"[:300]) from exc


def check_ownership(
    kind: ReplicatedType, sender: str, record_id: str, body: dict[str, Any] | None
) -> None:
    """Refuse a change by ``sender`` to a row it does not own, or pointing to one.

    The row itself (this node's own rows included) and every row the body names must be
    absent or owned by the sender. This runs before the app's code, for every type.
    """
    owner = _owner_of(kind, record_id)
    if owner is not None and owner != sender:
        raise NotOwner(f"{kind.record_type} {record_id} belongs to {owner}, not to {sender}")
    if body is None:
        return
    for reference in kind.references:
        try:
            named = list(reference.ids(body))
        except kind.malformed as exc:
            raise MalformedEnvelope(f"{reference.kind} references: {exc!r}"[:300]) from exc
        for ident in named:
            if ident is None:
                continue
            if not isinstance(ident, str) or not 0 < len(ident) <= 64:
                raise MalformedEnvelope(f"{reference.kind} reference is not an id")
            try:
                owners = reference.owners(ident)
            except kind.malformed as exc:
                raise MalformedEnvelope(f"{reference.kind} {ident!r}: {exc}"[:300]) from exc
            if owners is not None and sender not in owners:
                raise NotOwner(
                    f"{kind.record_type} {record_id} names {reference.kind} {ident}, "
                    f"which {sender} does not own"
                )


def handle_replica_upsert(envelope: Envelope) -> None:
    """Apply the owner's state only when it is newer than the copy (or its tombstone)."""
    record_type, record_id, version = _record_fields(envelope)
    kind = _kind(record_type)
    body = envelope.body.get("body")
    if not isinstance(body, dict):
        raise MalformedEnvelope("body must be an object")
    check_ownership(kind, envelope.sender, record_id, body)
    replica = (
        Replica.objects.select_for_update()
        .filter(owner=envelope.sender, record_type=record_type, record_id=record_id)
        .first()
    )
    if replica is not None and replica.version >= version:
        return  # an older or equal version arrived late: the copy stays as it is
    try:
        kind.on_upsert(envelope.sender, record_id, version, body)
    except kind.malformed as exc:
        raise MalformedEnvelope(f"malformed {record_type}: {exc!r}"[:300]) from exc
    Replica.objects.update_or_create(
        owner=envelope.sender,
        record_type=record_type,
        record_id=record_id,
        defaults={"version": version, "withdrawn": False, "updated_at": clock.now()},
    )


def handle_replica_withdraw(envelope: Envelope) -> None:
    """Delete the copy, keeping a tombstone with the version so no older upsert revives it."""
    record_type, record_id, version = _record_fields(envelope)
    kind = _kind(record_type)
    check_ownership(kind, envelope.sender, record_id, None)
    replica = (
        Replica.objects.select_for_update()
        .filter(owner=envelope.sender, record_type=record_type, record_id=record_id)
        .first()
    )
    if replica is not None and (
        replica.version > version or (replica.withdrawn and replica.version >= version)
    ):
        return
    try:
        # A savepoint, and deferred constraints checked inside it: a copy that cannot be
        # deleted is a clear permanent failure, not an error at commit retried for hours.
        with transaction.atomic():
            kind.on_withdraw(envelope.sender, record_id)
            _check_constraints_now()
    except (IntegrityError, ProtectedError, RestrictedError) as exc:
        raise PermanentEnvelopeError(
            f"the copy of {record_type} {record_id} cannot be deleted: {exc}"[:300]
        ) from exc
    Replica.objects.update_or_create(
        owner=envelope.sender,
        record_type=record_type,
        record_id=record_id,
        defaults={"version": version, "withdrawn": True, "updated_at": clock.now()},
    )


def _check_constraints_now() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    else:
        connection.check_constraints()


def handle_key_rotated(envelope: Envelope) -> None:
    """Learn a partner's new key; its previous key stays valid until the announced time."""
    body = envelope.body
    try:
        public = keys.load_public_key_b64(str(body["public_key"]))
        until = dt.datetime.fromisoformat(str(body["previous_valid_until"]))
    except (KeyError, ValueError) as exc:
        raise PermanentEnvelopeError("malformed key announcement") from exc
    key_id = keys.key_id_for(public)
    if key_id != body.get("key_id"):
        raise PermanentEnvelopeError("key_id does not match the key")
    existing = PartnerKey.objects.filter(key_id=key_id).first()
    if existing is not None and existing.agency.code != envelope.sender:
        raise PermanentEnvelopeError("key belongs to another agency")
    from jisr.accounts.models import Agency

    agency = Agency.objects.get(code=envelope.sender)
    if existing is None:
        PartnerKey.objects.create(
            agency=agency,
            key_id=key_id,
            public_key=keys.public_key_b64(public),
            valid_from=clock.now(),
        )
    # Keep the previous key valid only until the announced end of the overlap.
    cap = min(until, clock.now() + dt.timedelta(days=30))
    PartnerKey.objects.filter(agency=agency, key_id=body.get("previous_key_id")).update(
        valid_until=cap
    )


def handle_bench_ping(envelope: Envelope) -> None:
    if not (settings.JISR_DEMO or settings.SETTINGS_MODULE.endswith(".test")):
        raise PermanentEnvelopeError("bench.ping is accepted by demo and test nodes only")
    seq = envelope.body.get("seq", 0)
    BenchPing.objects.create(
        envelope_id=envelope.id,
        sender=envelope.sender,
        seq=seq if isinstance(seq, int) else 0,
        received_at=clock.now(),
    )


def register_builtin_handlers() -> None:
    from jisr.federation import reconcile, witness

    register_handler("replica.upsert", handle_replica_upsert)
    register_handler("replica.withdraw", handle_replica_withdraw)
    register_handler("key.rotated", handle_key_rotated)
    register_handler("bench.ping", handle_bench_ping)
    register_handler("sync.digest", reconcile.handle_digest)
    register_handler("sync.report", reconcile.handle_report)
    witness.register()
