"""Worker tasks: the outbox relay, reconciliation, catch-up of shared records, nonce clean-up."""

from __future__ import annotations

import datetime as dt

from jisr.core import clock
from jisr.core.tasks import periodic
from jisr.federation.models import Nonce
from jisr.federation.signing import WINDOW_SECONDS


@periodic(every_seconds=0.5, lane="relay")
def relay() -> None:
    from jisr.federation.relay import relay_run

    relay_run(max_seconds=5.0)


@periodic(every_seconds=10)
def reconcile() -> None:
    from jisr.federation.reconcile import reconcile_due

    reconcile_due()


@periodic(every_seconds=10)
def catch_up() -> None:
    """Shared records reach partners linked after they were shared."""
    from jisr.federation.services import replicas_catch_up

    replicas_catch_up()


@periodic(every_seconds=300)
def publish_audit_anchor() -> None:
    """Announce this node's audit chain head to every partner (they keep it as witnesses)."""
    from jisr.federation.witness import publish_anchor

    publish_anchor()


@periodic(every_seconds=60)
def prune_nonces() -> None:
    """Nonces older than twice the freshness window can never be replayed successfully."""
    Nonce.objects.filter(
        seen_at__lt=clock.now() - dt.timedelta(seconds=2 * WINDOW_SECONDS)
    ).delete()
