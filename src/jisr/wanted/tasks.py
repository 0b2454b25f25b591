"""Worker tasks: batch screenings, alert expiry and review reminders.

Hit deadlines are declared in WantedConfig.deadlines and run by the one deadline sweep.
"""

from __future__ import annotations

from jisr.core.tasks import periodic
from jisr.wanted import services


@periodic(every_seconds=0.2)
def screen_batches() -> None:
    """Advance queued batch screenings a little at a time, so other tasks keep running."""
    services.screening_batch_step()


@periodic(every_seconds=60)
def alert_expiry() -> None:
    services.alerts_expire()
    services.alerts_review_reminders()
