"""Rectify, erase and restrict act on the records the DPO picks from the request's search."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from jisr.audit.models import AuditEntry
from jisr.federation.models import OutboxEnvelope
from jisr.privacy.models import DataSubjectRequest, DsrRecordAction
from tests.federation.support import encode, post_signed

pytestmark = pytest.mark.django_db


def _request(api: Any, kind: str) -> str:
    body = {
        "kind": kind,
        "subject": {"names": ["Karim Tazi"], "birth_date": "1984-03-09"},
        "received": "2026-03-02",
        "notes": "Letter with a copy of the identity card (fictitious).",
    }
    response = api("dpo").post("/api/v1/dsr", body, content_type="application/json")
    assert response.status_code == 201, response.content
    return str(response.json()["id"])


def _decide(api: Any, request_id: str, **body: Any) -> Any:
    return api("dpo").post(
        f"/api/v1/dsr/{request_id}/decision", body, content_type="application/json"
    )


def _detail(api: Any, request_id: str) -> dict[str, Any]:
    response = api("dpo").get(f"/api/v1/dsr/{request_id}")
    assert response.status_code == 200
    return dict(response.json())


def test_erasing_an_own_shared_alert_sends_the_tombstone_and_the_partner_copy_goes(
    staff: dict[str, Any], api: Any, make_alert: Any, fr_partner: Any
) -> None:
    from jisr.wanted.federation import copy_upsert
    from jisr.wanted.models import Alert

    alert = make_alert()
    request_id = _request(api, "erasure")

    response = _decide(api, request_id, decision="erase", records=[f"wanted.alert:{alert.id}"])

    assert response.status_code == 200, response.content
    assert not Alert.objects.filter(pk=alert.pk).exists()
    tombstone = OutboxEnvelope.objects.get(type="replica.withdraw")
    assert (tombstone.recipient, tombstone.body["record_id"]) == ("FR-DGPN", str(alert.id))
    assert _detail(api, request_id)["records"][0]["action"] == "erase"
    erased = AuditEntry.objects.get(action="privacy.dsr_erase")
    assert erased.target_id == str(alert.id) and "Tazi" not in str(erased.extra)

    # The partner side, in process: a node holding the copy receives that tombstone.
    copy_upsert("FR-DGPN", str(alert.id), alert.version, {"category": "arrest", "names": ["X"]})
    assert Alert.objects.filter(pk=alert.pk, is_copy=True).exists()
    raw = encode(fr_partner.envelope("replica.withdraw", body=tombstone.body))
    assert post_signed(Client(), raw, fr_partner.sign(raw)).status_code in (200, 202)
    assert not Alert.objects.filter(pk=alert.pk).exists()


def test_rectifying_an_own_alert_bumps_its_version_and_replicates_it(
    staff: dict[str, Any], api: Any, make_alert: Any
) -> None:
    from jisr.wanted.models import Alert

    alert = make_alert()
    version = alert.version
    request_id = _request(api, "rectification")

    response = _decide(
        api,
        request_id,
        decision="rectify",
        answer="The date of birth was wrong; corrected from the birth certificate.",
        records=[f"wanted.alert:{alert.id}"],
        corrections={"birth_date": "1984-03-19"},
    )

    assert response.status_code == 200, response.content
    alert = Alert.objects.get(pk=alert.pk)
    assert (alert.birth_date, alert.version) == ("1984-03-19", version + 1)
    upsert = OutboxEnvelope.objects.filter(type="replica.upsert").order_by("-pk").first()
    assert upsert is not None and upsert.body["version"] == version + 1
    action = DsrRecordAction.objects.get(request_id=request_id)
    assert action.action == "rectify" and "birth certificate" in action.note
    row = AuditEntry.objects.get(action="privacy.dsr_rectify")
    assert "1984" not in str(row.extra)


def test_a_partner_copy_is_never_changed_the_request_goes_to_its_owner(
    staff: dict[str, Any], api: Any, fr_partner: Any
) -> None:
    from jisr.wanted.models import Alert

    copy = Alert.objects.create(
        owner=fr_partner.agency,
        is_copy=True,
        category="arrest",
        names=["Karim Tazi"],
        birth_date="1984-03-09",
        status="active",
    )
    request_id = _request(api, "erasure")

    response = _decide(api, request_id, decision="erase", records=[f"wanted.alert:{copy.id}"])

    assert response.status_code == 200, response.content
    assert Alert.objects.filter(pk=copy.pk).exists()
    forwarded = OutboxEnvelope.objects.get(type="dsr.forwarded")
    assert forwarded.recipient == "FR-DGPN"
    assert _detail(api, request_id)["records"][0]["action"] == "forward"


def test_a_restricted_alert_is_left_out_of_screening_until_lifted(
    staff: dict[str, Any], api: Any, make_alert: Any
) -> None:
    from jisr.privacy.services.dsr_records import restriction_lift
    from jisr.wanted.services import screening_run

    alert = make_alert()
    request_id = _request(api, "restriction")
    subject = {"names": ["Karim Tazi"], "birth_date": "1984-03-09"}

    def screened() -> list[str]:
        run = screening_run(
            acting_user=staff["officer"], purpose="CAS-2026-014", subjects=[subject]
        )
        return [c["alert_id"] for r in run.results for c in r["candidates"]]

    assert str(alert.id) in screened()
    assert (
        _decide(
            api, request_id, decision="restrict", records=[f"wanted.alert:{alert.id}"]
        ).status_code
        == 200
    )
    assert str(alert.id) not in screened()

    restriction_lift(
        acting_user=staff["dpo"], action=DsrRecordAction.objects.get(request_id=request_id)
    )
    assert str(alert.id) in screened()


def test_a_restricted_alert_is_left_out_of_accreditation_screening_and_its_page_says_so(
    staff: dict[str, Any], api: Any, make_alert: Any
) -> None:
    """Every screening goes through one filter: an event's accreditation list too."""
    from jisr.events.screening import alert_candidates, refresh_alert_index
    from jisr.matching import Person
    from jisr.privacy.services.dsr_records import restriction_lift
    from tests.support.web import logged_in

    alert = make_alert()
    request_id = _request(api, "restriction")
    person = Person("accredited", ["Karim Tazi"], "1984-03-09")

    def flagged() -> list[str]:
        refresh_alert_index()
        return [c.alert_id for c in alert_candidates(person)]

    def page() -> str:
        return logged_in(staff["officer"]).get(f"/wanted/alerts/{alert.id}/").content.decode()

    assert flagged() == [str(alert.id)]
    assert 'data-testid="alert-restricted"' not in page()
    response = _decide(api, request_id, decision="restrict", records=[f"wanted.alert:{alert.id}"])
    assert response.status_code == 200, response.content

    assert flagged() == []
    assert "Restricted on a data-subject request since" in page()
    restriction_lift(
        acting_user=staff["dpo"], action=DsrRecordAction.objects.get(request_id=request_id)
    )
    assert flagged() == [str(alert.id)]
    assert 'data-testid="alert-restricted"' not in page()


