"""The request desk's permission names, in one place (object rules in ``exchange/rules.py``)."""

from __future__ import annotations

VIEW_CASES = "exchange.view_cases"
OPEN_CASES = "exchange.open_cases"
VIEW_OVERDUE_DASHBOARD = "exchange.view_overdue_dashboard"

#: Object rules only: change an owned case; consent to passing on an item the agency sent.
CHANGE_CASE = "exchange.change_case"
GRANT_CONSENT = "exchange.grant_consent"
