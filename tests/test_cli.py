"""The `jisr` command, run as a real process against a real node folder."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.nodes import Node, destroy, make_node


@pytest.fixture(scope="module")
def node() -> Iterator[Node]:
    node = make_node("MA-DGSN")
    node.setup()
    yield node
    destroy(node)


def _disable_trigger(node: Node) -> None:
    if node.database_url:
        node.sql("ALTER TABLE audit_auditentry DISABLE TRIGGER audit_auditentry_append_only")


def test_token_create_prints_a_token_as_the_last_word(node: Node) -> None:
    result = node.jisr("token", "create", "ma.officer")
    token = result.stdout.split()[-1]
    assert token.startswith("jisr_") and len(token) > 30


def test_token_create_for_an_unknown_user_fails_cleanly(node: Node) -> None:
    result = node.jisr("token", "create", "nobody", check=False)
    assert result.returncode == 2
    assert "no such user" in result.stderr


def test_totp_prints_six_digits_on_a_demo_node(node: Node) -> None:
    code = node.totp("ma.officer")
    assert len(code) == 6 and code.isdigit()


def test_node_show_gives_the_agency_and_public_key(node: Node) -> None:
    import json

    described = json.loads(node.jisr("node", "show").stdout)
    assert described["agency"] == "MA-DGSN"
    assert len(described["public_key"]) == 44
    key_file = node.home / "keys" / "current.pem"
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"


def test_audit_verify_catches_an_edited_a_deleted_and_an_inserted_row(node: Node) -> None:
    assert node.jisr("audit", "verify").returncode == 0
    _disable_trigger(node)
    rows = node.sql("SELECT seq, justification FROM audit_auditentry ORDER BY seq")
    assert len(rows) >= 4

    # 1. An edited row.
    node.sql("UPDATE audit_auditentry SET justification = 'forged' WHERE seq = 2")
    edited = node.jisr("audit", "verify", check=False)
    assert edited.returncode == 1
    assert "row 2 was altered" in edited.stderr
    node.sql("UPDATE audit_auditentry SET justification = ? WHERE seq = 2", (rows[1][1],))
    assert node.jisr("audit", "verify").returncode == 0

    # 2. A deleted row (kept aside, then put back).
    saved = node.sql("SELECT * FROM audit_auditentry WHERE seq = 3")
    node.sql("DELETE FROM audit_auditentry WHERE seq = 3")
    deleted = node.jisr("audit", "verify", check=False)
    assert deleted.returncode == 1
    assert "row 3 is missing" in deleted.stderr
    placeholders = ", ".join("?" for _ in saved[0])
    node.sql(f"INSERT INTO audit_auditentry VALUES ({placeholders})", tuple(saved[0]))
    assert node.jisr("audit", "verify").returncode == 0

    # 3. An inserted row, placed at the end with a made-up hash.
    last_seq, last_hash = node.sql(
        "SELECT seq, hash FROM audit_auditentry ORDER BY seq DESC LIMIT 1"
    )[0]
    node.sql(
        "INSERT INTO audit_auditentry (seq, created_at, actor_username, actor_agency, action, "
        "target_type, target_id, justification, recipient, extra, prev_hash, hash, actor_id) "
        "VALUES (?, '2026-01-01 00:00:00', 'intruder', '', 'alert.view', '', '', '', '', '{}', ?, ?, NULL)",
        (int(last_seq) + 1, last_hash, "f" * 64),
    )
    inserted = node.jisr("audit", "verify", check=False)
    assert inserted.returncode == 1
    assert f"row {int(last_seq) + 1}" in inserted.stderr


def test_audit_verify_catches_a_cut_tail_and_only_repair_head_restores_the_head(
    node: Node,
) -> None:
    _disable_trigger(node)
    node.sql("DELETE FROM audit_auditentry WHERE actor_username = 'intruder'")
    assert node.jisr("audit", "verify").returncode == 0
    last_seq = int(node.sql("SELECT MAX(seq) FROM audit_auditentry")[0][0])
    node.sql("DELETE FROM audit_auditentry WHERE seq > ?", (last_seq - 2,))
    node.sql("DELETE FROM audit_auditchainhead")
    cut = node.jisr("audit", "verify", check=False)
    assert cut.returncode == 1
    assert "the chain head is missing" in cut.stderr
    assert node.jisr("audit", "repair-head", check=False).returncode == 2  # --reason required
    repaired = node.jisr("audit", "repair-head", "--reason", "incident 42")
    assert f"written again at row {last_seq - 2}" in repaired.stdout
    assert node.jisr("audit", "verify").returncode == 0
    logged = node.sql(
        "SELECT justification FROM audit_auditentry WHERE action = 'audit.head_repair'"
    )
    assert [tuple(row) for row in logged] == [("incident 42",)]


def test_partner_add_with_a_bad_key_says_why_and_changes_nothing(node: Node) -> None:
    before = node.sql("SELECT COUNT(*) FROM federation_partner")[0][0]
    result = node.jisr(
        "partner",
        "add",
        "--agency",
        "FR-DGPN",
        "--url",
        "http://127.0.0.1:9",
        "--public-key",
        "not-a-key",
        check=False,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.strip()
    assert node.sql("SELECT COUNT(*) FROM federation_partner")[0][0] == before
