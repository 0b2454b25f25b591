"""Owner-authoritative replication: versions, tombstones, and reconciliation of drift."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

from jisr.federation.models import OutboxEnvelope, Partner, Replica, SharedRecord
from jisr.federation.reconcile import handle_digest, handle_report, reconcile_due
from jisr.federation.registry import Envelope, register_replicated_type
from jisr.federation.services import replicate_upsert, replicate_withdraw
from tests.federation.support import FakePartner, encode, new_id, post_signed

pytestmark = pytest.mark.django_db

COPIES: dict[str, dict[str, Any]] = {}
OWNED: dict[str, tuple[int, dict[str, Any]]] = {}


@pytest.fixture(autouse=True)
def note_type() -> Iterator[None]:
    """A replicated record type for these tests: copies kept in a dict."""
    COPIES.clear()
    OWNED.clear()
    register_replicated_type(
        "test.note",
        on_upsert=lambda sender, record_id, version, body: COPIES.__setitem__(record_id, body),
        on_withdraw=lambda sender, record_id: COPIES.pop(record_id, None),
        body_for=lambda record_id: OWNED.get(record_id),
        owner_of=lambda record_id: "FR-DGPN" if record_id in COPIES else None,
    )
    yield


def _send(partner: FakePartner, envelope_type: str, body: dict[str, Any]) -> Any:
    raw = encode(partner.envelope(envelope_type, body=body))
    response = post_signed(Client(), raw, partner.sign(raw))
    assert response.status_code == 200, response.content
    return response


def _upsert(partner: FakePartner, record_id: str, version: int, text: str) -> None:
    _send(
        partner,
        "replica.upsert",
        {
            "record_type": "test.note",
            "record_id": record_id,
            "version": version,
            "body": {"text": text},
        },
    )


def _withdraw(partner: FakePartner, record_id: str, version: int) -> None:
    _send(
        partner,
        "replica.withdraw",
        {"record_type": "test.note", "record_id": record_id, "version": version},
    )


def test_a_newer_version_replaces_the_copy(fr_partner: FakePartner) -> None:
    _upsert(fr_partner, "n1", 1, "first")
    _upsert(fr_partner, "n1", 2, "second")
    assert COPIES["n1"] == {"text": "second"}
    assert Replica.objects.get(record_id="n1").version == 2


def test_an_older_version_arriving_late_never_wins(fr_partner: FakePartner) -> None:
    _upsert(fr_partner, "n1", 3, "third")
    _upsert(fr_partner, "n1", 2, "second, late")
    assert COPIES["n1"] == {"text": "third"}
    assert Replica.objects.get(record_id="n1").version == 3


def test_a_withdrawal_deletes_the_copy_and_an_older_upsert_cannot_revive_it(
    fr_partner: FakePartner,
) -> None:
    _upsert(fr_partner, "n1", 1, "first")
    _withdraw(fr_partner, "n1", 2)
    assert "n1" not in COPIES
    _upsert(fr_partner, "n1", 1, "first, redelivered late")
    assert "n1" not in COPIES
    assert Replica.objects.get(record_id="n1").withdrawn


def test_a_withdrawal_arriving_before_its_upsert_still_wins(fr_partner: FakePartner) -> None:
    _withdraw(fr_partner, "n1", 1)
    _upsert(fr_partner, "n1", 1, "same version, late")
    assert "n1" not in COPIES


def test_replicate_upsert_and_withdraw_write_the_outbox_and_the_shared_register(
    fr_partner: FakePartner,
) -> None:
    [upsert] = replicate_upsert(
        record_type="test.note",
        record_id="n9",
        version=4,
        body={"text": "x"},
        recipients=["FR-DGPN"],
    )
    assert (
        upsert.type == "replica.upsert"
        and upsert.recipient == "FR-DGPN"
        and upsert.state == "pending"
    )
    assert upsert.body == {
        "record_type": "test.note",
        "record_id": "n9",
        "version": 4,
        "body": {"text": "x"},
    }
    assert str(upsert.id)[14] == "7"  # a UUIDv7
    [withdraw] = replicate_withdraw(
        record_type="test.note", record_id="n9", version=5, recipients=["FR-DGPN"]
    )
    assert withdraw.body == {"record_type": "test.note", "record_id": "n9", "version": 5}
    shared = SharedRecord.objects.get(record_id="n9")
    assert (shared.version, shared.withdrawn) == (5, True)


def _envelope(envelope_type: str, body: dict[str, Any]) -> Envelope:
    from jisr.core import clock

    return Envelope(new_id(), envelope_type, 1, "FR-DGPN", "MA-DGSN", clock.now(), body)


def test_the_holder_reports_drift_and_marks_the_link_out_of_sync(fr_partner: FakePartner) -> None:
    _upsert(fr_partner, "kept", 2, "ok")
    _upsert(fr_partner, "stale", 1, "old")
    _upsert(fr_partner, "orphan", 1, "owner no longer lists it")
    handle_digest(
        _envelope(
            "sync.digest",
            {
                "items": [
                    ["test.note", "kept", 2, False],
                    ["test.note", "stale", 3, False],
                    ["test.note", "missing", 1, False],
                ]
            },
        )
    )
    report = OutboxEnvelope.objects.get(type="sync.report")
    assert sorted(report.body["differing"]) == [
        ["test.note", "missing", 0],
        ["test.note", "orphan", 1],
        ["test.note", "stale", 1],
    ]
    partner = Partner.objects.get(agency__code="FR-DGPN")
    assert partner.out_of_sync and partner.out_of_sync_since is not None


def test_a_matching_digest_clears_out_of_sync(fr_partner: FakePartner) -> None:
    _upsert(fr_partner, "kept", 2, "ok")
    Partner.objects.update(out_of_sync=True)
    handle_digest(_envelope("sync.digest", {"items": [["test.note", "kept", 2, False]]}))
    assert OutboxEnvelope.objects.get(type="sync.report").body["differing"] == []
    partner = Partner.objects.get()
    assert not partner.out_of_sync and partner.last_sync_ok_at is not None


def test_the_owner_repairs_what_the_holder_reports(fr_partner: FakePartner) -> None:
    replicate_upsert(
        record_type="test.note",
        record_id="a",
        version=1,
        body={"text": "v1"},
        recipients=["FR-DGPN"],
    )
    replicate_upsert(
        record_type="test.note", record_id="gone", version=1, body={}, recipients=["FR-DGPN"]
    )
    replicate_withdraw(record_type="test.note", record_id="gone", version=2, recipients=["FR-DGPN"])
    OutboxEnvelope.objects.all().delete()
    OWNED["a"] = (3, {"text": "v3"})
    handle_report(
        _envelope(
            "sync.report",
            {
                "digest_id": new_id(),
                "differing": [
                    ["test.note", "a", 1],
                    ["test.note", "gone", 1],
                    ["test.note", "never-shared", 4],
                ],
            },
        )
    )
    sent = {e.body["record_id"]: e for e in OutboxEnvelope.objects.all()}
    assert sent["a"].type == "replica.upsert" and sent["a"].body["version"] == 3
    assert sent["a"].body["body"] == {"text": "v3"}
    assert sent["gone"].type == "replica.withdraw" and sent["gone"].body["version"] == 2
    assert (
        sent["never-shared"].type == "replica.withdraw"
        and sent["never-shared"].body["version"] == 4
    )
    assert Partner.objects.get().out_of_sync


def test_reconciliation_waits_while_envelopes_are_still_pending(fr_partner: FakePartner) -> None:
    replicate_upsert(
        record_type="test.note", record_id="a", version=1, body={}, recipients=["FR-DGPN"]
    )
    assert reconcile_due(force=True) == 0
    OutboxEnvelope.objects.update(state=OutboxEnvelope.State.SENT)
    assert reconcile_due(force=True) == 1
    digest = OutboxEnvelope.objects.get(type="sync.digest")
    assert digest.body["items"] == [["test.note", "a", 1, False]]
    assert reconcile_due() == 0  # not due again before the interval
