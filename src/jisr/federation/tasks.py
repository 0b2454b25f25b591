"""Worker tasks: the outbox relay, reconciliation and nonce clean-up."""

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


@periodic(every_seconds=60)
def prune_nonces() -> None:
    """Nonces older than twice the freshness window can never be replayed successfully."""
    Nonce.objects.filter(
        seen_at__lt=clock.now() - dt.timedelta(seconds=2 * WINDOW_SECONDS)
    ).delete()
