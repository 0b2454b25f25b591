"""The targets tab searches names across scripts, as the alert list does (issue 13)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from jisr.groups import services
from tests.support.web import logged_in

pytestmark = pytest.mark.django_db


def _shown(group: Any, officer: Any, query: str) -> list[str]:
    client = logged_in(officer)
    response = client.get(f"/groups/{group.id}/", {"tab": "targets", "q": query})
    assert response.status_code == 200
    table = response.content.decode().split('data-testid="targets"', 1)[1].split("</table>")[0]
    return re.findall(r'/groups/targets/[^"]*"><bdi>([^<]*)</bdi>', table)


@pytest.fixture
def targets(group: Any, officer: Any, fr_alert: str) -> None:
    services.target_add(acting_user=officer, group=group, names=["التازي"])
    services.target_add(acting_user=officer, group=group, names=["Nadir Oufkir-Fictif"])
    services.target_add(acting_user=officer, group=group, alert_id=fr_alert)


def test_tazi_in_latin_letters_finds_the_target_named_in_arabic(
    group: Any, officer: Any, targets: None
) -> None:
    assert _shown(group, officer, "Tazi") == ["التازي"]


def test_a_part_of_an_alerts_name_finds_its_target_case_and_accents_aside(
    group: Any, officer: Any, targets: None
) -> None:
    assert _shown(group, officer, "fictif-moreau") == ["Lucien Fictif-Moreau"]


def test_without_a_query_every_target_is_listed_and_the_box_keeps_what_was_typed(
    group: Any, officer: Any, targets: None
) -> None:
    assert len(_shown(group, officer, "")) == 3
    page = logged_in(officer).get(f"/groups/{group.id}/?tab=targets&q=Tazi").content.decode()
    assert re.search(r'name="q" value="Tazi"', page)
