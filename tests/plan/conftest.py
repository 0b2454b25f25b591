"""Fixtures of the action plan's tests: node MA-DGSN with FR-DGPN as partner, the demo plan."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest

ALERT_DATA: dict[str, Any] = {
    "category": "arrest",
    "names": ["Yassine Benkirane-Test", "ياسين بنكيران"],
    "birth_date": "1986-04-17",
    "nationality": ["MA"],
    "sex": "M",
    "legal_basis": {
        "reference": "TNG-2026-001",
        "authority": "Procureur du Roi, Tanger",
        "date": "2026-01-15",
        "offence_category": "drug_trafficking",
        "offence_description": "Importation of cannabis resin in an organised gang.",
    },
}


@pytest.fixture(autouse=True)
def _fresh_figures() -> Any:
    """The steering page keeps closed periods' figures in the cache: never another test's."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def people(make_user: Any, fr_partner: Any) -> dict[str, Any]:
    from jisr.accounts.roles import Role

    return {
        "steering": make_user("ma.steer", [Role.SUPERVISOR, Role.LIAISON_OFFICER]),
        "admin": make_user("ma.adm", [Role.ADMINISTRATOR]),
        "analyst": make_user("ma.ana", [Role.ANALYST]),
        "officer": make_user("ma.off", [Role.LIAISON_OFFICER]),
        "reviewer": make_user("ma.rev", [Role.COMPLIANCE_REVIEWER]),
        "fr_steering": make_user("fr.steer", [Role.SUPERVISOR], agency="FR-DGPN"),
    }


@pytest.fixture
def plan(people: dict[str, Any], agencies: dict[str, Any]) -> Any:
    """The demo plan, as both nodes seed it."""
    from jisr.plan.demo import seed
    from jisr.plan.models import Plan

    seed(agencies["MA-DGSN"])
    return Plan.objects.get()


@pytest.fixture
def alert_data() -> dict[str, Any]:
    return copy.deepcopy(ALERT_DATA)


def incoming_hit(reported_at: dt.datetime, hours: float = 12, **fields: Any) -> Any:
    """A partner's hit on one of our alerts, waiting for our answer."""
    from jisr.wanted.models import Hit

    hit = Hit(
        direction=Hit.Direction.INCOMING,
        alert_ref="00000000-0000-4000-8000-000000000001",
        owner_code="MA-DGSN",
        reporter_code="FR-DGPN",
        circumstances="Passport check",
        location="Tanger Med",
        seen_at=reported_at,
        reported_at=reported_at,
        **fields,
    )
    hit.set_deadline(reported_at, reported_at + dt.timedelta(hours=hours))
    hit.save()
    return hit
