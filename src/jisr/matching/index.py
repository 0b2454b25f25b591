"""Candidate generation: a blocking index over the register.

Every name token contributes its coarse phonetic key (see
:func:`jisr.matching.phonetic.coarse_key`), and every pair of tokens of a name a
pair key, so common first names (Mohamed, Fatima) still find their record through
the pair with the family name. Keys whose posting lists are larger than a cap are
skipped at query time; candidates are ranked by how many keys they share with the
query and only the best few hundred are scored. No query is ever compared with
every record.
"""

from __future__ import annotations

import gc
import heapq
import io
import json
import math
import os
from array import array
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Final

from .features import score_prepared
from .model import DEFAULT_THRESHOLD, Match, Person
from .names import ParsedName, Token, join_tokens, name_variants, parse_name
from .scoring import DEFAULT_CONFIG, Config, PreparedPerson, prepare
from .search import PART_THRESHOLD, name_part_score, query_words

__all__ = ["Index", "name_keys"]

_WORKER_INDEX: Index | None = None


def _year(birth_date: str | None) -> int:
    """Birth year for candidate ranking, 0 when unknown or unreadable."""
    if birth_date and len(birth_date) >= 4 and birth_date[:4].isdigit():
        return int(birth_date[:4])
    return 0


def _worker_search(args: tuple[Person, float | None, int]) -> list[Match]:
    query, threshold, top = args
    assert _WORKER_INDEX is not None
    return _WORKER_INDEX.search(query, threshold=threshold, top=top)


_FORMAT: Final = "jisr-matching-index"
#: Raised whenever names are read into other keys: a saved index of another version
#: is rebuilt by ``jisr screen --index`` (2: titles, "bin" chains, alias words;
#: 3: Pashto and other Arabic-script letters, compounds joined in Arabic; 4: West
#: African, Indonesian and construct readings, ذو compounds, Tuareg ag).
_VERSION: Final = 4
#: The largest adjustment date of birth and nationality can add to a name score.
_MAX_BONUS: Final = 0.08
#: Frequency weighting of name parts (see :meth:`Index.rarity`).
_RARE_SHARE: Final = 0.002
_COMMON_SHARE: Final = 0.10
_COMMON_FLOOR: Final = 0.35
#: Records kept parsed between searches. A search scores a few hundred records at
#: most; on a large register, keeping every record ever scored would hold some
#: 500 bytes each in every search worker.
_PREPARED_KEPT = 50_000  # (not Final: tests lower it)


def name_keys(name: ParsedName) -> set[str]:
    """Blocking keys of one parsed name: token keys and token-pair keys."""
    keys: set[str] = set()
    mains: list[str] = []
    for tok in name:
        if tok.kind == "initial":
            continue
        keys.update(tok.keys)
        if tok.keys:
            mains.append(tok.keys[0])
    for i in range(len(mains)):
        for j in range(i + 1, len(mains)):
            a, b = mains[i], mains[j]
            keys.add(f"{a}|{b}" if a <= b else f"{b}|{a}")
    return keys


def joined_keys(name: ParsedName) -> set[str]:
    """Keys of a query name's adjacent parts written as one word, alone and paired with
    each other part: a register spelling that joins them (علیرضا کریمپور for *Ali Reza
    Karimpour*, غلامحسين for *Gholam Hossein*) shares them. Only queries get them: the
    register holds no extra postings."""
    keys: set[str] = set()
    parts = [t for t in name if t.kind != "initial"]
    if len(parts) < 2:
        return keys
    mains = [t.keys[0] if t.keys else "" for t in parts]
    for i in range(len(parts) - 1):
        joined = join_tokens(parts[i], parts[i + 1]).keys
        if not joined:
            continue
        a = joined[0]
        keys.add(a)
        for k, b in enumerate(mains):
            if b and k != i and k != i + 1:
                keys.add(f"{a}|{b}" if a <= b else f"{b}|{a}")
    return keys


#: Records whose names are parsed through the shared parse caches when indexed. Past
#: this many, names are parsed without being kept: a large register would only push
#: the entries searches use out of the caches, and keep the last 262,144 names parsed
#: (about 35 MB).
_CACHED_RECORDS = 65_536  # (not Final: tests lower it)


