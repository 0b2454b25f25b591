"""Groups' entries for ``tests/federation/test_ownership.py``.

``OWN``: our own group and every kind of item we write in a group (member, target, lead,
task, meeting, operation, approval, log entry, result, case link).

``PARTNER_WITH_OURS``: a partner's record with rows of ours hanging on it (our members and
items in FR's group, our approval, log entry and result on FR's operation): when FR
withdraws it, every row of ours stays on this node.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

#: The apps whose tables must not change when a partner's envelope is refused.
APPS = ("groups",)

_LEGAL = {"MA-DGSN": "Art. fictif 1", "FR-DGPN": "Art. fictif 2"}


def _receive(record_type: str, body: dict[str, Any]) -> None:
    from tests.training.conftest import receive

    receive(record_type, body)


def _now() -> str:
    from jisr.core import clock

    return clock.now().isoformat()


def own_group(staff: dict[str, Any]) -> Any:
    """Our group, which FR accepted (active)."""
    from jisr.groups import services

    group = services.group_create(
        acting_user=staff["coordinator"],
        name="Groupe fictif Détroit",
        kind="fugitives",
        mandate="Localiser des fugitifs fictifs.",
        partners=["FR-DGPN"],
    )
    services.group_partner_answered(group=group, agency_code="FR-DGPN", accepted=True, reason="")
    group.refresh_from_db()
    assert group.status == "active"
    return group


def fr_group(staff: dict[str, Any]) -> Any:
    """FR's group, which we accepted: active on this node."""
    from jisr.groups import services
    from jisr.groups.models import WorkingGroup

    group_id = str(uuid.uuid4())
    body = {
        "id": group_id,
        "owner": "FR-DGPN",
        "created_at": _now(),
        "created_by": "fr.officer",
        "name": "Groupe fictif de FR",
        "mandate": "Mandat fictif.",
        "kind": "fugitives",
        "crime_area": "",
        "status": "proposed",
        "closing_report": "",
        "updated_at": _now(),
        "partners": [{"agency": "MA-DGSN", "status": "invited", "reason": ""}],
    }
    _receive("groups.group", body)
    group = WorkingGroup.objects.get(id=group_id)
    services.group_accept(
        acting_user=staff["coordinator"], group=group, members=[staff["coordinator"].username]
    )
    body = {
        **body,
        "status": "active",
        "partners": [{"agency": "MA-DGSN", "status": "accepted", "reason": ""}],
    }
    from tests.training.conftest import receive

    receive("groups.group", body, version=2)
    group.refresh_from_db()
    assert group.status == "active"
    return group


def _operation(staff: dict[str, Any], group: Any) -> Any:
    from jisr.groups import services

    return services.operation_plan(
        acting_user=staff["coordinator"],
        group=group,
        name="Opération fictive",
        objective="Interpellations fictives",
        legal_basis=_LEGAL,
        phases=[],
        resources={},
        target_ids=[],
        comms_plan="",
        day=None,
    )


def _fr_approves(operation: Any) -> None:
    from jisr.groups import services

    _receive(
        "groups.approval",
        {
            "id": str(services.approval_id(operation.id, "FR-DGPN")),
            "owner": "FR-DGPN",
            "operation": str(operation.id),
            "plan_version": operation.plan_version,
            "created_at": _now(),
            "created_by": "fr.supervisor",
        },
    )


def own_member(staff: dict[str, Any]) -> Any:
    return own_group(staff).members.get(owner__is_own=True)


def own_target(staff: dict[str, Any]) -> Any:
    from jisr.groups import services

    target = services.target_add(
        acting_user=staff["coordinator"], group=own_group(staff), names=["Karim Fictif-Test"]
    )
    return target


def own_lead(staff: dict[str, Any]) -> Any:
    from jisr.groups import services

    return services.lead_add(
        acting_user=staff["coordinator"],
        group=own_group(staff),
        text="Piste fictive",
        source_evaluation="B",
        information_evaluation="2",
    )


def own_task(staff: dict[str, Any]) -> Any:
    from jisr.core import clock
    from jisr.groups import services

    return services.task_add(
        acting_user=staff["coordinator"],
        group=own_group(staff),
        title="Tâche fictive",
        assignee_agency="FR-DGPN",
        due=clock.now() + dt.timedelta(days=3),
    )


def own_meeting(staff: dict[str, Any]) -> Any:
    from jisr.core import clock
    from jisr.groups import services

    return services.meeting_add(
        acting_user=staff["coordinator"],
        group=own_group(staff),
        held_at=clock.now() - dt.timedelta(days=1),
        place="Salle fictive",
        agenda="Ordre du jour fictif",
    )


def own_operation(staff: dict[str, Any]) -> Any:
    return _operation(staff, own_group(staff))


