"""Features: what a score is made of, declared as data.

Each feature is a small named function ``(query, candidate, config, context) ->
(value, detail)``, and :data:`FEATURES` lists them with their weights, in the order
they run. The name feature gives the base score in [0, 1]; the others give signed
adjustments (date of birth, nationality, relatives, weak identifiers). The score is
the clamped weighted sum, and each ``detail`` dict is one part of the explanation.
Later features may read what earlier ones found through the shared ``context``
(the relatives feature asks whether the dates of birth agree).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Final

from .model import Match, Person
from .scoring import (
    DEFAULT_CONFIG,
    Config,
    NameComparison,
    PreparedPerson,
    Rarity,
    compare_names,
    prepare,
)

__all__ = [
    "FEATURES",
    "Context",
    "Feature",
    "birth_date_feature",
    "birth_date_verdict",
    "name_feature",
    "nationality_feature",
    "relatives_feature",
    "score_pair",
    "score_prepared",
    "weak_identifier_feature",
]

Detail = dict[str, Any]


class Context:
    """What the features of one comparison share: register rarity and earlier findings."""

    __slots__ = ("name", "name_floor", "rarity", "verdicts")

    def __init__(self, rarity: Rarity | None = None, name_floor: float = 0.0) -> None:
        self.rarity = rarity
        #: A base score under this drops the candidate: its explanation is not built.
        self.name_floor = name_floor
        self.name: NameComparison | None = None
        self.verdicts: dict[str, str] = {}


FeatureFunc = Callable[[PreparedPerson, PreparedPerson, Config, Context], tuple[float, Detail]]


class Feature:
    """A named scoring feature and its weight in the sum.

    ``base``: the feature that gives the base score; a candidate whose base value
    stays under the search's floor is dropped without running the others.
    ``optional``: its detail is left out of the explanation when it does not apply
    (value 0), so explanations of ordinary hits stay short.
    """

    __slots__ = ("base", "func", "name", "optional", "weight")

    def __init__(
        self,
        name: str,
        func: FeatureFunc,
        weight: float = 1.0,
        base: bool = False,
        optional: bool = False,
    ) -> None:
        self.name = name
        self.func = func
        self.weight = weight
        self.base = base
        self.optional = optional

    def __repr__(self) -> str:
        return f"Feature({self.name!r}, weight={self.weight})"


# --- name --------------------------------------------------------------------


def name_feature(
    query: PreparedPerson, candidate: PreparedPerson, config: Config, context: Context
) -> tuple[float, Detail]:
    """Best name-to-name comparison over all the names of both records."""
    best: NameComparison | None = None
    best_names = ("", "")
    for qi, qn in enumerate(query.names):
        for ci, cn in enumerate(candidate.names):
            cmp = compare_names(qn, cn, config, context.rarity, floor=context.name_floor)
            if best is None or cmp.score > best.score:
                best = cmp
                best_names = (query.labels[qi], candidate.labels[ci])
    context.name = best
    if best is None:
        return 0.0, {"score": 0.0, "parts": []}
    if best.score < context.name_floor:
        return best.score, {}  # dropped by score_prepared: no explanation needed
    return best.score, best.to_dict(*best_names)


# --- date of birth -----------------------------------------------------------


def _date_str(d: tuple[int, int | None, int | None] | None) -> str | None:
    if d is None:
        return None
    y, m, day = d
    return "-".join([f"{y:04d}"] + [f"{x:02d}" for x in (m, day) if x is not None])


def birth_date_verdict(
    a: tuple[int, int | None, int | None] | None, b: tuple[int, int | None, int | None] | None
) -> str:
    """How two (partial) dates of birth relate: ``exact``, ``same_year``, ``contradicts``…"""
    if a is None or b is None:
        return "unknown"
    (y1, m1, d1), (y2, m2, d2) = a, b
    if y1 == y2:
        if m1 is None or m2 is None:
            return "same_year"
        if m1 == m2:
            if d1 is None or d2 is None:
                return "consistent"
            return "exact" if d1 == d2 else "day_differs"
        if d1 is not None and d2 is not None and d1 == m2 and d2 == m1:
            return "swapped_day_month"
        return "month_differs"
    gap = abs(y1 - y2)
    if gap == 1:
        return "near_year_1"
    if gap == 2:
        return "near_year_2"
    return "contradicts"


def birth_date_feature(
    query: PreparedPerson, candidate: PreparedPerson, config: Config, context: Context
) -> tuple[float, Detail]:
    """Date of birth: raises when consistent, lowers when it contradicts."""
    verdict = birth_date_verdict(query.birth, candidate.birth)
    return _verdict(
        context,
        "birth_date",
        verdict,
        config.birth_date,
        _date_str(query.birth),
        _date_str(candidate.birth),
    )


def _verdict(
    context: Context, name: str, verdict: str, table: dict[str, float], query: Any, candidate: Any
) -> tuple[float, Detail]:
    """A verdict's adjustment from ``table``, remembered for later features, and its detail."""
    context.verdicts[name] = verdict
    adj = table.get(verdict, 0.0)
    return adj, {"query": query, "candidate": candidate, "verdict": verdict, "adjustment": adj}


