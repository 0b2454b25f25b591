"""Our own indicator figures for recent periods, kept as snapshots and sent to partners.

Partners receive aggregates only: counts under the small-count threshold go as "suppressed"
without the number. An envelope is written only when a figure changed since the last one.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from jisr.core import clock
from jisr.core.indicators import IndicatorDefinition, small_count_threshold
from jisr.plan.evaluation import Evaluator
from jisr.plan.periods import Period, period_containing


def recent_periods(today: dt.date) -> list[Period]:
    """The current and the four previous quarters, the current and previous months and year."""
    quarters = [period_containing(today, "quarter")]
    for _i in range(4):
        quarters.append(quarters[-1].previous())
    month = period_containing(today, "month")
    year = period_containing(today, "year")
    return [*reversed(quarters), month.previous(), month, year.previous(), year]


def wire_item(
    definition: IndicatorDefinition, period: Period, value: float | int | None, threshold: int
) -> dict[str, Any]:
    """One figure as a partner receives it: small counts suppressed, never the number."""
    suppressed = definition.is_count and value is not None and value < threshold
    return {
        "code": definition.code,
        "version": definition.version,
        "from": period.start.isoformat(),
        "to": period.end.isoformat(),
        "value": None if suppressed else value,
        "suppressed": suppressed,
    }


def snapshots_refresh(*, force: bool = False) -> int:
    """Compute our figures for recent periods; send them to each partner when they changed.

    Returns the number of envelopes written.
    """
    from jisr.accounts.selectors import own_agency
    from jisr.federation.selectors import partner_agencies
    from jisr.plan import federation
    from jisr.plan.models import IndicatorSnapshot

    own = own_agency()
    if own is None:
        return 0
    evaluator = Evaluator()
    threshold = small_count_threshold()
    now = clock.now()
    items: list[dict[str, Any]] = []
    changed = force
    with transaction.atomic():
        for period in recent_periods(now.date()):
            for definition in evaluator.definitions.values():
                if definition.manual:
                    continue
                value = evaluator.value(definition.code, period)
                stored = None if value is None else float(value)
                row, created = IndicatorSnapshot.objects.get_or_create(
                    code=definition.code,
                    agency=own.code,
                    period_start=period.start,
                    period_end=period.end,
                    defaults={"value": stored, "computed_at": now, "version": definition.version},
                )
                if not created and row.value != stored:
                    row.value, row.computed_at = stored, now
                    row.save(update_fields=["value", "computed_at"])
                changed = changed or created or row.computed_at == now
                items.append(wire_item(definition, period, value, threshold))
        if not changed:
            return 0
        body = {
            "agency": own.code,
            "computed_at": now.isoformat(),
            "threshold": threshold,
            "items": items,
        }
        recipients = sorted(agency.code for agency in partner_agencies())
        for code in recipients:
            federation.send_snapshots(code, body)
    return len(recipients)
