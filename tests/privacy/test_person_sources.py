"""The person search also finds working-group targets and leads, document indicators of
bulletins and training participants; a partner's officer opening our group target is told
to us by a consultation receipt."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from jisr.core import clock
from jisr.privacy.services.person import person_search_record
from tests.factories import group_active, group_lead, person_of_interest

pytestmark = pytest.mark.django_db


def _partners_group(owner: Any) -> Any:
    """A partner's group as its copy lies here (its owner's node made it)."""
    from jisr.groups.models import WorkingGroup

    now = clock.now()
    return WorkingGroup.objects.create(
        owner=owner, name="Groupe fictif", kind="fugitives", created_at=now, updated_at=now
    )


def test_a_person_of_interest_of_a_group_and_its_leads_are_found_in_latin_script(
    staff: dict[str, Any],
) -> None:
    officer = staff["officer"]
    group = group_active(convener=officer)
    target = person_of_interest(
        acting_user=officer, group=group, names=["نادية الزياني"], birth_date="1991-06-12"
    )
    lead = group_lead(
        acting_user=officer, group=group, target=target, text="Seen at the port (fictitious)."
    )

    result = person_search_record(acting_user=staff["dpo"], name="Nadia Ziani")

    found = {(r["kind"], r["id"]) for r in result.records}
    assert found == {("groups.target", str(target.id)), ("groups.lead", str(lead.id))}


def test_a_training_participant_and_a_bulletins_document_indicator_are_found(
    staff: dict[str, Any], fr_partner: Any
) -> None:
    from jisr.risks.models import Bulletin, BulletinIndicator
    from jisr.training.models import Course, Nomination, TrainingSession

    now = clock.now()
    course = Course.objects.create(
        owner=fr_partner.agency,
        domain="cybercrime",
        format="on_site",
        duration_days=2,
        seats_per_session=10,
        created_at=now,
        updated_at=now,
    )
    session = TrainingSession.objects.create(
        course=course,
        starts_on=now.date() + dt.timedelta(days=30),
        ends_on=now.date() + dt.timedelta(days=31),
        seats=10,
        partner=staff["dpo"].agency,
        created_at=now,
    )
    nomination = Nomination.objects.create(
        session=session,
        agency=staff["dpo"].agency,
        participant_name="Omar Fictif-Bennis",
        rank="Commissaire",
        unit="Unité fictive",
        created_at=now,
    )
    bulletin = Bulletin.objects.create(
        owner=fr_partner.agency,
        kind="alert",
        title="Bulletin fictif",
        summary="Fictitious.",
        valid_until=now.date() + dt.timedelta(days=90),
        created_at=now,
        updated_at=now,
    )
    indicator = BulletinIndicator.objects.create(
        bulletin=bulletin, type="document", value="XK4471902", key="xk4471902"
    )

    by_name = person_search_record(acting_user=staff["dpo"], name="Omar Fictif-Bennis")
    by_document = person_search_record(acting_user=staff["dpo"], document="XK4471902")

    assert [(r["kind"], r["id"]) for r in by_name.records] == [
        ("training.nomination", str(nomination.id))
    ]
    assert [(r["kind"], r["id"], r["owner"]) for r in by_document.records] == [
        ("risks.bulletinindicator", str(indicator.id), "FR-DGPN")
    ]


def test_opening_a_partners_group_target_notes_a_receipt_for_its_owner(
    staff: dict[str, Any], fr_partner: Any
) -> None:
    from jisr.groups.models import Membership, Target
    from jisr.groups.selectors import access_target_for_view
    from jisr.privacy.models import ConsultationReceipt
    from jisr.privacy.services.receipts import receipts_send

    group = _partners_group(fr_partner.agency)
    group.partners.create(agency=staff["officer"].agency, status="accepted")
    Membership.objects.create(
        owner=staff["officer"].agency,
        group=group,
        username="ma.off",
        user=staff["officer"],
        created_at=clock.now(),
    )
    target = Target.objects.create(
        owner=fr_partner.agency,
        group=group,
        names=["Luc Fictif-Morel"],
        lead_agency=fr_partner.agency,
        created_at=clock.now(),
    )

    access_target_for_view(target.id, staff["officer"])

    receipt = ConsultationReceipt.objects.get(record_id=str(target.id))
    assert (receipt.record_type, receipt.owner_agency, receipt.username) == (
        "groups.target",
        "FR-DGPN",
        "ma.off",
    )
    assert receipts_send() == 1


def test_the_owner_accepts_a_receipt_about_its_own_group_target(
    staff: dict[str, Any],
) -> None:
    from jisr.privacy.services.receipts import receipt_owner

    officer = staff["officer"]
    target = person_of_interest(
        acting_user=officer, group=group_active(convener=officer), names=["X"]
    )

    assert receipt_owner("groups.target", str(target.id)) == "MA-DGSN"
    assert receipt_owner("groups.target", "00000000-0000-0000-0000-000000000000") is None
