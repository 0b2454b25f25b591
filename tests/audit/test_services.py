"""audit_record appends rows that chain by hash; the ORM refuses to change them."""

from __future__ import annotations

import pytest
from django.db import connection

from jisr.audit.actions import AuditAction
from jisr.audit.models import GENESIS_HASH, AppendOnlyError, AuditEntry
from jisr.audit.services import audit_record
from jisr.audit.verify import verify_chain

pytestmark = pytest.mark.django_db


def test_each_row_hashes_the_previous_rows_hash_with_its_own_content() -> None:
    first = audit_record("system", AuditAction.NODE_INIT, target=("thing", 1), extra={"n": 1})
    second = audit_record(
        "system", AuditAction.AUDIT_VERIFY, justification="because", recipient="FR-DGPN"
    )
    assert first.prev_hash == GENESIS_HASH
    assert second.prev_hash == first.hash
    assert second.seq == first.seq + 1
    stored = AuditEntry.objects.get(pk=second.pk)
    assert stored.compute_hash(first.hash) == stored.hash
    assert (stored.justification, stored.recipient) == ("because", "FR-DGPN")


def test_a_user_actor_is_recorded_with_name_and_agency(make_user) -> None:
    user = make_user("ma.someone")
    entry = audit_record(user, AuditAction.USER_VIEW, target=user)
    assert (entry.actor_username, entry.actor_agency, entry.actor_id) == (
        "ma.someone",
        "MA-DGSN",
        user.pk,
    )
    assert entry.target_type == "accounts.user"
    assert entry.target_id == str(user.pk)


def test_the_orm_refuses_to_update_or_delete_audit_rows() -> None:
    entry = audit_record("system", AuditAction.AUDIT_VERIFY)
    entry.action = "test.changed"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).update(action="test.changed")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get(pk=entry.pk).action == "audit.verify"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL")
def test_postgresql_refuses_update_and_delete_even_in_raw_sql() -> None:
    from django.db import DatabaseError, transaction

    entry = audit_record("system", AuditAction.AUDIT_VERIFY)
    for sql in (
        "UPDATE audit_auditentry SET action = 'x' WHERE id = %s",
        "DELETE FROM audit_auditentry WHERE id = %s",
    ):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(sql, [entry.pk])
    assert AuditEntry.objects.filter(pk=entry.pk, action="audit.verify").exists()
    assert verify_chain().ok
