"""The audit side of witnessing: compare anchors partners witnessed with this node's chain.

The envelopes that carry anchors, requests and reports are federation's
(:mod:`jisr.federation.witness`), which sits above this app; it lends this app the two
things the audit pages need (the partners, and a way to ask them) with
:func:`set_witnesses`. Without federation, a node simply has no witnesses.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from jisr.audit.models import AuditEntry, WitnessCheck

_partners: Callable[[], list[str]] = list
_request_checks: Callable[[Any], list[WitnessCheck]] = lambda actor: []  # noqa: E731


def set_witnesses(
    *, partners: Callable[[], list[str]], request_checks: Callable[[Any], list[WitnessCheck]]
) -> None:
    """Federation's ``ready`` calls this: where the partners are and how to ask them."""
    global _partners, _request_checks
    _partners, _request_checks = partners, request_checks


def partners() -> list[str]:
    """The agencies that witness this node's chain."""
    return _partners()


def request_checks(actor: Any = "system") -> list[WitnessCheck]:
    """Ask every witness for the anchors it holds (answers complete the checks later)."""
    return _request_checks(actor)


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


def wait_for(checks: list[WitnessCheck], timeout: float) -> list[WitnessCheck]:
    """Reload ``checks`` until all are completed or ``timeout`` seconds have passed."""
    deadline = time.monotonic() + timeout
    ids = [c.pk for c in checks]
    while True:
        fresh = list(WitnessCheck.objects.filter(pk__in=ids).order_by("partner"))
        if all(c.completed_at is not None for c in fresh) or time.monotonic() >= deadline:
            return fresh
        time.sleep(0.5)
