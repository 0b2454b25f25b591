"""The per-process index follows the table: new, changed and deleted alerts."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from jisr.matching import Person
from jisr.wanted import services
from jisr.wanted.register_index import register_index

pytestmark = pytest.mark.django_db


def _ids(name: str, *, active_only: bool = True) -> list[str]:
    found = register_index().search(Person("q", [name]), active_only=active_only)
    return [m.id for m, _entry in found]


def _copy(name: str) -> str:
    record_id = str(uuid.uuid4())
    services.copy_upsert(
        "FR-DGPN", record_id, 1, {"category": "locate", "names": [name], "legal_basis": {}}
    )
    return record_id


def test_the_index_follows_additions_deletions_and_status_changes(
    staff: Any, alert_data: Any
) -> None:
    first = _copy("Lucas Fernandez-Test")
    assert _ids("Lucas Fernandez-Test") == [first]
    # A deletion and an addition between two searches leave the row count unchanged.
    services.copy_withdraw("FR-DGPN", first)
    second = _copy("Mehdi Ouazzani-Test")
    assert _ids("Lucas Fernandez-Test") == []
    assert _ids("Mehdi Ouazzani-Test") == [second]
    draft = services.alert_create(acting_user=staff["officer"], data=alert_data)
    assert _ids("Yassine Benkirane-Test") == []
    assert _ids("Yassine Benkirane-Test", active_only=False) == [str(draft.id)]
    services.alert_withdraw(acting_user=staff["officer"], alert=draft, reason="typo")
    assert _ids("Yassine Benkirane-Test", active_only=False) == []
