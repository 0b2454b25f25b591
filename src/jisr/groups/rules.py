"""Who may see and do what in a working group (object rules, ``rules`` package).

Need-to-know: only named members see a group's content, on either node. A supervisor of an
agency of the group sees the group in the list and its membership, not its content.
"""

from __future__ import annotations

from typing import Any

import rules

from jisr.core.predicates import holds, predicate
from jisr.groups.permissions import (
    ANSWER_INVITATION,
    APPROVE_OPERATION,
    CLOSE_GROUP,
    NAME_MEMBERS,
    SUPERVISE_GROUPS,
    USE_GROUPS,
    VIEW_GROUP,
    VIEW_ROSTER,
    WORK_IN_GROUP,
)


@predicate
def is_member(user: Any, group: Any) -> bool:
    """The user is a named member of the group (by agency and username)."""
    if group is None or getattr(user, "agency_id", None) is None:
        return False
    return bool(group.members.filter(owner_id=user.agency_id, username=user.username).exists())


@predicate
def agency_in_group(user: Any, group: Any) -> bool:
    """The user's agency convenes the group or was invited to it (and has not declined)."""
    if group is None or getattr(user, "agency_id", None) is None:
        return False
    if group.owner_id == user.agency_id:
        return True
    return bool(group.partners.filter(agency_id=user.agency_id).exclude(status="declined").exists())


@predicate
def is_open(user: Any, group: Any) -> bool:
    return group is not None and group.status in ("proposed", "active")


@predicate
def is_active(user: Any, group: Any) -> bool:
    return group is not None and group.status == "active"


@predicate
def invited_here(user: Any, group: Any) -> bool:
    """The user's agency has an invitation to this group that it has not answered."""
    if group is None or getattr(user, "agency_id", None) is None:
        return False
    return group.status == "proposed" and bool(
        group.partners.filter(agency_id=user.agency_id, status="invited").exists()
    )


@predicate
def convened_here(user: Any, group: Any) -> bool:
    return group is not None and group.owner_id == user.agency_id and bool(group.owner.is_own)


member = holds(USE_GROUPS) & is_member
supervisor = holds(SUPERVISE_GROUPS) & agency_in_group

rules.add_perm(VIEW_GROUP, member)
rules.add_perm(VIEW_ROSTER, member | supervisor)
rules.add_perm(WORK_IN_GROUP, member & is_active)
rules.add_perm(NAME_MEMBERS, (member | supervisor) & is_open)
rules.add_perm(ANSWER_INVITATION, holds(SUPERVISE_GROUPS) & invited_here)
rules.add_perm(CLOSE_GROUP, member & convened_here & is_open)
rules.add_perm(APPROVE_OPERATION, holds(SUPERVISE_GROUPS) & member & is_active)
