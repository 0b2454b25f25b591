"""Partners as witnesses of the audit chain: the envelopes (the federation side).

The audit app knows nothing of partners or envelopes (it sits below federation); the
comparison of anchors with the chain lives in :mod:`jisr.audit.witness`.

``verify_chain`` catches a row that was edited, removed or inserted, but not a
chain rewritten from some row onwards together with its head: someone with full
database access can recompute every hash. So each node regularly announces its
chain head (sequence number and hash) to every partner in a signed envelope
(``audit.anchor``), and each partner keeps those anchors (``WitnessedAnchor``).
To check its own chain, a node asks a partner for the anchors it witnessed
(``audit.witness_request``); the partner answers (``audit.witness_report``) and
the node compares them with its rows (``WitnessCheck``). A rewritten row older
than the last anchor no longer matches what the partner saw.

A partner that receives two different hashes for one sequence number keeps the
first and records the conflict in its own audit log: that node rewrote its chain.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

from django.db import transaction
from django.utils.dateparse import parse_datetime

from jisr.audit.actions import AuditAction
from jisr.audit.models import AuditChainHead, WitnessCheck, WitnessedAnchor
from jisr.audit.services import audit_record
from jisr.audit.witness import Comparison, compare_with_anchors, set_witnesses, wait_for
from jisr.core import clock
from jisr.federation.models import OutboxEnvelope, Partner
from jisr.federation.registry import MalformedEnvelope, PermanentEnvelopeError, register_handler
from jisr.federation.services import outbox_enqueue

log = logging.getLogger("jisr.audit")

ANCHOR = "audit.anchor"
REQUEST = "audit.witness_request"
REPORT = "audit.witness_report"
#: Anchors sent back in one report (the most recent ones).
REPORT_LIMIT = 2000


def partners() -> list[str]:
    """This node's partners' agency codes."""
    return sorted(Partner.objects.values_list("agency__code", flat=True))


def _last_anchor_sent(partner: str) -> int:
    body = (
        OutboxEnvelope.objects.filter(type=ANCHOR, recipient=partner)
        .order_by("-created")
        .values_list("body", flat=True)
        .first()
    )
    return int(body["seq"]) if isinstance(body, dict) and "seq" in body else 0


def publish_anchor() -> list[str]:
    """Announce the chain head to every partner that has not seen it yet.

    Returns the partners an anchor was sent to. Called by the worker every few
    minutes, and by ``jisr audit anchor``.
    """
    head = AuditChainHead.objects.filter(id=1).first()
    if head is None or head.last_seq == 0:
        return []
    sent: list[str] = []
    with transaction.atomic():
        for partner in partners():
            if _last_anchor_sent(partner) >= head.last_seq:
                continue
            outbox_enqueue(
                envelope_type=ANCHOR,
                recipient=partner,
                body={
                    "seq": head.last_seq,
                    "hash": head.last_hash,
                    "at": clock.now().isoformat(),
                },
            )
            sent.append(partner)
    return sent


def handle_anchor(envelope: Any) -> None:
    """Keep a partner's announced chain head (inbox handler for ``audit.anchor``)."""
    body = envelope.body
    try:
        seq = int(body["seq"])
        digest = str(body["hash"])
        announced = parse_datetime(str(body["at"]))
    except (KeyError, TypeError, ValueError):
        raise MalformedEnvelope("malformed audit anchor") from None
    if seq < 1 or len(digest) != 64 or announced is None:
        raise MalformedEnvelope("malformed audit anchor")
    known = WitnessedAnchor.objects.filter(partner=envelope.sender, seq=seq).first()
    if known is None:
        WitnessedAnchor.objects.create(
            partner=envelope.sender,
            seq=seq,
            hash=digest,
            announced_at=announced,
            received_at=clock.now(),
        )
    elif known.hash != digest:
        audit_record(
            envelope.sender,
            AuditAction.AUDIT_WITNESS_CONFLICT,
            target=("audit.anchor", f"{envelope.sender}#{seq}"),
            extra={"seq": seq, "witnessed": known.hash, "announced": digest},
        )
        log.warning("%s announced two hashes for audit row %s", envelope.sender, seq)


def request_check(partner: str) -> WitnessCheck:
    """Ask ``partner`` for the anchors it witnessed; the answer completes the check."""
    with transaction.atomic():
        check = WitnessCheck.objects.create(partner=partner, requested_at=clock.now())
        outbox_enqueue(envelope_type=REQUEST, recipient=partner, body={"check_id": str(check.pk)})
    return check


def request_checks(actor: Any = "system") -> list[WitnessCheck]:
    """Start a check with every partner (the worker does it daily), audited."""
    with transaction.atomic():
        checks = [request_check(partner) for partner in partners()]
        if checks:
            audit_record(
                actor,
                AuditAction.AUDIT_WITNESS_REQUEST,
                extra={"partners": [c.partner for c in checks]},
            )
    return checks


def handle_request(envelope: Any) -> None:
    """Send a partner back the anchors we witnessed for it (``audit.witness_request``)."""
    anchors = WitnessedAnchor.objects.filter(partner=envelope.sender).order_by("-seq")[
        :REPORT_LIMIT
    ]
    outbox_enqueue(
        envelope_type=REPORT,
        recipient=envelope.sender,
        body={
            "check_id": str(envelope.body.get("check_id", "")),
            "anchors": [[a.seq, a.hash, a.announced_at.isoformat()] for a in anchors],
        },
    )
    audit_record(envelope.sender, AuditAction.AUDIT_WITNESS_REPORT, extra={"anchors": len(anchors)})


def handle_report(envelope: Any) -> None:
    """Complete a check with the anchors a partner sent back (``audit.witness_report``)."""
    body = envelope.body
    try:
        check_id = uuid.UUID(str(body.get("check_id")))
        anchors = [(int(s), str(h), str(a)) for s, h, a in body.get("anchors", [])]
    except (TypeError, ValueError):
        raise MalformedEnvelope("malformed witness report") from None
    check = WitnessCheck.objects.filter(pk=check_id, partner=envelope.sender).first()
    if check is None:
        raise PermanentEnvelopeError("witness report for an unknown check")
    result = compare_with_anchors(envelope.sender, anchors)
    check.completed_at = clock.now()
    check.anchors = result.anchors
    check.ok = result.ok
    check.first_bad_seq = result.first_bad_seq
    check.detail = result.detail
    check.save()
    audit_record(
        envelope.sender,
        AuditAction.AUDIT_WITNESS_CHECK,
        target=check,
        extra={"ok": result.ok, "anchors": result.anchors, "first_bad_seq": result.first_bad_seq},
    )
    if not result.ok:
        log.error("audit chain differs from what %s witnessed: %s", envelope.sender, result.detail)


def register() -> None:
    """Declare the envelope handlers, and lend the audit app a way to ask the witnesses."""
    register_handler(ANCHOR, handle_anchor)
    register_handler(REQUEST, handle_request)
    register_handler(REPORT, handle_report)
    set_witnesses(partners=partners, request_checks=request_checks)


__all__ = [
    "ANCHOR",
    "REPORT",
    "REQUEST",
    "Comparison",
    "compare_with_anchors",
    "handle_anchor",
    "handle_report",
    "handle_request",
    "publish_anchor",
    "register",
    "request_check",
    "request_checks",
    "wait_for",
]
