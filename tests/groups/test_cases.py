"""Exchange cases in a group: a member opens one with the partner agency, or attaches one."""

from __future__ import annotations

from typing import Any

import pytest

from tests.groups.conftest import api_auth, outbox, post
from tests.support.web import logged_in

pytestmark = pytest.mark.django_db


def test_a_member_opens_a_case_with_the_partner_agency_from_the_group_through_the_api(
    client: Any, group: Any, officer: Any
) -> None:
    from jisr.exchange.models import Case

    response = post(
        client,
        f"/api/v1/groups/{group.id}/cases",
        {"subject": "Filière fictive du port"},
        api_auth(officer),
    )

    assert response.status_code == 201, response.content
    case = Case.objects.get(id=response.json()["case_id"])
    assert case.title == "Filière fictive du port"
    assert case.owner.code == "MA-DGSN"
    assert sorted(a.code for a in case.participants.all()) == ["FR-DGPN", "MA-DGSN"]
    assert case.crime_area == "other"
    # The exchange replicates the case itself; the group replicates the link.
    assert [e.recipient for e in outbox("exchange.case")] == ["FR-DGPN"]
    links = outbox("groups.case")
    assert [e.body["body"]["case_id"] for e in links] == [str(case.id)]
    detail = client.get(f"/api/v1/groups/{group.id}", **api_auth(officer)).json()
    assert [c["case_id"] for c in detail["cases"]] == [str(case.id)]


def test_a_case_without_a_subject_is_refused_and_nothing_is_opened(
    client: Any, group: Any, officer: Any
) -> None:
    from jisr.exchange.models import Case

    response = post(
        client, f"/api/v1/groups/{group.id}/cases", {"subject": "  "}, api_auth(officer)
    )

    assert response.status_code == 422
    assert "subject" in response.content.decode()
    assert Case.objects.count() == 0
    assert group.cases.count() == 0


def test_attaching_an_existing_case_still_works(client: Any, group: Any, officer: Any) -> None:
    from jisr.exchange.services import case_open

    case = case_open(
        acting_user=officer, title="Dossier fictif", crime_area="firearms", partners=["FR-DGPN"]
    )

    response = post(
        client, f"/api/v1/groups/{group.id}/cases", {"case_id": str(case.id)}, api_auth(officer)
    )

    assert response.status_code == 201
    assert response.json()["case_id"] == str(case.id)
    again = post(
        client, f"/api/v1/groups/{group.id}/cases", {"case_id": str(case.id)}, api_auth(officer)
    )
    assert again.status_code == 422
    assert "already attached" in again.content.decode()


def test_a_user_who_is_not_a_member_cannot_open_a_case_from_the_group(
    client: Any, group: Any, analyst: Any
) -> None:
    from jisr.exchange.models import Case

    response = post(
        client, f"/api/v1/groups/{group.id}/cases", {"subject": "Essai"}, api_auth(analyst)
    )

    assert response.status_code == 404
    assert Case.objects.count() == 0


def test_the_leads_tab_opens_a_case_and_lists_it_with_its_reference(
    group: Any, officer: Any
) -> None:
    from jisr.exchange.models import Case

    web = logged_in(officer)
    response = web.post(
        f"/groups/{group.id}/cases/", {"subject": "Filière fictive", "crime_area": "firearms"}
    )

    assert response.status_code == 302
    case = Case.objects.get()
    assert case.crime_area == "firearms"
    page = web.get(f"/groups/{group.id}/?tab=leads").content.decode()
    assert case.reference in page
    assert "Filière fictive" in page
    assert 'id="case-form"' in page
