"""Partners as witnesses of the audit chain.

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
import time
import uuid
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.dateparse import parse_datetime

from jisr.audit.actions import AuditAction
from jisr.audit.models import AuditChainHead, AuditEntry, WitnessCheck, WitnessedAnchor
from jisr.audit.services import audit_record
from jisr.core import clock

log = logging.getLogger("jisr.audit")

ANCHOR = "audit.anchor"
REQUEST = "audit.witness_request"
REPORT = "audit.witness_report"
#: Anchors sent back in one report (the most recent ones).
REPORT_LIMIT = 2000


def partners() -> list[str]:
    """This node's partners' agency codes."""
    from jisr.federation.models import Partner

    return sorted(Partner.objects.values_list("agency__code", flat=True))


def _last_anchor_sent(partner: str) -> int:
    from jisr.federation.models import OutboxEnvelope

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
    from jisr.federation.services import outbox_enqueue

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
    from jisr.federation.registry import PermanentEnvelopeError

    body = envelope.body
    try:
        seq = int(body["seq"])
        digest = str(body["hash"])
        announced = parse_datetime(str(body["at"]))
    except (KeyError, TypeError, ValueError):
        raise PermanentEnvelopeError("malformed audit anchor") from None
    if seq < 1 or len(digest) != 64 or announced is None:
        raise PermanentEnvelopeError("malformed audit anchor")
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
    from jisr.federation.services import outbox_enqueue

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
    from jisr.federation.services import outbox_enqueue

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


@dataclass(frozen=True)
class Comparison:
    ok: bool
    anchors: int
    first_bad_seq: int | None = None
    detail: str = ""


def compare_with_anchors(partner: str, anchors: list[tuple[int, str, str]]) -> Comparison:
    """Compare this node's rows with the anchors ``partner`` witnessed, oldest first."""
    if not anchors:
        return Comparison(True, 0, detail=f"{partner} has witnessed no anchor yet")
    ordered = sorted(anchors)
    rows = dict(
        AuditEntry.objects.filter(seq__in=[seq for seq, _h, _a in ordered]).values_list(
            "seq", "hash"
        )
    )
    for seq, digest, announced in ordered:
        mine = rows.get(seq)
        if mine is None:
            return Comparison(
                False,
                len(ordered),
                seq,
                f"row {seq}, witnessed by {partner} on {announced}, is missing: "
                "the chain was cut or rewritten",
            )
        if mine != digest:
            return Comparison(
                False,
                len(ordered),
                seq,
                f"row {seq} no longer has the hash {partner} witnessed on {announced}: "
                f"row {seq} or an earlier one was rewritten",
            )
    return Comparison(True, len(ordered))


def handle_report(envelope: Any) -> None:
    """Complete a check with the anchors a partner sent back (``audit.witness_report``)."""
    from jisr.federation.registry import PermanentEnvelopeError

    body = envelope.body
    try:
        check_id = uuid.UUID(str(body.get("check_id")))
        anchors = [(int(s), str(h), str(a)) for s, h, a in body.get("anchors", [])]
    except (TypeError, ValueError):
        raise PermanentEnvelopeError("malformed witness report") from None
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


def wait_for(checks: list[WitnessCheck], timeout: float) -> list[WitnessCheck]:
    """Reload ``checks`` until all are completed or ``timeout`` seconds have passed."""
    deadline = time.monotonic() + timeout
    ids = [c.pk for c in checks]
    while True:
        fresh = list(WitnessCheck.objects.filter(pk__in=ids).order_by("partner"))
        if all(c.completed_at is not None for c in fresh) or time.monotonic() >= deadline:
            return fresh
        time.sleep(0.5)


def register() -> None:
    """Declare the envelope handlers (called from the app's ``ready``)."""
    from jisr.federation.registry import register_handler

    register_handler(ANCHOR, handle_anchor)
    register_handler(REQUEST, handle_request)
    register_handler(REPORT, handle_report)
