"""An agency whose last member is removed stops receiving the group's content (tombstones)."""

from __future__ import annotations

from typing import Any

import pytest

from jisr.groups import models as gm
from jisr.groups import services
from tests.groups.conftest import outbox

pytestmark = pytest.mark.django_db


def _lead(officer: Any, group: Any, text: str) -> Any:
    return services.lead_add(
        acting_user=officer,
        group=group,
        text=text,
        source_evaluation="B",
        information_evaluation="2",
    )


def _envelopes_to_fr(envelope_type: str, record_type: str) -> list[str]:
    return [
        e.body["record_id"] for e in outbox(record_type, envelope_type) if e.recipient == "FR-DGPN"
    ]


def test_the_convener_stops_sending_to_an_agency_without_members_and_tells_its_node_to_drop(
    group: Any, officer: Any, fr: Any
) -> None:
    from jisr.audit.models import AuditEntry

    first = _lead(officer, group, "Vu au port")
    fr_member = gm.Membership.objects.get(group=group, owner__code="FR-DGPN")

    assert fr.withdraw("groups.member", str(fr_member.id), 2).status_code == 200

    partner = group.partners.get(agency__code="FR-DGPN")
    assert partner.without_members is True
    # FR's node is told to drop what we own there, except who our members are.
    assert _envelopes_to_fr("replica.withdraw", "groups.lead") == [str(first.id)]
    assert _envelopes_to_fr("replica.withdraw", "groups.member") == []
    audit = AuditEntry.objects.get(action="group.partner_dormant")
    assert audit.actor_username == "FR-DGPN" or "FR-DGPN" in str(audit.extra)
    assert group.timeline.filter(kind="partner.without_members").exists()
    # The group record tells every node that FR no longer receives the content.
    last_group = outbox("groups.group")[-1].body["body"]
    assert {p["agency"]: p["without_members"] for p in last_group["partners"]} == {"FR-DGPN": True}

    later = _lead(officer, group, "Vu à la gare")
    assert str(later.id) not in _envelopes_to_fr("replica.upsert", "groups.lead")


def test_an_agency_that_names_a_member_again_receives_the_content_past_the_tombstones(
    group: Any, officer: Any, fr: Any
) -> None:
    lead = _lead(officer, group, "Vu au port")
    fr_member = gm.Membership.objects.get(group=group, owner__code="FR-DGPN")
    fr.withdraw("groups.member", str(fr_member.id), 2)

    assert fr.upsert("groups.member", fr.item(group, username="fr.supervisor")).status_code == 200

    assert group.partners.get(agency__code="FR-DGPN").without_members is False
    resent = [
        e.body["version"]
        for e in outbox("groups.lead", "replica.upsert")
        if e.recipient == "FR-DGPN" and e.body["record_id"] == str(lead.id)
    ]
    assert resent == [1, 3]  # the tombstone carried version 2


def test_on_the_agency_node_the_group_record_without_members_stops_its_own_sending(
    group: Any,
) -> None:
    from jisr.groups.federation import content_recipients

    group.partners.filter(agency__code="FR-DGPN").update(without_members=True)

    assert content_recipients(group) == []
    assert content_recipients(group, roster=True) == ["FR-DGPN"]
