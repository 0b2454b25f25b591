"""One handler shape: a malformed body is a permanent, audited refusal in every app.

No envelope type answers 500 to a validly signed body, whatever its shape; content that
cannot apply yet asks for a retry (``RetryLater``); a withdrawal the database refuses is
a permanent failure with its reason, not a 500 retried for hours.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from jisr.audit.models import AuditEntry
from jisr.federation.registry import _HANDLERS, register_replicated_type
from tests.federation.support import FakePartner, encode, new_id, post_signed, state_snapshot

pytestmark = pytest.mark.django_db

SHAPES: list[dict[str, Any]] = [
    {},
    {"id": 5, "event": {"a": 1}, "record_type": 7, "message_id": [1]},
    {"id": "not-a-uuid", "event": "not-a-uuid", "alert_id": "x", "hit_id": "y", "case": 3},
    {"record_type": "wanted.alert", "record_id": "x" * 40, "version": 2, "body": {"a": None}},
    {"record_type": "events.event", "record_id": new_id(), "version": 1, "body": {"venues": 5}},
    {"record_type": "exchange.case", "record_id": new_id(), "version": 1, "body": {}},
    {"items": [[1, 2, 3, 4]], "differing": [["a", "b"]], "seq": "x", "anchors": [[1]]},
]


def _send(partner: FakePartner, envelope_type: str, body: dict[str, Any]) -> Any:
    raw = encode(partner.envelope(envelope_type, body=body))
    return post_signed(Client(), raw, partner.sign(raw))


@pytest.mark.parametrize("envelope_type", sorted(t for t in _HANDLERS if t != "bench.ping"))
def test_a_malformed_body_is_refused_permanently_and_audited_by_every_handler(
    fr_partner: FakePartner, envelope_type: str
) -> None:
    for shape in SHAPES:
        rejections = AuditEntry.objects.filter(action="federation.reject").count()
        response = _send(fr_partner, envelope_type, shape)
        assert response.status_code in (200, 422), (envelope_type, shape, response.content)
        if response.status_code == 422:
            assert response.json()["reason"] in {"malformed", "refused", "not-owner"}
            assert AuditEntry.objects.filter(action="federation.reject").count() == rejections + 1


def test_an_incident_arriving_before_its_event_is_deferred_not_refused(
    fr_partner: FakePartner,
) -> None:
    from jisr.events.models import Incident

    before = state_snapshot()
    incident_id = new_id()
    response = _send(
        fr_partner,
        "replica.upsert",
        {
            "record_type": "events.incident",
            "record_id": incident_id,
            "version": 1,
            "body": {"id": incident_id, "owner": "FR-DGPN", "event": new_id(), "venue": new_id()},
        },
    )
    assert response.status_code == 503
    assert response.json()["reason"] == "retry-later"
    assert state_snapshot() == before
    assert not Incident.objects.exists()
    deferred = AuditEntry.objects.filter(action="federation.defer").get()
    assert deferred.extra["detail"] == "event or venue not known yet"


@pytest.fixture
def fragile_type() -> Iterator[None]:
    """A type whose copy cannot be deleted: its removal breaks a foreign key."""

    def withdraw(sender: str, record_id: str) -> None:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM accounts_agency WHERE code = %s", [sender])

    register_replicated_type(
        "test.fragile",
        on_upsert=lambda *args: None,
        on_withdraw=withdraw,
        body_for=lambda record_id: None,
        owner_of=lambda record_id: None,
    )
    yield


def test_a_withdrawal_the_database_refuses_is_a_clear_permanent_failure(
    fr_partner: FakePartner, fragile_type: None
) -> None:
    from jisr.accounts.models import Agency

    before = state_snapshot()
    response = _send(
        fr_partner,
        "replica.withdraw",
        {"record_type": "test.fragile", "record_id": "r1", "version": 1},
    )
    assert response.status_code == 422, response.content
    assert response.json()["reason"] == "refused"
    assert state_snapshot() == before
    assert Agency.objects.filter(code="FR-DGPN").exists()
    refusal = AuditEntry.objects.filter(action="federation.reject").latest("seq")
    assert "cannot be deleted" in refusal.extra["detail"]