def test_restricting_a_shared_alert_tells_the_partner_and_lifting_it_too(
    staff: dict[str, Any], api: Any, make_alert: Any
) -> None:
    """Recipients are told of a restriction (Directive 2016/680, Art. 16(6)): the mark is
    part of the alert, so a new version carries it to the partners' copies."""
    from jisr.privacy.services.dsr_records import restriction_lift

    alert = make_alert()
    version = alert.version
    OutboxEnvelope.objects.all().delete()
    request_id = _request(api, "restriction")
    assert (
        _decide(
            api, request_id, decision="restrict", records=[f"wanted.alert:{alert.id}"]
        ).status_code
        == 200
    )
    [sent] = OutboxEnvelope.objects.filter(type="replica.upsert", recipient="FR-DGPN")
    alert.refresh_from_db()
    assert alert.restricted_at is not None and sent.body["version"] == version + 1
    assert sent.body["body"]["restricted_since"] == alert.restricted_at.isoformat()

    restriction_lift(
        acting_user=staff["dpo"], action=DsrRecordAction.objects.get(request_id=request_id)
    )
    alert.refresh_from_db()
    lifted = OutboxEnvelope.objects.filter(type="replica.upsert").order_by("created").last()
    assert alert.restricted_at is None and lifted is not None
    assert lifted.body["version"] == version + 2 and lifted.body["body"]["restricted_since"] is None


