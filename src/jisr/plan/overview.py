"""What the steering committee sees, computed once for a page, the API or a report."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils.safestring import SafeString

from jisr.plan.charts import sparkline
from jisr.plan.evaluation import Evaluator, Figure
from jisr.plan.models import Action, ActionStatus, IndicatorBinding, Mechanism, Pillar, Plan
from jisr.plan.periods import Period, periods_between
from jisr.plan.selectors import plan_tree

SERIES_LENGTH = 8


@dataclass
class BoundFigure:
    binding: IndicatorBinding
    figure: Figure
    series: list[Figure] = field(default_factory=list)
    spark: SafeString | str = ""

    @property
    def where(self) -> str:
        action = self.binding.action
        return action.code if action is not None else ""


@dataclass
class PillarView:
    pillar: Pillar
    actions: list[Action]
    figures: list[BoundFigure]

    @property
    def status_counts(self) -> list[tuple[str, str, int]]:
        counts = {status: 0 for status in ActionStatus.values}
        for action in self.actions:
            counts[action.status] += 1
        return [(s, str(ActionStatus(s).label), n) for s, n in counts.items() if n]


def period_for(granularity: str, period: Period) -> Period:
    """The binding's own period (month, quarter, year) that ends the selected one."""
    from jisr.plan.periods import period_containing

    if granularity == period.granularity:
        return period
    return period_containing(period.end, granularity)


def bound_figure(
    evaluator: Evaluator,
    binding: IndicatorBinding,
    period: Period,
    *,
    with_series: bool,
    rtl: bool,
) -> BoundFigure:
    own_period = period_for(binding.granularity, period)
    figure = evaluator.figure(binding.code, own_period, target=binding.target)
    bound = BoundFigure(binding, figure)
    if with_series and figure.available:
        periods = [own_period]
        while len(periods) < SERIES_LENGTH:
            periods.insert(0, periods[0].previous())
        bound.series = [evaluator.figure(binding.code, p, partners=False) for p in periods]
        bound.spark = sparkline(
            [f.value for f in bound.series],
            rtl=rtl,
            colour=figure.light,
            label=figure.label,
            target=binding.target,
        )
    return bound


def plan_overview(
    plan: Plan,
    period: Period,
    *,
    evaluator: Evaluator | None = None,
    with_series: bool = True,
    rtl: bool = False,
) -> list[PillarView]:
    evaluator = evaluator or Evaluator()
    bindings: dict[Any, list[IndicatorBinding]] = {}
    for binding in plan.bindings.select_related("action", "pillar").order_by("code", "pk"):
        pillar_id = binding.pillar_id or (binding.action.pillar_id if binding.action else None)
        bindings.setdefault(pillar_id, []).append(binding)
    views = []
    for pillar, actions in plan_tree(plan):
        figures = [
            bound_figure(evaluator, b, period, with_series=with_series, rtl=rtl)
            for b in bindings.get(pillar.pk, [])
        ]
        views.append(PillarView(pillar, actions, figures))
    return views


@dataclass
class Scorecard:
    mechanism: str
    label: str
    figures: list[Figure]
    assessments: list[Any]


def scorecards(plan: Plan, period: Period, evaluator: Evaluator | None = None) -> list[Scorecard]:
    """Per mechanism: its indicators over the period and the committee's assessments."""
    evaluator = evaluator or Evaluator()
    targets = {b.code: b.target for b in plan.bindings.all() if b.target is not None}
    cards = []
    for mechanism in Mechanism:
        codes = sorted(
            code for code, d in evaluator.definitions.items() if d.mechanism == mechanism.value
        )
        assessments = list(
            plan.assessments.filter(
                mechanism=mechanism.value,
                period_to__gte=period.start,
                period_from__lte=period.end,
            )
            .select_related("assessed_by", "agency")
            .prefetch_related("recommendations__action")
        )
        cards.append(
            Scorecard(
                mechanism.value,
                str(mechanism.label),
                [evaluator.figure(code, period, target=targets.get(code)) for code in codes],
                assessments,
            )
        )
    return cards


def report_series(
    evaluator: Evaluator, code: str, start: dt.date, end: dt.date, granularity: str
) -> list[Figure]:
    return [
        evaluator.figure(code, p, partners=False) for p in periods_between(start, end, granularity)
    ]
