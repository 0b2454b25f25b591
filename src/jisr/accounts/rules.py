"""Who may manage which user: administrators manage the users of their own agency."""

from __future__ import annotations

from typing import Any

import rules

from jisr.accounts.permissions import MANAGE_USERS
from jisr.core.predicates import holds, predicate


@predicate
def same_agency(user: Any, other: Any) -> bool:
    return other is not None and user.agency_id is not None and other.agency_id == user.agency_id


rules.add_perm(MANAGE_USERS, holds(MANAGE_USERS) & same_agency)
