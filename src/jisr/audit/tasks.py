"""Worker tasks: announce the audit chain head to partners, and check it against them."""

from __future__ import annotations

from jisr.core.tasks import periodic


@periodic(every_seconds=300)
def publish_audit_anchor() -> None:
    from jisr.audit.witness import publish_anchor

    publish_anchor()


@periodic(every_seconds=24 * 3600)
def check_audit_witnesses() -> None:
    from jisr.audit.witness import request_checks

    request_checks()
