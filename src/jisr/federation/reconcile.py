"""Reconciliation: the owner sends a digest of what it shares, the holder reports drift.

1. Owner -> holder, ``sync.digest``: every (record_type, record_id, version, withdrawn)
   the owner has shared with that holder, plus a SHA-256 over the sorted list.
2. The holder compares with its replicas of the owner's records and answers
   ``sync.report`` with what differs: missing or older copies, copies that should be
   withdrawn, and copies the owner does not list at all. The holder marks the link
   "out of sync" while anything differs.
3. The owner marks the link "out of sync" too and re-sends each differing record from
   ``body_for`` (or a withdrawal when the record is gone). The next digest round clears
   the flag on both sides when everything matches again.

A digest is only sent while nothing else is pending for that partner, so envelopes
still in flight are not mistaken for drift.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from django.db import transaction

from jisr.audit.actions import AuditAction
from jisr.audit.services import audit_record
from jisr.core import clock
from jisr.core.nodeconfig import read_config
from jisr.federation.models import OutboxEnvelope, Partner, Replica, SharedRecord
from jisr.federation.registry import Envelope, PermanentEnvelopeError, replicated_type

DEFAULT_INTERVAL_SECONDS = 300


def interval_seconds() -> float:
    """How often each link is reconciled (``federation_sync_seconds`` in node.json)."""
    return float(read_config().get("federation_sync_seconds", DEFAULT_INTERVAL_SECONDS))


def _digest_items(recipient: str) -> list[list[Any]]:
    return [
        [r.record_type, r.record_id, r.version, r.withdrawn]
        for r in SharedRecord.objects.filter(recipient=recipient).order_by(
            "record_type", "record_id"
        )
    ]


def _hash(items: list[list[Any]]) -> str:
    return hashlib.sha256(json.dumps(items, separators=(",", ":")).encode()).hexdigest()


def send_digest(partner: Partner) -> OutboxEnvelope:
    from jisr.federation.services import outbox_enqueue

    items = _digest_items(partner.agency.code)
    with transaction.atomic():
        envelope = outbox_enqueue(
            envelope_type="sync.digest",
            recipient=partner.agency.code,
            body={"items": items, "sha256": _hash(items)},
        )
        Partner.objects.filter(pk=partner.pk).update(last_digest_sent_at=clock.now())
    return envelope


def reconcile_due(*, force: bool = False) -> int:
    """Send a digest to every partner whose reconciliation is due; return how many."""
    now = clock.now()
    every = dt.timedelta(seconds=interval_seconds())
    count = 0
    for partner in Partner.objects.select_related("agency").filter(status=Partner.Status.ACTIVE):
        if not force and partner.last_digest_sent_at and now - partner.last_digest_sent_at < every:
            continue
        busy = OutboxEnvelope.objects.filter(
            recipient=partner.agency.code, state=OutboxEnvelope.State.PENDING
        ).exists()
        if busy:
            continue
        send_digest(partner)
        count += 1
    return count


def _mark(sender: str, differences: int, detail: str) -> None:
    now = clock.now()
    partner = Partner.objects.filter(agency__code=sender).first()
    if partner is None:
        return
    if differences:
        if not partner.out_of_sync:
            partner.out_of_sync_since = now
        partner.out_of_sync = True
        partner.out_of_sync_detail = detail[:500]
    else:
        partner.out_of_sync = False
        partner.out_of_sync_since = None
        partner.out_of_sync_detail = ""
        partner.last_sync_ok_at = now
    partner.save(
        update_fields=["out_of_sync", "out_of_sync_since", "out_of_sync_detail", "last_sync_ok_at"]
    )


def handle_digest(envelope: Envelope) -> None:
    """Holder side: compare the owner's digest with our replicas and report drift."""
    from jisr.federation.services import outbox_enqueue

    items = envelope.body.get("items")
    if not isinstance(items, list):
        raise PermanentEnvelopeError("items must be a list")
    listed: dict[tuple[str, str], tuple[int, bool]] = {}
    for item in items:
        if (
            not isinstance(item, list)
            or len(item) != 4
            or not isinstance(item[0], str)
            or not isinstance(item[1], str)
            or not isinstance(item[2], int)
            or not isinstance(item[3], bool)
        ):
            raise PermanentEnvelopeError("malformed digest item")
        listed[(item[0], item[1])] = (item[2], item[3])
    held = {(r.record_type, r.record_id): r for r in Replica.objects.filter(owner=envelope.sender)}
    differing: list[list[Any]] = []
    for key, (version, withdrawn) in listed.items():
        replica = held.get(key)
        if withdrawn:
            if replica is not None and not replica.withdrawn:
                differing.append([key[0], key[1], replica.version])
        elif replica is None or replica.withdrawn or replica.version < version:
            differing.append([key[0], key[1], replica.version if replica else 0])
    for key, replica in held.items():
        if key not in listed and not replica.withdrawn:
            differing.append([key[0], key[1], replica.version])
    _mark(envelope.sender, len(differing), f"{len(differing)} record(s) differ")
    outbox_enqueue(
        envelope_type="sync.report",
        recipient=envelope.sender,
        body={"digest_id": envelope.id, "differing": differing},
    )
    audit_record(
        envelope.sender,
        AuditAction.FEDERATION_RECONCILE,
        target=("envelope", envelope.id),
        extra={"differing": len(differing), "peer": envelope.sender},
    )


def handle_report(envelope: Envelope) -> None:
    """Owner side: re-send every record the holder reports as differing."""
    from jisr.federation.services import outbox_enqueue

    differing = envelope.body.get("differing")
    if not isinstance(differing, list):
        raise PermanentEnvelopeError("differing must be a list")
    holder = envelope.sender
    _mark(holder, len(differing), f"{len(differing)} record(s) differ")
    for item in differing[:10000]:
        if not isinstance(item, list) or len(item) != 3:
            raise PermanentEnvelopeError("malformed report item")
        record_type, record_id, held_version = item
        if not isinstance(record_type, str) or not isinstance(record_id, str):
            raise PermanentEnvelopeError("malformed report item")
        kind = replicated_type(record_type)
        shared = SharedRecord.objects.filter(
            record_type=record_type, record_id=record_id, recipient=holder
        ).first()
        current = kind.body_for(record_id) if (kind and shared and not shared.withdrawn) else None
        if current is not None:
            version, body = current
            version = max(version, shared.version if shared else 0)
            if shared is not None:
                shared.version = version
                shared.updated_at = clock.now()
                shared.save(update_fields=["version", "updated_at"])
            outbox_enqueue(
                envelope_type="replica.upsert",
                recipient=holder,
                body={
                    "record_type": record_type,
                    "record_id": record_id,
                    "version": version,
                    "body": body,
                },
            )
        else:
            version = max(
                shared.version if shared else 0,
                held_version if isinstance(held_version, int) else 0,
            )
            outbox_enqueue(
                envelope_type="replica.withdraw",
                recipient=holder,
                body={"record_type": record_type, "record_id": record_id, "version": version},
            )
    audit_record(
        holder,
        AuditAction.FEDERATION_REPAIR,
        target=("envelope", envelope.id),
        recipient=holder,
        extra={"records": len(differing), "peer": holder},
    )
