"""Who may see and change which case and message: the desk's object rules, as a table."""

from __future__ import annotations

from typing import Any

import pytest

from jisr.accounts.roles import Role
from jisr.exchange import permissions as perms
from jisr.exchange.models import Message

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(
    agencies_with_spain: Any, officer: Any, supervisor: Any, reviewer: Any, make_user: Any
) -> dict[str, Any]:
    return {
        "officer": officer,
        "supervisor": supervisor,
        "reviewer": reviewer,
        "analyst": make_user("ma.analyst", [Role.ANALYST]),
        "fr_officer": make_user("fr.officer", [Role.LIAISON_OFFICER], agency="FR-DGPN"),
        "es_officer": make_user("es.officer", [Role.LIAISON_OFFICER], agency="ES-CNP"),
    }


@pytest.fixture
def agencies_with_spain(agencies: dict[str, Any]) -> dict[str, Any]:
    from jisr.accounts.services import agency_upsert

    agencies["ES-CNP"] = agency_upsert(
        code="ES-CNP",
        is_own=False,
        name_en="Spain (fictitious)",
        name_fr="Espagne",
        name_ar="إسبانيا",
    )
    return agencies


CASE_RULES = [
    # who, permission, allowed on a case MA owns and shares with FR?
    ("officer", perms.VIEW_CASES, True),
    ("analyst", perms.VIEW_CASES, True),
    ("reviewer", perms.VIEW_CASES, False),
    ("fr_officer", perms.VIEW_CASES, True),
    ("es_officer", perms.VIEW_CASES, False),
    ("officer", perms.OPEN_CASES, True),
    ("analyst", perms.OPEN_CASES, False),
    ("es_officer", perms.OPEN_CASES, False),
    ("officer", perms.CHANGE_CASE, True),
    ("supervisor", perms.CHANGE_CASE, True),
    ("analyst", perms.CHANGE_CASE, False),
    ("fr_officer", perms.CHANGE_CASE, False),
]


@pytest.mark.parametrize(("who", "perm", "allowed"), CASE_RULES)
def test_case_rules(agencies_with_spain, people, case, who: str, perm: str, allowed) -> None:
    assert people[who].has_perm(perm, case) is allowed


@pytest.mark.parametrize(
    ("who", "sender", "allowed"),
    [
        ("officer", "MA-DGSN", True),
        ("officer", "FR-DGPN", False),
        ("fr_officer", "FR-DGPN", False),  # FR's own copy of its item lives on FR's node
        ("analyst", "MA-DGSN", False),
    ],
)
def test_only_the_sending_agency_consents(
    agencies_with_spain, people, case, who: str, sender: str, allowed: bool
) -> None:
    message = Message(case=case, sender=agencies_with_spain[sender])
    assert people[who].has_perm(perms.GRANT_CONSENT, message) is allowed


def test_a_message_is_seen_by_the_agencies_in_its_case(agencies_with_spain, people, case) -> None:
    message = Message(case=case, sender=agencies_with_spain["MA-DGSN"])
    assert people["fr_officer"].has_perm(perms.VIEW_CASES, message) is True
    assert people["es_officer"].has_perm(perms.VIEW_CASES, message) is False
