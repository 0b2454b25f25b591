"""Who may see, coordinate, join and log on which event (object rules, ``rules`` package)."""

from __future__ import annotations

from typing import Any

import rules

from jisr.core.predicates import holds, owned_by_users_agency, predicate
from jisr.events import permissions as perms


@predicate
def is_invited(user: Any, event: Any) -> bool:
    """The user's agency is a participant of the event."""
    if event is None or user.agency_id is None:
        return False
    return bool(event.participants.filter(agency_id=user.agency_id).exists())


#: The host: the event is this node's own, and the user's agency hosts it.
is_host = owned_by_users_agency(local=lambda event: event.is_own, name="is_host")


@predicate
def is_local_event(user: Any, event: Any) -> bool:
    return event is not None and bool(event.is_own)


@predicate
def recorded_here(user: Any, incident: Any) -> bool:
    """The incident was recorded by this node's agency (a partner's copy is read-only)."""
    return incident is not None and bool(incident.owner.is_own)


#: The host agency and invited agencies see an event, and work on it in their remit.
takes_part = is_host | is_invited

rules.add_perm(perms.VIEW_MAJOR_EVENTS, holds(perms.VIEW_MAJOR_EVENTS) & takes_part)
rules.add_perm(perms.COORDINATE_EVENTS, holds(perms.COORDINATE_EVENTS) & is_host)
rules.add_perm(perms.JOIN_EVENT, holds(perms.COORDINATE_EVENTS) & ~is_local_event & is_invited)
rules.add_perm(perms.LOG_INCIDENTS, holds(perms.LOG_INCIDENTS) & takes_part)
rules.add_perm(perms.SCREEN_ACCREDITATIONS, holds(perms.SCREEN_ACCREDITATIONS) & takes_part)
rules.add_perm(perms.CHANGE_INCIDENT, holds(perms.LOG_INCIDENTS) & recorded_here)
