"""Deadline reminders (half time) and overdue notices, on the node's (injectable) clock."""

from __future__ import annotations

from jisr.core.tasks import periodic
from jisr.exchange.services import deadlines_check


@periodic(every_seconds=2)
def exchange_deadlines() -> dict[str, int]:
    return deadlines_check()