def _second_supervisor(staff: dict[str, Any], group: Any) -> Any:
    """Another supervisor of ours in ``group``: the one who planned does not approve."""
    from jisr.accounts.models import User
    from jisr.accounts.roles import Role
    from jisr.accounts.services import user_create
    from jisr.groups import services

    user = User.objects.filter(username="ma.coord2").first() or user_create(
        acting_user=None,
        username="ma.coord2",
        password="correct horse battery",
        agency=staff["coordinator"].agency,
        roles=[Role.SUPERVISOR, Role.LIAISON_OFFICER],
    )
    if not group.members.filter(user=user).exists():
        services.member_add(acting_user=staff["coordinator"], group=group, username=user.username)
    return user


def own_approval(staff: dict[str, Any]) -> Any:
    from jisr.groups import services

    operation = own_operation(staff)
    return services.operation_approve(
        acting_user=_second_supervisor(staff, operation.group), operation=operation, version=1
    )


def _authorised(staff: dict[str, Any], group: Any) -> Any:
    from jisr.groups import services

    operation = _operation(staff, group)
    services.operation_approve(
        acting_user=_second_supervisor(staff, group), operation=operation, version=1
    )
    _fr_approves(operation)
    return operation


def own_oplog(staff: dict[str, Any]) -> Any:
    from jisr.groups import services

    return services.operation_log_add(
        acting_user=staff["coordinator"],
        operation=_authorised(staff, own_group(staff)),
        text="Entrée fictive",
    )


def own_result(staff: dict[str, Any]) -> Any:
    from jisr.groups import services

    return services.operation_result_add(
        acting_user=staff["coordinator"],
        operation=_authorised(staff, own_group(staff)),
        kind="arrest",
        quantity="1",
    )


def own_case(staff: dict[str, Any]) -> Any:
    from jisr.groups import services
    from tests.exchange.ownership import own_case as case

    return services.case_attach(
        acting_user=staff["coordinator"], group=own_group(staff), case_id=case(staff).id
    )


def _body(name: str) -> Callable[[Any], dict[str, Any]]:
    def body(record: Any) -> dict[str, Any]:
        from jisr.groups import federation

        result: dict[str, Any] = getattr(federation, f"{name}_body")(record)
        return result

    return body


#: record type -> (make one of this node's own records from ``staff``, the body a partner
#: would send for it).
OWN = {
    "groups.group": (own_group, _body("group")),
    "groups.member": (own_member, _body("member")),
    "groups.target": (own_target, _body("target")),
    "groups.lead": (own_lead, _body("lead")),
    "groups.task": (own_task, _body("task")),
    "groups.meeting": (own_meeting, _body("meeting")),
    "groups.operation": (own_operation, _body("operation")),
    "groups.approval": (own_approval, _body("approval")),
    "groups.oplog": (own_oplog, _body("oplog")),
    "groups.result": (own_result, _body("result")),
    "groups.case": (own_case, _body("case")),
}


def fr_group_with_ours(staff: dict[str, Any]) -> tuple[Any, list[Any]]:
    """FR's group holding our member, lead, task and operation."""
    from jisr.core import clock
    from jisr.groups import services

    group = fr_group(staff)
    ours = [
        group.members.get(owner__is_own=True),
        services.lead_add(
            acting_user=staff["coordinator"],
            group=group,
            text="Notre piste fictive",
            source_evaluation="B",
            information_evaluation="2",
        ),
        services.task_add(
            acting_user=staff["coordinator"],
            group=group,
            title="Notre tâche fictive",
            assignee_agency="MA-DGSN",
            due=clock.now() + dt.timedelta(days=3),
        ),
        _operation(staff, group),
    ]
    return group, ours


def fr_operation_with_ours(staff: dict[str, Any]) -> tuple[Any, list[Any]]:
    """FR's authorised operation in our group, with our approval, log entry and result."""
    from jisr.groups import services
    from jisr.groups.models import Operation

    group = own_group(staff)
    operation_id = str(uuid.uuid4())
    _receive(
        "groups.operation",
        {
            "id": operation_id,
            "owner": "FR-DGPN",
            "group": str(group.id),
            "created_at": _now(),
            "created_by": "fr.officer",
            "name": "Opération fictive de FR",
            "objective": "Objectif fictif",
            "legal_basis": _LEGAL,
            "phases": [],
            "resources": {},
            "target_ids": [],
            "comms_plan": "",
            "day": None,
            "status": "planned",
            "lessons_learned": "",
            "plan_version": 1,
        },
    )
    operation = Operation.objects.get(id=operation_id)
    approval = services.operation_approve(
        acting_user=staff["coordinator"], operation=operation, version=1
    )
    _fr_approves(operation)
    entry = services.operation_log_add(
        acting_user=staff["coordinator"], operation=operation, text="Notre entrée fictive"
    )
    result = services.operation_result_add(
        acting_user=staff["coordinator"], operation=operation, kind="arrest", quantity="2"
    )
    return operation, [approval, entry, result]


#: record type -> make a partner-owned record with records of ours hanging on it; returns
#: (the partner's record, our records).
PARTNER_WITH_OURS = {
    "groups.group": fr_group_with_ours,
    "groups.operation": fr_operation_with_ours,
}
