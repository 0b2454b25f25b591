"""Features and scoring.

Each feature is a small named function ``(query, candidate, config) -> (value,
detail)``; :data:`FEATURES` declares them as data. The name feature gives the base
score in [0, 1]; the date-of-birth and nationality features give signed
adjustments. The final score is their clamped sum, and ``detail`` dicts make up
the explanation.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz.distance import Levenshtein

from .model import Match, Person
from .names import ParsedName, Token, join_tokens, parse_name
from .phonetic import symbol_similarity

__all__ = [
    "DEFAULT_CONFIG",
    "FEATURES",
    "Config",
    "PreparedPerson",
    "compare_names",
    "prepare",
    "score_pair",
    "score_prepared",
    "token_similarity",
]


@dataclass(frozen=True)
class Config:
    """Tunable weights of the scoring, declared as data."""

    #: Token pairs below this similarity are not aligned.
    pair_floor: float = 0.62
    #: Exponent applied to pair similarities (punishes weak alignments).
    sharpness: float = 1.5
    #: Weight of query name parts left unmatched, relative to matched ones.
    unmatched_query: float = 0.45
    #: Weight of register name parts left unmatched (extra parts at either end).
    unmatched_candidate: float = 0.3
    #: Weight of unmatched parts that sit between agreeing first and last parts, in
    #: either name: a father's or grandfather's name given in one record only
    #: (*Nabil Zerhouni* / *Nabil Ahmed Mustapha Zerhouni*).
    unmatched_middle: float = 0.1
    #: Weight of unmatched parts in front of one name when the other name's first
    #: part is aligned: a different given name (*Karim Nabil Zerhouni* is Nabil's son).
    unmatched_leading: float = 0.6
    #: Extra weight when both names keep unmatched parts (a different part, not an omission).
    conflict: float = 0.5
    #: A name part matched at least this well counts as agreeing.
    strong_part: float = 0.75
    #: Score multiplier when fewer than two parts agree although both names have several.
    single_part_factor: float = 0.75
    #: Date-of-birth verdict -> score adjustment.
    birth_date: dict[str, float] = field(
        default_factory=lambda: {
            "exact": 0.06,
            "consistent": 0.04,
            "same_year": 0.03,
            "swapped_day_month": 0.02,
            "near_year_1": 0.01,
            "near_year_2": 0.0,
            "day_differs": -0.06,
            "month_differs": -0.08,
            "contradicts": -0.25,
            "unknown": 0.0,
        }
    )
    #: Nationality verdict -> score adjustment.
    nationality: dict[str, float] = field(
        default_factory=lambda: {"consistent": 0.02, "differs": -0.04, "unknown": 0.0}
    )


DEFAULT_CONFIG = Config()


# --- prepared records --------------------------------------------------------


@dataclass(slots=True)
class PreparedPerson:
    person: Person
    names: tuple[ParsedName, ...]
    birth: tuple[int, int | None, int | None] | None
    nationality: frozenset[str]


def parse_date(value: str | None) -> tuple[int, int | None, int | None] | None:
    """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; raise ValueError if impossible."""
    if value is None or value == "":
        return None
    parts = value.strip().split("-")
    if len(parts) > 3 or not all(p.isdigit() for p in parts) or len(parts[0]) != 4:
        raise ValueError(f"birth date {value!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    year = int(parts[0])
    if not 1800 <= year <= 2200:
        raise ValueError(f"birth year {year} is impossible")
    month = int(parts[1]) if len(parts) > 1 else None
    day = int(parts[2]) if len(parts) > 2 else None
    if month is not None and not 1 <= month <= 12:
        raise ValueError(f"birth month {month} is impossible in {value!r}")
    if day is not None and month is not None:
        try:
            dt.date(year, month, day)
        except ValueError:
            raise ValueError(f"birth date {value!r} does not exist") from None
    return (year, month, day)


_NATIONALITY_ALIASES: dict[str, str] = {}
for _code, _aliases in {
    "MA": "ma mar morocco maroc marocain marocaine moroccan المغرب مغربي",
    "FR": "fr fra france francais francaise french فرنسا فرنسي",
    "DZ": "dz dza algeria algerie algerien algerienne algerian الجزائر جزائري",
    "TN": "tn tun tunisia tunisie tunisien tunisienne tunisian تونس تونسي",
    "ES": "es esp spain espagne espagnol espagnole spanish",
    "BE": "be bel belgium belgique belge belgian",
    "NL": "nl nld netherlands pays-bas neerlandais dutch",
    "DE": "de deu germany allemagne allemand allemande german",
    "IT": "it ita italy italie italien italienne italian",
    "EG": "eg egy egypt egypte egyptien egyptienne egyptian مصر مصري",
    "LY": "ly lby libya libye libyen libyenne libyan ليبيا ليبي",
    "MR": "mr mrt mauritania mauritanie mauritanien mauritanienne mauritanian",
    "SY": "sy syr syria syrie syrien syrienne syrian سوريا سوري",
    "IQ": "iq irq iraq irak irakien irakienne iraqi العراق عراقي",
    "GB": "gb gbr uk united-kingdom royaume-uni britannique british",
    "SN": "sn sen senegal senegalais senegalaise senegalese",
    "ML": "ml mli mali malien malienne malian",
}.items():
    for _alias in _aliases.split():
        _NATIONALITY_ALIASES[_alias] = _code


def normalize_nationality(value: str) -> str:
    import unicodedata

    v = unicodedata.normalize("NFKD", value.strip().casefold())
    v = "".join(ch for ch in v if not unicodedata.combining(ch)).replace(" ", "-")
    return _NATIONALITY_ALIASES.get(v, v.upper())


def prepare(person: Person) -> PreparedPerson:
    """Parse names, date and nationality once, for repeated comparisons."""
    names = tuple(p for p in (parse_name(n) for n in person.names) if p)
    try:
        birth = parse_date(person.birth_date)
    except ValueError:
        birth = None
    nats = frozenset(normalize_nationality(n) for n in person.nationality if n.strip())
    return PreparedPerson(person, names, birth, nats)


# --- name feature ------------------------------------------------------------

#: Token pairs whose coarse consonant skeletons are less similar than this are not
#: compared in detail (the weighted edit distance could not reach the pair floor).
_PRUNE = 0.6

_TokenPairCache = dict[tuple[int, int], tuple[float, str]]
_TOKEN_CACHE: _TokenPairCache = {}


def _initial_similarity(initial: Token, other: Token) -> tuple[float, str]:
    if other.kind == "initial":
        return (1.0, "initial") if initial.main == other.main else (0.0, "different initials")
    letter = initial.text[0]
    if other.script == "lat":
        if other.text.startswith(letter) or (other.main[:1] and other.main[0] == initial.main):
            return 0.9, "initial"
        return 0.0, "different initial"
    first = other.main.lstrip("aeiu'")[:1]
    if first and symbol_similarity(first, initial.main.lstrip("aeiu")[:1] or "a", True) >= 0.7:
        return 0.85, "initial"
    return 0.0, "different initial"


def token_similarity(a: Token, b: Token) -> tuple[float, str]:
    """Similarity of two name tokens in [0, 1] and how they matched."""
    key = (a.uid, b.uid)
    hit = _TOKEN_CACHE.get(key)
    if hit is not None:
        return hit
    result: tuple[float, str]
    if a.kind == "initial":
        result = _initial_similarity(a, b)
    elif b.kind == "initial":
        result = _initial_similarity(b, a)
    elif a.text == b.text:
        result = (1.0, "exact")
    else:
        cross = a.script != b.script
        best = 0.0
        primary = True
        for i, (sa, fa) in enumerate(a.forms):
            ca = a.coarse[i]
            for j, (sb, fb) in enumerate(b.forms):
                cb = b.coarse[j]
                if (
                    len(ca) >= 2
                    and len(cb) >= 2
                    # two-consonant skeletons one class apart (Reza/رضا) get the detailed costs
                    and Levenshtein.normalized_similarity(ca, cb)
                    < (_PRUNE if len(ca) > 2 and len(cb) > 2 else 0.5)
                ):
                    continue  # consonant skeletons too far apart: skip the slow DP
                if cross and a.script != "ar":  # the Arabic-script word goes first
                    s = symbol_similarity(sb, sa, True, True) * fa * fb
                else:
                    s = symbol_similarity(sa, sb, cross, cross) * fa * fb
                if s > best:
                    best = s
                    # a plain word's other forms are spellings, not a dropped particle
                    primary = (i == 0 or a.kind == "word") and (j == 0 or b.kind == "word")
        how = ""
        if not cross:
            typo = 0.95 * Levenshtein.normalized_similarity(
                a.text.replace(" ", ""), b.text.replace(" ", "")
            )
            if typo > best:
                best, how = typo, "typing error"
        if not how:
            if best >= 0.999:
                how = "transliteration" if cross else "same pronunciation"
            elif not primary:
                how = "particle or article (al, ben…) ignored"
            elif best >= 0.85:
                how = "transliteration variant" if cross else "spelling variant"
            else:
                how = "similar"
        result = (best, how)
    if len(_TOKEN_CACHE) > 1_000_000:
        _TOKEN_CACHE.clear()
    _TOKEN_CACHE[key] = result
    return result


@dataclass(slots=True)
class NameComparison:
    score: float
    pairs: list[tuple[tuple[Token, ...], tuple[Token, ...], float, str]]
    unmatched_query: list[Token]
    unmatched_candidate: list[Token]
    #: How much each aligned pair counted (its parts' length and rarity).
    weights: list[float] = field(default_factory=list)

    def to_dict(self, query_name: str, candidate_name: str) -> dict[str, Any]:
        return {
            "query_name": query_name,
            "candidate_name": candidate_name,
            "score": round(self.score, 4),
            "parts": [
                {
                    "query": " ".join(t.text for t in q),
                    "candidate": " ".join(t.text for t in c),
                    "similarity": round(s, 3),
                    "how": how,
                    "weight": round(w, 2),
                }
                for (q, c, s, how), w in zip(self.pairs, self.weights, strict=True)
            ],
            "unmatched_query": [t.text for t in self.unmatched_query],
            "unmatched_candidate": [t.text for t in self.unmatched_candidate],
        }


def _needs_joined(
    pool: list[tuple[float, tuple[int, ...], tuple[int, ...], str]], nq: int, nc: int
) -> bool:
    """Run-together/split parts are only worth trying if some part has no good partner."""
    good_q = {e[1][0] for e in pool if e[0] >= 0.85}
    good_c = {e[2][0] for e in pool if e[0] >= 0.85}
    return len(good_q) < nq or len(good_c) < nc


@dataclass(frozen=True, slots=True)
class _Leftovers:
    """Where the unmatched parts of each name sit, relative to the aligned ones."""

    middle_q: range = range(0)
    middle_c: range = range(0)
    leading_q: range = range(0)
    leading_c: range = range(0)


def _leftovers(
    aligned: list[tuple[tuple[int, ...], tuple[int, ...], float]], strong: float
) -> _Leftovers:
    """Classify unmatched positions when the alignment keeps the order of both names.

    Between two strongly agreeing parts, a leftover is a middle name one record
    omits. Before the first aligned part of one name, while the other name's
    first part is aligned, a leftover is a different given name: the other
    record's given name matched this one's father's name.
    """
    if len(aligned) < 2:
        return _Leftovers()
    ordered = sorted(aligned, key=lambda a: a[0][0])
    cs = [a[1][0] for a in ordered]
    if any(x >= y for x, y in itertools.pairwise(cs)):
        return _Leftovers()
    first, last = ordered[0], ordered[-1]
    q0, c0 = first[0][0], first[1][0]
    leading_q = range(q0) if c0 == 0 else range(0)
    leading_c = range(c0) if q0 == 0 else range(0)
    if first[2] < strong or last[2] < strong:
        return _Leftovers(leading_q=leading_q, leading_c=leading_c)
    return _Leftovers(
        range(first[0][-1] + 1, last[0][0]),
        range(first[1][-1] + 1, last[1][0]),
        leading_q,
        leading_c,
    )


#: First parts that records routinely leave out: the first half of a compound given
#: name (*Mohamed Amine*, *Fatima Zahra*) and honorifics (*Moulay*, *Sidi*, *Lalla*,
#: *Hadj*). Left out in front of an agreeing given name, they cost as little as an
#: omitted middle name.
_OFTEN_DROPPED = frozenset(
    tok.keys[0]
    for name in ("Mohamed", "Fatima", "Moulay", "Sidi", "Lalla", "Hadj")
    for tok in parse_name(name)
    if tok.keys
)


#: How much a name part weighs given how common it is in the register (1.0 = rare).
Rarity = Callable[[Token], float]


def _plain(token: Token) -> float:
    return 1.0


def compare_names(
    q: ParsedName,
    c: ParsedName,
    config: Config = DEFAULT_CONFIG,
    rarity: Rarity | None = None,
) -> NameComparison:
    """Align the tokens of two parsed names and score the alignment.

    ``rarity`` scales each part's weight by how common it is in the register
    (see :meth:`jisr.matching.Index.rarity`): agreeing on *Mohamed* proves less
    than agreeing on *Zerhouni*, and a rare part left unmatched counts more.
    """
    if not q or not c:
        return NameComparison(0.0, [], list(q), list(c))
    rare = rarity or _plain
    wq = [t.weight * rare(t) for t in q]
    wc = [t.weight * rare(t) for t in c]
    pool: list[tuple[float, tuple[int, ...], tuple[int, ...], str]] = []
    floor = config.pair_floor
    for i, a in enumerate(q):
        for j, b in enumerate(c):
            s, how = token_similarity(a, b)
            if s >= floor:
                pool.append((s, (i,), (j,), how))
    if len(q) != len(c) and _needs_joined(pool, len(q), len(c)):
        for i in range(len(q) - 1):
            joined = join_tokens(q[i], q[i + 1])
            for j, b in enumerate(c):
                s, how = token_similarity(joined, b)
                if s >= floor:
                    pool.append((s + 1e-6, (i, i + 1), (j,), "written as one word / split"))
        for j in range(len(c) - 1):
            joined = join_tokens(c[j], c[j + 1])
            for i, a in enumerate(q):
                s, how = token_similarity(a, joined)
                if s >= floor:
                    pool.append((s + 1e-6, (i,), (j, j + 1), "written as one word / split"))
    pool.sort(key=lambda e: (-e[0], len(e[1]) + len(e[2])))
    used_q: set[int] = set()
    used_c: set[int] = set()
    num = 0.0
    den = 0.0
    pairs: list[tuple[tuple[Token, ...], tuple[Token, ...], float, str]] = []
    aligned: list[tuple[tuple[int, ...], tuple[int, ...], float]] = []
    weights: list[float] = []
    sharp = config.sharpness
    for s, qi, cj, how in pool:
        if used_q.intersection(qi) or used_c.intersection(cj):
            continue
        used_q.update(qi)
        used_c.update(cj)
        s = min(s, 1.0)
        w = (sum(wq[i] for i in qi) + sum(wc[j] for j in cj)) / 2
        num += w * s**sharp
        den += w
        pairs.append((tuple(q[i] for i in qi), tuple(c[j] for j in cj), s, how))
        aligned.append((qi, cj, s))
        weights.append(w)
    un_q = [t for i, t in enumerate(q) if i not in used_q]
    un_c = [t for j, t in enumerate(c) if j not in used_c]
    left = _leftovers(aligned, config.strong_part)

    def cost(tok: Token, pos: int, middle: range, leading: range, other: float) -> float:
        if pos in middle:
            return config.unmatched_middle
        if pos in leading:
            if tok.keys and tok.keys[0] in _OFTEN_DROPPED:
                return config.unmatched_middle
            return config.unmatched_leading
        return other

    den += sum(
        wq[i] * cost(q[i], i, left.middle_q, left.leading_q, config.unmatched_query)
        for i in range(len(q))
        if i not in used_q
    )
    den += sum(
        wc[j] * cost(c[j], j, left.middle_c, left.leading_c, config.unmatched_candidate)
        for j in range(len(c))
        if j not in used_c
    )
    den += config.conflict * min(
        sum(wq[i] for i in range(len(q)) if i not in used_q),
        sum(wc[j] for j in range(len(c)) if j not in used_c),
    )
    score = num / den if den else 0.0
    strong = sum(1 for p in pairs if p[2] >= config.strong_part)
    if strong < 2 and len(q) >= 2 and len(c) >= 2:
        score *= config.single_part_factor
    return NameComparison(score, pairs, un_q, un_c, weights)


def name_feature(
    query: PreparedPerson,
    candidate: PreparedPerson,
    config: Config,
    rarity: Rarity | None = None,
) -> tuple[float, dict[str, Any]]:
    """Best name-to-name comparison over all the names of both records."""
    best: NameComparison | None = None
    best_names = ("", "")
    for qi, qn in enumerate(query.names):
        for ci, cn in enumerate(candidate.names):
            cmp = compare_names(qn, cn, config, rarity)
            if best is None or cmp.score > best.score:
                best = cmp
                best_names = (query.person.names[qi], candidate.person.names[ci])
    if best is None:
        return 0.0, {"score": 0.0, "parts": []}
    return best.score, best.to_dict(*best_names)


def _date_str(d: tuple[int, int | None, int | None] | None) -> str | None:
    if d is None:
        return None
    y, m, day = d
    return "-".join([f"{y:04d}"] + [f"{x:02d}" for x in (m, day) if x is not None])


def birth_date_verdict(
    a: tuple[int, int | None, int | None] | None, b: tuple[int, int | None, int | None] | None
) -> str:
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
    query: PreparedPerson, candidate: PreparedPerson, config: Config
) -> tuple[float, dict[str, Any]]:
    """Date of birth: raises when consistent, lowers when it contradicts."""
    verdict = birth_date_verdict(query.birth, candidate.birth)
    adj = config.birth_date.get(verdict, 0.0)
    return adj, {
        "query": _date_str(query.birth),
        "candidate": _date_str(candidate.birth),
        "verdict": verdict,
        "adjustment": adj,
    }


def nationality_feature(
    query: PreparedPerson, candidate: PreparedPerson, config: Config
) -> tuple[float, dict[str, Any]]:
    """Nationality, when both records give one."""
    if not query.nationality or not candidate.nationality:
        verdict = "unknown"
    elif query.nationality & candidate.nationality:
        verdict = "consistent"
    else:
        verdict = "differs"
    adj = config.nationality.get(verdict, 0.0)
    return adj, {
        "query": sorted(query.nationality),
        "candidate": sorted(candidate.nationality),
        "verdict": verdict,
        "adjustment": adj,
    }


Feature = Callable[[PreparedPerson, PreparedPerson, Config], tuple[float, dict[str, Any]]]

#: The features, by name, in the order they are combined.
FEATURES: Sequence[tuple[str, Feature]] = (
    ("name", name_feature),
    ("birth_date", birth_date_feature),
    ("nationality", nationality_feature),
)


def score_prepared(
    query: PreparedPerson,
    candidate: PreparedPerson,
    config: Config = DEFAULT_CONFIG,
    *,
    name_floor: float = 0.0,
    rarity: Rarity | None = None,
) -> Match | None:
    """Score two prepared records; None when the name score is below ``name_floor``."""
    name_score, name_detail = name_feature(query, candidate, config, rarity)
    if name_score < name_floor:
        return None
    total = name_score
    explanation: dict[str, Any] = {"name": name_detail}
    contributions: dict[str, float] = {"name": round(name_score, 4)}
    for fname, feature in FEATURES[1:]:
        value, detail = feature(query, candidate, config)
        total += value
        explanation[fname] = detail
        contributions[fname] = value
    score = min(1.0, max(0.0, total))
    explanation["contributions"] = contributions
    explanation["score"] = round(score, 4)
    return Match(candidate.person.id, score, explanation)


def score_pair(a: Person, b: Person, config: Config = DEFAULT_CONFIG) -> Match:
    """Compare two person records (e.g. to warn about a likely duplicate)."""
    match = score_prepared(prepare(a), prepare(b), config)
    assert match is not None
    return match
