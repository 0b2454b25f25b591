"""Two real nodes (the session's demo nodes, with servers and workers) exchange envelopes."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from tests.support.nodes import Node

ROOT = Path(__file__).resolve().parents[2]


def _pings(node: Node) -> set[int]:
    sql = "SELECT seq FROM federation_benchping"
    if node.database_url:
        import psycopg

        with psycopg.connect(node.database_url) as conn:
            return {row[0] for row in conn.execute(sql).fetchall()}
    with sqlite3.connect(node.home / "jisr.sqlite3", timeout=30) as conn:
        return {row[0] for row in conn.execute(sql).fetchall()}


def _wait_for(node: Node, wanted: set[int], timeout: float = 60) -> set[int]:
    deadline = time.monotonic() + timeout
    seen = _pings(node)
    while not wanted <= seen and time.monotonic() < deadline:
        time.sleep(0.3)
        seen = _pings(node)
    return seen


@pytest.mark.slow
def test_the_two_demo_nodes_exchange_envelopes_both_ways_over_http(
    demo_nodes: dict[str, Any],
) -> None:
    ma, fr = demo_nodes["ma"], demo_nodes["fr"]
    ma.jisr(
        "manage",
        "federation_bench_enqueue",
        "--recipient",
        "FR-DGPN",
        "--count",
        "3",
        "--start",
        "1000",
    )
    fr.jisr(
        "manage",
        "federation_bench_enqueue",
        "--recipient",
        "MA-DGSN",
        "--count",
        "2",
        "--start",
        "2000",
    )
    assert {1000, 1001, 1002} <= _wait_for(fr, {1000, 1001, 1002})
    assert {2000, 2001} <= _wait_for(ma, {2000, 2001})


@pytest.mark.slow
def test_the_short_chaos_run_loses_and_duplicates_nothing() -> None:
    """1,000 envelopes while the receiver's server and the sender's relay are killed 3 times each."""
    database = (
        "postgres" if os.environ.get("JISR_DATABASE_URL", "").startswith("postgres") else "sqlite"
    )
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "federation_chaos.py"),
            "--database",
            database,
            "--messages",
            "1000",
            "--receiver-kills",
            "3",
            "--relay-kills",
            "3",
            "--batch",
            "100",
            "--timeout",
            "400",
        ],
        capture_output=True,
        text=True,
        timeout=480,
        check=False,
    )
    last = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""
    assert result.returncode == 0, result.stdout + result.stderr
    fields = dict(part.split("=") for part in last.split())
    assert fields["sent"] == fields["applied"] == "1000"
    assert fields["lost"] == fields["duplicated"] == "0"
    assert int(fields["receiver_kills"]) >= 3 and int(fields["relay_kills"]) >= 3
