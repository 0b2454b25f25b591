"""verify_chain names the first row that was edited, removed or inserted."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import connection

from jisr.audit.actions import AuditAction
from jisr.audit.models import AuditEntry
from jisr.audit.services import audit_record
from jisr.audit.verify import verify_chain

pytestmark = pytest.mark.django_db


def _raw(sql: str, params: list[object]) -> None:
    """Tamper as someone with direct database access would, around every safeguard."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "ALTER TABLE audit_auditentry DISABLE TRIGGER audit_auditentry_append_only"
            )
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute(
                "ALTER TABLE audit_auditentry ENABLE TRIGGER audit_auditentry_append_only"
            )


@pytest.fixture
def chain() -> Iterator[list[AuditEntry]]:
    yield [audit_record("system", AuditAction.AUDIT_VERIFY, extra={"i": i}) for i in range(1, 6)]


def test_an_untouched_chain_verifies(chain: list[AuditEntry]) -> None:
    report = verify_chain()
    assert report.ok
    assert report.rows == 5


def test_rows_appended_while_the_check_runs_are_left_for_the_next_check(
    chain: list[AuditEntry], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The node keeps writing while it verifies (on PostgreSQL the check once read the
    head after its walk, saw rows appended meanwhile, and reported the last rows removed)."""
    from jisr.audit import verify
    from jisr.audit.models import AuditChainHead

    heads = [AuditChainHead.objects.get(id=1)]  # read when the check started
    for i in range(2):
        audit_record("system", AuditAction.AUDIT_VERIFY, extra={"later": i})
    # Later reads see the head the two appends moved on.
    monkeypatch.setattr(
        verify, "_chain_head", lambda: heads.pop() if heads else AuditChainHead.objects.get(id=1)
    )
    report = verify_chain()
    assert (report.ok, report.rows, report.problem) == (True, 7, "")


def test_a_row_beyond_the_head_is_an_inserted_row(chain: list[AuditEntry]) -> None:
    last = chain[-1]
    _raw(
        "INSERT INTO audit_auditentry (seq, created_at, actor_username, actor_agency, action, "
        "target_type, target_id, justification, recipient, extra, prev_hash, hash, actor_id) "
        "VALUES (%s, %s, 'intruder', '', 'alert.view', '', '', '', '', '{}', %s, %s, NULL)",
        [last.seq + 1, last.created_at, last.hash, "f" * 64],
    )
    report = verify_chain()
    assert not report.ok
    assert report.first_bad_seq == last.seq + 1


def test_an_edited_row_is_named(chain: list[AuditEntry]) -> None:
    _raw("UPDATE audit_auditentry SET justification = %s WHERE seq = %s", ["forged", 3])
    report = verify_chain()
    assert not report.ok
    assert report.first_bad_seq == 3
    assert "row 3 was altered" in report.problem


def test_an_edited_row_with_a_recomputed_hash_is_caught_at_the_next_row(
    chain: list[AuditEntry],
) -> None:
    row = AuditEntry.objects.get(seq=3)
    row.justification = "forged"
    new_hash = row.compute_hash(row.prev_hash)
    _raw(
        "UPDATE audit_auditentry SET justification = %s, hash = %s WHERE seq = %s",
        ["forged", new_hash, 3],
    )
    report = verify_chain()
    assert not report.ok
    assert report.first_bad_seq == 4


def test_a_removed_row_is_named(chain: list[AuditEntry]) -> None:
    _raw("DELETE FROM audit_auditentry WHERE seq = %s", [2])
    report = verify_chain()
    assert not report.ok
    assert report.first_bad_seq == 2
    assert "missing" in report.problem


def test_a_removed_last_row_is_noticed(chain: list[AuditEntry]) -> None:
    _raw("DELETE FROM audit_auditentry WHERE seq = %s", [5])
    report = verify_chain()
    assert not report.ok
    assert report.first_bad_seq == 5


def test_an_inserted_row_is_named(chain: list[AuditEntry]) -> None:
    # Make room after row 2 and insert a forged row 3 that claims to follow row 2.
    for seq in (5, 4, 3):
        _raw("UPDATE audit_auditentry SET seq = %s WHERE seq = %s", [seq + 1, seq])
    row2 = AuditEntry.objects.get(seq=2)
    forged = AuditEntry(
        seq=3,
        created_at=row2.created_at,
        action="test.forged",
        prev_hash=row2.hash,
        extra={},
    )
    forged.hash = forged.compute_hash(row2.hash)
    forged.save(force_insert=True)
    report = verify_chain()
    assert not report.ok
    # The forged row itself is consistent; the row after it no longer follows.
    assert report.first_bad_seq == 4


def _truncate(after_seq: int) -> None:
    """Delete the rows after ``after_seq`` and the chain head, as an intruder would."""
    _raw("DELETE FROM audit_auditentry WHERE seq > %s", [after_seq])
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditchainhead")


def test_deleting_the_last_rows_and_the_head_is_a_broken_chain(chain: list[AuditEntry]) -> None:
    _truncate(3)
    report = verify_chain()
    assert not report.ok
    assert report.first_bad_seq == 4
    assert "the chain head is missing" in report.problem


def test_deleting_every_row_and_the_head_is_a_broken_chain(chain: list[AuditEntry]) -> None:
    _truncate(0)
    report = verify_chain()
    assert not report.ok
    assert "the chain head is missing" in report.problem


def test_nothing_is_written_while_the_head_is_missing(chain: list[AuditEntry]) -> None:
    from jisr.audit.services import AuditHeadMissing

    _truncate(0)
    with pytest.raises(AuditHeadMissing):
        audit_record("system", AuditAction.AUDIT_VERIFY)
    assert not AuditEntry.objects.exists()


def test_only_the_audited_repair_writes_the_head_again(chain: list[AuditEntry]) -> None:
    from jisr.audit.services import audit_head_repair

    _truncate(3)
    with pytest.raises(ValueError, match="reason"):
        audit_head_repair(acting_user="ops", reason=" ")
    repair = audit_head_repair(acting_user="ops", reason="restored after incident 42")
    assert (repair.seq, repair.action) == (4, "audit.head_repair")
    assert repair.justification == "restored after incident 42"
    assert repair.extra == {"rebuilt_from_seq": 3}
    assert verify_chain().ok
    with pytest.raises(ValueError, match="nothing to repair"):
        audit_head_repair(acting_user="ops", reason="again")


def test_a_fresh_node_starts_its_chain_and_records_that_it_did(db: None) -> None:
    from jisr.audit.models import AuditChainStart

    assert verify_chain().ok and not AuditChainStart.objects.exists()
    audit_record("system", AuditAction.AUDIT_VERIFY)
    assert AuditChainStart.objects.count() == 1
    assert verify_chain().ok


def test_the_daily_verify_reports_the_chain_and_a_witness_that_saw_another_chain(
    chain: list[AuditEntry],
) -> None:
    from jisr.audit.models import WitnessCheck
    from jisr.audit.verify import verify_daily
    from jisr.core import clock

    WitnessCheck.objects.create(
        partner="FR-DGPN",
        requested_at=clock.now(),
        completed_at=clock.now(),
        anchors=1,
        ok=False,
        first_bad_seq=9,
        detail="row 9, witnessed by FR-DGPN, is missing",
    )
    report = verify_daily()
    assert report.ok
    logged = AuditEntry.objects.filter(action="audit.verify").latest("seq")
    assert logged.extra["ok"] is False
    assert logged.extra["witness_failures"] == ["FR-DGPN"]
