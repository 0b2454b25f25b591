"""The standing risk register: scores within 1–5, both agencies' views, owner-only changes."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from django.test import Client

from jisr.core import bounds
from jisr.risks.models import Risk, RiskAssessment
from tests.risks.conftest import api, outbox, replica
from tests.support.web import logged_in

pytestmark = pytest.mark.django_db

RISK = {
    "title": "Trafic de cannabis par go-fast",
    "crime_area": "drug_trafficking",
    "countries": ["MA", "ES"],
    "routes": ["Tanger – Algésiras"],
    "likelihood": 4,
    "impact": 3,
    "trend": "rising",
    "review_on": (bounds.today() + dt.timedelta(days=90)).isoformat(),
    "mitigations": [{"measure": "Patrouilles conjointes", "responsible": "DGSN"}],
}


def fr_risk_body(risk_id: str, **overrides: Any) -> dict[str, Any]:
    body = {
        "id": risk_id,
        "owner": "FR-DGPN",
        "title_ar": "",
        "title_fr": "Armes réactivées (fictif)",
        "title_en": "",
        "description_ar": "",
        "description_fr": "",
        "description_en": "",
        "crime_area": "firearms",
        "countries": ["FR"],
        "regions": [],
        "routes": [],
        "border_crossings": [],
        "likelihood": 2,
        "impact": 5,
        "trend": "stable",
        "warning_signs": "",
        "review_on": "2027-03-01",
        "event": None,
        "mitigations": [],
    }
    body.update(overrides)
    return body


def test_a_risk_is_recorded_listed_and_shared_with_the_partner(officer: Any) -> None:
    client = Client()
    created = api(client, officer, "post", "/risks", RISK)
    assert created.status_code == 201, created.content
    listed = api(client, officer, "get", "/risks").json()
    assert listed["count"] == 1
    item = listed["items"][0]
    assert {
        k: item[k] for k in ("title", "crime_area", "likelihood", "impact", "trend", "owner")
    } == {
        "title": "Trafic de cannabis par go-fast",
        "crime_area": "drug_trafficking",
        "likelihood": 4,
        "impact": 3,
        "trend": "rising",
        "owner": "MA-DGSN",
    }
    [envelope] = outbox("risks.risk")
    assert (
        envelope.recipient == "FR-DGPN"
        and envelope.body["body"]["mitigations"][0]["measure"] == "Patrouilles conjointes"
    )


@pytest.mark.parametrize("field,value", [("likelihood", 6), ("impact", 0), ("likelihood", "high")])
def test_a_score_outside_one_to_five_is_refused_and_nothing_is_created(
    officer: Any, field: str, value: Any
) -> None:
    answer = api(Client(), officer, "post", "/risks", {**RISK, field: value})
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["loc"] == ["body", field]
    assert "1 to 5" in answer.json()["detail"][0]["msg"]
    assert not Risk.objects.exists() and not outbox()


def test_the_score_error_is_translated(officer: Any) -> None:
    from jisr.accounts.models import ApiToken

    _token, raw = ApiToken.objects.issue(officer)
    answer = Client().post(
        "/api/v1/risks",
        {**RISK, "likelihood": 9},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    assert answer.status_code == 422
    assert "1 à 5" in answer.json()["detail"][0]["msg"]


def test_the_partner_scores_our_risk_and_both_scores_and_their_difference_show(
    officer: Any,
) -> None:
    client = Client()
    risk_id = api(client, officer, "post", "/risks", RISK).json()["id"]
    assessment_id = str(uuid.uuid4())
    replica(
        "risks.assessment",
        assessment_id,
        1,
        {
            "id": assessment_id,
            "risk": risk_id,
            "agency": "FR-DGPN",
            "likelihood": 5,
            "impact": 4,
            "comment": "Hausse observée à Perpignan",
            "assessed_by": "Anne Moreau-Test",
            "assessed_at": "2026-12-01T10:00:00+00:00",
        },
    )
    detail = api(client, officer, "get", f"/risks/{risk_id}").json()
    assert [(s["agency"], s["level"], s["difference"]) for s in detail["scores"]] == [
        ("MA-DGSN", 12, None),
        ("FR-DGPN", 20, 8),
    ]
    page = logged_in(officer).get(f"/risks/{risk_id}/")
    assert "Hausse observée à Perpignan" in page.content.decode() and "+8" in page.content.decode()


def test_our_agency_assesses_a_partner_risk_and_the_assessment_goes_to_the_partner(
    officer: Any,
) -> None:
    risk_id = str(uuid.uuid4())
    replica("risks.risk", risk_id, 1, fr_risk_body(risk_id))
    answer = api(
        Client(),
        officer,
        "post",
        f"/risks/{risk_id}/assessment",
        {"likelihood": 3, "impact": 5, "comment": "Saisies en hausse"},
    )
    assert answer.status_code == 200, answer.content
    assert [(s["agency"], s["difference"]) for s in answer.json()["scores"]] == [
        ("FR-DGPN", None),
        ("MA-DGSN", 5),
    ]
    [envelope] = outbox("risks.assessment")
    assert envelope.recipient == "FR-DGPN" and envelope.body["body"]["agency"] == "MA-DGSN"
    bad = api(
        Client(), officer, "post", f"/risks/{risk_id}/assessment", {"likelihood": 7, "impact": 5}
    )
    assert bad.status_code == 422
    assert RiskAssessment.objects.get().likelihood == 3


def test_a_partner_cannot_overwrite_our_risk_nor_our_assessment(officer: Any) -> None:
    from jisr.federation.registry import NotOwner

    risk = Risk.objects.get(id=api(Client(), officer, "post", "/risks", RISK).json()["id"])
    with pytest.raises(NotOwner):
        replica("risks.risk", str(risk.id), 99, fr_risk_body(str(risk.id), likelihood=1))
    fr_risk = str(uuid.uuid4())
    replica("risks.risk", fr_risk, 1, fr_risk_body(fr_risk))
    ours = api(
        Client(), officer, "post", f"/risks/{fr_risk}/assessment", {"likelihood": 3, "impact": 3}
    ).json()
    assert ours["scores"][1]["agency"] == "MA-DGSN"
    ours_id = str(RiskAssessment.objects.get().id)
    with pytest.raises(NotOwner):
        replica(
            "risks.assessment",
            ours_id,
            5,
            {
                "id": ours_id,
                "risk": fr_risk,
                "agency": "FR-DGPN",
                "likelihood": 1,
                "impact": 1,
                "assessed_at": "2026-12-01T10:00:00+00:00",
            },
        )
    risk.refresh_from_db()
    assert risk.likelihood == 4 and RiskAssessment.objects.get().likelihood == 3


def test_only_the_owner_changes_a_risk(officer: Any) -> None:
    risk_id = str(uuid.uuid4())
    replica("risks.risk", risk_id, 1, fr_risk_body(risk_id))
    page = logged_in(officer).post(f"/risks/{risk_id}/review/", {"review_on": "2027-05-01"})
    assert page.status_code == 403
    assert Risk.objects.get(id=risk_id).review_on == dt.date(2027, 3, 1)


def test_a_risk_past_its_review_date_is_flagged_and_its_owner_reminded(
    officer: Any, supervisor: Any, clock_offset: Any
) -> None:
    from jisr.core.deadlines import deadlines_sweep
    from jisr.notices.models import Notice
    from jisr.risks.services.register import risk_create

    risk_create(
        acting_user=officer,
        title_fr="Risque à revoir",
        crime_area="fraud",
        likelihood=2,
        impact=2,
        review_on=bounds.today() + dt.timedelta(days=2),
    )
    clock_offset(3 * 86400)
    from jisr.core import clock

    deadlines_sweep(clock.now())
    kinds = set(Notice.objects.filter(user=supervisor).values_list("kind", flat=True))
    assert kinds == {"risk_review_due"}
    body = logged_in(officer).get("/risks/").content.decode()
    assert "Risque à revoir" in body and 'data-testid="review-overdue"' in body
    [item] = api(Client(), officer, "get", "/risks").json()["items"]
    assert item["review_overdue"] is True


def test_the_register_draws_the_heat_map_mirrored_in_arabic_and_filters_by_area(
    officer: Any,
) -> None:
    client = Client()
    api(client, officer, "post", "/risks", RISK)
    api(
        client,
        officer,
        "post",
        "/risks",
        {
            **RISK,
            "title": "Passeurs",
            "crime_area": "migrant_smuggling",
            "likelihood": 2,
            "impact": 2,
        },
    )
    browser = logged_in(officer)
    browser.cookies["jisr_language"] = "ar"
    body = browser.get("/risks/").content.decode()
    assert 'direction="rtl"' in body and "الاحتمال" in body
    assert 'data-likelihood="4" data-impact="3" data-count="1"' in body
    filtered = browser.get("/risks/?area=migrant_smuggling").content.decode()
    assert 'data-likelihood="4" data-impact="3" data-count="0"' in filtered
    assert 'data-likelihood="2" data-impact="2" data-count="1"' in filtered


def test_the_event_risk_register_shows_the_standing_risks_linked_to_the_event(
    officer: Any, agencies: Any
) -> None:
    from jisr.events import services as event_services
    from jisr.risks.services.register import risk_create

    event = event_services.event_create(
        acting_user=officer,
        name="Tournoi fictif",
        starts_on=dt.date(2027, 6, 1),
        ends_on=dt.date(2027, 6, 10),
    )
    risk_create(
        acting_user=officer,
        title_fr="Hooligans en transit",
        crime_area="organised_crime",
        likelihood=5,
        impact=4,
        review_on=bounds.today() + dt.timedelta(days=30),
        event=event,
    )
    body = logged_in(officer).get(f"/events/{event.id}/risks/").content.decode()
    assert "Hooligans en transit" in body
    assert 'data-likelihood="5" data-impact="4" data-count="1"' in body


def test_the_register_and_bulletin_list_cost_the_same_queries_for_few_or_many_rows(
    officer: Any,
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from jisr.risks.services.register import risk_create
    from tests.risks.conftest import partner_bulletin_body, receive
    from tests.support.lists import table_rows

    def add(n: int) -> None:
        for i in range(n):
            risk_create(
                acting_user=officer,
                title_fr=f"Risque {i}",
                crime_area="fraud",
                likelihood=1 + i % 5,
                impact=2,
                review_on=bounds.today() + dt.timedelta(days=10),
            )
            receive(partner_bulletin_body(title=f"Bulletin {i}"))

    browser = logged_in(officer)

    def cost(path: str, testid: str, rows: int) -> int:
        with CaptureQueriesContext(connection) as queries:
            html = browser.get(path).content.decode()
        assert len(table_rows(html, testid)) == rows
        return len(queries)

    add(2)
    few = (cost("/risks/", "risks", 2), cost("/risks/bulletins/", "bulletins", 2))
    add(8)
    assert (cost("/risks/", "risks", 10), cost("/risks/bulletins/", "bulletins", 10)) == few
