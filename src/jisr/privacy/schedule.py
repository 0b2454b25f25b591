"""The retention schedule, read from every installed app's ``retention_kinds``.

Generic over :class:`jisr.core.retention.RetentionKind`: the privacy app knows no model by
name. For each kind it keeps the agency's chosen period (``RetentionSetting``, within the
kind's bounds), finds the rows past it, and either deletes them in bounded batches (the
kind's ``purge`` when it has one, so shared records send their tombstones), or queues them
for a person's review.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db.models import Min, Model, QuerySet
from django.utils.module_loading import import_string

from jisr.core.retention import RetentionEnd, RetentionKind, retention_kinds


def kinds_by_key() -> dict[str, RetentionKind]:
    return {kind.key: kind for kind in retention_kinds()}


def kind_for(key: str) -> RetentionKind | None:
    return kinds_by_key().get(key)


def period_days(kind: RetentionKind, chosen: dict[str, int] | None = None) -> int:
    """The agency's period for ``kind``: its setting when within bounds, else the default."""
    if chosen is None:
        from jisr.privacy.models import RetentionSetting

        chosen = dict(RetentionSetting.objects.values_list("kind", "days"))
    days = chosen.get(kind.key)
    if days is None or not kind.min_days <= days <= kind.max_days:
        return kind.default_days
    return int(days)


def model_of(kind: RetentionKind) -> type[Model]:
    return apps.get_model(kind.model)


def scoped(kind: RetentionKind) -> QuerySet[Any]:
    """Every row the kind's rule applies to (its ``scope`` narrows the model's rows)."""
    qs: QuerySet[Any] = model_of(kind)._default_manager.all()
    if kind.scope:
        qs = import_string(kind.scope)(qs)
    return qs


def cutoff(kind: RetentionKind, now: dt.datetime, days: int) -> dt.datetime:
    return now - dt.timedelta(days=days)


def due(kind: RetentionKind, now: dt.datetime, days: int) -> QuerySet[Any]:
    """Rows past their period (for a review kind, not already waiting or kept on review)."""
    qs = scoped(kind).filter(**{f"{kind.age_field}__lt": cutoff(kind, now, days)})
    if kind.at_end == RetentionEnd.REVIEW:
        from jisr.privacy.models import RetentionReview
        from jisr.privacy.reference import ReviewStatus

        reviewed = RetentionReview.objects.filter(kind=kind.key).exclude(
            status=ReviewStatus.EXTENDED, extended_until__lte=now
        )
        qs = qs.exclude(pk__in=_pk_strings(qs, reviewed.values_list("record_id", flat=True)))
    return qs


def _pk_strings(qs: QuerySet[Any], ids: Any) -> Any:
    """Review ids are stored as text; integer primary keys need them as numbers."""
    field = qs.model._meta.pk
    if field.get_internal_type() in ("AutoField", "BigAutoField", "IntegerField"):
        return [int(i) for i in ids if str(i).isdigit()]
    return list(ids)


@dataclass(frozen=True)
class KindReport:
    kind: RetentionKind
    count: int
    oldest: dt.datetime | None
    due: int
    period_days: int

    @property
    def at_end_label(self) -> str:
        return str(RetentionEnd(self.kind.at_end).label)

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind.key,
            "label": str(self.kind.label),
            "count": self.count,
            "oldest": self.oldest.isoformat() if self.oldest else None,
            "due": self.due,
            "period_days": self.period_days,
            "min_days": self.kind.min_days,
            "max_days": self.kind.max_days,
            "default_days": self.kind.default_days,
            "at_end": str(self.kind.at_end),
            "reason": str(self.kind.reason),
        }


def report(now: dt.datetime) -> list[KindReport]:
    """Per kind: how many records exist, the oldest, how many are due, the period and rule."""
    from jisr.privacy.models import RetentionSetting

    chosen = dict(RetentionSetting.objects.values_list("kind", "days"))
    rows = []
    for kind in retention_kinds():
        days = period_days(kind, chosen)
        qs = scoped(kind)
        oldest = qs.aggregate(oldest=Min(kind.age_field))["oldest"]
        if isinstance(oldest, dt.date) and not isinstance(oldest, dt.datetime):
            oldest = dt.datetime.combine(oldest, dt.time.min, tzinfo=dt.UTC)
        rows.append(KindReport(kind, qs.count(), oldest, due(kind, now, days).count(), days))
    return rows
