"""Shared pieces of the matching benchmarks: data sets, systems and metrics.

The development pairs live outside the repository. Their folder is found via
``--translit DIR``, or the ``JISR_TRANSLIT_DIR`` environment variable, or by
default ``../shared/datasets/translit`` relative to the repository root.

Licences of that data (see its README and licence files):
* ``wikidata_ar_latin_tokens.tsv``: Wikidata labels aligned by Merhav & Ash (COLING 2018),
  CC0 1.0;
* ``google_ar2en.tsv``: Rosca & Breuel (2016), google/transliteration, Apache 2.0.
"""

from __future__ import annotations

import csv
import json
import os
import random
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

from jisr.matching import DEFAULT_THRESHOLD, Index, Person  # noqa: E402
from jisr.matching.text import normalize_arabic, normalize_latin  # noqa: E402

LICENCE_NOTE = (
    "Development pairs: wikidata_ar_latin_tokens.tsv (Wikidata labels aligned by Merhav & Ash, "
    "COLING 2018; CC0 1.0) and google_ar2en.tsv (Rosca & Breuel 2016, google/transliteration; "
    "Apache 2.0). Curated cases: bench/data/hard_*.jsonl (fictitious, written for Jisr)."
)

NK_THRESHOLD = 0.7  # yente / nomenklatura's usual match threshold
RF_THRESHOLD = 0.85  # rapidfuzz token_sort_ratio / 100 on unidecoded names


def translit_dir(option: str | None) -> Path:
    if option:
        return Path(option)
    env = os.environ.get("JISR_TRANSLIT_DIR")
    if env:
        return Path(env)
    return REPO.parent / "shared" / "datasets" / "translit"


# --- loading the development pairs -------------------------------------------


@dataclass
class Pairs:
    cross: list[tuple[str, str]]  # (arabic, latin)
    weight: dict[str, float] = field(default_factory=dict)  # arabic -> frequency weight
    variants: dict[str, list[str]] = field(default_factory=dict)  # arabic -> latin spellings


def _clean_pair(ar: str, lat: str) -> tuple[str, str] | None:
    ar_n = normalize_arabic(ar)
    lat_n = normalize_latin(lat)
    if len(ar_n) < 2 or len(lat_n) < 3 or not lat.replace("-", "").replace("'", "").isalpha():
        return None
    return ar.strip(), lat.strip().title()


def load_pairs(folder: Path) -> Pairs:
    cross: dict[str, str] = {}
    weight: dict[str, float] = {}
    best_count: dict[str, tuple[int, str]] = {}
    variants: dict[str, dict[str, int]] = defaultdict(dict)
    wd = folder / "wikidata_ar_latin_tokens.tsv"
    with wd.open(encoding="utf-8") as fh:
        for row in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            if len(row) < 3:
                continue
            lat, ar_spaced, count = row[0], row[1], row[2]
            ar = ar_spaced.replace(" ", "")
            cp = _clean_pair(ar, lat)
            if cp is None:
                continue
            best = best_count.get(cp[0], (0, ""))
            if int(count or 1) > best[0]:
                best_count[cp[0]] = (int(count or 1), cp[1])
                cross[cp[0]] = cp[1]
            weight[cp[0]] = weight.get(cp[0], 0.0) + int(count or 1)
            key = normalize_latin(cp[1])
            variants[normalize_arabic(cp[0])][cp[1]] = variants[normalize_arabic(cp[0])].get(
                cp[1], 0
            ) + int(count or 1)
            _ = key
    gg = folder / "google_ar2en.tsv"
    with gg.open(encoding="utf-8") as fh:
        for row in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            if len(row) < 2:
                continue
            cp = _clean_pair(row[0], row[1])
            if cp is None:
                continue
            cross.setdefault(cp[0], cp[1])
    multi: dict[str, list[str]] = {}
    for ar, spellings in variants.items():
        distinct: dict[str, str] = {}
        for s, _c in sorted(spellings.items(), key=lambda kv: -kv[1]):
            distinct.setdefault(normalize_latin(s), s)
        if len(distinct) >= 2:
            multi[ar] = list(distinct.values())
    weights = {ar: weight.get(ar, 1.0) ** 0.6 for ar in cross}
    for ar in multi:
        weights[ar] = weight.get(ar, 1.0) ** 0.6
    return Pairs(sorted(cross.items()), weights, multi)


# --- building full-name cases ------------------------------------------------


@dataclass
class Case:
    query: Person
    expect: str | None
    category: str


