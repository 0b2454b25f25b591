"""Bulletins: four-eyes release, nothing leaves before it, receipt, acknowledgement,
escalation, versions, withdrawal and the cross-check of indicators on arrival."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.test import Client

from jisr.audit.models import AuditEntry
from jisr.risks.models import Acknowledgement, Bulletin
from tests.risks.conftest import api, outbox, partner_bulletin_body, receive
from tests.support.web import logged_in

pytestmark = pytest.mark.django_db

BULLETIN = {
    "kind": "early_warning",
    "title": "Nouvelle route de go-fast",
    "summary": "Départs de criques isolées la nuit.",
    "handling_code": "H1",
    "indicators": [
        {"type": "phone", "value": "+212 612 345 678"},
        {"type": "vehicle", "value": "12345-A-6"},
        {"type": "domain", "value": "https://passeurs-fictifs.example/offre"},
    ],
    "recipients": ["FR-DGPN"],
}


def test_a_bulletin_leaves_only_after_a_second_person_approves_it(
    analyst: Any, reviewer: Any
) -> None:
    client = Client()
    created = api(client, analyst, "post", "/bulletins", BULLETIN)
    assert created.status_code == 201, created.content
    assert created.json()["status"] == "pending"
    bulletin_id = created.json()["id"]
    assert not outbox()
    refused = api(client, analyst, "post", f"/bulletins/{bulletin_id}/approve")
    assert refused.status_code == 403
    assert "author" in refused.json()["detail"]
    assert not outbox() and Bulletin.objects.get().status == "pending"
    approved = api(client, reviewer, "post", f"/bulletins/{bulletin_id}/approve")
    assert approved.json() == {"id": bulletin_id, "status": "released"}
    [envelope] = outbox("risks.bulletin")
    sent = envelope.body["body"]
    assert envelope.recipient == "FR-DGPN"
    assert [(i["type"], i["key"]) for i in sent["indicators"]] == [
        ("domain", "passeurs-fictifs.example"),
        ("phone", "+212612345678"),
        ("vehicle", "12345A6"),
    ]


def test_an_indicator_that_does_not_fit_its_type_is_refused_and_nothing_is_created(
    analyst: Any,
) -> None:
    body = {
        **BULLETIN,
        "indicators": [
            {"type": "phone", "value": "not a number"},
            {"type": "hash", "value": "abc"},
        ],
    }
    answer = api(Client(), analyst, "post", "/bulletins", body)
    assert answer.status_code == 422
    messages = [d["msg"] for d in answer.json()["detail"]]
    assert any("Indicator 1" in m and "telephone" in m for m in messages)
    assert any("Indicator 2" in m and "hash" in m for m in messages)
    assert not Bulletin.objects.exists() and not outbox()


def test_a_recipient_that_is_not_a_partner_is_refused(analyst: Any) -> None:
    answer = api(Client(), analyst, "post", "/bulletins", {**BULLETIN, "recipients": ["XX-NONE"]})
    assert answer.status_code == 422 and answer.json()["detail"][0]["loc"] == ["body", "recipients"]


def test_a_partner_bulletin_reaches_the_desk_whose_officers_acknowledge_it(
    officer: Any, supervisor: Any, analyst: Any
) -> None:
    bulletin = receive(partner_bulletin_body())
    names = sorted(bulletin.acks.values_list("username", flat=True))
    assert names == ["ma.officer", "ma.supervisor"]
    [receipt] = outbox("risks.receipt")
    assert receipt.recipient == "FR-DGPN"
    assert [r["acknowledged_at"] for r in receipt.body["recipients"]] == [None, None]
    assert (
        api(Client(), analyst, "post", f"/bulletins/{bulletin.id}/acknowledge").status_code == 403
    )
    answer = api(Client(), officer, "post", f"/bulletins/{bulletin.id}/acknowledge")
    assert answer.status_code == 200
    acks = {a["username"]: a["acknowledged_at"] for a in answer.json()["acknowledgements"]}
    assert acks["ma.officer"] and acks["ma.supervisor"] is None
    last = outbox("risks.receipt")[-1]
    assert {r["username"]: bool(r["acknowledged_at"]) for r in last.body["recipients"]} == {
        "ma.officer": True,
        "ma.supervisor": False,
    }
    assert AuditEntry.objects.filter(action="bulletin.acknowledge").count() == 1


def test_the_sender_sees_who_has_and_has_not_acknowledged(analyst: Any, reviewer: Any) -> None:
    from jisr.risks.services.bulletins import receipt_apply

    bulletin_id = api(Client(), analyst, "post", "/bulletins", BULLETIN).json()["id"]
    api(Client(), reviewer, "post", f"/bulletins/{bulletin_id}/approve")
    receipt_apply(
        sender="FR-DGPN",
        body={
            "bulletin": bulletin_id,
            "agency": "FR-DGPN",
            "recipients": [
                {
                    "username": "fr.officer",
                    "name": "Julie Martin-Test",
                    "acknowledged_at": "2026-12-07T08:00:00+00:00",
                },
                {"username": "fr.supervisor", "name": "Anne Moreau-Test", "acknowledged_at": None},
            ],
        },
    )
    got = api(Client(), analyst, "get", f"/bulletins/{bulletin_id}").json()
    assert [(a["name"], bool(a["acknowledged_at"])) for a in got["acknowledgements"]] == [
        ("Julie Martin-Test", True),
        ("Anne Moreau-Test", False),
    ]
    page = logged_in(analyst).get(f"/risks/bulletins/{bulletin_id}/").content.decode()
    assert "1 of 2 named recipients have acknowledged." in page


def test_a_receipt_from_an_agency_that_is_not_a_recipient_is_refused(
    analyst: Any, reviewer: Any
) -> None:
    from jisr.federation.registry import NotOwner
    from jisr.risks.services.bulletins import receipt_apply

    draft = api(Client(), analyst, "post", "/bulletins", BULLETIN).json()["id"]
    with pytest.raises(NotOwner):
        receipt_apply(
            sender="FR-DGPN", body={"bulletin": draft, "agency": "ES-CNP", "recipients": []}
        )


def test_an_unacknowledged_alert_bulletin_escalates_after_the_delay(
    officer: Any, supervisor: Any, clock_offset: Any
) -> None:
    from jisr.core import clock
    from jisr.core.deadlines import deadlines_sweep
    from jisr.notices.models import Notice

    bulletin = receive(partner_bulletin_body(kind="alert_bulletin"))
    assert bulletin.due_at is not None
    clock_offset(30 * 60 + 5)
    assert deadlines_sweep(clock.now())["escalations"] == 0
    clock_offset(60 * 60 + 5)
    sent = deadlines_sweep(clock.now())
    assert sent["escalations"] == 1
    escalated = Notice.objects.filter(kind="bulletin_escalated")
    assert sorted(escalated.values_list("user__username", flat=True)) == [
        "ma.officer",
        "ma.supervisor",
    ]
    assert AuditEntry.objects.filter(action="bulletin.escalate").count() == 1


def test_an_acknowledged_alert_bulletin_does_not_escalate(
    officer: Any, supervisor: Any, clock_offset: Any
) -> None:
    from jisr.core import clock
    from jisr.core.deadlines import deadlines_sweep

    bulletin = receive(partner_bulletin_body(kind="alert_bulletin"))
    for user in (officer, supervisor):
        api(Client(), user, "post", f"/bulletins/{bulletin.id}/acknowledge")
    clock_offset(2 * 3600)
    assert deadlines_sweep(clock.now())["escalations"] == 0


def test_indicators_are_cross_checked_on_arrival_and_matches_flagged(officer: Any) -> None:
    first = receive(partner_bulletin_body(title="Premier bulletin"))
    second_body = partner_bulletin_body(
        title="Second bulletin",
        indicators=[
            {
                "id": str(uuid.uuid4()),
                "type": "phone",
                "value": "06 12 34 56 78",
                "key": "+33612345678",
            },
            {"id": str(uuid.uuid4()), "type": "domain", "value": "rien.example", "key": ""},
        ],
    )
    second = receive(second_body)
    got = api(Client(), officer, "get", f"/bulletins/{second.id}").json()
    flags = {i["key"]: [m["reference"] for m in i["matches"]] for i in got["indicators"]}
    assert flags == {"+33612345678": ["Premier bulletin"], "rien.example": []}
    assert AuditEntry.objects.filter(
        action="bulletin.cross_check", target_id=str(second.id)
    ).exists()
    page = logged_in(officer).get(f"/risks/bulletins/{second.id}/").content.decode()
    assert "1 indicator is also in our data." in page and "Premier bulletin" in page
    assert first.id != second.id


def test_a_new_version_lists_its_changes_and_is_reviewed_again(analyst: Any, reviewer: Any) -> None:
    bulletin_id = api(Client(), analyst, "post", "/bulletins", BULLETIN).json()["id"]
    api(Client(), reviewer, "post", f"/bulletins/{bulletin_id}/approve")
    changed = api(
        Client(),
        analyst,
        "post",
        f"/bulletins/{bulletin_id}/version",
        {"summary": "Départs aussi le week-end.", "indicators": BULLETIN["indicators"][:2]},
    ).json()
    assert changed["version"] == 2 and changed["status"] == "pending"
    assert changed["changes"] == ["summary", "indicators"]
    assert len(outbox("risks.bulletin")) == 1
    api(Client(), reviewer, "post", f"/bulletins/{bulletin_id}/approve")
    last = outbox("risks.bulletin")[-1]
    assert last.body["version"] == 2 and last.body["body"]["changes"] == ["summary", "indicators"]


def test_a_partner_version_arrives_with_its_changes_highlighted(officer: Any) -> None:
    body = partner_bulletin_body()
    receive(body)
    bulletin = receive(
        {**body, "version": 2, "summary": "Autre résumé", "changes": ["summary"]}, revision=2
    )
    assert bulletin.summary == "Autre résumé" and bulletin.acks.count() == 1
    page = logged_in(officer).get(f"/risks/bulletins/{bulletin.id}/").content.decode()
    assert "<mark>summary</mark>" in page


def test_a_withdrawn_bulletin_disappears_from_the_partner(
    analyst: Any, reviewer: Any, officer: Any
) -> None:
    from jisr.federation.handlers import handle_replica_withdraw
    from jisr.federation.registry import Envelope

    bulletin_id = api(Client(), analyst, "post", "/bulletins", BULLETIN).json()["id"]
    api(Client(), reviewer, "post", f"/bulletins/{bulletin_id}/approve")
    assert (
        api(Client(), analyst, "post", f"/bulletins/{bulletin_id}/withdraw").json()["status"]
        == "withdrawn"
    )
    assert outbox("risks.bulletin")[-1].type == "replica.withdraw"
    copy = receive(partner_bulletin_body())
    import datetime as dt

    handle_replica_withdraw(
        Envelope(
            id=str(uuid.uuid4()),
            type="replica.withdraw",
            version=1,
            sender="FR-DGPN",
            recipient="MA-DGSN",
            created=dt.datetime.now(dt.UTC),
            body={"record_type": "risks.bulletin", "record_id": str(copy.id), "version": 2},
        )
    )
    assert not Bulletin.objects.filter(id=copy.id).exists()
    assert not Acknowledgement.objects.filter(bulletin_id=copy.id).exists()


def test_a_partner_cannot_overwrite_our_bulletin(analyst: Any) -> None:
    from jisr.federation.registry import NotOwner

    bulletin_id = api(Client(), analyst, "post", "/bulletins", BULLETIN).json()["id"]
    with pytest.raises(NotOwner):
        receive(partner_bulletin_body(id=bulletin_id), revision=9)
    assert Bulletin.objects.get(id=bulletin_id).title == "Nouvelle route de go-fast"


def test_the_work_queue_lists_bulletins_to_approve_and_to_acknowledge(
    analyst: Any, reviewer: Any, officer: Any
) -> None:
    from jisr.core.registry import work_queue

    api(Client(), analyst, "post", "/bulletins", BULLETIN)
    receive(partner_bulletin_body())
    assert [s.key for s in work_queue(reviewer) if s.key.startswith("bulletins")] == [
        "bulletins_to_approve"
    ]
    assert [s.key for s in work_queue(officer) if s.key.startswith("bulletins")] == [
        "bulletins_to_acknowledge"
    ]


def test_a_partner_withdrawing_a_bulletin_we_acknowledged_leaves_a_tombstone_and_our_receipt(
    officer: Any, fr_partner: Any
) -> None:
    """Before the fix the withdrawal cascade-deleted our acknowledgement (signed inbox)."""
    from tests.federation.support import encode, post_signed

    copy = receive(partner_bulletin_body())
    ack = Acknowledgement.objects.get(bulletin=copy, username=officer.username)
    from jisr.risks.services.bulletins import bulletin_acknowledge

    bulletin_acknowledge(acting_user=officer, bulletin=copy)
    raw = encode(
        fr_partner.envelope(
            "replica.withdraw",
            body={"record_type": "risks.bulletin", "record_id": str(copy.id), "version": 2},
        )
    )
    assert post_signed(Client(), raw, fr_partner.sign(raw)).status_code == 200
    copy.refresh_from_db()
    assert copy.status == "withdrawn" and copy.summary == "" and not copy.indicators.exists()
    ack.refresh_from_db()
    assert ack.acknowledged_at is not None
    entry = AuditEntry.objects.filter(action="bulletin.withdraw").latest("seq")
    assert entry.actor_username == "FR-DGPN" and entry.extra["kept_acknowledgements"] >= 1
