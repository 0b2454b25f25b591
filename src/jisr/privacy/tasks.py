"""Worker tasks of data protection: the daily retention run and pattern check, and the
batched sending of consultation receipts."""

from __future__ import annotations

from jisr.core.tasks import periodic


@periodic(every_seconds=300)
def retention_daily() -> None:
    """Apply the retention schedule once a day (in bounded batches; the first check of a new
    UTC day runs it, see privacy.services.retention.retention_daily)."""
    from jisr.privacy.services import retention

    retention.retention_daily()


@periodic(every_seconds=24 * 3600)
def patterns_daily() -> None:
    from jisr.privacy.services.patterns import patterns_check

    patterns_check()


@periodic(every_seconds=10)
def receipts_relay() -> None:
    """Batch the receipts written since the last run into one envelope per owner."""
    from jisr.privacy.services.receipts import receipts_send

    receipts_send()
