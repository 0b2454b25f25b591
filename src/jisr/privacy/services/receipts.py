"""Consultation receipts: a partner's officer opened one of our shared records.

The node where the officer looked writes a receipt (who, role, purpose, when; nothing
of the record) with :func:`consultation_receipt_record`, and the worker sends unsent
receipts to each owner in signed batches (``privacy.consultation_receipts``). The
owner accepts only receipts about records it owns (``receipt_owner_checks``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.db import transaction

from jisr.audit.services import audit_record
from jisr.core import clock
from jisr.privacy.actions import PrivacyAction
from jisr.privacy.models import ConsultationReceipt

RECEIPTS_ENVELOPE = "privacy.consultation_receipts"
#: Receipts per envelope.
RECEIPT_BATCH = 200
MAX_PURPOSE = 500

#: record type -> function(record_id) returning the owner agency's code of our record, or
#: None when this node does not hold that record as its owner. Apps add theirs (a group
#: target, later) with :func:`register_receipt_owner`.
_OWNER_CHECKS: dict[str, Callable[[str], str | None]] = {}


def register_receipt_owner(record_type: str, owner_of: Callable[[str], str | None]) -> None:
    _OWNER_CHECKS[record_type] = owner_of


def receipt_owner(record_type: str, record_id: str) -> str | None:
    check = _OWNER_CHECKS.get(record_type)
    return check(record_id) if check else None


def _alert_owner(record_id: str) -> str | None:
    from jisr.core.access import parse_uuid
    from jisr.wanted.models import Alert

    pk = parse_uuid(record_id)
    if pk is None:
        return None
    return (
        Alert.objects.filter(pk=pk, is_copy=False, owner__is_own=True)
        .values_list("owner__code", flat=True)
        .first()
    )


def _roles_of(user: Any) -> str:
    from jisr.accounts.roles import Role

    labels = {r.value: str(r.label) for r in Role}
    names = sorted(user.groups.values_list("name", flat=True)) if user.pk else []
    return ", ".join(labels.get(n, n) for n in names)[:200]


def consultation_receipt_record(
    user: Any, record_type: str, record_id: Any, owner_agency: str, purpose: str
) -> ConsultationReceipt | None:
    """Note that ``user`` opened a partner's record; sent to its owner by the worker.

    Nothing is noted for our own records (our audit log already says it).
    """
    from jisr.accounts.selectors import own_agency

    own = own_agency()
    if own is None or not owner_agency or owner_agency == own.code:
        return None
    with transaction.atomic():
        receipt = ConsultationReceipt.objects.create(
            direction=ConsultationReceipt.Direction.OUTGOING,
            record_type=record_type[:64],
            record_id=str(record_id)[:64],
            owner_agency=owner_agency[:32],
            agency=own.code,
            username=user.get_username(),
            role=_roles_of(user),
            purpose=(purpose or "")[:MAX_PURPOSE],
            at=clock.now(),
        )
        audit_record(
            user,
            PrivacyAction.RECEIPT_RECORD,
            target=(record_type, str(record_id)),
            justification=receipt.purpose,
            recipient=owner_agency,
        )
    return receipt


def receipts_send() -> int:
    """Send unsent receipts to each owner, in batches of at most ``RECEIPT_BATCH``."""
    from jisr.federation.models import Partner
    from jisr.federation.services import outbox_enqueue

    linked = set(Partner.objects.values_list("agency__code", flat=True))
    sent = 0
    owners = (
        ConsultationReceipt.objects.filter(
            direction=ConsultationReceipt.Direction.OUTGOING, sent_at__isnull=True
        )
        .values_list("owner_agency", flat=True)
        .distinct()
    )
    for owner in list(owners):
        if owner not in linked:
            continue
        while True:
            with transaction.atomic():
                batch = list(
                    ConsultationReceipt.objects.select_for_update()
                    .filter(
                        direction=ConsultationReceipt.Direction.OUTGOING,
                        sent_at__isnull=True,
                        owner_agency=owner,
                    )
                    .order_by("at")[:RECEIPT_BATCH]
                )
                if not batch:
                    break
                outbox_enqueue(
                    envelope_type=RECEIPTS_ENVELOPE,
                    recipient=owner,
                    body={"receipts": [receipt_body(r) for r in batch]},
                )
                ConsultationReceipt.objects.filter(pk__in=[r.pk for r in batch]).update(
                    sent_at=clock.now()
                )
                audit_record(
                    "system",
                    PrivacyAction.RECEIPTS_SEND,
                    recipient=owner,
                    extra={"receipts": len(batch)},
                )
                sent += len(batch)
    return sent


def receipt_body(receipt: ConsultationReceipt) -> dict[str, Any]:
    return {
        "id": str(receipt.id),
        "record_type": receipt.record_type,
        "record_id": receipt.record_id,
        "username": receipt.username,
        "role": receipt.role,
        "purpose": receipt.purpose,
        "at": receipt.at.isoformat(),
    }


def receipts_receive(*, sender: str, body: dict[str, Any]) -> int:
    """Store a partner's receipts about our records; a receipt about a record we do not own
    refuses the whole envelope (``NotOwner``), so a partner cannot plant events in our log."""
    from jisr.core.access import parse_uuid
    from jisr.federation.registry import MalformedEnvelope, NotOwner

    items = body["receipts"]
    if not isinstance(items, list) or not 1 <= len(items) <= RECEIPT_BATCH:
        raise MalformedEnvelope("receipts must be a list of 1 to 200 items")
    parsed = []
    for item in items:
        if not isinstance(item, dict):
            raise MalformedEnvelope("a receipt must be an object")
        receipt_id = parse_uuid(item["id"])
        record_type = str(item["record_type"])[:64]
        record_id = str(item["record_id"])[:64]
        at = dt.datetime.fromisoformat(str(item["at"]))
        if receipt_id is None or at.tzinfo is None:
            raise MalformedEnvelope("a receipt needs a UUID and an aware time")
        owner = receipt_owner(record_type, record_id)
        if owner is None:
            raise NotOwner(f"{record_type} {record_id} is not a record of this node")
        parsed.append(
            ConsultationReceipt(
                id=receipt_id,
                direction=ConsultationReceipt.Direction.INCOMING,
                record_type=record_type,
                record_id=record_id,
                owner_agency=owner,
                agency=sender,
                username=str(item["username"])[:150],
                role=str(item.get("role", ""))[:200],
                purpose=str(item.get("purpose", ""))[:MAX_PURPOSE],
                at=at,
            )
        )
    known = set(
        ConsultationReceipt.objects.filter(pk__in=[r.id for r in parsed]).values_list(
            "pk", flat=True
        )
    )
    fresh = [r for r in parsed if r.id not in known]
    ConsultationReceipt.objects.bulk_create(fresh)
    for receipt in fresh:
        audit_record(
            sender,
            PrivacyAction.RECEIPTS_RECEIVE,
            target=(receipt.record_type, receipt.record_id),
            justification=receipt.purpose,
            extra={"officer": receipt.username, "role": receipt.role},
        )
    return len(fresh)


def _target_owner(record_id: str) -> str | None:
    from jisr.core.access import parse_uuid
    from jisr.groups.models import Target

    pk = parse_uuid(record_id)
    if pk is None:
        return None
    return (
        Target.objects.filter(pk=pk, owner__is_own=True)
        .values_list("owner__code", flat=True)
        .first()
    )


register_receipt_owner("wanted.alert", _alert_owner)
if apps.is_installed("jisr.groups"):
    register_receipt_owner("groups.target", _target_owner)
