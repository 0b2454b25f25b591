"""Worker tasks: evaluation reports, and our indicator aggregates for partners."""

from __future__ import annotations

import datetime as dt

from jisr.core.tasks import periodic


@periodic(every_seconds=1.0, lane="plan")
def generate_reports() -> None:
    """Generate the next queued evaluation report."""
    from jisr.plan.reports import reports_step

    reports_step()


@periodic(every_seconds=120.0, lane="plan")
def send_indicator_snapshots() -> None:
    """Recompute our figures; send them to partners when they changed (and daily anyway)."""
    from jisr.core import clock
    from jisr.federation.models import OutboxEnvelope
    from jisr.plan.federation import SNAPSHOTS_TYPE
    from jisr.plan.snapshots import snapshots_refresh

    recent = OutboxEnvelope.objects.filter(
        type=SNAPSHOTS_TYPE, created__gte=clock.now() - dt.timedelta(days=1)
    ).exists()
    snapshots_refresh(force=not recent)
