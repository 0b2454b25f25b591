#!/usr/bin/env python3
"""Data-protection bench: the DPO's person search and the retention run at scale.

    .venv/bin/python bench/privacy_bench.py [--database sqlite|postgres]
        [--audit-rows 1000000] [--subjects 100000] [--searches 40]

Starts node MA-DGSN (`jisr serve`, SQLite or a fresh PostgreSQL database; no worker, so the
retention run is the one this bench starts), loads N screened subjects (single screenings
with no hit, 40 days old, so all are past the 30-day period; every name built from syllables,
a tenth in Arabic script, all fictitious) and M audit rows (a screening.run row per screening,
the rest alert views, with a valid hash chain), then measures:

- the person search ``GET /api/v1/dpo/person`` (DPO token): the first search, which builds the
  in-memory index, and the p50/p95 of the next ones (Latin names, some of Arabic-script
  subjects, plus date-of-birth searches);
- ``jisr retention run`` deleting every expired subject, in 500-row transactions;
- the p95 of a web page (``GET /api/v1/alerts`` with an officer token, and ``/health``)
  before and during that run.

Targets (issue 17): person search p95 <= 1 s; the run <= 60 s without blocking pages. The
last line reads:

    audit_rows=… subjects=… database=… search_first_s=… search_p50_s=… search_p95_s=… run_s=… deleted=… page_p95_before_s=… page_p95_during_s=… page_max_during_s=…
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "src"))

SYLLABLES = (
    "ben el ma ri za ka lou ha mi sa ta ni bou da fa ja ou la ra si di mo na ya qa wa ti".split()
)
ARABIC = "بن ال م ر ز ك ل ه س ت ن د ف ج و ي ق ع ح".split()


def _word(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(n)).capitalize()


def _arabic(rng: random.Random) -> str:
    return " ".join("".join(rng.choice(ARABIC) for _ in range(rng.randint(3, 5))) for _ in range(2))


def person(rng: random.Random, i: int) -> tuple[str, str]:
    name = _arabic(rng) if i % 10 == 0 else f"{_word(rng, 2)} {_word(rng, rng.randint(2, 3))}"
    return name, f"{rng.randint(1950, 2005)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def load(subjects: int, audit_rows: int, seed: int) -> None:
    """Runs in the node's environment: bulk-insert screenings and a valid audit chain."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from jisr.audit.models import GENESIS_HASH, AuditChainHead, AuditEntry
    from jisr.core import clock, ids
    from jisr.wanted.models import Screening

    rng = random.Random(seed)
    officer = get_user_model().objects.get(username="ma.officer")
    old = clock.now() - dt.timedelta(days=40)
    screening_ids: list[str] = []
    batch: list[Screening] = []
    t0 = time.monotonic()
    for i in range(subjects):
        name, birth = person(rng, i)
        sid = ids.new_id()
        screening_ids.append(str(sid))
        batch.append(
            Screening(
                id=sid,
                user=officer,
                purpose=f"Case MA-DGSN-2026-{i % 9999:04d}",
                subjects=[{"names": [name], "birth_date": birth, "nationality": ["MA"]}],
                results=[{"subject": 0, "candidates": []}],
                total=1,
                progress=1,
                created_at=old + dt.timedelta(seconds=i),
            )
        )
        if len(batch) == 5000:
            Screening.objects.bulk_create(batch)
            batch = []
    Screening.objects.bulk_create(batch)
    print(f"  {subjects} screened subjects in {time.monotonic() - t0:.0f} s", flush=True)

    t0 = time.monotonic()
    with transaction.atomic():
        head = AuditChainHead.objects.select_for_update().filter(id=1).first()
        seq, prev = (head.last_seq, head.last_hash) if head else (0, GENESIS_HASH)
    rows: list[AuditEntry] = []
    start = clock.now() - dt.timedelta(days=20)
    for i in range(audit_rows):
        seq += 1
        if i < len(screening_ids):
            action, target_type, target = "screening.run", "wanted.screening", screening_ids[i]
        else:
            action, target_type, target = "alert.view", "wanted.alert", str(ids.new_id())
        entry = AuditEntry(
            seq=seq,
            created_at=start + dt.timedelta(milliseconds=i),
            actor_id=officer.pk,
            actor_username="ma.officer",
            actor_agency="MA-DGSN",
            action=action,
            target_type=target_type,
            target_id=target,
            justification="Bench consultation",
            extra={},
            prev_hash=prev,
        )
        entry.hash = entry.compute_hash(prev)
        prev = entry.hash
        rows.append(entry)
        if len(rows) == 5000:
            AuditEntry.objects.bulk_create(rows)
            rows = []
    AuditEntry.objects.bulk_create(rows)
    AuditChainHead.objects.update_or_create(id=1, defaults={"last_seq": seq, "last_hash": prev})
    print(f"  {audit_rows} audit rows in {time.monotonic() - t0:.0f} s", flush=True)


