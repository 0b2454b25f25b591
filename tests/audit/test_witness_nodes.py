"""Two real nodes: a chain rewritten in full passes the local check but not the partner's.

Someone with full database access on MA-DGSN edits an old row and recomputes
every later hash and the head: `jisr audit verify` cannot see it, but FR-DGPN
witnessed an earlier head, and `jisr audit verify --witnesses` names the row.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from tests.support.nodes import Node, destroy, make_node, wire_partners

# Run inside the node (`jisr manage shell -c`), as an insider with database access would.
REWRITE_CHAIN = """
from django.db import connection, transaction
from jisr.audit.models import AuditChainHead, AuditEntry, GENESIS_HASH
table = AuditEntry._meta.db_table
with transaction.atomic(), connection.cursor() as cur:
    # the head row's lock keeps the node's own appends out while the chain is rewritten
    head = AuditChainHead.objects.select_for_update().get()
    if connection.vendor == "postgresql":
        cur.execute(f"ALTER TABLE {table} DISABLE TRIGGER audit_auditentry_append_only")
    prev = GENESIS_HASH
    for entry in AuditEntry.objects.order_by("seq"):
        if entry.seq == 2:
            entry.justification = "rewritten"
        entry.prev_hash = prev
        entry.hash = entry.compute_hash(prev)
        cur.execute(
            f"UPDATE {table} SET justification = %s, prev_hash = %s, hash = %s WHERE seq = %s",
            [entry.justification, entry.prev_hash, entry.hash, entry.seq],
        )
        prev = entry.hash
    cur.execute(
        f"UPDATE {AuditChainHead._meta.db_table} SET last_hash = %s WHERE id = 1", [prev]
    )
print("rewritten up to", head.last_seq)
"""


@pytest.fixture(scope="module")
def nodes() -> Iterator[tuple[Node, Node]]:
    ma, fr = make_node("MA-DGSN"), make_node("FR-DGPN")
    try:
        described = {ma.agency: ma.setup(), fr.agency: fr.setup()}
        for node in (ma, fr):
            node.start_server()
        wire_partners([ma, fr], described)
        for node in (ma, fr):
            node.start_worker()
        yield ma, fr
    finally:
        destroy(ma)
        destroy(fr)


def _witnessed(fr: Node) -> list[tuple[object, ...]]:
    return fr.sql(
        "SELECT seq, hash FROM audit_witnessedanchor WHERE partner = 'MA-DGSN' ORDER BY seq"
    )


@pytest.mark.slow
def test_a_fully_rewritten_chain_is_caught_by_the_partners_witness(
    nodes: tuple[Node, Node],
) -> None:
    ma, fr = nodes
    ma.jisr("audit", "anchor")  # the worker may already have sent the current head
    deadline = time.monotonic() + 60
    while not _witnessed(fr) and time.monotonic() < deadline:
        time.sleep(0.3)
    (seq, digest), *_ = _witnessed(fr)
    assert int(seq) > 2
    assert ma.sql("SELECT hash FROM audit_auditentry WHERE seq = ?", (seq,)) == [(digest,)]

    intact = ma.jisr("audit", "verify", "--witnesses", "--wait", "60")
    assert "FR-DGPN: consistent" in intact.stdout

    rewrite = ma.jisr("manage", "shell", "-c", REWRITE_CHAIN)
    assert "rewritten up to" in rewrite.stdout
    local = ma.jisr("audit", "verify")
    assert local.returncode == 0  # the local check alone cannot see a full rewrite
    caught = ma.jisr("audit", "verify", "--witnesses", "--wait", "60", check=False)
    assert caught.returncode == 1, caught.stdout + caught.stderr
    # the first anchor FR-DGPN witnessed after row 2 no longer fits (read again: the worker's
    # periodic anchor and ours may have arrived in either order)
    seq = min(int(s) for s, _digest in _witnessed(fr) if int(s) > 2)
    assert f"FR-DGPN: BROKEN: row {seq} no longer has the hash FR-DGPN witnessed" in caught.stderr
    assert f"row {seq} or an earlier one was rewritten" in caught.stderr