# --- nationality -------------------------------------------------------------


def nationality_feature(
    query: PreparedPerson, candidate: PreparedPerson, config: Config, context: Context
) -> tuple[float, Detail]:
    """Nationality, when both records give one."""
    if not query.nationality or not candidate.nationality:
        verdict = "unknown"
    elif query.nationality & candidate.nationality:
        verdict = "consistent"
    else:
        verdict = "differs"
    return _verdict(
        context,
        "nationality",
        verdict,
        config.nationality,
        sorted(query.nationality),
        sorted(candidate.nationality),
    )


# --- relatives ---------------------------------------------------------------


def relatives_feature(
    query: PreparedPerson, candidate: PreparedPerson, config: Config, context: Context
) -> tuple[float, Detail]:
    """A different or extra given name in front of shared father's and family names.

    Arab names chain the given name, the father's and the grandfather's: *Ali Karim
    Zerhouni* is Karim Zerhouni's son and *Nabil Karim Zerhouni* Ali's brother. Such
    a pair is taken for two relatives unless the dates of birth agree.
    """
    cmp = context.name
    relation = cmp.relation if cmp is not None else ""
    if not relation:
        return 0.0, {}
    supported = context.verdicts.get("birth_date") in config.same_person_dates
    adj = 0.0 if supported else config.relatives.get(relation, 0.0)
    return adj, {
        "verdict": relation,
        "birth_date_agrees": supported,
        "adjustment": adj,
    }


# --- weak identifiers ----------------------------------------------------------


def weak_identifier_feature(
    query: PreparedPerson, candidate: PreparedPerson, config: Config, context: Context
) -> tuple[float, Detail]:
    """Agreeing names that identify little: one part, common given names, a kunya.

    The evidence of a name match is the sum of its agreeing parts, a part counting
    half when it is common in the register or in Arab naming (*Mohamed*, *Abd
    al-Rahman*), a kunya (*Abou Walid*) or a place epithet (*al-Maghribi*). Under
    ``config.weak_evidence`` the match is a weak identifier: it costs
    ``config.weak_identifier`` unless the date of birth agrees (nothing) or the
    nationality does (``config.weak_with_nationality``).
    """
    cmp = context.name
    if cmp is None or cmp.evidence >= config.weak_evidence or cmp.score <= 0.0:
        return 0.0, {}
    if context.verdicts.get("birth_date") in config.same_person_dates:
        adj, support = 0.0, "birth_date"
    elif context.verdicts.get("nationality") == "consistent":
        adj, support = config.weak_with_nationality, "nationality"
    else:
        adj, support = config.weak_identifier, "none"
    return adj, {
        "verdict": "weak_identifier",
        "evidence": round(cmp.evidence, 2),
        "supported_by": support,
        "adjustment": adj,
    }


#: The features, in the order they run; the score is their clamped weighted sum.
FEATURES: Final[Sequence[Feature]] = (
    Feature("name", name_feature, base=True),
    Feature("birth_date", birth_date_feature),
    Feature("nationality", nationality_feature),
    Feature("relatives", relatives_feature, optional=True),
    Feature("weak_identifier", weak_identifier_feature, optional=True),
)


def score_prepared(
    query: PreparedPerson,
    candidate: PreparedPerson,
    config: Config = DEFAULT_CONFIG,
    *,
    name_floor: float = 0.0,
    rarity: Rarity | None = None,
    features: Sequence[Feature] = FEATURES,
) -> Match | None:
    """Score two prepared records; None when the base score is below ``name_floor``."""
    context = Context(rarity=rarity, name_floor=name_floor)
    total = 0.0
    explanation: dict[str, Any] = {}
    contributions: dict[str, float] = {}
    for feature in features:
        value, detail = feature.func(query, candidate, config, context)
        if feature.base and value < name_floor:
            return None
        if feature.optional and not detail:
            continue
        weighted = feature.weight * value
        total += weighted
        explanation[feature.name] = detail
        contributions[feature.name] = round(weighted, 4)
    score = min(1.0, max(0.0, total))
    explanation["contributions"] = contributions
    explanation["score"] = round(score, 4)
    return Match(candidate.person.id, score, explanation)


def score_pair(a: Person, b: Person, config: Config = DEFAULT_CONFIG) -> Match:
    """Compare two person records (e.g. to warn about a likely duplicate)."""
    match = score_prepared(prepare(a), prepare(b), config)
    assert match is not None
    return match
