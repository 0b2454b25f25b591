"""Who may change which risk, bulletin, playbook and task (object rules, ``rules`` package)."""

from __future__ import annotations

from typing import Any

import rules

from jisr.core.predicates import holds, owned_by_users_agency, predicate
from jisr.risks.permissions import (
    ACKNOWLEDGE_BULLETIN,
    APPROVE_BULLETIN,
    CHANGE_BULLETIN,
    CHANGE_PLAYBOOK,
    CHANGE_RISK,
    EXPORT_BULLETIN,
    MANAGE_PLAYBOOKS,
    MANAGE_RISKS,
    RELEASE_BULLETINS,
    UPDATE_TASK,
    VIEW_RISKS,
    WRITE_BULLETINS,
)

#: The record is this node's own and the user's agency owns it (a partner's copy never is).
owns = owned_by_users_agency(local=lambda obj: obj.is_own, name="owns")


@predicate
def is_author(user: Any, bulletin: Any) -> bool:
    return bulletin is not None and bulletin.author_id == user.pk


@predicate
def awaiting_release(user: Any, bulletin: Any) -> bool:
    return bulletin is not None and bulletin.status == "pending"


@predicate
def named_recipient(user: Any, bulletin: Any) -> bool:
    """A partner's released bulletin names the user among its recipients here."""
    if bulletin is None or bulletin.is_own:
        return False
    return bool(bulletin.acks.filter(username=user.username, agency_id=user.agency_id).exists())


@predicate
def own_task(user: Any, task: Any) -> bool:
    return task is not None and task.agency_id == user.agency_id and bool(task.is_own)


rules.add_perm(CHANGE_RISK, holds(MANAGE_RISKS) & owns)
rules.add_perm(CHANGE_BULLETIN, holds(WRITE_BULLETINS) & owns)
rules.add_perm(APPROVE_BULLETIN, holds(RELEASE_BULLETINS) & owns & awaiting_release & ~is_author)
rules.add_perm(ACKNOWLEDGE_BULLETIN, holds(VIEW_RISKS) & named_recipient)
rules.add_perm(EXPORT_BULLETIN, holds(VIEW_RISKS))
rules.add_perm(CHANGE_PLAYBOOK, holds(MANAGE_PLAYBOOKS) & owns)
rules.add_perm(UPDATE_TASK, holds(MANAGE_PLAYBOOKS) & own_task)