def _p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--audit-rows", type=int, default=1_000_000)
    parser.add_argument("--subjects", type=int, default=100_000)
    parser.add_argument("--searches", type=int, default=40)
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--load", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.load:
        load(args.subjects, args.audit_rows, args.seed)
        return 0

    import httpx

    if args.database == "postgres":
        os.environ.setdefault("JISR_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/test")
    else:
        os.environ.pop("JISR_DATABASE_URL", None)
    from tests.support.nodes import destroy, make_node

    node = make_node("MA-DGSN")
    try:
        node.setup()
        print(f"loading {args.subjects} subjects and {args.audit_rows} audit rows…", flush=True)
        subprocess.run(
            [
                sys.executable,
                __file__,
                "--load",
                "--subjects",
                str(args.subjects),
                "--audit-rows",
                str(args.audit_rows),
                "--seed",
                str(args.seed),
            ],
            env=node.env(),
            check=True,
        )
        node.start_server()
        dpo = httpx.Client(
            base_url=f"{node.url}/api/v1",
            headers={"Authorization": f"Bearer {node.token('ma.dpo')}"},
            timeout=600,
        )
        officer = httpx.Client(
            base_url=node.url,
            headers={"Authorization": f"Bearer {node.token('ma.officer')}"},
            timeout=120,
        )

        # The same sequence of people as the loader: search some of them by name or birth date.
        rng = random.Random(args.seed)
        people = [person(rng, i) for i in range(args.subjects)]
        pick = random.Random(1)
        queries: list[dict[str, str]] = []
        for n in range(args.searches):
            i = pick.randrange(args.subjects)
            name, birth = people[i]
            queries.append({"birth_date": birth} if n % 5 == 4 else {"name": name})
        t0 = time.monotonic()
        first = dpo.get("/dpo/person", params={"name": "Karim Tazi"})
        first.raise_for_status()
        search_first = time.monotonic() - t0
        times, found = [], 0
        for query in queries:
            t0 = time.monotonic()
            response = dpo.get("/dpo/person", params=query)
            times.append(time.monotonic() - t0)
            response.raise_for_status()
            found += bool(response.json()["records"])
        print(
            f"person search: first (builds the index) {search_first:.1f} s; "
            f"{len(times)} searches p50={statistics.median(times):.3f} s "
            f"p95={_p(times, 0.95):.3f} s; {found}/{len(times)} found their person",
            flush=True,
        )

        def page_times(stop: threading.Event, out: list[float]) -> None:
            while not stop.is_set():
                for path in ("/api/v1/alerts?limit=20", "/health"):
                    t = time.monotonic()
                    officer.get(path).raise_for_status()
                    out.append(time.monotonic() - t)
                time.sleep(0.05)

        before: list[float] = []
        stop = threading.Event()
        probe = threading.Thread(target=page_times, args=(stop, before))
        probe.start()
        time.sleep(5)
        stop.set()
        probe.join()

        during: list[float] = []
        stop = threading.Event()
        probe = threading.Thread(target=page_times, args=(stop, during))
        probe.start()
        t0 = time.monotonic()
        run = node.jisr("retention", "run")
        run_s = time.monotonic() - t0
        stop.set()
        probe.join()
        line = next(x for x in run.stdout.splitlines() if x.startswith("wanted.screening "))
        deleted = int(line.split("deleted ")[1].split()[0])
        print(run.stdout, flush=True)
        print(
            f"audit_rows={args.audit_rows} subjects={args.subjects} database={args.database} "
            f"search_first_s={search_first:.1f} search_p50_s={statistics.median(times):.3f} "
            f"search_p95_s={_p(times, 0.95):.3f} run_s={run_s:.1f} deleted={deleted} "
            f"page_p95_before_s={_p(before, 0.95):.3f} page_p95_during_s={_p(during, 0.95):.3f} "
            f"page_max_during_s={max(during):.3f} pages_during={len(during)}"
        )
        return 0
    finally:
        destroy(node)


if __name__ == "__main__":
    raise SystemExit(main())