@dataclass
class Dataset:
    name: str
    register: list[Person]
    cases: list[Case]


def _birth(rng: random.Random) -> str | None:
    r = rng.random()
    year = rng.randint(1950, 2004)
    if r < 0.3:
        return None
    if r < 0.6:
        return str(year)
    return f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


ARABIC_ONLY_LETTERS = set("عحخقصضطظغثذةءئؤ")


def arabic_origin(ar: str) -> bool:
    """Proxy for a name of Arabic origin: it uses letters that foreign names never need."""
    return any(ch in ARABIC_ONLY_LETTERS for ch in ar)


def build_translit_datasets(
    pairs: Pairs,
    *,
    register_size: int,
    present: int,
    absent: int,
    seed: int = 7,
    arabic_names_only: bool = False,
) -> list[Dataset]:
    """Full-name cases from token pairs: Arabic→Latin, Latin→Arabic, Latin variants.

    With ``arabic_names_only``, only tokens that look like names of Arabic origin
    (see :func:`arabic_origin`) are used: closer to Jisr's users' data.
    """
    out: list[Dataset] = []
    suffix = "_arabic_names" if arabic_names_only else ""
    for direction in ("ar_query_lat_register", "lat_query_ar_register"):
        rng = random.Random(f"{seed}-{direction}")
        toks = [t for t in pairs.cross if not arabic_names_only or arabic_origin(t[0])]
        rng.shuffle(toks)
        persons = _make_people(
            rng, toks, register_size + absent, [pairs.weight.get(t[0], 1.0) for t in toks]
        )
        ar_first = direction.startswith("ar")
        register: list[Person] = []
        cases: list[Case] = []
        for i, p in enumerate(persons[:register_size]):
            ar_name = " ".join(t[0] for t in p["tokens"])
            lat_name = " ".join(t[1] for t in p["tokens"])
            register.append(Person(f"R{i}", [lat_name if ar_first else ar_name], p["birth"], []))
            if i < present:
                q = Person(f"Q{i}", [ar_name if ar_first else lat_name], p["birth"], [])
                cases.append(Case(q, f"R{i}", "present"))
        for j, p in enumerate(persons[register_size:]):
            name = " ".join(t[0] if ar_first else t[1] for t in p["tokens"])
            cases.append(Case(Person(f"A{j}", [name], p["birth"], []), None, "absent"))
        out.append(Dataset(direction + suffix, register, cases))
    # Latin spelling variants: same Arabic token, two different Latin spellings.
    rng = random.Random(f"{seed}-variants")
    groups = sorted(
        (ar, sp) for ar, sp in pairs.variants.items() if not arabic_names_only or arabic_origin(ar)
    )
    rng.shuffle(groups)
    register = []
    cases = []
    people = _make_people(
        rng, groups, register_size + absent, [pairs.weight.get(g[0], 1.0) for g in groups]
    )
    for i, p in enumerate(people[:register_size]):
        reg_tokens: list[str] = []
        q_tokens: list[str] = []
        for _ar, spellings in p["tokens"]:
            a, b = rng.sample(spellings, 2)
            reg_tokens.append(a)
            q_tokens.append(b)
        register.append(Person(f"R{i}", [" ".join(reg_tokens)], p["birth"], []))
        if i < present:
            cases.append(
                Case(Person(f"Q{i}", [" ".join(q_tokens)], p["birth"], []), f"R{i}", "present")
            )
    for j, p in enumerate(people[register_size:]):
        name = " ".join(rng.choice(sp) for _ar, sp in p["tokens"])
        cases.append(Case(Person(f"A{j}", [name], p["birth"], []), None, "absent"))
    out.append(Dataset("latin_spelling_variants" + suffix, register, cases))
    return out


def _alias_spellings(spellings: list[str]) -> list[str]:
    """Spellings of one Arabic token that are plausibly the same name.

    Wikidata aligns some unrelated words to one Arabic token (*Galileo* /
    *Chini*); keep the spellings within a plain edit distance of the most
    frequent one (rapidfuzz ratio on accent-stripped text, independent of jisr's
    phonetics).
    """
    from rapidfuzz import fuzz

    head = normalize_latin(spellings[0])
    return [s for s in spellings if fuzz.ratio(normalize_latin(s), head) >= 60]


