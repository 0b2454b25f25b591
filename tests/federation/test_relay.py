"""The relay: in-process against an injected partner, and a few runs against a real node.

Most tests pass the relay an :class:`InProcessPartner` transport (the partner's checks
in this process: signature, replay, dedup), so they are fast and deterministic. The
tests marked slow run a real FR-DGPN `jisr serve` process with its own database.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from jisr.audit.actions import AuditAction
from jisr.audit.models import AuditEntry
from jisr.federation import keys
from jisr.federation.models import OutboxEnvelope, Partner
from jisr.federation.relay import MAX_ATTEMPTS, Transport, backoff_seconds, relay_once
from jisr.federation.services import key_rotate, outbox_enqueue, outbox_retry, partner_add
from tests.federation.support import FakePartner, InProcessPartner
from tests.support.nodes import Node, destroy, make_node


def _query(node: Node, sql: str) -> list[tuple[Any, ...]]:
    if node.database_url:
        import psycopg

        with psycopg.connect(node.database_url) as conn:
            return list(conn.execute(sql).fetchall())
    with sqlite3.connect(node.home / "jisr.sqlite3", timeout=30) as conn:
        return list(conn.execute(sql).fetchall())


def applied_ids(node: Node) -> list[str]:
    return [
        str(uuid.UUID(str(row[0])))
        for row in _query(node, "SELECT envelope_id FROM federation_benchping")
    ]


def _relay_until_settled(transport: Transport | None = None, tries: int = 20) -> None:
    """Relay until no envelope is due any more, ignoring the link's backoff.

    Bounded by rounds, not by time: an outcome depends only on the partner's answers.
    """
    for _ in range(tries):
        Partner.objects.update(retry_at=None)
        relay_once(transport)
        if not OutboxEnvelope.objects.filter(state="pending", attempts=0).exists():
            return
    raise AssertionError("the relay did not settle")


@pytest.fixture
def fr(own_node: Any, fr_partner: FakePartner) -> InProcessPartner:
    """FR-DGPN's inbox in this process, knowing this node's current public key."""
    own = keys.load_private_key(Path(settings.JISR_HOME))
    assert own is not None
    return InProcessPartner({keys.key_id_for(own.public_key()): own.public_key()})


@pytest.mark.django_db
def test_the_relay_delivers_signed_envelopes_and_audits_each(fr: InProcessPartner) -> None:
    sent = [
        outbox_enqueue(envelope_type="bench.ping", recipient="FR-DGPN", body={"seq": i})
        for i in range(3)
    ]
    _relay_until_settled(fr)
    assert set(OutboxEnvelope.objects.values_list("state", flat=True)) == {"sent"}
    assert sorted(fr.applied) == sorted(str(e.id) for e in sent)
    audited = set(
        AuditEntry.objects.filter(action="federation.send").values_list("target_id", flat=True)
    )
    assert {str(e.id) for e in sent} <= audited
    assert Partner.objects.get().last_contact_at is not None


@pytest.mark.django_db
def test_a_redelivery_after_a_lost_acknowledgement_is_applied_once(fr: InProcessPartner) -> None:
    envelope = outbox_enqueue(envelope_type="bench.ping", recipient="FR-DGPN", body={"seq": 99})
    fr.lose_answers = 1
    relay_once(fr)
    assert OutboxEnvelope.objects.get(pk=envelope.pk).state == "pending"
    _relay_until_settled(fr)
    assert OutboxEnvelope.objects.get(pk=envelope.pk).state == "sent"
    assert fr.applied == [str(envelope.id)]


@pytest.mark.django_db
def test_a_partner_that_is_down_keeps_envelopes_pending_until_it_is_back(
    fr: InProcessPartner,
) -> None:
    fr.down = True
    envelope = outbox_enqueue(envelope_type="bench.ping", recipient="FR-DGPN", body={"seq": 7})
    relay_once(fr)
    row = OutboxEnvelope.objects.get(pk=envelope.pk)
    partner = Partner.objects.get()
    assert row.state == "pending" and row.attempts == 0
    assert partner.retry_at is not None and partner.link_failures == 1
    assert "Connection refused" in partner.last_error
    assert relay_once(fr) == 0  # the link backs off: nothing is tried before retry_at
    fr.down = False
    _relay_until_settled(fr)
    assert OutboxEnvelope.objects.get(pk=envelope.pk).state == "sent"
    assert fr.applied == [str(envelope.id)]
    assert Partner.objects.get().link_failures == 0


@pytest.mark.django_db
def test_a_permanent_refusal_becomes_a_dead_letter_that_an_administrator_can_retry(
    fr: InProcessPartner,
) -> None:
    envelope = outbox_enqueue(envelope_type="no.such.type", recipient="FR-DGPN", body={})
    _relay_until_settled(fr)
    row = OutboxEnvelope.objects.get(pk=envelope.pk)
    assert (row.state, row.last_error) == ("dead", "HTTP 422 unknown-type")
    assert AuditEntry.objects.filter(
        action="federation.dead_letter", target_id=str(row.id)
    ).exists()
    outbox_retry(acting_user=None, envelope=row)
    row.refresh_from_db()
    assert (row.state, row.attempts) == ("pending", 0)
    assert AuditEntry.objects.filter(action="federation.retry", target_id=str(row.id)).exists()


@pytest.mark.django_db
def test_refusals_are_retried_with_backoff_and_end_as_dead_letters(fr: InProcessPartner) -> None:
    fr.clock_offset = 3600  # the partner's clock is an hour ahead: it refuses as stale
    envelope = outbox_enqueue(envelope_type="bench.ping", recipient="FR-DGPN", body={"seq": 1})
    _relay_until_settled(fr)
    row = OutboxEnvelope.objects.get(pk=envelope.pk)
    assert (row.state, row.attempts, row.last_error) == ("pending", 1, "HTTP 401 stale")
    assert row.next_attempt_at > row.created
    OutboxEnvelope.objects.filter(pk=row.pk).update(
        attempts=MAX_ATTEMPTS - 1, next_attempt_at=row.created
    )
    _relay_until_settled(fr)
    row.refresh_from_db()
    assert row.state == "dead" and row.attempts == MAX_ATTEMPTS
    assert fr.applied == []


def test_backoff_grows_exponentially_with_jitter_and_is_capped() -> None:
    for attempts in range(1, 15):
        ceiling = min(600.0, 2 ** (attempts - 1))
        samples = [backoff_seconds(attempts) for _ in range(50)]
        assert all(ceiling / 2 <= s <= ceiling for s in samples)
    assert len({backoff_seconds(5) for _ in range(20)}) > 1


@pytest.mark.django_db
def test_a_rotated_key_is_announced_with_the_old_key_and_then_used(fr: InProcessPartner) -> None:
    old = keys.load_private_key(Path(settings.JISR_HOME))
    assert old is not None
    old_id = keys.key_id_for(old.public_key())
    new_key = key_rotate(acting_user=None, overlap_hours=1)
    announcement = OutboxEnvelope.objects.get(type="key.rotated")
    assert announcement.signing_key_id == old_id == Partner.objects.get().signing_key_id
    _relay_until_settled(fr)
    assert OutboxEnvelope.objects.get(type="key.rotated").state == "sent"
    assert Partner.objects.get().signing_key_id == ""  # from now on: the new key
    envelope = outbox_enqueue(envelope_type="bench.ping", recipient="FR-DGPN", body={"seq": 5})
    _relay_until_settled(fr)
    assert OutboxEnvelope.objects.get(pk=envelope.pk).state == "sent"
    assert fr.key_ids_used == [old_id, new_key.key_id]


# -- against a real partner node (slow) ---------------------------------------------------


@pytest.fixture(scope="module")
def fr_node() -> Iterator[Node]:
    """A real FR-DGPN node that knows this test node (MA-DGSN) as a partner."""
    home = Path(settings.JISR_HOME)
    own = keys.load_private_key(home) or keys.generate_private_key(home)
    node = make_node("FR-DGPN")
    try:
        node.jisr("node", "init", "--agency", "FR-DGPN", "--demo")
        node.jisr(
            "partner",
            "add",
            "--agency",
            "MA-DGSN",
            "--url",
            "http://127.0.0.1:9",
            "--public-key",
            keys.public_key_b64(own.public_key()),
        )
        node.start_server()
        yield node
    finally:
        destroy(node)


@pytest.fixture
def linked(own_node: Any, fr_node: Node) -> Node:
    import json

    described = json.loads(fr_node.jisr("node", "show").stdout)
    partner_add(
        acting_user=None, agency_code="FR-DGPN", url=fr_node.url, public_key=described["public_key"]
    )
    return fr_node


@pytest.mark.slow
@pytest.mark.django_db
def test_the_relay_delivers_envelopes_to_a_real_partner_node(linked: Node) -> None:
    sent = [
        outbox_enqueue(envelope_type="bench.ping", recipient="FR-DGPN", body={"seq": i})
        for i in range(3)
    ]
    _relay_until_settled()
    assert set(OutboxEnvelope.objects.values_list("state", flat=True)) == {"sent"}
    assert {str(e.id) for e in sent} <= set(applied_ids(linked))
    audited = set(
        AuditEntry.objects.filter(action="federation.send").values_list("target_id", flat=True)
    )
    assert {str(e.id) for e in sent} <= audited
    assert Partner.objects.get().last_contact_at is not None


@pytest.mark.slow
@pytest.mark.django_db
def test_a_rotated_key_reaches_a_real_partner_and_is_then_used(linked: Node) -> None:
    home = Path(settings.JISR_HOME)
    old = keys.load_private_key(home)
    assert old is not None
    new_key = key_rotate(acting_user=None, overlap_hours=1)
    announcement = OutboxEnvelope.objects.get(type="key.rotated")
    assert announcement.signing_key_id == keys.key_id_for(old.public_key())
    assert Partner.objects.get().signing_key_id == announcement.signing_key_id
    _relay_until_settled()
    assert OutboxEnvelope.objects.get(type="key.rotated").state == "sent"
    assert Partner.objects.get().signing_key_id == ""  # from now on: the new key
    envelope = outbox_enqueue(envelope_type="bench.ping", recipient="FR-DGPN", body={"seq": 5})
    _relay_until_settled()
    assert OutboxEnvelope.objects.get(pk=envelope.pk).state == "sent"
    keys_on_fr = dict(
        _query(
            linked,
            "SELECT key_id, valid_until FROM federation_partnerkey WHERE key_id IN "
            f"('{new_key.key_id}', '{announcement.signing_key_id}')",
        )
    )
    assert (
        keys_on_fr[new_key.key_id] is None and keys_on_fr[announcement.signing_key_id] is not None
    )


class _SlowLastPartner:
    """Answers every envelope at once but the one whose body says ``slow``: that one
    waits until the test releases it, as a partner busy with its own relay would."""

    def __init__(self, partner: InProcessPartner) -> None:
        import threading

        self.partner = partner
        self.release = threading.Event()
        self.waiting = threading.Event()

    def post(self, url: str, body: bytes, headers: dict[str, str]) -> Any:
        if b'"slow"' in body:
            self.waiting.set()
            self.release.wait(timeout=60)
        return self.partner.post(url, body, headers)


@pytest.mark.django_db(transaction=True)
def test_a_slow_partner_does_not_hold_the_audit_log_while_the_relay_waits(
    fr: InProcessPartner,
) -> None:
    """While one envelope of a batch waits on the partner, this node can still audit.

    On PostgreSQL the relay once recorded the first answers (audit rows, locking the
    chain's head) inside the claim's transaction and then waited on HTTP: every audited
    request, and the partner's inbox when both relays waited on each other, stalled.
    """
    import threading

    from django.db import connection, transaction

    from jisr.audit.services import audit_record
    from jisr.federation.relay import RECORD_CHUNK

    for i in range(RECORD_CHUNK * 2):
        outbox_enqueue(envelope_type="bench.ping", recipient="FR-DGPN", body={"seq": i})
    outbox_enqueue(envelope_type="bench.ping", recipient="FR-DGPN", body={"seq": "slow"})
    slow = _SlowLastPartner(fr)
    errors: list[BaseException] = []

    def relay() -> None:
        try:
            relay_once(slow)
        except BaseException as exc:  # reported to the test below
            errors.append(exc)
        finally:
            from django.db import connection as thread_connection

            thread_connection.close()

    worker = threading.Thread(target=relay)
    worker.start()
    try:
        assert slow.waiting.wait(timeout=30), "the slow envelope was never posted"
        # Give the relay time to record what came back before the slow answer.
        worker.join(timeout=2)
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL lock_timeout = '3s'")
            entry = audit_record(
                "MA-DGSN", AuditAction.FEDERATION_SEND, target=("envelope", "while-waiting")
            )
        assert entry.pk is not None
    finally:
        slow.release.set()
        worker.join(timeout=60)
    assert not errors, errors
    assert OutboxEnvelope.objects.filter(state="sent").count() == RECORD_CHUNK * 2 + 1
