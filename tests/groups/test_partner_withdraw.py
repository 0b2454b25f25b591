"""A partner's withdrawal removes its own content, never ours (signed envelopes, real inbox).

Our members, leads, tasks, operations, approvals, log entries and results hang on a
partner's group or operation through ``on_delete=CASCADE``: before the fix, FR withdrawing
its group, withdrawing its operation, closing its group or leaving ours deleted them.
"""

from __future__ import annotations

from typing import Any

import pytest

from jisr.audit.models import AuditEntry
from jisr.groups import models as gm
from tests.groups.ownership import fr_group_with_ours, fr_operation_with_ours

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(make_user: Any) -> dict[str, Any]:
    from jisr.accounts.roles import Role

    return {"coordinator": make_user("ma.coord", [Role.SUPERVISOR, Role.LIAISON_OFFICER])}


def _still_here(records: list[Any]) -> bool:
    return all(type(r).objects.filter(pk=r.pk).exists() for r in records)


def test_a_partner_cannot_withdraw_its_group_while_our_items_are_in_it(
    fr: Any, staff: dict[str, Any]
) -> None:
    group, ours = fr_group_with_ours(staff)
    response = fr.withdraw("groups.group", str(group.id), version=9)
    assert response.status_code == 422 and response.json()["reason"] == "not-owner"
    assert gm.WorkingGroup.objects.filter(id=group.id).exists()
    assert _still_here(ours)


def test_a_partner_withdrawing_its_operation_empties_it_and_keeps_our_approval_and_log(
    fr: Any, staff: dict[str, Any]
) -> None:
    operation, ours = fr_operation_with_ours(staff)
    assert fr.withdraw("groups.operation", str(operation.id), version=9).status_code == 200
    assert _still_here(ours)
    operation.refresh_from_db()
    assert operation.objective == "" and operation.legal_basis == {}
    entry = AuditEntry.objects.filter(action="group.withdrawn").latest("seq")
    assert entry.actor_username == "FR-DGPN" and entry.extra["kept"] == 3


def test_a_partner_closing_its_group_drops_its_content_and_keeps_ours(
    fr: Any, staff: dict[str, Any]
) -> None:
    from jisr.groups import federation

    group, ours = fr_group_with_ours(staff)
    fr_lead = fr.item(group, text="Piste de FR", source_evaluation="A", information_evaluation="1")
    assert fr.upsert("groups.lead", fr_lead).status_code == 200
    body = {**federation.group_body(group), "status": "closed"}
    body["partners"] = [{"agency": "MA-DGSN", "status": "accepted", "reason": ""}]
    assert fr.upsert("groups.group", body, version=5).status_code == 200
    assert not gm.Lead.objects.filter(id=fr_lead["id"]).exists()
    assert _still_here(ours)
    entry = AuditEntry.objects.filter(action="group.withdrawn").latest("seq")
    assert entry.extra["reason"] == "closed" and entry.extra["kept"] == len(ours)


def test_a_partner_leaving_our_group_keeps_our_approval_of_its_operation(
    fr: Any, staff: dict[str, Any]
) -> None:
    operation, ours = fr_operation_with_ours(staff)
    response = fr.send("groups.decline", {"group": str(operation.group_id), "reason": "Fin"})
    assert response.status_code == 200
    assert _still_here(ours)
    operation.refresh_from_db()
    assert operation.objective == ""
    entry = AuditEntry.objects.filter(action="group.withdrawn").latest("seq")
    assert entry.extra["agency"] == "FR-DGPN" and entry.extra["kept_operations"] == 1
