"""The group's life on the convener's node: invitation, content, tasks, operations."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from jisr.core import clock
from jisr.groups import models as gm
from jisr.groups import services
from tests.groups.conftest import outbox

pytestmark = pytest.mark.django_db


def test_a_proposal_sends_the_partner_an_invitation_with_no_member_and_no_content(
    officer: Any, supervisor: Any, fr: Any
) -> None:
    group = services.group_create(
        acting_user=officer,
        name="Groupe fictif",
        kind="fugitives",
        partners=["FR-DGPN"],
        members=["ma.supervisor"],
    )
    sent = outbox()
    assert [e.body["record_type"] for e in sent] == ["groups.group"]
    body = sent[0].body["body"]
    assert body["status"] == "proposed" and "members" not in body
    assert sorted(group.members.values_list("username", flat=True)) == [
        "ma.officer",
        "ma.supervisor",
    ]


def test_acceptance_activates_the_group_and_sends_our_members_to_the_partner(group: Any) -> None:
    members = [e.body["body"]["username"] for e in outbox("groups.member")]
    assert sorted(members) == ["ma.officer", "ma.supervisor"]
    assert group.partners.get().status == "accepted"
    assert sorted(group.members.values_list("username", flat=True)) == [
        "fr.officer",
        "ma.officer",
        "ma.supervisor",
    ]


def test_a_task_given_to_fr_is_replicated_with_its_due_date(group: Any, officer: Any) -> None:
    due = clock.now() + dt.timedelta(days=2)
    task = services.task_add(
        acting_user=officer,
        group=group,
        title="Vérifier l'adresse",
        assignee_agency="FR-DGPN",
        due=due,
    )
    sent = outbox("groups.task")[-1].body
    assert sent["record_id"] == str(task.id) and sent["body"]["assignee_agency"] == "FR-DGPN"
    assert task.remind_at == task.created_at + (due - task.created_at) / 2


def test_a_task_due_in_the_past_is_refused_and_nothing_is_written(group: Any, officer: Any) -> None:
    with pytest.raises(ValidationError) as err:
        services.task_add(
            acting_user=officer,
            group=group,
            title="x",
            assignee_agency="FR-DGPN",
            due=clock.now() - dt.timedelta(hours=1),
        )
    assert "due" in err.value.message_dict
    assert not gm.Task.objects.exists()


def test_a_member_from_an_agency_outside_the_group_is_refused(
    group: Any, officer: Any, make_user: Any
) -> None:
    with pytest.raises(ValidationError) as err:
        services.member_add(acting_user=officer, group=group, username="fr.supervisor")
    assert "username" in err.value.message_dict
    assert group.members.count() == 3


def test_an_operation_is_authorised_only_when_each_agency_approved_the_current_version(
    group: Any, officer: Any, supervisor: Any, fr: Any
) -> None:
    from jisr.groups.selectors import operation_is_authorised

    op = services.operation_plan(
        acting_user=officer,
        group=group,
        name="Opération fictive",
        objective="Interpellations",
        legal_basis={"MA-DGSN": "Art. fictif 1", "FR-DGPN": "Art. fictif 2"},
        phases=[],
        resources={},
        target_ids=[],
        comms_plan="",
        day=None,
    )
    services.operation_approve(acting_user=supervisor, operation=op, version=1)
    assert not operation_is_authorised(op)
    fr_approval = {
        "id": str(services.approval_id(op.id, "FR-DGPN")),
        "owner": "FR-DGPN",
        "operation": str(op.id),
        "plan_version": 1,
        "created_at": clock.now().isoformat(),
        "created_by": "fr.supervisor",
    }
    assert fr.upsert("groups.approval", fr_approval).status_code == 200
    assert operation_is_authorised(op)
    services.operation_change(
        acting_user=officer,
        operation=op,
        name="Opération fictive",
        objective="Interpellations et perquisitions",
        legal_basis={"MA-DGSN": "Art. fictif 1", "FR-DGPN": "Art. fictif 2"},
        phases=[],
        resources={},
        target_ids=[],
        comms_plan="",
        day=None,
    )
    op.refresh_from_db()
    assert op.plan_version == 2 and not operation_is_authorised(op)
    with pytest.raises(ValidationError):
        services.operation_approve(acting_user=supervisor, operation=op, version=1)


def test_the_supervisor_who_wrote_a_version_of_the_plan_does_not_approve_it(
    group: Any, officer: Any, supervisor: Any
) -> None:
    from django.core.exceptions import PermissionDenied

    from tests.support.web import logged_in

    plan = {
        "name": "Opération fictive",
        "objective": "Interpellations",
        "legal_basis": {"MA-DGSN": "Art. fictif 1", "FR-DGPN": "Art. fictif 2"},
        "phases": [],
        "resources": {},
        "target_ids": [],
        "comms_plan": "",
        "day": None,
    }
    op = services.operation_plan(acting_user=supervisor, group=group, **plan)
    with pytest.raises(PermissionDenied, match="another supervisor"):
        services.operation_approve(acting_user=supervisor, operation=op, version=1)
    assert not gm.OperationApproval.objects.filter(operation=op).exists()
    page = logged_in(supervisor).get(f"/groups/operations/{op.id}/").content.decode()
    assert 'data-testid="wrote-plan"' in page and "Approve version 1" not in page

    # Someone else writes version 2: the supervisor may approve that one.
    services.operation_change(
        acting_user=officer, operation=op, **{**plan, "objective": "Interpellations et saisies"}
    )
    op.refresh_from_db()
    page = logged_in(supervisor).get(f"/groups/operations/{op.id}/").content.decode()
    assert 'data-testid="wrote-plan"' not in page and "Approve version 2" in page
    approval = services.operation_approve(acting_user=supervisor, operation=op, version=2)
    assert approval.created_by == supervisor.username


def test_a_task_given_to_us_reminds_at_half_time_and_tells_when_overdue(
    group: Any, officer: Any, supervisor: Any
) -> None:
    from jisr.core.deadlines import deadlines_sweep
    from jisr.notices.models import Notice

    start = clock.now()
    services.task_add(
        acting_user=officer,
        group=group,
        title="Rapport",
        assignee_agency="MA-DGSN",
        due=start + dt.timedelta(days=2),
    )
    assert Notice.objects.filter(kind="groups.task_assigned").count() == 2
    deadlines_sweep(start + dt.timedelta(days=1, hours=1))
    assert Notice.objects.filter(kind="groups.task_reminder", user=supervisor).exists()
    deadlines_sweep(start + dt.timedelta(days=3))
    assert Notice.objects.filter(kind="groups.task_overdue", user=officer).exists()


def test_the_indicators_count_active_groups_and_tasks_done_on_time(
    group: Any, officer: Any
) -> None:
    from jisr.core.indicators import indicator_definitions

    definitions = indicator_definitions()
    now = clock.now()
    assert (
        definitions["groups.active"].evaluate(
            now - dt.timedelta(days=1), now + dt.timedelta(days=1)
        )
        == 1
    )
    task = services.task_add(
        acting_user=officer,
        group=group,
        title="Rapport",
        assignee_agency="MA-DGSN",
        due=now + dt.timedelta(days=2),
    )
    services.task_status_set(acting_user=officer, task=task, status="done")
    assert definitions["groups.tasks_on_time"].evaluate(now, now + dt.timedelta(days=3)) == 1.0


def test_a_person_of_interest_is_shared_only_after_a_second_person_approved_it(
    group: Any, officer: Any, supervisor: Any
) -> None:
    from django.core.exceptions import PermissionDenied

    target = services.target_add(acting_user=officer, group=group, names=["Karim Fictif-Test"])
    assert target.review_status == "pending" and not outbox("groups.target")
    with pytest.raises(PermissionDenied):
        services.target_review(acting_user=officer, target=target, decision="approve")
    services.target_review(acting_user=supervisor, target=target, decision="approve")
    sent = outbox("groups.target")
    assert len(sent) == 1 and sent[0].body["body"]["names"] == ["Karim Fictif-Test"]
