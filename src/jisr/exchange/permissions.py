"""The request desk's permission names, in one place (object rules in ``exchange/rules.py``)."""

from __future__ import annotations

VIEW_CASES = "exchange.view_cases"
OPEN_CASES = "exchange.open_cases"
VIEW_OVERDUE_DASHBOARD = "exchange.view_overdue_dashboard"

#: Object rules only: change an owned case; consent to passing on an item the agency sent.
CHANGE_CASE = "exchange.change_case"
GRANT_CONSENT = "exchange.grant_consent"

#: The request desk (single point of contact): assign, answer, refuse, clarify, change limits.
#: Held by liaison officers and supervisors: the desk's members.
WORK_DESK = "exchange.work_desk"
#: Release (four eyes) an outgoing message held for review; never the message's own author.
RELEASE_MESSAGES = "exchange.release_messages"
#: The Art. 18 statistics of the desk.
VIEW_DESK_STATISTICS = "exchange.view_desk_statistics"
