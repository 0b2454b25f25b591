"""Who may see and change which case and message (object rules, ``rules`` package).

Need-to-know on the desk is the case: an agency sees a case, and every message in
it, when it takes part in it.
"""

from __future__ import annotations

from typing import Any

import rules

from jisr.core.predicates import has_agency, holds, owned_by_users_agency, predicate
from jisr.exchange import permissions as perms


def _case(obj: Any) -> Any:
    """A case, or the case of a message."""
    return getattr(obj, "case", obj)


@predicate
def takes_part(user: Any, obj: Any) -> bool:
    """The user's agency takes part in the case (of the message)."""
    if obj is None or user.agency_id is None:
        return False
    return bool(_case(obj).participants.filter(id=user.agency_id).exists())


#: A case this node's agency owns, and the user's agency is that owner.
owns_the_case = owned_by_users_agency(local=lambda case: case.owner.is_own, name="owns_the_case")

#: A message this node's agency sent, and the user's agency is that sender.
sent_the_item = owned_by_users_agency(
    owner="sender", local=lambda message: message.sender.is_own, name="sent_the_item"
)

rules.add_perm(perms.VIEW_CASES, holds(perms.VIEW_CASES) & has_agency & takes_part)
rules.add_perm(perms.OPEN_CASES, holds(perms.OPEN_CASES) & has_agency & takes_part)
rules.add_perm(perms.CHANGE_CASE, holds(perms.OPEN_CASES) & owns_the_case)
rules.add_perm(perms.GRANT_CONSENT, holds(perms.OPEN_CASES) & sent_the_item)
rules.add_perm(perms.VIEW_OVERDUE_DASHBOARD, holds(perms.VIEW_OVERDUE_DASHBOARD))


@predicate
def not_the_author(user: Any, obj: Any) -> bool:
    """Four eyes: the user did not write the message."""
    return obj is not None and getattr(obj, "author_id", None) != user.pk


rules.add_perm(perms.WORK_DESK, holds(perms.WORK_DESK) & has_agency & takes_part)
rules.add_perm(
    perms.RELEASE_MESSAGES, holds(perms.RELEASE_MESSAGES) & sent_the_item & not_the_author
)
rules.add_perm(perms.VIEW_DESK_STATISTICS, holds(perms.VIEW_DESK_STATISTICS) & has_agency)
