#!/usr/bin/env python3
"""Accreditation screening bench: 100,000 accredited people screened by a real node's worker.

    .venv/bin/python bench/accreditation_screening.py [--database sqlite|postgres]
        [--people 100000] [--alerts 10000] [--timeout 900]

Starts node MA-DGSN (`jisr serve` + `jisr worker`, SQLite or a fresh PostgreSQL database),
loads synthetic active alerts (a third of them FR-DGPN partner copies; every name is
built from syllables, all fictitious), creates an event through the API, uploads a CSV of
N accredited people (1 % of them spelled like an alert) to
POST /api/v1/events/{id}/accreditation-lists, and polls
GET /api/v1/events/accreditation-lists/{id} until the worker has screened them all,
printing the progress. Target (issue 7): 100,000 names in <= 300 s. The last line reads:

    people=100000 alerts=10000 database=sqlite upload_s=… screen_s=… worker_cpu_s=… per_s=… with_candidates=… load_avg=…

``worker_cpu_s`` is the CPU time the worker spent meanwhile: on a machine shared with other
work, ``screen_s`` grows with the load while ``worker_cpu_s`` does not.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "src"))

SYLLABLES = "ben el ma ri za ka lou ha mi sa ta ni bou da fa ja ou la ra si di mo na ya qa wa ti ge ro lu".split()
CATEGORIES = ["staff", "volunteer", "media", "delegation"]


def _word(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(n)).capitalize()


def synthetic_person(rng: random.Random) -> tuple[str, str]:
    name = f"{_word(rng, rng.randint(2, 3))} {_word(rng, rng.randint(2, 4))}"
    return name, f"{rng.randint(1950, 2005)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def load_alerts(count: int, seed: int) -> None:
    """Runs inside the node's environment (see main): bulk-insert active alerts."""
    import django

    django.setup()
    from jisr.accounts.models import Agency
    from jisr.wanted.models import Alert
    from jisr.wanted.reference import Status

    rng = random.Random(seed)
    own = Agency.objects.get(is_own=True)
    partner = Agency.objects.get(code="FR-DGPN")
    batch: list[Alert] = []
    for i in range(count):
        name, birth = synthetic_person(rng)
        is_copy = i % 3 == 0
        alert = Alert(
            owner=partner if is_copy else own,
            is_copy=is_copy,
            category="arrest",
            names=[name],
            birth_date=birth,
            nationalities=["FR" if is_copy else "MA"],
            status=Status.ACTIVE,
            legal_reference=f"BENCH-{i}",
            legal_authority="Bench",
            offence_description="Synthetic bench alert",
        )
        alert.refresh_names_text()
        batch.append(alert)
        if len(batch) == 2000:
            Alert.objects.bulk_create(batch)
            batch = []
    Alert.objects.bulk_create(batch)


def accreditation_csv(people: int, alerts: int, seed: int) -> bytes:
    rng = random.Random(seed)
    known = [synthetic_person(rng) for _ in range(alerts)]  # same sequence as the loader
    prng = random.Random(seed + 1)
    out = io.StringIO()
    out.write("full_name,category,birth_date,nationality,organisation\n")
    for i in range(people):
        if prng.random() < 0.01:
            name, birth = prng.choice(known)
        else:
            name, birth = synthetic_person(prng)
        out.write(f"{name},{CATEGORIES[i % 4]},{birth},MA,Bench organisation\n")
    return out.getvalue().encode()


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (Linux), to separate our cost from the machine's load."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--alerts", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--timeout", type=float, default=900)
    parser.add_argument("--load", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.load:
        load_alerts(args.alerts, args.seed)
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
        node.jisr(
            "partner",
            "add",
            "--agency",
            "FR-DGPN",
            "--url",
            "http://127.0.0.1:9",
            "--public-key",
            "A" * 43 + "=",
        )
        subprocess.run(
            [
                sys.executable,
                __file__,
                "--load",
                "--alerts",
                str(args.alerts),
                "--seed",
                str(args.seed),
            ],
            env=node.env(),
            check=True,
        )
        node.start_server()
        node.start_worker()
        client = httpx.Client(
            base_url=f"{node.url}/api/v1",
            headers={"Authorization": f"Bearer {node.token('ma.supervisor')}"},
            timeout=300,
        )
        event = client.post(
            "/events",
            json={
                "name": "Bench tournament (fictitious)",
                "starts_on": "2027-06-01",
                "ends_on": "2027-06-30",
            },
        )
        event.raise_for_status()
        content = accreditation_csv(args.people, args.alerts, args.seed)
        t0 = time.monotonic()
        upload = client.post(
            f"/events/{event.json()['id']}/accreditation-lists",
            files={"file": ("bench.csv", content, "text/csv")},
            data={"purpose": "Accreditation screening bench"},
        )
        upload.raise_for_status()
        upload_s = time.monotonic() - t0
        list_id = upload.json()["id"]
        print(
            f"uploaded {args.people} people in {upload_s:.1f} s; screening in the worker…",
            flush=True,
        )
        assert node.worker is not None
        cpu0 = _cpu_seconds(node.worker.pid)
        t1 = time.monotonic()
        last_print = 0.0
        status: dict[str, object] = {}
        while time.monotonic() - t1 < args.timeout:
            status = client.get(f"/events/accreditation-lists/{list_id}").json()
            now = time.monotonic() - t1
            if status["status"] == "done":
                break
            if now - last_print >= 10:
                print(
                    f"  {now:6.1f} s  {status['processed']:>7}/{status['total']}  ({status['percent']} %)",
                    flush=True,
                )
                last_print = now
            time.sleep(1)
        screen_s = time.monotonic() - t1
        worker_cpu_s = _cpu_seconds(node.worker.pid) - cpu0
        if status.get("status") != "done":
            print(f"TIMEOUT after {screen_s:.0f} s: {status}")
            return 1
        print(
            f"people={args.people} alerts={args.alerts} database={args.database} upload_s={upload_s:.1f} "
            f"screen_s={screen_s:.1f} worker_cpu_s={worker_cpu_s:.1f} per_s={args.people / screen_s:.0f} "
            f"with_candidates={status['with_candidates']} load_avg={os.getloadavg()[0]:.1f}"
        )
        return 0
    finally:
        destroy(node)


if __name__ == "__main__":
    raise SystemExit(main())
