"""The events module's permission names, in one place (object rules in ``events/rules.py``).

"Event security coordinator" is not a role of its own: it is ``COORDINATE_EVENTS``,
held by supervisors and liaison officers.
"""

from __future__ import annotations

VIEW_MAJOR_EVENTS = "events.view_major_events"
COORDINATE_EVENTS = "events.coordinate_events"
LOG_INCIDENTS = "events.log_incidents"
SCREEN_ACCREDITATIONS = "events.screen_accreditations"

#: Object rules only: a participating agency's coordinator joins a partner's event;
#: the agency that recorded an incident changes it.
JOIN_EVENT = "events.join_event"
CHANGE_INCIDENT = "events.change_incident"
