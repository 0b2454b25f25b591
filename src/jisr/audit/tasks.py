"""Worker tasks of the audit log: verify the chain daily (rows, head and witnesses)."""

from __future__ import annotations

from jisr.core.tasks import periodic


@periodic(every_seconds=24 * 3600)
def verify_audit_chain() -> None:
    from jisr.audit.verify import verify_daily

    verify_daily()
