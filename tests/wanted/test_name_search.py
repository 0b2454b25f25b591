"""The alert list's name search: across scripts through the matching engine, and without
regard to case or accents. Every name here is fictitious."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from jisr.wanted import selectors
from jisr.wanted.register_index import reset_register_index
from tests.support.web import logged_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def register(make_active_alert: Any) -> dict[str, Any]:
    reset_register_index()
    alerts = {
        "ettazi": make_active_alert(names=["Karim Ettazi-Fictif"]),
        "arabic": make_active_alert(names=["سليم التازي"], birth_date="1979-02-03"),
        "accent": make_active_alert(names=["Élodie Marchetti-Fictive"], birth_date="1990-07-21"),
        "other": make_active_alert(names=["Youssef Benali-Fictif"], birth_date="1970-01-01"),
    }
    yield alerts
    reset_register_index()


def _found(user: Any, q: str) -> set[str]:
    return {str(a.pk) for a in selectors.alerts_for_list(user, q=q)}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Tazi", {"ettazi", "arabic"}),
        ("tazi", {"ettazi", "arabic"}),
        ("التازي", {"ettazi", "arabic"}),
        ("elodie", {"accent"}),
        ("MARCHETTI", {"accent"}),
        ("Benali", {"other"}),
        ("Zerhouni", set()),
    ],
)
def test_a_name_part_finds_alerts_in_both_scripts_whatever_the_case_or_accents(
    register: dict[str, Any], staff: dict[str, Any], query: str, expected: set[str]
) -> None:
    wanted = {str(register[key].pk) for key in expected}
    assert _found(staff["officer"], query) == wanted


def test_the_alert_list_page_shows_the_arabic_and_latin_alerts_for_tazi(
    register: dict[str, Any], staff: dict[str, Any]
) -> None:
    body = logged_in(staff["officer"]).get(reverse("wanted:alert_list"), {"q": "Tazi"})
    text = body.content.decode()
    assert "Karim Ettazi-Fictif" in text and "سليم التازي" in text
    assert "Youssef Benali-Fictif" not in text
