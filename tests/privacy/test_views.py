"""The DPO's home page: retention, reviews, requests and patterns; set a period; 403 for others."""

from __future__ import annotations

from typing import Any

import pytest

from jisr.privacy.models import DataSubjectRequest, RetentionSetting
from tests.support.web import logged_in

pytestmark = pytest.mark.django_db


def test_the_dpo_home_shows_the_schedule_with_its_reasons_in_french(staff: dict[str, Any]) -> None:
    page = logged_in(staff["dpo"]).get("/privacy/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert 'data-testid="retention-wanted.screening"' in page
    assert 'data-testid="reviews"' in page and 'data-testid="patterns"' in page


def test_the_nav_shows_data_protection_to_the_dpo_only(staff: dict[str, Any]) -> None:
    assert 'href="/privacy/"' in logged_in(staff["dpo"]).get("/").content.decode()
    assert 'href="/privacy/"' not in logged_in(staff["officer"]).get("/").content.decode()


def test_a_period_outside_the_bounds_is_refused_with_its_message(staff: dict[str, Any]) -> None:
    client = logged_in(staff["dpo"])
    response = client.post("/privacy/retention/wanted.screening/", {"days": "9999"}, follow=True)
    assert "Choose a period between 1 and 365 days." in response.content.decode()
    assert not RetentionSetting.objects.exists()
    client.post("/privacy/retention/wanted.screening/", {"days": "60"})
    assert RetentionSetting.objects.get().days == 60


def test_other_roles_get_403_on_the_dpo_pages(staff: dict[str, Any]) -> None:
    for who in ("officer", "reviewer", "admin"):
        client = logged_in(staff[who])
        assert client.get("/privacy/").status_code == 403
        assert client.get("/privacy/requests/new/").status_code == 403
        assert (
            client.post("/privacy/retention/wanted.screening/", {"days": "60"}).status_code == 403
        )


def test_a_request_recorded_on_the_page_opens_with_its_countdown(staff: dict[str, Any]) -> None:
    from jisr.core import bounds

    client = logged_in(staff["dpo"])
    response = client.post(
        "/privacy/requests/new/",
        {
            "kind": "access",
            "names": "Karim Tazi\nكريم التازي",
            "received": bounds.today().isoformat(),
            "language": "ar",
            "identity_note": "National identity card seen",
        },
        follow=True,
    )
    request = DataSubjectRequest.objects.get()
    assert request.subject_names == ["Karim Tazi", "كريم التازي"]
    assert 'data-testid="deadline"' in response.content.decode()
    home = client.get("/").content.decode()
    assert "/privacy/requests/" in home
