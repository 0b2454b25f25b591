"""Worker tasks of data protection: the daily retention run and pattern check, and the
batched sending of consultation receipts."""

from __future__ import annotations

from jisr.core.tasks import periodic


@periodic(every_seconds=24 * 3600)
def retention_daily() -> None:
    """Apply the retention schedule (in bounded batches; see privacy.services.retention)."""
    from jisr.privacy.services.retention import retention_run

    retention_run()


@periodic(every_seconds=24 * 3600)
def patterns_daily() -> None:
    from jisr.privacy.services.patterns import patterns_check

    patterns_check()


@periodic(every_seconds=10)
def receipts_relay() -> None:
    """Batch the receipts written since the last run into one envelope per owner."""
    from jisr.privacy.services.receipts import receipts_send

    receipts_send()
