"""The DPO's search by person: any script, every record, every event, itself logged."""

from __future__ import annotations

from typing import Any

import pytest

from jisr.audit.models import AuditEntry
from jisr.privacy.services.person import person_search_record
from tests.support.web import logged_in

pytestmark = pytest.mark.django_db


def test_a_latin_name_finds_the_arabic_script_alert_and_who_consulted_it_why(
    staff: dict[str, Any], make_alert: Any
) -> None:
    from jisr.wanted.selectors import access_alert_for_view

    alert = make_alert()
    access_alert_for_view(alert.id, staff["officer"], purpose="Check for case CAS-2026-014")

    result = person_search_record(acting_user=staff["dpo"], name="Karim Tazi")

    assert [(r["kind"], r["id"], r["owner"]) for r in result.records] == [
        ("wanted.alert", str(alert.id), "MA-DGSN")
    ]
    views = [e for e in result.events if e["action"] == "alert.view"]
    assert views[0]["actor"] == "ma.off"
    assert views[0]["purpose"] == "Check for case CAS-2026-014"
    shares = [e for e in result.events if e["action"] == "alert.share"]
    assert shares and shares[0]["recipient"] == "FR-DGPN"


def test_screened_persons_are_found_by_name_and_by_date_of_birth(
    staff: dict[str, Any],
) -> None:
    from jisr.wanted.services import screening_run

    screening = screening_run(
        acting_user=staff["officer"],
        purpose="Case MA-DGSN-2026-0002",
        subjects=[{"names": ["سلمى الفاسي"], "birth_date": "1979-11-02", "nationality": []}],
    )

    by_name = person_search_record(acting_user=staff["dpo"], name="Salma El Fassi")
    by_birth = person_search_record(acting_user=staff["dpo"], birth_date="1979-11")
    nobody = person_search_record(
        acting_user=staff["dpo"], name="Salma El Fassi", birth_date="1950"
    )

    assert [r["id"] for r in by_name.records] == [str(screening.id)]
    assert [r["id"] for r in by_birth.records] == [str(screening.id)]
    assert nobody.records == []
    assert any(e["action"] == "screening.run" for e in by_name.events)


def test_the_search_is_logged_with_the_criteria_used_but_not_their_values(
    staff: dict[str, Any],
) -> None:
    person_search_record(acting_user=staff["dpo"], name="Karim Tazi", document="AB123456")

    row = AuditEntry.objects.get(action="privacy.person_search")
    assert row.actor_username == "ma.dpo"
    assert row.extra["criteria"] == ["document", "name"]
    assert "Tazi" not in str(row.extra) and "AB123456" not in str(row.extra)


def test_the_api_answers_records_and_events_to_the_dpo_only(
    staff: dict[str, Any], make_alert: Any, api: Any
) -> None:
    alert = make_alert()

    response = api("dpo").get("/api/v1/dpo/person", {"name": "Tazi"})

    assert response.status_code == 200
    body = response.json()
    assert body["records"] == [{"kind": "wanted.alert", "id": str(alert.id), "owner": "MA-DGSN"}]
    assert {"at", "actor", "agency", "action", "purpose", "recipient"} <= set(body["events"][0])
    for who in ("officer", "reviewer", "supervisor", "admin"):
        assert api(who).get("/api/v1/dpo/person", {"name": "Tazi"}).status_code == 403
    assert not AuditEntry.objects.filter(
        action="privacy.person_search", actor_username="ma.off"
    ).exists()


def test_a_search_without_any_criterion_is_refused_with_422(
    staff: dict[str, Any], api: Any
) -> None:
    response = api("dpo").get("/api/v1/dpo/person")
    assert response.status_code == 422
    assert "Give a name, a date of birth or a document number." in response.content.decode()
    assert api("dpo").get("/api/v1/dpo/person", {"birth_date": "1850"}).status_code == 422


def test_the_person_page_shows_records_in_arabic_and_refuses_other_roles(
    staff: dict[str, Any], make_alert: Any
) -> None:
    make_alert()
    client = logged_in(staff["dpo"])

    page = client.get("/privacy/person/", {"name": "Karim Tazi"}, HTTP_ACCEPT_LANGUAGE="ar")

    assert page.status_code == 200
    assert "MA-DGSN" in page.content.decode()
    assert logged_in(staff["officer"]).get("/privacy/person/", {"name": "x"}).status_code == 403
