"""The DPO's search index: every person named in the node's records, in one matching index.

Kept in memory per process and brought up to date before each search by comparing each
source's record ids with those indexed (new records are read and added, removed ones
dropped), so a search costs one id query per source plus the matching, not a scan of
every record's names. Names go through :mod:`jisr.matching`, so a Latin query finds an
Arabic-script record and the other way round.
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from jisr.matching import Index, Person
from jisr.matching.search import query_words
from jisr.privacy.person_sources import PersonRow, PersonSource, person_sources

#: The matching engine's score at or above which a whole-name query finds a person.
NAME_THRESHOLD = 0.80
_DOC_CLEAN = re.compile(r"[^0-9A-Z]")


def normal_document(value: str) -> str:
    return _DOC_CLEAN.sub("", value.upper())


@dataclass
class _SourceState:
    records: dict[str, list[str]] = field(default_factory=dict)  # record id -> index ids
    signature: tuple[int, Any] | None = None
    checked_at: float = 0.0


#: Even when a source's signature (row count, highest id) is unchanged, compare its ids in
#: full this often: a deletion and an insertion of an older id between two searches leave
#: the signature as it was.
FULL_CHECK_SECONDS = 60.0


def _signature(ids: Any) -> tuple[int, Any] | None:
    """(count, highest id) of a source's id queryset: two index-only queries."""
    if not isinstance(ids, QuerySet):
        return None
    # ORDER BY pk DESC LIMIT 1 rather than MAX(pk): PostgreSQL has no max() for uuid, and
    # both read the primary key's index only.
    last = list(ids.order_by("-pk").values_list("pk", flat=True)[:1])
    return ids.order_by().count(), last[0] if last else None


@dataclass(frozen=True)
class Found:
    kind: str
    record_id: str
    owner: str
    score: float | None


class PersonIndex:
    def __init__(self) -> None:
        self.index = Index()
        self.rows: dict[str, tuple[str, PersonRow]] = {}  # index id -> (source kind, row)
        self.by_birth: dict[str, set[str]] = {}
        self.by_document: dict[str, set[str]] = {}
        self.sources: dict[str, _SourceState] = {}
        self.lock = threading.Lock()

    def _add(self, source: PersonSource, row: PersonRow, state: _SourceState) -> None:
        n = len(state.records.setdefault(row.record_id, []))
        pid = f"{source.kind}|{row.record_id}|{n}"
        state.records[row.record_id].append(pid)
        self.rows[pid] = (source.kind, row)
        if row.names:
            self.index.add(Person(pid, list(row.names), row.birth_date or None, []))
        if row.birth_date:
            self.by_birth.setdefault(row.birth_date, set()).add(pid)
        for doc in row.documents:
            key = normal_document(doc)
            if key:
                self.by_document.setdefault(key, set()).add(pid)

    def _remove(self, record_id: str, state: _SourceState) -> None:
        for pid in state.records.pop(record_id, []):
            _kind, row = self.rows.pop(pid)
            if pid in self.index:
                self.index.remove(pid)
            if row.birth_date:
                self.by_birth.get(row.birth_date, set()).discard(pid)
            for doc in row.documents:
                self.by_document.get(normal_document(doc), set()).discard(pid)

    def refresh(self) -> None:
        """Add the records created since the last refresh, drop the ones deleted.

        A source whose signature (row count, highest id) did not change is skipped, so a
        search on an unchanged node costs two small queries per source.
        """
        with self.lock:
            for source in person_sources():
                state = self.sources.setdefault(source.kind, _SourceState())
                ids = source.ids()
                signature = _signature(ids)
                now = time.monotonic()
                if (
                    signature is not None
                    and signature == state.signature
                    and now - state.checked_at < FULL_CHECK_SECONDS
                ):
                    continue
                current = {str(pk) for pk in ids}
                state.signature = signature
                state.checked_at = now
                for gone in set(state.records) - current:
                    self._remove(gone, state)
                new = sorted(current - set(state.records))
                for start in range(0, len(new), 1000):
                    chunk = new[start : start + 1000]
                    for row in source.people(chunk):
                        self._add(source, row, state)
                    for record_id in chunk:  # a record naming nobody is still known
                        state.records.setdefault(record_id, [])

    def search(self, *, name: str = "", birth_date: str = "", document: str = "") -> list[Found]:
        """Records naming the person: (name and compatible birth date) or the document."""
        self.refresh()
        with self.lock:
            hits: dict[str, float | None] = {}
            if name:
                query = Person("query", [name], birth_date or None, [])
                for match in self.index.search(query, threshold=NAME_THRESHOLD, top=5000):
                    hits[match.id] = match.score
                # A part of a name ("Tazi") is not a whole person: search by name part when
                # one word was typed, or when the whole name found nobody.
                if not hits or len(query_words(name)) <= 1:
                    for pid, part_score in self.index.search_name_part(name, limit=5000):
                        hits[pid] = max(part_score, hits.get(pid) or 0.0)
                if birth_date:
                    hits = {
                        pid: s
                        for pid, s in hits.items()
                        if _compatible(self.rows[pid][1].birth_date, birth_date)
                    }
            elif birth_date:
                for known, pids in self.by_birth.items():
                    if _compatible(known, birth_date):
                        hits.update({pid: None for pid in pids})
            if document:
                for pid in self.by_document.get(normal_document(document), set()):
                    hits.setdefault(pid, None)
            found: dict[tuple[str, str], Found] = {}
            for pid, score in hits.items():
                if pid not in self.rows:
                    continue
                kind, row = self.rows[pid]
                key = (kind, row.record_id)
                best = found.get(key)
                if best is None or (score or 0) > (best.score or 0):
                    found[key] = Found(kind, row.record_id, row.owner, score)
        return sorted(found.values(), key=lambda f: (-(f.score or 0), f.kind, f.record_id))


def _compatible(known: str, wanted: str) -> bool:
    """Same date, or one is the other's year or year-month."""
    if not known or not wanted:
        return False
    return known.startswith(wanted) or wanted.startswith(known)


_INDEX: PersonIndex | None = None
_INDEX_LOCK = threading.Lock()


def person_index() -> PersonIndex:
    global _INDEX
    with _INDEX_LOCK:
        if _INDEX is None:
            _INDEX = PersonIndex()
        return _INDEX


def reset_person_index() -> None:
    """Forget the index (tests, and after a database restore)."""
    global _INDEX
    with _INDEX_LOCK:
        _INDEX = None
