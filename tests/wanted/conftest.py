"""Fixtures of the register's tests: a node MA-DGSN with FR-DGPN as partner, and its staff."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _fresh_index() -> Iterator[None]:
    """Each test has its own database rows: never reuse another test's matching index."""
    from jisr.wanted.register_index import reset_register_index

    reset_register_index()
    yield
    reset_register_index()


@pytest.fixture
def staff(make_user: Any, fr_partner: Any) -> dict[str, Any]:
    from jisr.accounts.roles import Role

    return {
        "officer": make_user("ma.off", [Role.LIAISON_OFFICER, Role.ANALYST]),
        "officer2": make_user("ma.off2", [Role.LIAISON_OFFICER]),
        "reviewer": make_user("ma.rev", [Role.COMPLIANCE_REVIEWER]),
        "supervisor": make_user("ma.sup", [Role.SUPERVISOR, Role.LIAISON_OFFICER]),
        "dpo": make_user("ma.dpo", [Role.DPO]),
        "fr_officer": make_user("fr.off", [Role.LIAISON_OFFICER], agency="FR-DGPN"),
    }


ALERT_DATA: dict[str, Any] = {
    "category": "arrest",
    "names": ["Yassine Benkirane-Test", "ياسين بنكيران"],
    "birth_date": "1986-04-17",
    "nationality": ["MA", "FR"],
    "sex": "M",
    "legal_basis": {
        "reference": "TNG-2026-001",
        "authority": "Procureur du Roi, Tanger",
        "date": "2026-01-15",
        "offence_category": "drug_trafficking",
        "offence_description": "Importation of cannabis resin in an organised gang.",
    },
}


@pytest.fixture
def alert_data() -> dict[str, Any]:
    import copy

    return copy.deepcopy(ALERT_DATA)


@pytest.fixture
def make_active_alert(staff: dict[str, Any], alert_data: dict[str, Any]) -> Any:
    """Write, submit and approve an alert; share it with FR-DGPN unless told otherwise."""
    from tests.factories import alert_active

    def _make(share: bool = True, **overrides: Any) -> Any:
        return alert_active(
            author=staff["officer"],
            reviewer=staff["reviewer"],
            data={**alert_data, **overrides},
            share_with=["FR-DGPN"] if share else [],
        )

    return _make