def build_alias_datasets(
    pairs: Pairs,
    *,
    register_size: int,
    present: int,
    absent: int,
    seed: int = 11,
) -> list[Dataset]:
    """Arab-style full names and their aliases, the shape of real watch-list records.

    A person is *given name + father's name [+ grandfather's name] + family
    name*, drawn from Arabic-origin development tokens: given names by raw
    frequency (a few names are very common, as in real registers), family names
    from a flatter distribution. The register keeps the full name; a query is
    an alias: every part in another real spelling of the same Arabic token,
    half of the time without the middle names, a sixth of the time family name
    first. Absent persons are drawn the same way, so they share given names and
    sometimes family names with the register.
    """
    groups = []
    for ar, spellings in sorted(pairs.variants.items()):
        if not arabic_origin(ar):
            continue
        kept = _alias_spellings(spellings)
        if len(kept) >= 2:
            groups.append((ar, kept))
    rng = random.Random(f"{seed}-aliases")
    given_w = [pairs.weight.get(g[0], 1.0) ** 1.6 for g in groups]  # weights are count**0.6
    family_w = [pairs.weight.get(g[0], 1.0) ** 0.5 for g in groups]

    def person() -> dict[str, Any]:
        given = rng.choices(groups, weights=given_w)[0]
        father = rng.choices(groups, weights=given_w)[0]
        middle = [father]
        if rng.random() < 0.4:
            middle.append(rng.choices(groups, weights=given_w)[0])
        family = rng.choices(groups, weights=family_w)[0]
        return {"given": given, "middle": middle, "family": family, "birth": _birth(rng)}

    people = [person() for _ in range(register_size + absent)]

    def alias(p: dict[str, Any]) -> list[tuple[str, list[str]]]:
        parts = [p["given"], *p["middle"], p["family"]]
        r = rng.random()
        if r < 0.5:
            parts = [p["given"], p["family"]]
        elif r < 0.67:
            parts = [p["family"], p["given"], *p["middle"]]
        return parts

    def latin(parts: list[tuple[str, list[str]]], avoid: dict[str, str] | None) -> str:
        out = []
        for ar, sp in parts:
            choices = [s for s in sp if avoid is None or s != avoid.get(ar)] or sp
            out.append(rng.choice(choices))
        return " ".join(out)

    out: list[Dataset] = []
    for kind in ("aliases_latin", "aliases_ar_query", "aliases_lat_query"):
        register: list[Person] = []
        cases: list[Case] = []
        for i, p in enumerate(people[:register_size]):
            full = [p["given"], *p["middle"], p["family"]]
            reg_spelling = {ar: rng.choice(sp) for ar, sp in full}
            if kind == "aliases_lat_query":
                reg_name = " ".join(ar for ar, _ in full)
            else:
                reg_name = " ".join(reg_spelling[ar] for ar, _ in full)
            register.append(Person(f"R{i}", [reg_name], p["birth"], []))
            if i < present:
                parts = alias(p)
                if kind == "aliases_ar_query":
                    q_name = " ".join(ar for ar, _ in parts)
                else:
                    q_name = latin(parts, reg_spelling if kind == "aliases_latin" else None)
                cases.append(Case(Person(f"Q{i}", [q_name], p["birth"], []), f"R{i}", "present"))
        for j, p in enumerate(people[register_size:]):
            parts = alias(p)
            if kind == "aliases_ar_query":
                q_name = " ".join(ar for ar, _ in parts)
            else:
                q_name = latin(parts, None)
            cases.append(Case(Person(f"A{j}", [q_name], p["birth"], []), None, "absent"))
        out.append(Dataset(kind, register, cases))
    return out


def _make_people(
    rng: random.Random, toks: list[Any], n: int, weights: list[float]
) -> list[dict[str, Any]]:
    """n people of 2-3 tokens drawn by frequency (common names recur, as in real
    registers); a third of them share a token with an earlier person."""
    people: list[dict[str, Any]] = []
    for k in range(n):
        size = rng.choice((2, 2, 3))
        chosen = []
        while len(chosen) < size:
            t = rng.choices(toks, weights=weights)[0]
            if t not in chosen:
                chosen.append(t)
        if people and rng.random() < 0.35:
            other = rng.choice(people)
            chosen[rng.randrange(size)] = rng.choice(other["tokens"])
        people.append({"tokens": chosen, "birth": _birth(rng), "k": k})
    return people


def load_hard_cases(folder: Path) -> Dataset:
    register = [
        Person.from_dict(json.loads(line)) for line in _lines(folder / "hard_register.jsonl")
    ]
    cases = []
    for line in _lines(folder / "hard_queries.jsonl"):
        d = json.loads(line)
        cases.append(Case(Person.from_dict(d), d.get("expect"), d.get("category", "")))
    return Dataset("hard_cases", register, cases)


