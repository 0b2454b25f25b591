"""Checking the audit chain end to end."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from django.db.models import Max

from jisr.audit.models import (
    GENESIS_HASH,
    AuditChainHead,
    AuditChainStart,
    AuditEntry,
    WitnessCheck,
)

log = logging.getLogger("jisr.audit")


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    rows: int
    problem: str = ""
    first_bad_seq: int | None = None


def _chain_head() -> AuditChainHead | None:
    return AuditChainHead.objects.filter(id=1).first()


def verify_chain(batch_size: int = 5000) -> ChainReport:
    """Walk the chain in sequence order and name the first row that does not fit.

    Catches an edited row (its hash no longer matches its content), a removed row
    (a gap in the sequence, or the next row's ``prev_hash`` points at a row that is
    gone) and an inserted row (its ``prev_hash`` or sequence does not follow, or it lies
    beyond the chain's head).
    """
    # The head is read before the walk: reading it after, on PostgreSQL, saw rows the
    # node appended meanwhile and reported the last rows removed. Rows past it are read
    # at the end, against the head read again: a row and its head are written in one
    # transaction, so a genuine append is always covered by the newer head.
    head = _chain_head()
    if head is None and (AuditEntry.objects.exists() or AuditChainStart.objects.exists()):
        head = _chain_head()  # a chain's first row may have been written just now
    walk = _Walk(batch_size)
    problem = walk.rows(up_to=head.last_seq if head is not None else None)
    if problem is None and head is not None:
        beyond = AuditEntry.objects.filter(seq__gt=head.last_seq).aggregate(m=Max("seq"))["m"]
        if beyond is not None:
            newer = _chain_head()
            if newer is not None and newer.last_seq >= beyond:
                head = newer  # written while the walk ran: they must follow too
                problem = walk.rows(up_to=newer.last_seq)
            else:
                problem = walk.rows(up_to=None)  # rows no head covers: inserted
    if problem is not None:
        return problem
    rows, last_seq, prev_hash = walk.count, walk.last_seq, walk.prev_hash
    if head is None and (rows or AuditChainStart.objects.exists()):
        # The head is written with the first row and never removed: its absence means the
        # last rows may have been deleted together with it.
        return ChainReport(
            False,
            rows,
            f"the chain head is missing (the chain ends at row {last_seq}): rows after it may "
            "have been removed; see `jisr audit repair-head`",
            last_seq + 1,
        )
    if head is not None and (head.last_seq != last_seq or head.last_hash != prev_hash):
        return ChainReport(
            False,
            rows,
            f"the chain ends at row {last_seq} but {head.last_seq} rows were written: "
            "the last rows were removed",
            last_seq + 1,
        )
    return ChainReport(True, rows)


class _Walk:
    """The chain walked so far: each call goes on from the last row it checked."""

    def __init__(self, batch_size: int) -> None:
        self.batch_size = batch_size
        self.prev_hash = GENESIS_HASH
        self.last_seq = 0
        self.count = 0

    def rows(self, *, up_to: int | None) -> ChainReport | None:
        """Check the next rows (all of them, or up to ``up_to``); a report when one is off."""
        queryset = AuditEntry.objects.filter(seq__gt=self.last_seq).order_by("seq")
        if up_to is not None:
            queryset = queryset.filter(seq__lte=up_to)
        for entry in queryset.iterator(chunk_size=self.batch_size):
            self.count += 1
            expected_seq = self.last_seq + 1
            if entry.seq != expected_seq:
                if entry.seq > expected_seq:
                    problem = f"row {expected_seq} is missing (next row found is {entry.seq})"
                else:
                    problem = f"row {entry.seq} is out of sequence (expected {expected_seq})"
                return ChainReport(False, self.count, problem, expected_seq)
            if entry.prev_hash != self.prev_hash:
                return ChainReport(
                    False,
                    self.count,
                    f"row {entry.seq} does not follow row {entry.seq - 1}: "
                    "a row was inserted, removed or rewritten before it",
                    entry.seq,
                )
            if entry.compute_hash(self.prev_hash) != entry.hash:
                return ChainReport(False, self.count, f"row {entry.seq} was altered", entry.seq)
            self.prev_hash = entry.hash
            self.last_seq = entry.seq
        return None


def witness_failures() -> list[WitnessCheck]:
    """Each partner's latest completed witness check, when it found the chain broken."""
    latest: dict[str, WitnessCheck] = {}
    for check in WitnessCheck.objects.filter(completed_at__isnull=False).order_by("completed_at"):
        latest[check.partner] = check
    return [check for check in latest.values() if not check.ok]


def verify_daily(actor: Any = "system") -> ChainReport:
    """The worker's daily check: the rows and the head, then the partners' witness anchors.

    Writes one ``audit.verify`` row with the result, and asks every partner for the
    anchors it witnessed (their answers complete ``WitnessCheck`` rows, audited).
    """
    from jisr.audit.actions import AuditAction
    from jisr.audit.services import AuditHeadMissing, audit_record
    from jisr.audit.witness import request_checks

    report = verify_chain()
    failures = witness_failures()
    if not report.ok:
        log.error("audit chain broken at row %s: %s", report.first_bad_seq, report.problem)
    for check in failures:
        log.error("audit chain differs from what %s witnessed: %s", check.partner, check.detail)
    try:
        audit_record(
            actor,
            AuditAction.AUDIT_VERIFY,
            extra={
                "ok": report.ok and not failures,
                "rows": report.rows,
                "problem": report.problem[:200],
                "witness_failures": [c.partner for c in failures],
            },
        )
        request_checks(actor)
    except AuditHeadMissing:
        pass  # nothing can be written until an administrator repairs the head
    return report
