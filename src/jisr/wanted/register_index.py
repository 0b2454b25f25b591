"""The in-process matching index over the register, kept in step with the database.

Every web or worker process keeps one :class:`jisr.matching.Index` of the live
alerts (own drafts, pending and active alerts, and active partner copies). Before
each search it compares a cheap signature of the table (row count, latest
``updated_at``) with the one it was built from; when they differ it applies only
the rows changed since (with a margin for clock skew between processes) and drops
deleted ids, so 100,000 alerts are not re-indexed on every change.
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass
from typing import Any

from django.db.models import Max

from jisr.matching import Index, Match, Person
from jisr.wanted.models import Alert
from jisr.wanted.reference import Status

LIVE_OWN = (Status.DRAFT, Status.PENDING_REVIEW, Status.ACTIVE)
_SKEW = dt.timedelta(seconds=60)
_FIELDS = (
    "id",
    "owner__code",
    "status",
    "is_copy",
    "names",
    "aliases",
    "birth_date",
    "nationalities",
    "restricted_at",
    "updated_at",
)


@dataclass(frozen=True)
class Entry:
    owner: str
    status: str
    is_copy: bool
    #: Restricted on a data-subject request (by this node, or by the owner of a copy).
    restricted: bool = False


class RegisterIndex:
    def __init__(self) -> None:
        self.index = Index()
        self.meta: dict[str, Entry] = {}
        self.known: set[str] = set()
        self.signature: tuple[int, Any] | None = None
        # Re-entrant: a batch holds it across a search, which may have to build the index.
        self.lock = threading.RLock()

    @staticmethod
    def _signature() -> tuple[int, Any]:
        # Two queries on purpose: apart, each uses a covering index (about 2 ms for
        # 100,000 rows on SQLite); together they force a scan of the table (75 ms).
        last = Alert.objects.aggregate(last=Max("updated_at"))["last"]
        return Alert.objects.count(), last

    def _apply(self, row: dict[str, Any]) -> None:
        key = str(row["id"])
        self.known.add(key)
        live = row["status"] == Status.ACTIVE or (not row["is_copy"] and row["status"] in LIVE_OWN)
        if not live:
            if key in self.meta:
                self.index.remove(key)
                del self.meta[key]
            return
        person = Person(
            key,
            [*row["names"], *row["aliases"]],
            row["birth_date"] or None,
            list(row["nationalities"] or []),
        )
        self.index.add(person)
        self.meta[key] = Entry(
            row["owner__code"], row["status"], row["is_copy"], row["restricted_at"] is not None
        )

    def refresh(self) -> None:
        with self.lock:
            sig = self._signature()
            if sig == self.signature:
                return
            if self.signature is None or self.signature[1] is None:
                rows = Alert.objects.values(*_FIELDS).iterator(chunk_size=5000)
                self.index = Index()
                self.meta = {}
                self.known = set()
            else:
                rows = (
                    Alert.objects.filter(updated_at__gte=self.signature[1] - _SKEW)
                    .values(*_FIELDS)
                    .iterator(chunk_size=5000)
                )
            for row in rows:
                self._apply(row)
            # Deleted rows (withdrawn partner copies) leave no updated_at to find:
            # more ids known than rows in the table means some were deleted.
            if len(self.known) != sig[0]:
                self._drop_deleted()
            self.signature = sig

    def _drop_deleted(self) -> None:
        present = {str(i) for i in Alert.objects.values_list("id", flat=True)}
        for key in [k for k in self.known if k not in present]:
            self.known.discard(key)
            if key in self.meta:
                self.index.remove(key)
                del self.meta[key]

    def search(
        self,
        person: Person,
        *,
        active_only: bool,
        threshold: float | None = None,
        top: int = 10,
        refresh: bool = True,
    ) -> list[tuple[Match, Entry]]:
        """Matches for ``person`` with the owner/status of each alert, best first.

        ``active_only``: the alerts in use, as every screening wants them: active, and not
        restricted on a data-subject request. ``refresh=False`` skips the freshness check
        (a batch checks once per chunk).
        """
        if refresh or self.signature is None:
            self.refresh()
        out: list[tuple[Match, Entry]] = []
        for match in self.index.search(person, threshold=threshold, top=max(top * 3, 30)):
            entry = self.meta.get(match.id)
            if entry is None or (
                active_only and (entry.status != Status.ACTIVE or entry.restricted)
            ):
                continue
            out.append((match, entry))
            if len(out) >= top:
                break
        return out

    def name_part_ids(self, query: str, *, limit: int = 1000) -> list[str]:
        """Ids of live alerts with every word of ``query`` in a name or alias, any script."""
        self.refresh()
        return [key for key, _score in self.index.search_name_part(query, limit=limit)]


_REGISTER = RegisterIndex()


def register_index() -> RegisterIndex:
    """This process's index of the register."""
    return _REGISTER


def reset_register_index() -> None:
    """Forget the cached index (tests switch databases between cases)."""
    global _REGISTER
    _REGISTER = RegisterIndex()
