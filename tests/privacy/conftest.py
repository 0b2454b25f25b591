"""Fixtures of the data-protection tests: node MA-DGSN with FR-DGPN as partner, its staff."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _fresh_indexes() -> Iterator[None]:
    """Each test has its own rows: never reuse another test's matching indexes."""
    from jisr.privacy.person_index import reset_person_index
    from jisr.wanted.register_index import reset_register_index

    reset_register_index()
    reset_person_index()
    yield
    reset_register_index()
    reset_person_index()


@pytest.fixture
def staff(make_user: Any, fr_partner: Any) -> dict[str, Any]:
    from jisr.accounts.roles import Role

    return {
        "officer": make_user("ma.off", [Role.LIAISON_OFFICER, Role.ANALYST]),
        "reviewer": make_user("ma.rev", [Role.COMPLIANCE_REVIEWER]),
        "supervisor": make_user("ma.sup", [Role.SUPERVISOR]),
        "dpo": make_user("ma.dpo", [Role.DPO]),
        "admin": make_user("ma.adm", [Role.ADMINISTRATOR]),
    }


ALERT_DATA: dict[str, Any] = {
    "category": "arrest",
    "names": ["كريم التازي"],
    "birth_date": "1984-03-09",
    "nationality": ["MA"],
    "sex": "M",
    "legal_basis": {
        "reference": "CAS-2026-014",
        "authority": "Procureur du Roi, Casablanca",
        "date": "2026-01-10",
        "offence_category": "drug_trafficking",
        "offence_description": "Fictitious test case: trafficking in an organised gang.",
    },
}


@pytest.fixture
def make_alert(staff: dict[str, Any]) -> Any:
    """Write, submit and approve an alert of MA, shared with FR-DGPN."""
    from tests.factories import alert_active

    def _make(**overrides: Any) -> Any:
        return alert_active(
            author=staff["officer"],
            reviewer=staff["reviewer"],
            data={**copy.deepcopy(ALERT_DATA), **overrides},
        )

    return _make


@pytest.fixture
def api(staff: dict[str, Any]) -> Any:
    """``api("dpo")`` is a test client with that staff member's API token."""
    from django.test import Client

    from jisr.accounts.services import token_create

    def _client(who: str) -> Client:
        raw = token_create(acting_user=None, user=staff[who], label="test")
        return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")

    return _client
