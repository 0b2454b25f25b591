"""Data-subject requests: recorded, forwarded to the partner, answered, exported as PDF."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from jisr.audit.models import AuditEntry
from jisr.core import clock
from jisr.federation.models import OutboxEnvelope
from jisr.privacy.models import DataSubjectRequest
from tests.federation.support import encode, post_signed
from tests.support.web import logged_in

pytestmark = pytest.mark.django_db

BODY = {
    "kind": "access",
    "subject": {"names": ["Karim Tazi"], "birth_date": "1984-03-09"},
    "received": "2026-03-02",
    "notes": "Letter of 28 February, identity card shown at the desk.",
}


def _post(client: Client, path: str, body: dict[str, Any]) -> Any:
    return client.post(path, body, content_type="application/json")


def test_a_request_gets_a_deadline_one_month_after_it_was_received(
    staff: dict[str, Any], api: Any, clock_offset: Any
) -> None:
    clock_offset((dt.datetime(2026, 3, 5, tzinfo=dt.UTC) - clock.now()).total_seconds())
    response = _post(api("dpo"), "/api/v1/dsr", BODY)

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["deadline"].startswith("2026-04-01")
    request = DataSubjectRequest.objects.get(pk=body["id"])
    assert request.origin == "MA-DGSN" and request.identity_checked_by == "ma.dpo"


def test_a_request_without_identity_data_is_refused_and_nothing_is_recorded(
    staff: dict[str, Any], api: Any
) -> None:
    response = _post(api("dpo"), "/api/v1/dsr", {**BODY, "subject": {"names": []}})

    assert response.status_code == 422
    assert "identity data" in response.content.decode()
    assert not DataSubjectRequest.objects.exists()


def test_other_roles_get_403_on_every_request_path(staff: dict[str, Any], api: Any) -> None:
    request_id = _post(api("dpo"), "/api/v1/dsr", BODY).json()["id"]
    for who in ("officer", "reviewer", "admin"):
        client = api(who)
        assert _post(client, "/api/v1/dsr", BODY).status_code == 403
        path = f"/api/v1/dsr/{request_id}/forward"
        assert _post(client, path, {"agency": "FR-DGPN"}).status_code == 403
        path = f"/api/v1/dsr/{request_id}/decision"
        assert _post(client, path, {"decision": "access"}).status_code == 403
    assert DataSubjectRequest.objects.get().status == "open"


def test_forwarding_sends_only_the_identity_data_needed(staff: dict[str, Any], api: Any) -> None:
    request_id = _post(api("dpo"), "/api/v1/dsr", BODY).json()["id"]

    response = _post(api("dpo"), f"/api/v1/dsr/{request_id}/forward", {"agency": "FR-DGPN"})

    assert response.status_code == 200, response.content
    envelope = OutboxEnvelope.objects.get(type="dsr.forwarded")
    assert envelope.recipient == "FR-DGPN"
    assert envelope.body["subject"] == {
        "names": ["Karim Tazi"],
        "birth_date": "1984-03-09",
        "documents": [],
    }
    assert "notes" not in str(envelope.body) and "Letter" not in str(envelope.body)
    assert AuditEntry.objects.get(action="privacy.dsr_forward").recipient == "FR-DGPN"


def test_a_refusal_needs_its_ground_and_then_says_only_that_the_check_was_done(
    staff: dict[str, Any], api: Any
) -> None:
    request_id = _post(api("dpo"), "/api/v1/dsr", BODY).json()["id"]
    path = f"/api/v1/dsr/{request_id}/decision"

    refused = _post(api("dpo"), path, {"decision": "refuse"})
    assert refused.status_code == 422
    assert "needs its ground" in refused.content.decode()
    assert DataSubjectRequest.objects.get().status == "open"

    decided = _post(api("dpo"), path, {"decision": "refuse", "ground": "investigation"})
    assert decided.status_code == 200
    request = DataSubjectRequest.objects.get()
    assert (request.status, request.ground, request.answer) == (
        "decided",
        "investigation",
        "The check was done.",
    )


def _from_fr(fr_partner: Any, envelope_type: str, body: dict[str, Any]) -> Any:
    raw = encode(fr_partner.envelope(envelope_type, body=body))
    return post_signed(Client(), raw, fr_partner.sign(raw))


def test_the_partner_answers_the_part_we_forwarded_and_only_that(
    staff: dict[str, Any], api: Any, fr_partner: Any
) -> None:
    request_id = _post(api("dpo"), "/api/v1/dsr", BODY).json()["id"]
    other_id = _post(api("dpo"), "/api/v1/dsr", BODY).json()["id"]
    _post(api("dpo"), f"/api/v1/dsr/{request_id}/forward", {"agency": "FR-DGPN"})

    answer = {"id": request_id, "decision": "partial", "ground": "rights_of_others"}
    assert _from_fr(fr_partner, "dsr.answered", answer).status_code == 200
    stray = _from_fr(fr_partner, "dsr.answered", {**answer, "id": other_id})

    assert stray.status_code == 422 and stray.json()["reason"] == "not-owner"
    forward = DataSubjectRequest.objects.get(pk=request_id).forwards.get()
    assert (forward.decision, forward.ground) == ("partial", "rights_of_others")
    assert DataSubjectRequest.objects.get(pk=request_id).status == "open"


def test_a_request_forwarded_by_the_partner_is_ours_to_answer_and_goes_back_decided(
    staff: dict[str, Any], api: Any, fr_partner: Any
) -> None:
    from jisr.core import ids

    request_id = str(ids.new_id())
    body = {
        "id": request_id,
        "kind": "access",
        "subject": {"names": ["Karim Tazi"], "birth_date": "1984-03-09", "documents": []},
        "received": "2026-03-02",
        "due": "2026-04-02T00:00:00+00:00",
        "language": "fr",
    }
    assert _from_fr(fr_partner, "dsr.forwarded", body).status_code == 200

    request = DataSubjectRequest.objects.get(pk=request_id)
    assert request.origin == "FR-DGPN" and request.due_at.date() == dt.date(2026, 4, 2)
    response = _post(api("dpo"), f"/api/v1/dsr/{request_id}/decision", {"decision": "access"})
    assert response.status_code == 200
    answer = OutboxEnvelope.objects.get(type="dsr.answered")
    assert answer.recipient == "FR-DGPN" and answer.body["decision"] == "access"
    refused = _post(api("dpo"), f"/api/v1/dsr/{request_id}/forward", {"agency": "FR-DGPN"})
    assert refused.status_code == 422


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_the_access_export_is_a_pdf_in_the_persons_language_and_is_logged(
    staff: dict[str, Any], api: Any, make_alert: Any, lang: str
) -> None:
    make_alert()
    request_id = _post(api("dpo"), "/api/v1/dsr", {**BODY, "language": lang}).json()["id"]

    response = logged_in(staff["dpo"]).get(f"/privacy/requests/{request_id}/export-{lang}.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    row = AuditEntry.objects.get(action="privacy.dsr_export")
    assert row.extra == {"language": lang, "records": 1, "withheld": False}


def test_the_request_page_runs_the_person_search_for_the_dpo(
    staff: dict[str, Any], api: Any, make_alert: Any
) -> None:
    alert = make_alert()
    request_id = _post(api("dpo"), "/api/v1/dsr", BODY).json()["id"]

    page = logged_in(staff["dpo"]).get(f"/privacy/requests/{request_id}/", {"search": "1"})

    assert page.status_code == 200
    assert str(alert.id) in page.content.decode()
    assert AuditEntry.objects.get(action="privacy.person_search").target_id == request_id


def test_the_request_reads_back_with_each_partners_answer(
    staff: dict[str, Any], api: Any, fr_partner: Any
) -> None:
    request_id = _post(api("dpo"), "/api/v1/dsr", BODY).json()["id"]
    _post(api("dpo"), f"/api/v1/dsr/{request_id}/forward", {"agency": "FR-DGPN"})
    _from_fr(fr_partner, "dsr.answered", {"id": request_id, "decision": "access"})

    body = api("dpo").get(f"/api/v1/dsr/{request_id}").json()

    assert (body["kind"], body["origin"], body["status"]) == ("access", "MA-DGSN", "open")
    assert [(f["agency"], f["decision"]) for f in body["forwards"]] == [("FR-DGPN", "access")]
    assert api("officer").get(f"/api/v1/dsr/{request_id}").status_code == 403


def test_the_deadline_sweep_reminds_the_dpo_and_tells_when_overdue(
    staff: dict[str, Any], api: Any, clock_offset: Any
) -> None:
    from jisr.core import bounds
    from jisr.core.deadlines import deadlines_sweep
    from jisr.notices.models import Notice

    _post(api("dpo"), "/api/v1/dsr", {**BODY, "received": bounds.today().isoformat()})
    clock_offset(20 * 86400)
    deadlines_sweep(clock.now())
    clock_offset(40 * 86400)
    deadlines_sweep(clock.now())

    notices = Notice.objects.filter(user=staff["dpo"], kind="privacy.dsr_due")
    assert [n.urgent for n in notices.order_by("created_at")] == [False, True]
