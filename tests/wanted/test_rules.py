"""Who may do what on which alert, screening and hit: the object rules, as a table.

Objects are built in memory (the rules read only their fields); users are real, with
their roles' permissions from the database.
"""

from __future__ import annotations

from typing import Any

import pytest

from jisr.accounts.roles import Role
from jisr.wanted import permissions as perms
from jisr.wanted.models import Alert, Hit, Screening

pytestmark = pytest.mark.django_db

MA, FR = "MA-DGSN", "FR-DGPN"


@pytest.fixture
def people(make_user: Any) -> dict[str, Any]:
    return {
        "author": make_user("ma.author", [Role.LIAISON_OFFICER]),
        "officer": make_user("ma.officer", [Role.LIAISON_OFFICER]),
        "analyst": make_user("ma.analyst", [Role.ANALYST]),
        "reviewer": make_user("ma.reviewer", [Role.COMPLIANCE_REVIEWER]),
        "supervisor": make_user("ma.supervisor", [Role.SUPERVISOR]),
        "dpo": make_user("ma.dpo", [Role.DPO]),
        "author_reviewer": make_user("ma.both", [Role.LIAISON_OFFICER, Role.COMPLIANCE_REVIEWER]),
        "fr_officer": make_user("fr.officer", [Role.LIAISON_OFFICER], agency=FR),
        "fr_reviewer": make_user("fr.reviewer", [Role.COMPLIANCE_REVIEWER], agency=FR),
    }


def _alert(agencies: dict[str, Any], people: dict[str, Any], kind: str) -> Alert:
    author = people["author_reviewer" if kind == "own_by_author_reviewer" else "author"]
    if kind.startswith("own"):
        return Alert(owner=agencies[MA], author=author, is_copy=False, status="pending_review")
    if kind == "copy_active":
        return Alert(owner=agencies[FR], is_copy=True, status="active")
    if kind == "copy_withdrawn":
        return Alert(owner=agencies[FR], is_copy=True, status="withdrawn")
    raise AssertionError(kind)


ALERT_RULES = [
    # who, permission, which alert, allowed?
    ("author", perms.WRITE_ALERT, "own", True),
    ("officer", perms.WRITE_ALERT, "own", True),
    ("officer", perms.WRITE_ALERT, "copy_active", False),
    ("fr_officer", perms.WRITE_ALERT, "own", False),
    ("analyst", perms.WRITE_ALERT, "own", False),
    ("reviewer", perms.REVIEW_ALERT, "own", True),
    ("reviewer", perms.REVIEW_ALERT, "copy_active", False),
    ("fr_reviewer", perms.REVIEW_ALERT, "own", False),
    ("author_reviewer", perms.REVIEW_ALERT, "own_by_author_reviewer", False),
    ("author_reviewer", perms.REVIEW_ALERT, "own", True),
    ("officer", perms.REVIEW_ALERT, "own", False),
    ("officer", perms.WITHDRAW_ALERT, "own", True),
    ("reviewer", perms.WITHDRAW_ALERT, "own", True),
    ("supervisor", perms.WITHDRAW_ALERT, "own", False),
    ("reviewer", perms.WITHDRAW_ALERT, "copy_active", False),
    ("analyst", perms.CONSULT_REGISTER, "own", True),
    ("analyst", perms.CONSULT_REGISTER, "copy_active", True),
    ("analyst", perms.CONSULT_REGISTER, "copy_withdrawn", False),
    ("fr_officer", perms.CONSULT_REGISTER, "own", False),
    ("dpo", perms.CONSULT_REGISTER, "own", False),
]


@pytest.mark.parametrize(("who", "perm", "kind", "allowed"), ALERT_RULES)
def test_alert_rules(agencies, people, who: str, perm: str, kind: str, allowed: bool) -> None:
    alert = _alert(agencies, people, kind)
    assert people[who].has_perm(perm, alert) is allowed


def test_a_disabled_author_may_no_longer_write_their_alert(agencies, people) -> None:
    alert = _alert(agencies, people, "own")
    people["author"].is_active = False
    assert people["author"].has_perm(perms.WRITE_ALERT, alert) is False


SCREENING_RULES = [
    ("officer", "officer", True),
    ("author", "officer", False),
    ("analyst", "analyst", True),
    ("reviewer", "reviewer", False),  # ran it, but no longer holds the screening permission
]


@pytest.mark.parametrize(("who", "ran_by", "allowed"), SCREENING_RULES)
def test_only_the_officer_who_ran_a_screening_sees_it(people, who, ran_by, allowed) -> None:
    screening = Screening(user=people[ran_by])
    assert people[who].has_perm(perms.SCREEN_PERSONS, screening) is allowed


HIT_RULES = [
    # who, permission, hit (direction, owner, reporter), allowed?
    ("officer", perms.HANDLE_HITS, ("incoming", MA, FR), True),
    ("officer", perms.HANDLE_HITS, ("outgoing", FR, MA), True),
    ("officer", perms.HANDLE_HITS, ("incoming", "ES-CNP", FR), False),
    ("supervisor", perms.HANDLE_HITS, ("incoming", MA, FR), True),
    ("analyst", perms.HANDLE_HITS, ("incoming", MA, FR), False),
    ("officer", perms.ANSWER_HIT, ("incoming", MA, FR), True),
    ("officer", perms.ANSWER_HIT, ("outgoing", FR, MA), False),
    ("fr_officer", perms.ANSWER_HIT, ("incoming", MA, FR), False),
    ("analyst", perms.ANSWER_HIT, ("incoming", MA, FR), False),
]


@pytest.mark.parametrize(("who", "perm", "hit", "allowed"), HIT_RULES)
def test_hit_rules(people, who: str, perm: str, hit: tuple[str, str, str], allowed) -> None:
    direction, owner, reporter = hit
    obj = Hit(direction=direction, owner_code=owner, reporter_code=reporter)
    assert people[who].has_perm(perm, obj) is allowed


def test_without_an_object_the_question_is_the_roles_one(people) -> None:
    assert people["officer"].has_perm(perms.WRITE_ALERT) is True
    assert people["reviewer"].has_perm(perms.WRITE_ALERT) is False
    assert people["reviewer"].has_perm(perms.REVIEW_ALERT) is True
    # Rules that exist only for objects never answer yes without one.
    assert people["officer"].has_perm(perms.WITHDRAW_ALERT) is False
