"""Demo seeding works for any pair of agency codes; the MA-DGSN/FR-DGPN demo is unchanged."""

from __future__ import annotations

import pytest

from jisr.accounts.models import Agency, User
from jisr.audit.models import AuditEntry
from jisr.events.demo import DEMO_EVENT
from jisr.events.models import Event
from jisr.node.demo import seed
from jisr.node.demo_constants import DEMO_USERNAMES

pytestmark = pytest.mark.django_db

FIRST_USERS = [
    ("admin", "Omar", "Tazi-Test", ["administrator"]),
    ("analyst", "Youssef", "Chraibi-Test", ["analyst"]),
    ("dpo", "Nadia", "Alaoui-Test", ["dpo"]),
    ("officer", "Karim", "Bennani-Test", ["analyst", "liaison_officer"]),
    ("reviewer", "Salma", "Idrissi-Test", ["compliance_reviewer"]),
    ("supervisor", "Rachid", "Fassi-Test", ["liaison_officer", "supervisor"]),
]
SECOND_USERS = [
    ("admin", "Luc", "Durand-Test", ["administrator"]),
    ("analyst", "Marc", "Lefebvre-Test", ["analyst"]),
    ("dpo", "Claire", "Petit-Test", ["dpo"]),
    ("officer", "Julie", "Martin-Test", ["analyst", "liaison_officer"]),
    ("reviewer", "Thomas", "Bernard-Test", ["compliance_reviewer"]),
    ("supervisor", "Anne", "Moreau-Test", ["liaison_officer", "supervisor"]),
]


def _users(prefix: str) -> list[tuple[str, str, str, list[str]]]:
    return [
        (
            u.username.removeprefix(f"{prefix}."),
            u.first_name,
            u.last_name,
            sorted(g.name for g in u.groups.all()),
        )
        for u in User.objects.filter(username__startswith=f"{prefix}.").order_by("username")
    ]


def _event_participants() -> list[str]:
    event = Event.objects.get(name=DEMO_EVENT)
    return [event.owner.code, *sorted(p.agency.code for p in event.participants.all())]


def test_the_ma_node_of_the_embedded_demo_gets_its_users_its_event_and_both_agencies() -> None:
    result = seed("MA-DGSN", "node-secret")
    assert result["partner"] == "FR-DGPN"
    assert sorted(Agency.objects.values_list("code", "is_own")) == [
        ("FR-DGPN", False),
        ("MA-DGSN", True),
    ]
    assert Agency.objects.get(code="MA-DGSN").name_fr == "Direction générale de la Sûreté nationale"
    assert _users("ma") == FIRST_USERS
    assert sorted(result["users_created"]) == sorted(DEMO_USERNAMES["MA-DGSN"])
    assert _event_participants() == ["MA-DGSN", "FR-DGPN"]


def test_the_fr_node_of_the_embedded_demo_gets_the_second_users_and_no_event() -> None:
    seed("FR-DGPN", "node-secret")
    assert _users("fr") == SECOND_USERS
    assert sorted(u.username for u in User.objects.all()) == sorted(DEMO_USERNAMES["FR-DGPN"])
    assert not Event.objects.exists()


def test_any_pair_of_codes_is_seeded_with_fictitious_agency_names_and_its_own_users() -> None:
    created = seed("AA-TEST", "node-secret", partner_code="BB-TEST")["users_created"]
    agencies = {a.code: a for a in Agency.objects.all()}
    assert sorted(agencies) == ["AA-TEST", "BB-TEST"]  # no MA-DGSN or FR-DGPN row
    assert agencies["AA-TEST"].is_own and not agencies["BB-TEST"].is_own
    assert agencies["BB-TEST"].name_fr == "Agence BB-TEST (fictive)"
    assert agencies["AA-TEST"].country == "AA"
    assert _users("aa") == FIRST_USERS and len(created) == 6
    assert all(u.agency.code == "AA-TEST" for u in User.objects.all())
    assert _event_participants() == ["AA-TEST", "BB-TEST"]
    assert AuditEntry.objects.filter(
        actor_username="aa.supervisor", actor_agency="AA-TEST"
    ).exists()
    # seeding again changes nothing
    assert seed("AA-TEST", "node-secret", partner_code="BB-TEST")["users_created"] == []
    assert User.objects.count() == 6 and Event.objects.count() == 1


def test_the_other_node_of_any_pair_finds_its_partner_and_gets_the_second_users() -> None:
    from jisr.accounts.services import agency_upsert
    from jisr.node.demo import agency_names

    agency_upsert(code="AA-TEST", **agency_names("AA-TEST"))  # added as a partner first
    result = seed("BB-TEST", "node-secret")
    assert result["partner"] == "AA-TEST"
    assert _users("bb") == SECOND_USERS
    assert not Event.objects.exists()  # AA-TEST hosts the demo tournament
