"""Building blocks for the object rules that each app declares in its ``rules.py``.

They only read attributes (``user.agency_id``, ``obj.owner_id``), so ``jisr.core``
still imports no other app.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import rules
from rules.predicates import Predicate


def predicate(fn: Callable[..., bool]) -> Predicate:
    """``rules.predicate`` with a type, so that predicates stay type-checked."""
    return rules.predicate(fn)


def holds(perm: str) -> Predicate:
    """The user's roles grant ``perm`` (a model permission, as ModelBackend sees it).

    Read from ``get_all_permissions()`` rather than ``has_perm()``, which would ask
    this rule again and never end.
    """

    def check(user: Any) -> bool:
        if not getattr(user, "is_active", False) or getattr(user, "is_anonymous", True):
            return False
        return perm in user.get_all_permissions()

    return Predicate(check, name=f"holds:{perm}")


@predicate
def has_agency(user: Any) -> bool:
    """The user belongs to an agency (users without one see no agency's records)."""
    return getattr(user, "agency_id", None) is not None


def owned_by_users_agency(
    *, owner: str = "owner", local: Callable[[Any], bool] = lambda obj: True, name: str = ""
) -> Predicate:
    """The object is a record of this node, owned by the user's agency.

    ``local`` says whether the object is this node's own record rather than a partner's
    read-only copy; a partner's copy is never "own", whoever looks at it.
    """

    def check(user: Any, obj: Any) -> bool:
        if obj is None or getattr(user, "agency_id", None) is None:
            return False
        return bool(getattr(obj, f"{owner}_id") == user.agency_id and local(obj))

    return Predicate(check, name=name or f"owned_by_users_agency:{owner}")
