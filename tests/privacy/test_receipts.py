"""Partner consultation receipts: who abroad opened our alert, accepted for our records only."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from jisr.core import clock, ids
from jisr.federation.models import OutboxEnvelope
from jisr.privacy.models import ConsultationReceipt
from jisr.privacy.services.person import person_search_record
from tests.federation.support import encode, post_signed

pytestmark = pytest.mark.django_db


def _receipt(record_id: str, purpose: str = "Border check at Algeciras") -> dict[str, Any]:
    return {
        "id": str(ids.new_id()),
        "record_type": "wanted.alert",
        "record_id": record_id,
        "username": "fr.off",
        "role": "Officier de liaison",
        "purpose": purpose,
        "at": clock.now().isoformat(),
    }


def _send(fr_partner: Any, receipts: list[dict[str, Any]]) -> Any:
    raw = encode(fr_partner.envelope("privacy.consultation_receipts", body={"receipts": receipts}))
    return post_signed(Client(), raw, fr_partner.sign(raw))


def test_a_receipt_from_the_partner_about_our_alert_shows_in_the_person_search(
    staff: dict[str, Any], make_alert: Any, fr_partner: Any
) -> None:
    alert = make_alert()

    response = _send(fr_partner, [_receipt(str(alert.id))])

    assert response.status_code == 200, response.content
    result = person_search_record(acting_user=staff["dpo"], name="Karim Tazi")
    receipts = [e for e in result.events if e["action"] == "privacy.partner_consultation"]
    assert len(receipts) == 1
    assert (receipts[0]["actor"], receipts[0]["agency"], receipts[0]["purpose"]) == (
        "fr.off",
        "FR-DGPN",
        "Border check at Algeciras",
    )


def test_a_receipt_about_a_record_we_do_not_own_is_refused_whole(
    staff: dict[str, Any], make_alert: Any, fr_partner: Any
) -> None:
    alert = make_alert()

    response = _send(fr_partner, [_receipt(str(alert.id)), _receipt(str(ids.new_id()))])

    assert response.status_code == 422
    assert response.json()["reason"] == "not-owner"
    assert not ConsultationReceipt.objects.exists()


def test_the_same_receipt_delivered_twice_is_stored_once(
    staff: dict[str, Any], make_alert: Any, fr_partner: Any
) -> None:
    alert = make_alert()
    receipt = _receipt(str(alert.id))

    _send(fr_partner, [receipt])
    _send(fr_partner, [receipt])

    assert ConsultationReceipt.objects.count() == 1


def test_opening_a_partner_alert_copy_notes_a_receipt_sent_in_one_signed_batch(
    staff: dict[str, Any], fr_partner: Any
) -> None:
    from jisr.privacy.services.receipts import receipts_send
    from jisr.wanted.models import Alert
    from tests.support.web import logged_in

    copy = Alert.objects.create(
        owner=fr_partner.agency,
        is_copy=True,
        category="arrest",
        names=["Luc Fictif-Morel"],
        status="active",
    )
    client = logged_in(staff["officer"])
    for purpose in ("Case MA-DGSN-2026-0003", "Second look"):
        assert client.get(f"/wanted/alerts/{copy.id}/", {"purpose": purpose}).status_code == 200

    assert receipts_send() == 2

    envelope = OutboxEnvelope.objects.get(type="privacy.consultation_receipts")
    assert envelope.recipient == "FR-DGPN"
    sent = envelope.body["receipts"]
    assert [r["purpose"] for r in sent] == ["Case MA-DGSN-2026-0003", "Second look"]
    assert set(sent[0]) == {"id", "record_type", "record_id", "username", "role", "purpose", "at"}
    assert receipts_send() == 0


def test_the_record_page_shows_the_partners_consultation_to_the_dpo_only(
    staff: dict[str, Any], make_alert: Any, fr_partner: Any
) -> None:
    from tests.support.web import logged_in

    alert = make_alert()
    _send(fr_partner, [_receipt(str(alert.id), purpose="Enquête FR-2026-9")])
    path = f"/privacy/records/wanted.alert/{alert.id}/"

    page = logged_in(staff["dpo"]).get(path, HTTP_ACCEPT_LANGUAGE="fr").content.decode()

    assert 'data-testid="receipt"' in page and "Enquête FR-2026-9" in page and "fr.off" in page
    assert logged_in(staff["officer"]).get(path).status_code == 403
