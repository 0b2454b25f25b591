"""Federation of a group between MA (this node) and FR (signed envelopes through the inbox)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest

from jisr.core import clock
from jisr.groups import federation, services
from jisr.groups import models as gm
from tests.groups.conftest import outbox

pytestmark = pytest.mark.django_db


def _dead(response: Any) -> str:
    from jisr.federation.models import InboxEnvelope

    row = InboxEnvelope.objects.filter(id=response.envelope_id).first()
    return "" if row is None else f"{row.status}:{row.error}"


def test_an_invitation_arriving_from_a_convener_is_a_proposed_group_with_nobody_in_it(
    fr: Any, agencies: Any, make_user: Any, supervisor: Any
) -> None:
    from jisr.notices.models import Notice

    group_id = str(uuid.uuid4())
    body = {
        "id": group_id,
        "owner": "FR-DGPN",
        "name": "Groupe FR fictif",
        "mandate": "",
        "kind": "crime_area",
        "crime_area": "firearms",
        "status": "proposed",
        "closing_report": "",
        "created_at": clock.now().isoformat(),
        "updated_at": clock.now().isoformat(),
        "created_by": "fr.officer",
        "partners": [{"agency": "MA-DGSN", "status": "invited", "reason": ""}],
    }
    assert fr.upsert("groups.group", body).status_code == 200
    group = gm.WorkingGroup.objects.get(id=group_id)
    assert group.status == "proposed" and not group.is_own and group.members.count() == 0
    notice = Notice.objects.get(user=supervisor)
    assert notice.kind == "groups.invitation"


def test_a_partner_cannot_change_our_task(group: Any, officer: Any, fr: Any) -> None:
    task = services.task_add(
        acting_user=officer,
        group=group,
        title="Vérifier",
        assignee_agency="FR-DGPN",
        due=clock.now() + dt.timedelta(days=2),
    )
    forged = {**federation.task_body(task), "owner": "FR-DGPN", "status": "done"}
    response = fr.upsert("groups.task", forged, version=9)
    task.refresh_from_db()
    assert task.status == "open" and task.version == 1
    assert "not-owner" in _dead(response) or response.status_code >= 400


def test_a_partner_cannot_supersede_our_lead(group: Any, officer: Any, fr: Any) -> None:
    ours = services.lead_add(
        acting_user=officer,
        group=group,
        text="Piste",
        source_evaluation="A",
        information_evaluation="1",
    )
    forged = fr.item(
        group,
        text="Correction",
        source_evaluation="A",
        information_evaluation="1",
        handling_code="H0",
        supersedes=str(ours.id),
    )
    fr.upsert("groups.lead", forged)
    assert not gm.Lead.objects.filter(id=forged["id"]).exists()


def test_a_partner_lead_is_stored_and_appears_in_the_timeline(group: Any, fr: Any) -> None:
    lead = fr.item(
        group,
        text="Vu à Lyon",
        source_evaluation="B",
        information_evaluation="2",
        handling_code="H0",
    )
    assert fr.upsert("groups.lead", lead).status_code == 200
    stored = gm.Lead.objects.get(id=lead["id"])
    assert stored.owner.code == "FR-DGPN" and stored.text == "Vu à Lyon"
    assert group.timeline.filter(kind="lead.add", agency="FR-DGPN").exists()


def test_a_task_status_change_by_the_responsible_agency_reaches_the_owner_and_comes_back(
    group: Any, officer: Any, fr: Any
) -> None:
    task = services.task_add(
        acting_user=officer,
        group=group,
        title="Vérifier",
        assignee_agency="FR-DGPN",
        due=clock.now() + dt.timedelta(days=2),
    )
    request = {"task": str(task.id), "status": "done", "note": "Adresse confirmée", "request": "r1"}
    first = fr.send("groups.task_status", request)
    assert first.status_code == 200
    again = fr.send("groups.task_status", request, envelope_id=first.envelope_id)  # redelivery
    assert again.status_code == 200
    task.refresh_from_db()
    assert (task.status, task.result, task.version) == ("done", "Adresse confirmée", 2)
    back = outbox("groups.task")[-1].body
    assert (
        back["version"] == 2
        and back["body"]["status"] == "done"
        and back["record_id"] == str(task.id)
    )


def test_the_convener_refuses_a_task_status_from_an_agency_not_responsible(
    group: Any, officer: Any, fr: Any
) -> None:
    task = services.task_add(
        acting_user=officer,
        group=group,
        title="Nous",
        assignee_agency="MA-DGSN",
        due=clock.now() + dt.timedelta(days=2),
    )
    fr.send(
        "groups.task_status", {"task": str(task.id), "status": "done", "note": "", "request": "r"}
    )
    task.refresh_from_db()
    assert task.status == "open"


def test_our_status_change_on_a_partner_task_is_a_request_to_its_owner(
    group: Any, officer: Any, fr: Any
) -> None:
    body = fr.item(
        group,
        title="Tâche FR",
        assignee_agency="MA-DGSN",
        status="open",
        due_at=(clock.now() + dt.timedelta(days=2)).isoformat(),
        description="",
        assignee_username="",
        result="",
        done_at=None,
        meeting=None,
    )
    fr.upsert("groups.task", body)
    task = gm.Task.objects.get(id=body["id"])
    services.task_status_set(acting_user=officer, task=task, status="done", note="Fait")
    task.refresh_from_db()
    assert task.status == "open" and task.requested_status == "done"
    sent = outbox(envelope_type="groups.task_status")[-1]
    assert sent.recipient == "FR-DGPN" and sent.body["status"] == "done"
    fr.upsert("groups.task", {**body, "status": "done", "result": "Fait"}, version=2)
    task.refresh_from_db()
    assert (task.status, task.requested_status) == ("done", "")


def test_closing_the_group_withdraws_our_content_from_the_partner_and_drops_its_copies(
    group: Any, officer: Any, fr: Any
) -> None:
    ours = services.lead_add(
        acting_user=officer,
        group=group,
        text="Piste",
        source_evaluation="A",
        information_evaluation="1",
    )
    theirs = fr.item(
        group,
        text="Piste FR",
        source_evaluation="B",
        information_evaluation="2",
        handling_code="H0",
    )
    fr.upsert("groups.lead", theirs)
    services.group_close(acting_user=officer, group=group, closing_report="Objectifs atteints")
    withdrawn = {e.body["record_id"] for e in outbox(envelope_type="replica.withdraw")}
    assert str(ours.id) in withdrawn
    assert not gm.Lead.objects.filter(id=theirs["id"]).exists()
    assert gm.Lead.objects.filter(id=ours.id).exists()
    from jisr.audit.models import AuditEntry

    assert AuditEntry.objects.filter(action="group.withdrawn").exists()
    assert outbox("groups.group")[-1].body["body"]["status"] == "closed"


def test_writes_on_both_sides_during_an_outage_converge_without_loss_or_duplicate(
    group: Any, officer: Any, fr: Any
) -> None:
    """MA writes while FR is unreachable (outbox pending); FR's writes arrive late, some twice."""
    from jisr.federation.models import OutboxEnvelope

    before = OutboxEnvelope.objects.count()
    ours = [
        services.lead_add(
            acting_user=officer,
            group=group,
            text=f"MA {i}",
            source_evaluation="B",
            information_evaluation="2",
        )
        for i in range(10)
    ]
    theirs = [
        fr.item(
            group,
            text=f"FR {i}",
            source_evaluation="C",
            information_evaluation="3",
            handling_code="H0",
        )
        for i in range(10)
    ]
    responses = [fr.upsert("groups.lead", lead) for lead in theirs]
    for lead, response in zip(
        theirs[:5], responses[:5], strict=True
    ):  # redelivered after the outage
        fr.upsert("groups.lead", lead, envelope_id=response.envelope_id)
    fr.upsert("groups.lead", theirs[0], version=1)  # a second envelope with the same version
    queued = [
        e
        for e in OutboxEnvelope.objects.order_by("created")[before:]
        if e.body.get("record_type") == "groups.lead"
    ]
    # What FR will hold once the relay delivers: our outbox, one envelope per lead.
    assert sorted(e.body["record_id"] for e in queued) == sorted(str(o.id) for o in ours)
    here = sorted(gm.Lead.objects.values_list("text", flat=True))
    assert here == sorted([f"MA {i}" for i in range(10)] + [f"FR {i}" for i in range(10)])
    fr_view = sorted([e.body["body"]["text"] for e in queued] + [t["text"] for t in theirs])
    assert fr_view == here


def test_a_member_arriving_before_the_acceptance_is_retried_not_lost(officer: Any, fr: Any) -> None:
    from jisr.federation.models import InboxEnvelope

    group = services.group_create(
        acting_user=officer, name="Groupe fictif", kind="fugitives", partners=["FR-DGPN"]
    )
    member = fr.item(group, username="fr.officer")
    early = fr.upsert("groups.member", member)
    assert not group.members.filter(username="fr.officer").exists()
    assert early.status_code >= 400  # deferred: the relay sends the same envelope again
    assert not InboxEnvelope.objects.filter(id=early.envelope_id).exists()
    fr.send("groups.accept", {"group": str(group.id)})
    again = fr.upsert("groups.member", member, envelope_id=early.envelope_id)  # the relay's retry
    assert again.status_code == 200
    assert group.members.filter(username="fr.officer").exists()