def _person_keys(person: Person, cached: bool = True) -> set[str]:
    variants = name_variants if cached else name_variants.__wrapped__
    parse = parse_name if cached else parse_name.__wrapped__
    keys: set[str] = set()
    for n in person.names:
        for v in variants(n):
            keys |= name_keys(parse(v))
    return keys


class Index:
    """A searchable register of persons.

    >>> idx = Index.build([Person("p1", ["Youssef Benali"], "1980", [])])
    >>> [m.id for m in idx.search(Person("q", ["يوسف بن علي"], None, []))]
    ['p1']
    """

    def __init__(
        self,
        config: Config = DEFAULT_CONFIG,
        *,
        max_block: int = 5000,
        max_pair_block: int = 20000,
        max_candidates: int = 100,
        max_weak: int = 10,
        max_rare: int = 32,
        max_rare_candidates: int = 10,
    ) -> None:
        self.config = config
        self.max_block = max_block
        self.max_pair_block = max_pair_block
        self.max_candidates = max_candidates
        self.max_weak = max_weak
        self.max_rare = max_rare
        self.max_rare_candidates = max_rare_candidates
        self._persons: list[Person | None] = []
        #: Records parsed for scoring, by position (a bounded cache: see _PREPARED_KEPT).
        self._prepared: dict[int, PreparedPerson] = {}
        self._ids: dict[str, int] = {}
        self._postings: dict[str, array[int]] = {}
        self._years: array[int] = array("H")
        self._rarity: dict[int, float] = {}
        #: What the index was built from (e.g. the register file's SHA-256), kept by save/load.
        self.source: str | None = None

    # -- building ----------------------------------------------------------

    @classmethod
    def build(cls, records: Iterable[Person], config: Config = DEFAULT_CONFIG) -> Index:
        index = cls(config)
        for person in records:
            index.add(person)
        return index

    def __len__(self) -> int:
        return len(self._ids)

    def __contains__(self, person_id: object) -> bool:
        return person_id in self._ids

    def get(self, person_id: str) -> Person | None:
        pos = self._ids.get(person_id)
        return None if pos is None else self._persons[pos]

    def add(self, person: Person) -> None:
        """Add a record; a record with the same id is replaced."""
        if person.id in self._ids:
            self.remove(person.id)
        if self._rarity:
            self._rarity.clear()  # frequencies change with the register
        pos = len(self._persons)
        self._persons.append(person)
        self._years.append(_year(person.birth_date))
        self._ids[person.id] = pos
        postings = self._postings
        for key in _person_keys(person, cached=pos < _CACHED_RECORDS):
            arr = postings.get(key)
            if arr is None:
                postings[key] = array("I", (pos,))
            else:
                arr.append(pos)

    def remove(self, person_id: str) -> None:
        """Remove a record by id (KeyError if absent)."""
        pos = self._ids.pop(person_id)
        self._persons[pos] = None
        self._prepared.pop(pos, None)

    # -- how common a name part is -----------------------------------------

    def rarity(self, token: Token) -> float:
        """Weight factor of a name part from its frequency in the register.

        1.0 for a part carried by at most 0.2 % of the records, falling
        log-linearly to ``_COMMON_FLOOR`` at 10 % and above (*Mohamed* in a
        Maghreb register). Registers smaller than 1,000 records count as 1,000,
        so a handful of records does not make a name look common.
        """
        hit = self._rarity.get(token.uid)
        if hit is not None:
            return hit
        post = self._postings.get(token.keys[0]) if token.keys else None
        share = (len(post) if post is not None else 0) / max(len(self._persons), 1000)
        if share <= _RARE_SHARE:
            value = 1.0
        else:
            span = min(1.0, math.log(share / _RARE_SHARE) / math.log(_COMMON_SHARE / _RARE_SHARE))
            value = 1.0 - (1.0 - _COMMON_FLOOR) * span
        if len(self._rarity) > 500_000:
            self._rarity.clear()
        self._rarity[token.uid] = value
        return value

    def _prepared_at(self, pos: int) -> PreparedPerson | None:
        prep = self._prepared.get(pos)
        if prep is None:
            person = self._persons[pos]
            if person is None:
                return None
            prep = prepare(person)
            if len(self._prepared) >= _PREPARED_KEPT:
                self._prepared.clear()  # (a large register: parsing again is cheap)
            self._prepared[pos] = prep
        return prep

    # -- searching ---------------------------------------------------------

    def candidates(self, query: Person) -> list[int]:
        """Positions of the records worth scoring for ``query``, best first."""
        keys: set[str] = set()
        one_part = False
        for n in (v for name in query.names for v in name_variants(name)):
            parsed = parse_name(n)
            keys |= name_keys(parsed)
            keys |= joined_keys(parsed)
            if sum(1 for t in parsed if t.kind != "initial") < 2:
                one_part = True  # a one-part name can only share one key
        counts: Counter[int] = Counter()
        paired: set[int] = set()
        smallest: array[int] | None = None
        rare: list[array[int]] = []
        # "rare": held by at most 0.1 % of the records (2 to max_rare of them)
        rare_cap = max(2, min(self.max_rare, len(self._persons) // 1000))
        # In a fixed order: which of equally ranked records make the cut below must not
        # depend on how this process hashes strings (PYTHONHASHSEED).
        for key in sorted(keys):
            post = self._postings.get(key)
            if post is None:
                continue
            is_pair = "|" in key
            if not is_pair and len(post) <= rare_cap:
                rare.append(post)
            cap = self.max_pair_block if is_pair else self.max_block
            if len(post) > cap:
                if smallest is None or len(post) < len(smallest):
                    smallest = post
                continue
            counts.update(post)
            if is_pair:
                counts.update(post)
                paired.update(post)
        if not counts and smallest is not None:
            counts.update(smallest[: self.max_pair_block])
            paired.update(smallest[: self.max_pair_block])
        if not counts:
            return []
        # Records sharing a pair key have two name parts that agree: they come
        # first. Records sharing only single-part keys are scored within a small
        # budget (a typing error in one part); for one-part names, all are strong.
        if one_part:
            strong = list(counts)
        else:
            strong = list(paired)
        if len(strong) > self.max_candidates:
            year = _year(query.birth_date)

            def rank(pos: int) -> tuple[int, int]:
                y = self._years[pos]
                plausible = 1 if (not year or not y or abs(y - year) <= 2) else 0
                return (counts[pos], plausible)

            strong = heapq.nlargest(self.max_candidates, strong, key=rank)
        budget = min(self.max_weak, self.max_candidates - len(strong))
        if budget > 0 and not one_part:
            weak = [(c, pos) for pos, c in counts.items() if c >= 2 and pos not in paired]
            if len(weak) > budget:
                weak = heapq.nlargest(budget, weak)
            strong.extend(pos for _, pos in weak)
        if not strong:
            return [pos for pos, _ in counts.most_common(20)]
        if rare and not one_part:
            # A rare name part shared with the query is worth a look even when
            # the other parts' keys differ (one part spelt differently between
            # the scripts): the rarest parts first, within a small budget.
            budget = min(
                self.max_rare_candidates, self.max_candidates + self.max_weak - len(strong)
            )
            seen = set(strong)
            for post in sorted(rare, key=len):
                for pos in post:
                    if budget <= 0:
                        break
                    if pos not in seen:
                        seen.add(pos)
                        strong.append(pos)
                        budget -= 1
        return strong

    def search(
        self, query: Person, *, threshold: float | None = None, top: int = 10
    ) -> list[Match]:
        """Register records scoring at or above ``threshold``, best first."""
        limit = DEFAULT_THRESHOLD if threshold is None else threshold
        prepared_query = prepare(query)
        floor = limit - _MAX_BONUS
        results: list[Match] = []
        for pos in self.candidates(query):
            cand = self._prepared_at(pos)
            if cand is None:
                continue
            match = score_prepared(
                prepared_query, cand, self.config, name_floor=floor, rarity=self.rarity
            )
            if match is not None and match.score >= limit:
                results.append(match)
        results.sort(key=lambda m: (-m.score, m.id))
        return results[:top] if top > 0 else results

    def search_many(
        self,
        queries: Sequence[Person],
        *,
        threshold: float | None = None,
        top: int = 10,
        workers: int = 1,
    ) -> list[list[Match]]:
        """Search many queries, in input order; ``workers`` > 1 forks worker processes.

        Workers share the index copy-on-write (POSIX fork); elsewhere, or for few
        queries, the search runs in this process.
        """
        if workers <= 1 or len(queries) < 100:
            return [self.search(q, threshold=threshold, top=top) for q in queries]
        import multiprocessing as mp  # only for worker processes (a slow import)

        if "fork" not in mp.get_all_start_methods():
            return [self.search(q, threshold=threshold, top=top) for q in queries]
        global _WORKER_INDEX
        _WORKER_INDEX = self
        gc.collect()
        gc.freeze()  # keep the collector from touching (and copying) shared pages
        try:
            ctx = mp.get_context("fork")
            chunk = max(1, min(500, len(queries) // (workers * 8)))
            with ctx.Pool(workers) as pool:
                return pool.map(
                    _worker_search,
                    [(q, threshold, top) for q in queries],
                    chunksize=chunk,
                )
        finally:
            _WORKER_INDEX = None
            gc.unfreeze()

    # -- persistence -------------------------------------------------------

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write the index (records and postings) to a single file."""
        keys = sorted(self._postings)
        offsets: list[tuple[str, int, int]] = []
        blob = io.BytesIO()
        offset = 0
        for key in keys:
            arr = self._postings[key]
            offsets.append((key, offset, len(arr)))
            blob.write(arr.tobytes())
            offset += len(arr)
        records = "\n".join(
            json.dumps(p.to_dict(), ensure_ascii=False) if p is not None else "null"
            for p in self._persons
        )
        meta = {
            "format": _FORMAT,
            "version": _VERSION,
            "itemsize": array("I").itemsize,
            "records": len(self._persons),
            "max_block": self.max_block,
            "max_pair_block": self.max_pair_block,
            "max_candidates": self.max_candidates,
            "source": self.source,
        }
        tmp = f"{os.fspath(path)}.tmp"
        import zipfile  # only to save or load an index (a costly import for jisr screen)

        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
            zf.writestr("meta.json", json.dumps(meta))
            zf.writestr("records.jsonl", records)
            zf.writestr("keys.json", json.dumps(offsets, ensure_ascii=False))
            zf.writestr("postings.bin", blob.getvalue())
        os.replace(tmp, path)

    @classmethod
    def load(cls, path: str | os.PathLike[str], config: Config = DEFAULT_CONFIG) -> Index:
        """Read an index written by :meth:`save`."""
        import zipfile

        with zipfile.ZipFile(path) as zf:
            meta = json.loads(zf.read("meta.json"))
            if meta.get("format") != _FORMAT or meta.get("version") != _VERSION:
                raise ValueError(f"{path}: not a jisr matching index (version {_VERSION})")
            if meta.get("itemsize") != array("I").itemsize:
                raise ValueError(f"{path}: index written on an incompatible platform")
            index = cls(
                config,
                max_block=int(meta["max_block"]),
                max_pair_block=int(meta["max_pair_block"]),
                max_candidates=int(meta["max_candidates"]),
            )
            index.source = meta.get("source")
            lines = zf.read("records.jsonl").decode("utf-8").split("\n")
            offsets = json.loads(zf.read("keys.json"))
            blob = zf.read("postings.bin")
        for pos, line in enumerate(lines[: int(meta["records"])]):
            data = json.loads(line)
            if data is None:
                index._persons.append(None)
                index._years.append(0)
            else:
                person = Person.from_dict(data)
                index._persons.append(person)
                index._years.append(_year(person.birth_date))
                index._ids[person.id] = pos
        all_postings: array[int] = array("I")
        all_postings.frombytes(blob)
        for key, start, length in offsets:
            index._postings[key] = all_postings[start : start + length]
        return index

    # -- searching by name part --------------------------------------------

    def search_name_part(
        self, query: str, *, threshold: float = PART_THRESHOLD, limit: int = 1000
    ) -> list[tuple[str, float]]:
        """Ids of records with every word of ``query`` in one of their names, best first.

        For a search box, not screening: see :mod:`jisr.matching.search`.
        """
        words = query_words(query)
        if not words:
            return []
        candidates: set[int] | None = None
        for word in words:
            found: set[int] = set()
            for key in word.keys:
                found.update(self._postings.get(key, ()))
            candidates = found if candidates is None else candidates & found
        scored: list[tuple[str, float]] = []
        for pos in candidates or ():
            person = self._persons[pos]
            if person is None:
                continue
            score = name_part_score(words, person.names)
            if score >= threshold:
                scored.append((person.id, score))
        scored.sort(key=lambda item: (-item[1], item[0]))
        return scored[:limit]
