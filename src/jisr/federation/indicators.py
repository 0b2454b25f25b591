"""The federation's indicators (declared on FederationConfig), from the outbox, inbox and partners.

- envelopes *exchanged*: envelopes this node sent (delivered) plus envelopes it received;
- median *delivery delay*: seconds from writing an envelope to the outbox to its delivery;
- days *out of sync*: for each partner currently out of sync, the days of the period since
  reconciliation found the drift (a partner table keeps only the current episode).
"""

from __future__ import annotations

import datetime as dt
import statistics
from typing import Any

from django.utils.translation import gettext_lazy as _

from jisr.core import clock
from jisr.core.indicators import IndicatorDefinition, IndicatorUnit


def _models() -> Any:
    from jisr.federation import models

    return models


def envelopes_exchanged(start: dt.datetime, end: dt.datetime) -> int:
    m = _models()
    sent = m.OutboxEnvelope.objects.filter(sent_at__gte=start, sent_at__lt=end).count()
    received = m.InboxEnvelope.objects.filter(received_at__gte=start, received_at__lt=end).count()
    return int(sent + received)


def median_delivery_seconds(start: dt.datetime, end: dt.datetime) -> float | None:
    rows = (
        _models()
        .OutboxEnvelope.objects.filter(sent_at__gte=start, sent_at__lt=end)
        .values_list("created", "sent_at")
    )
    delays = sorted(max(0.0, (sent - created).total_seconds()) for created, sent in rows)
    return round(statistics.median(delays), 2) if delays else None


def days_out_of_sync(start: dt.datetime, end: dt.datetime) -> float:
    until = min(end, clock.now())
    total = 0.0
    partners = _models().Partner.objects.filter(out_of_sync=True, out_of_sync_since__isnull=False)
    for since in partners.values_list("out_of_sync_since", flat=True):
        overlap = (until - max(since, start)).total_seconds()
        total += max(0.0, overlap) / 86400
    return round(total, 1)


_M = "jisr.federation.indicators."

INDICATORS = (
    IndicatorDefinition(
        code="federation.envelopes_exchanged",
        label=_("Envelopes exchanged with partners"),
        description=_("Signed envelopes this node delivered to partners or received from them."),
        unit=IndicatorUnit.COUNT,
        compute=_M + "envelopes_exchanged",
        mechanism="federation",
    ),
    IndicatorDefinition(
        code="federation.median_delivery_seconds",
        label=_("Median delivery delay"),
        description=_("Median seconds from writing an envelope to its delivery to the partner."),
        unit=IndicatorUnit.SECONDS,
        compute=_M + "median_delivery_seconds",
        mechanism="federation",
        higher_is_better=False,
    ),
    IndicatorDefinition(
        code="federation.days_out_of_sync",
        label=_("Days out of sync with a partner"),
        description=_(
            "Days of the period during which reconciliation found a partner's copies drifting."
        ),
        unit=IndicatorUnit.DAYS,
        compute=_M + "days_out_of_sync",
        mechanism="federation",
        higher_is_better=False,
    ),
)
