"""What the retention schedule removed, for the action plan's indicators.

An indicator counting, say, screenings or closed hits over a past period must not drop
when the schedule deletes the rows it counted. The schedule adds every removal to
``RetentionTally`` (kind, UTC day, rule, count) in the same transaction as the delete, so
an indicator adds :func:`removed_count` to what still exists. No personal data is kept.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Sum


def removed_count(kind: str, start: dt.date | dt.datetime, end: dt.date | dt.datetime) -> int:
    """Records of ``kind`` (a retention kind key, e.g. ``"wanted.hit"``) removed on the days
    in ``[start, end)``, whatever the rule (deleted, anonymised, let go after review)."""
    from jisr.privacy.models import RetentionTally

    first = start.date() if isinstance(start, dt.datetime) else start
    last = end.date() if isinstance(end, dt.datetime) else end
    total = RetentionTally.objects.filter(kind=kind, day__gte=first, day__lt=last).aggregate(
        n=Sum("count")
    )["n"]
    return int(total or 0)
