"""Partners as witnesses of the audit chain: anchors, requests, reports and checks.

This test database is node MA-DGSN; FR-DGPN is a partner whose key lives in the
test (see tests/federation/conftest.py), so its envelopes go through the real inbox.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from jisr.audit.actions import AuditAction
from jisr.audit.models import AuditChainHead, AuditEntry, WitnessCheck, WitnessedAnchor
from jisr.audit.services import audit_record
from jisr.core import clock
from jisr.federation import witness
from jisr.federation.models import OutboxEnvelope
from tests.federation.support import FakePartner, encode, post_signed

pytestmark = pytest.mark.django_db


def _deliver(partner: FakePartner, envelope_type: str, body: dict[str, Any]) -> Any:
    data = encode(partner.envelope(envelope_type, body))
    return post_signed(Client(), data, partner.sign(data))


def _anchors_sent() -> list[dict[str, Any]]:
    return list(
        OutboxEnvelope.objects.filter(type=witness.ANCHOR)
        .order_by("created")
        .values_list("body", flat=True)
    )


def test_the_chain_head_is_announced_once_per_new_head(fr_partner: FakePartner) -> None:
    audit_record("system", AuditAction.AUDIT_VERIFY)
    head = AuditChainHead.objects.get()
    assert witness.publish_anchor() == ["FR-DGPN"]
    assert [(b["seq"], b["hash"]) for b in _anchors_sent()] == [(head.last_seq, head.last_hash)]
    assert witness.publish_anchor() == []  # nothing new to announce
    audit_record("system", AuditAction.AUDIT_VERIFY)
    assert witness.publish_anchor() == ["FR-DGPN"]
    assert len(_anchors_sent()) == 2


def test_a_partners_anchor_is_kept_and_a_second_hash_for_it_is_a_conflict(
    fr_partner: FakePartner,
) -> None:
    at = clock.now().isoformat()
    first = _deliver(fr_partner, witness.ANCHOR, {"seq": 7, "hash": "a" * 64, "at": at})
    assert first.status_code == 200, first.content
    anchor = WitnessedAnchor.objects.get()
    assert (anchor.partner, anchor.seq, anchor.hash) == ("FR-DGPN", 7, "a" * 64)
    again = _deliver(fr_partner, witness.ANCHOR, {"seq": 7, "hash": "b" * 64, "at": at})
    assert again.status_code == 200
    assert WitnessedAnchor.objects.get().hash == "a" * 64  # the first one stays
    conflict = AuditEntry.objects.get(action="audit.witness_conflict")
    assert conflict.extra == {"seq": 7, "witnessed": "a" * 64, "announced": "b" * 64}


@pytest.mark.parametrize(
    "body",
    [{"seq": 0, "hash": "a" * 64, "at": "2026-01-01T00:00:00+00:00"}, {"seq": 3}, {}],
)
def test_a_malformed_anchor_is_refused_and_kept_nowhere(
    fr_partner: FakePartner, body: dict[str, Any]
) -> None:
    response = _deliver(fr_partner, witness.ANCHOR, body)
    assert response.status_code in (400, 422), response.content
    assert not WitnessedAnchor.objects.exists()


def test_a_request_is_answered_with_the_anchors_witnessed_for_that_partner(
    fr_partner: FakePartner,
) -> None:
    now = clock.now()
    for seq in (3, 9):
        WitnessedAnchor.objects.create(
            partner="FR-DGPN", seq=seq, hash=str(seq) * 64, announced_at=now, received_at=now
        )
    WitnessedAnchor.objects.create(
        partner="ES-PN", seq=4, hash="e" * 64, announced_at=now, received_at=now
    )
    assert _deliver(fr_partner, witness.REQUEST, {"check_id": "c-1"}).status_code == 200
    report = OutboxEnvelope.objects.get(type=witness.REPORT)
    assert report.recipient == "FR-DGPN"
    assert report.body["check_id"] == "c-1"
    assert [(s, h) for s, h, _at in report.body["anchors"]] == [(9, "9" * 64), (3, "3" * 64)]


def test_a_report_matching_our_rows_completes_the_check_as_consistent(
    fr_partner: FakePartner,
) -> None:
    rows = [audit_record("system", AuditAction.AUDIT_VERIFY) for _ in range(3)]
    check = witness.request_check("FR-DGPN")
    assert OutboxEnvelope.objects.get(type=witness.REQUEST).body == {"check_id": str(check.pk)}
    anchors = [[r.seq, r.hash, clock.now().isoformat()] for r in rows[:2]]
    response = _deliver(fr_partner, witness.REPORT, {"check_id": str(check.pk), "anchors": anchors})
    assert response.status_code == 200, response.content
    check.refresh_from_db()
    assert (check.ok, check.anchors, check.first_bad_seq) == (True, 2, None)
    assert check.completed_at is not None


def test_a_report_that_contradicts_our_rows_names_the_first_rewritten_row(
    fr_partner: FakePartner,
) -> None:
    rows = [audit_record("system", AuditAction.AUDIT_VERIFY) for _ in range(3)]
    check = witness.request_check("FR-DGPN")
    at = clock.now().isoformat()
    anchors = [[rows[0].seq, rows[0].hash, at], [rows[1].seq, "f" * 64, at]]
    _deliver(fr_partner, witness.REPORT, {"check_id": str(check.pk), "anchors": anchors})
    check.refresh_from_db()
    assert (check.ok, check.first_bad_seq) == (False, rows[1].seq)
    assert f"row {rows[1].seq} no longer has the hash FR-DGPN witnessed" in check.detail
    logged = AuditEntry.objects.filter(action="audit.witness_check").latest("seq")
    assert logged.extra["ok"] is False


def test_a_witnessed_row_we_no_longer_have_is_reported_missing() -> None:
    audit_record("system", AuditAction.AUDIT_VERIFY)
    result = witness.compare_with_anchors("FR-DGPN", [(99, "9" * 64, "2026-11-01")])
    assert not result.ok and result.first_bad_seq == 99
    assert "row 99" in result.detail and "missing" in result.detail


def test_a_report_for_a_check_we_never_asked_for_is_refused(fr_partner: FakePartner) -> None:
    other = WitnessCheck.objects.create(partner="ES-PN", requested_at=clock.now())
    response = _deliver(fr_partner, witness.REPORT, {"check_id": str(other.pk), "anchors": []})
    assert response.status_code in (400, 422)
    other.refresh_from_db()
    assert other.completed_at is None