def _lines(path: Path) -> Iterable[str]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield line


# --- systems -----------------------------------------------------------------

Searcher = Callable[[Person], list[str]]


class System:
    name = ""
    threshold = 0.0

    def prepare(self, register: list[Person]) -> None:
        raise NotImplementedError

    def search(self, query: Person) -> list[str]:
        raise NotImplementedError


class JisrSystem(System):
    name = "jisr"
    threshold = DEFAULT_THRESHOLD

    def __init__(self, threshold: float | None = None) -> None:
        if threshold is not None:
            self.threshold = threshold
        self.index: Index | None = None

    def prepare(self, register: list[Person]) -> None:
        self.index = Index.build(register)

    def search(self, query: Person) -> list[str]:
        assert self.index is not None
        return [m.id for m in self.index.search(query, threshold=self.threshold, top=50)]


class NomenklaturaSystem(System):
    """Brute force: nomenklatura has no index of its own in this setting."""

    threshold = NK_THRESHOLD

    def __init__(self, algorithm: str) -> None:
        from nomenklatura.matching import get_algorithm

        algo = get_algorithm(algorithm)
        if algo is None:
            raise SystemExit(f"nomenklatura has no algorithm {algorithm}")
        self.algo = algo
        self.config = algo.default_config()
        self.name = f"nomenklatura {algorithm}"
        self.entities: list[Any] = []

    @staticmethod
    def entity(p: Person) -> Any:
        from followthemoney import model

        e = model.make_entity("Person")
        e.id = p.id
        for n in p.names:
            e.add("name", n)
        if p.birth_date:
            e.add("birthDate", p.birth_date)
        for n in p.nationality:
            e.add("nationality", n, quiet=True)
        return e

    def prepare(self, register: list[Person]) -> None:
        self.entities = [self.entity(p) for p in register]

    def search(self, query: Person) -> list[str]:
        q = self.entity(query)
        out = []
        for e in self.entities:
            if self.algo.compare(q, e, self.config).score >= self.threshold:
                out.append(e.id)
        return out


class RapidfuzzSystem(System):
    """Baseline: unidecode both names, rapidfuzz token_sort_ratio, brute force."""

    name = "rapidfuzz+unidecode"
    threshold = RF_THRESHOLD

    def prepare(self, register: list[Person]) -> None:
        from unidecode import unidecode

        self._u = unidecode
        self.names: list[str] = []
        self.owner: list[str] = []
        for p in register:
            for n in p.names:
                self.names.append(unidecode(n).lower())
                self.owner.append(p.id)

    def search(self, query: Person) -> list[str]:
        from rapidfuzz import fuzz, process

        qs = [self._u(n).lower() for n in query.names]
        hits: set[str] = set()
        for q in qs:
            for _name, score, idx in process.extract(
                q,
                self.names,
                scorer=fuzz.token_sort_ratio,
                score_cutoff=self.threshold * 100,
                limit=None,
            ):
                hits.add(self.owner[idx])
                _ = score
        return sorted(hits)


# --- metrics -----------------------------------------------------------------


@dataclass
class Metrics:
    present: int = 0
    found: int = 0
    present_false: int = 0
    absent: int = 0
    absent_false: int = 0
    seconds: float = 0.0
    misses: list[str] = field(default_factory=list)
    false_hits: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.present if self.present else float("nan")

    @property
    def false_share(self) -> float:
        return self.present_false / self.present if self.present else float("nan")

    @property
    def absent_rate(self) -> float:
        return self.absent_false / self.absent if self.absent else float("nan")


def evaluate(system: System, data: Dataset, cases: list[Case] | None = None) -> Metrics:
    import time

    m = Metrics()
    t0 = time.perf_counter()
    system.prepare(data.register)
    for case in cases if cases is not None else data.cases:
        hits = system.search(case.query)
        if case.expect is None:
            m.absent += 1
            if hits:
                m.absent_false += 1
                m.false_hits.append(f"{case.query.id} {case.query.names} -> {hits[:3]}")
        else:
            m.present += 1
            if case.expect in hits:
                m.found += 1
            else:
                m.misses.append(f"{case.query.id} {case.query.names} (want {case.expect})")
            if any(h != case.expect for h in hits):
                m.present_false += 1
                m.false_hits.append(f"{case.query.id} {case.query.names} -> {hits[:3]}")
    m.seconds = time.perf_counter() - t0
    return m


def fmt(x: float) -> str:
    return "  n/a" if x != x else f"{x:5.3f}"
