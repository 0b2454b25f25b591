"""The envelope types the federation app itself handles.

- ``replica.upsert`` / ``replica.withdraw``: owner-authoritative replication;
- ``sync.digest`` / ``sync.report``: reconciliation (see :mod:`reconcile`);
- ``key.rotated``: a partner announces its new key, signed with its old one;
- ``bench.ping``: test and benchmark traffic, accepted on demo and test nodes only.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings

from jisr.core import clock
from jisr.federation import keys
from jisr.federation.models import BenchPing, PartnerKey, Replica
from jisr.federation.registry import (
    Envelope,
    PermanentEnvelopeError,
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
        raise PermanentEnvelopeError("record_type and record_id are required")
    if not isinstance(version, int) or isinstance(version, bool) or version < 0:
        raise PermanentEnvelopeError("version must be a non-negative integer")
    return record_type, record_id, version


def handle_replica_upsert(envelope: Envelope) -> None:
    """Apply the owner's state only when it is newer than the copy (or its tombstone)."""
    record_type, record_id, version = _record_fields(envelope)
    kind = replicated_type(record_type)
    if kind is None:
        raise PermanentEnvelopeError(f"unknown record type {record_type}")
    body = envelope.body.get("body")
    if not isinstance(body, dict):
        raise PermanentEnvelopeError("body must be an object")
    replica = (
        Replica.objects.select_for_update()
        .filter(owner=envelope.sender, record_type=record_type, record_id=record_id)
        .first()
    )
    if replica is not None and replica.version >= version:
        return  # an older or equal version arrived late: the copy stays as it is
    kind.on_upsert(envelope.sender, record_id, version, body)
    Replica.objects.update_or_create(
        owner=envelope.sender,
        record_type=record_type,
        record_id=record_id,
        defaults={"version": version, "withdrawn": False, "updated_at": clock.now()},
    )


def handle_replica_withdraw(envelope: Envelope) -> None:
    """Delete the copy, keeping a tombstone with the version so no older upsert revives it."""
    record_type, record_id, version = _record_fields(envelope)
    kind = replicated_type(record_type)
    if kind is None:
        raise PermanentEnvelopeError(f"unknown record type {record_type}")
    replica = (
        Replica.objects.select_for_update()
        .filter(owner=envelope.sender, record_type=record_type, record_id=record_id)
        .first()
    )
    if replica is not None and (
        replica.version > version or (replica.withdrawn and replica.version >= version)
    ):
        return
    kind.on_withdraw(envelope.sender, record_id)
    Replica.objects.update_or_create(
        owner=envelope.sender,
        record_type=record_type,
        record_id=record_id,
        defaults={"version": version, "withdrawn": True, "updated_at": clock.now()},
    )


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
    from jisr.federation import reconcile

    register_handler("replica.upsert", handle_replica_upsert)
    register_handler("replica.withdraw", handle_replica_withdraw)
    register_handler("key.rotated", handle_key_rotated)
    register_handler("bench.ping", handle_bench_ping)
    register_handler("sync.digest", reconcile.handle_digest)
    register_handler("sync.report", reconcile.handle_report)
