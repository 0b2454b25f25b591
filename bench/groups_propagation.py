#!/usr/bin/env python3
"""Working-group propagation bench: how long a lead written on one node takes to show on the other.

    .venv/bin/python bench/groups_propagation.py [--leads 50] [--interval 0.5] [--poll 0.2]
        [--timeout 30] [--keep]

Starts MA-DGSN and FR-DGPN as real nodes (tests/support/nodes.py: ``jisr serve`` and
``jisr worker`` each, demo data, partners wired), and uses the demo working group, which has the
same id on both nodes. For each direction (FR→MA, then MA→FR) it writes N leads through the API
(``POST /api/v1/groups/{id}/leads``), one every ``--interval`` seconds, as the writing node's
officer (fr.officer, then ma.officer), while a second thread polls the other node's
``GET /api/v1/groups/{id}`` as its officer. A lead's delay runs from the moment the writer got
its 201 to the end of the first poll whose answer lists the lead's id (an upper bound: the poll
interval is part of it). One lead each way is written and awaited first, uncounted, so the
federation's catch-up after the start is not measured.

Target (issue 15): p95 <= 3 s with the workers running. The last line reads:

    leads=100 p95_s=… max_s=… missing=0
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "src"))

import httpx  # noqa: E402
from tests.support.nodes import Node, destroy, start_demo_pair  # noqa: E402


def _client(node: Node, token: str) -> httpx.Client:
    return httpx.Client(
        base_url=f"{node.url}/api/v1", headers={"Authorization": f"Bearer {token}"}, timeout=60
    )


def demo_group_id(ma: httpx.Client, fr: httpx.Client) -> str:
    """The demo working group: the active group both officers see, under the same id."""
    both = [
        {g["id"] for g in client.get("/groups", params={"status": "active"}).json()["items"]}
        for client in (ma, fr)
    ]
    shared = sorted(both[0] & both[1])
    if not shared:
        raise SystemExit("no active group visible to both ma.officer and fr.officer")
    return str(shared[0])


def _percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(len(ordered) * share) - 1)]


def _write_lead(client: httpx.Client, group: str, text: str) -> str:
    response = client.post(
        f"/groups/{group}/leads",
        json={"text": text, "source_evaluation": "B", "information_evaluation": "2"},
    )
    assert response.status_code == 201, (response.status_code, response.text[:300])
    return str(response.json()["id"])


def _visible_ids(client: httpx.Client, group: str) -> set[str]:
    response = client.get(f"/groups/{group}")
    assert response.status_code == 200, (response.status_code, response.text[:300])
    return {lead["id"] for lead in response.json()["leads"]}


def one_direction(
    writer: httpx.Client,
    reader: httpx.Client,
    group: str,
    *,
    label: str,
    leads: int,
    interval: float,
    poll: float,
    timeout: float,
) -> tuple[list[float], int]:
    """Write ``leads`` leads with ``writer``; the delays until ``reader`` lists each, and how
    many never showed within ``timeout`` seconds of their 201."""
    # Warm-up, not counted: one lead, awaited (the start's catch-up may still be in flight).
    warm = _write_lead(writer, group, f"Piste fictive d'essai ({label}, échauffement)")
    deadline = time.monotonic() + 120
    while warm not in _visible_ids(reader, group):
        if time.monotonic() > deadline:
            raise SystemExit(f"{label}: the warm-up lead never reached the other node")
        time.sleep(poll)

    pending: dict[str, float] = {}
    delays: list[float] = []
    lock = threading.Lock()
    writing_done = threading.Event()
    missing = 0

    def poller() -> None:
        nonlocal missing
        while True:
            ids = _visible_ids(reader, group)
            back = time.monotonic()
            with lock:
                for lead_id in [i for i in pending if i in ids]:
                    delays.append(back - pending.pop(lead_id))
                late = [i for i, sent in pending.items() if back - sent > timeout]
                for lead_id in late:
                    del pending[lead_id]
                missing += len(late)
                if writing_done.is_set() and not pending:
                    return
            time.sleep(poll)

    thread = threading.Thread(target=poller, name=f"poll-{label}")
    thread.start()
    try:
        for n in range(leads):
            started = time.monotonic()
            lead_id = _write_lead(writer, group, f"Piste fictive de banc {label} n° {n + 1}")
            with lock:
                pending[lead_id] = time.monotonic()
            time.sleep(max(0.0, interval - (time.monotonic() - started)))
    finally:
        writing_done.set()
        thread.join()
    return delays, missing


def _summary(label: str, delays: list[float], missing: int) -> str:
    if not delays:
        return f"{label}: no lead arrived (missing={missing})"
    return (
        f"{label}: leads={len(delays)} p50_s={statistics.median(delays):.2f} "
        f"p95_s={_percentile(delays, 0.95):.2f} max_s={max(delays):.2f} missing={missing}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--leads", type=int, default=50, help="leads per direction")
    parser.add_argument("--interval", type=float, default=0.5, help="seconds between writes")
    parser.add_argument("--poll", type=float, default=0.2, help="seconds between reads")
    parser.add_argument("--timeout", type=float, default=30.0, help="a lead later is missing")
    parser.add_argument("--keep", action="store_true", help="keep the nodes' folders (logs)")
    args = parser.parse_args()
    t0 = time.monotonic()
    ma, fr = start_demo_pair()
    print(f"two nodes with their workers up in {time.monotonic() - t0:.0f} s", flush=True)
    results: dict[str, tuple[list[float], int]] = {}
    try:
        clients = {
            "ma": _client(ma, ma.token("ma.officer")),
            "fr": _client(fr, fr.token("fr.officer")),
        }
        group = demo_group_id(clients["ma"], clients["fr"])
        print(f"demo group {group}", flush=True)
        for label, writer, reader in (("FR->MA", "fr", "ma"), ("MA->FR", "ma", "fr")):
            results[label] = one_direction(
                clients[writer],
                clients[reader],
                group,
                label=label,
                leads=args.leads,
                interval=args.interval,
                poll=args.poll,
                timeout=args.timeout,
            )
            print(_summary(label, *results[label]), flush=True)
    finally:
        if args.keep:
            ma.stop()
            fr.stop()
            print(f"nodes kept in {ma.home} and {fr.home}")
        else:
            destroy(ma)
            destroy(fr)
    every = [d for delays, _missing in results.values() for d in delays]
    missing = sum(m for _delays, m in results.values())
    if not every:
        print(f"leads=0 missing={missing}")
        return 1
    p95 = _percentile(every, 0.95)
    print(
        f"leads={len(every)} p50_s={statistics.median(every):.2f} p95_s={p95:.2f} "
        f"max_s={max(every):.2f} missing={missing} load_avg={os.getloadavg()[0]:.1f}"
    )
    return 0 if p95 <= 3.0 and not missing else 1


if __name__ == "__main__":
    raise SystemExit(main())