def test_a_partner_copy_restricted_by_its_owner_is_left_out_of_screening_here(
    staff: dict[str, Any],
) -> None:
    import uuid

    from jisr.core import clock
    from jisr.privacy.selectors import person_search
    from jisr.wanted import services
    from jisr.wanted.services import screening_run
    from tests.support.web import logged_in

    record_id = str(uuid.uuid4())
    body = {
        "category": "locate",
        "names": ["Lucas Fernandez-Test"],
        "birth_date": "1979-05-02",
        "nationalities": ["FR"],
        "legal_basis": {},
    }
    subject = {"names": ["Lucas Fernandez-Test"], "birth_date": "1979-05-02"}

    def screened() -> list[str]:
        run = screening_run(
            acting_user=staff["officer"], purpose="CAS-2026-015", subjects=[subject]
        )
        return [c["alert_id"] for r in run.results for c in r["candidates"]]

    def page() -> str:
        return logged_in(staff["officer"]).get(f"/wanted/alerts/{record_id}/").content.decode()

    def marked_for_the_dpo() -> list[bool]:
        found = person_search(staff["dpo"], name="Lucas Fernandez-Test").records
        return [r["restricted"] for r in found if r["id"] == record_id]

    services.copy_upsert("FR-DGPN", record_id, 1, body)
    assert screened() == [record_id]
    assert marked_for_the_dpo() == [False]
    services.copy_upsert(
        "FR-DGPN", record_id, 2, {**body, "restricted_since": clock.now().isoformat()}
    )
    assert screened() == []
    assert "Restricted on a data-subject request since" in page()
    assert marked_for_the_dpo() == [True]
    services.copy_upsert("FR-DGPN", record_id, 3, {**body, "restricted_since": None})
    assert screened() == [record_id]
    assert 'data-testid="alert-restricted"' not in page()
    assert marked_for_the_dpo() == [False]


def test_a_record_not_found_by_the_requests_search_is_refused_and_nothing_changes(
    staff: dict[str, Any], api: Any, make_alert: Any
) -> None:
    from jisr.wanted.models import Alert

    other = make_alert(names=["Yassine Fictif-Bennani"], birth_date="1990-01-01")
    request_id = _request(api, "erasure")

    response = _decide(api, request_id, decision="erase", records=[f"wanted.alert:{other.id}"])

    assert response.status_code == 422
    assert "person search" in response.content.decode()
    assert Alert.objects.filter(pk=other.pk).exists()
    assert DataSubjectRequest.objects.get(pk=request_id).status == "open"


def test_the_request_page_offers_the_found_records_and_erases_the_one_ticked(
    staff: dict[str, Any], api: Any, make_alert: Any
) -> None:
    from jisr.wanted.models import Alert
    from tests.support.web import logged_in

    alert = make_alert()
    request_id = _request(api, "erasure")
    client = logged_in(staff["dpo"])
    page = client.get(f"/privacy/requests/{request_id}/")
    assert f"wanted.alert:{alert.id}" in page.content.decode()

    response = client.post(
        f"/privacy/requests/{request_id}/decision/",
        {"decision": "erase", "records": [f"wanted.alert:{alert.id}"]},
        follow=True,
    )

    assert not Alert.objects.filter(pk=alert.pk).exists()
    assert 'data-testid="record-actions"' in response.content.decode()
