"""Who may do what on which alert, screening and hit (object rules, ``rules`` package)."""

from __future__ import annotations

from typing import Any

import rules

from jisr.core.predicates import holds, owned_by_users_agency, predicate
from jisr.wanted import permissions as perms

#: An alert of the user's agency, not a partner's copy.
is_own_agency_alert = owned_by_users_agency(
    local=lambda alert: not alert.is_copy, name="is_own_agency_alert"
)


@predicate
def is_author(user: Any, alert: Any) -> bool:
    return alert is not None and alert.author_id == user.pk


@predicate
def is_visible_alert(user: Any, alert: Any) -> bool:
    """Own agency's alerts in any state, partner copies while they are active."""
    if alert is None:
        return False
    if alert.is_copy:
        return bool(alert.status == "active")
    return bool(alert.owner_id == user.agency_id)


@predicate
def ran_the_screening(user: Any, screening: Any) -> bool:
    """A screening is seen and decided only by the officer who ran it."""
    return screening is not None and screening.user_id == user.pk


def _agency_code(user: Any) -> str:
    agency = getattr(user, "agency", None)
    return agency.code if agency is not None else ""


@predicate
def hit_concerns_users_agency(user: Any, hit: Any) -> bool:
    """The user's agency owns the alert or reported the hit."""
    return hit is not None and _agency_code(user) in (hit.owner_code, hit.reporter_code)


@predicate
def is_hit_for_users_agency_alert(user: Any, hit: Any) -> bool:
    """An incoming hit on an alert of the user's agency: that agency answers it."""
    return hit is not None and hit.direction == "incoming" and hit.owner_code == _agency_code(user)


rules.add_perm(perms.CONSULT_REGISTER, holds(perms.CONSULT_REGISTER) & is_visible_alert)
rules.add_perm(perms.WRITE_ALERT, holds(perms.WRITE_ALERT) & is_own_agency_alert)
# Four eyes: the reviewer of an alert is never its author.
rules.add_perm(perms.REVIEW_ALERT, holds(perms.REVIEW_ALERT) & is_own_agency_alert & ~is_author)
rules.add_perm(
    perms.WITHDRAW_ALERT,
    (holds(perms.WRITE_ALERT) | holds(perms.REVIEW_ALERT)) & is_own_agency_alert,
)
rules.add_perm(perms.SCREEN_PERSONS, holds(perms.SCREEN_PERSONS) & ran_the_screening)
rules.add_perm(perms.HANDLE_HITS, holds(perms.HANDLE_HITS) & hit_concerns_users_agency)
rules.add_perm(perms.ANSWER_HIT, holds(perms.HANDLE_HITS) & is_hit_for_users_agency_alert)
