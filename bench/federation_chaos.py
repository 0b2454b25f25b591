#!/usr/bin/env python3
"""Federation under faults: two real nodes, thousands of envelopes, SIGKILLs at random.

    python bench/federation_chaos.py --database sqlite|postgres --messages 10000

Starts node MA-DGSN (sender: its worker's relay) and node FR-DGPN (receiver: its web
server) as separate processes with separate databases, writes N ``bench.ping``
envelopes into MA's outbox in batches (each batch one transaction), and meanwhile
SIGKILLs FR's server and MA's worker at random moments, restarting each at once.
Then it waits for the backlog to drain and compares, from each database, what was
sent with what was applied (FR records each applied envelope id in a NON-unique
column, so a duplicate would show). The last line reads like:

    sent=10000 applied=10000 lost=0 duplicated=0 receiver_kills=20 relay_kills=10 drain_s=14.2

With ``--receiver-kills 0 --relay-kills 0`` it measures throughput instead: the
backlog is written first, then the relay is started, and envelopes per second are
printed before the last line. Every wait is bounded (``--timeout``).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse, urlunparse

POSTGRES = "postgres://postgres@127.0.0.1:5432/postgres"


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class BenchNode:
    agency: str
    home: Path
    port: int
    database_url: str | None
    procs: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.pop("JISR_DATABASE_URL", None)
        env.update(
            {
                "JISR_HOME": str(self.home),
                "JISR_DEMO": "1",
                "JISR_LANGUAGE": "en",
                "DJANGO_SETTINGS_MODULE": "jisr.settings.dev",
                "PYTHONUNBUFFERED": "1",
            }
        )
        if self.database_url:
            env["JISR_DATABASE_URL"] = self.database_url
        return env

    def jisr(self, *args: str) -> str:
        result = subprocess.run(
            [sys.executable, "-m", "jisr.cli", *args],
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        if result.returncode != 0:
            raise SystemExit(f"jisr {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
        return result.stdout

    def start(self, name: str, *args: str) -> None:
        log = open(self.home / f"{name}.log", "ab")
        self.procs[name] = subprocess.Popen(
            [sys.executable, "-m", "jisr.cli", *args],
            env=self.env(),
            stdout=log,
            stderr=log,
            start_new_session=True,
        )

    def kill(self, name: str) -> None:
        proc = self.procs.get(name)
        if proc is not None and proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)

    def wait_healthy(self, deadline: float) -> None:
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.url}/health", timeout=2) as response:  # noqa: S310
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.1)
        raise SystemExit(f"{self.agency} did not become healthy")

    def stop_all(self) -> None:
        for name in list(self.procs):
            self.kill(name)

    # -- reading the node's database directly --------------------------------
    def query(self, sql: str) -> list[tuple[Any, ...]]:
        if self.database_url:
            import psycopg

            with psycopg.connect(self.database_url) as conn:
                return list(conn.execute(sql).fetchall())
        with sqlite3.connect(self.home / "jisr.sqlite3", timeout=30) as conn:
            return list(conn.execute(sql).fetchall())


def _create_database(name: str) -> str:
    import psycopg

    with psycopg.connect(POSTGRES, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return urlunparse(urlparse(POSTGRES)._replace(path=f"/{name}"))


def _drop_database(url: str | None) -> None:
    if not url:
        return
    import psycopg

    name = urlparse(url).path.lstrip("/")
    with psycopg.connect(POSTGRES, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _when(value: Any) -> Any:
    import datetime as dt

    return value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))


def _ids(rows: list[tuple[Any, ...]]) -> list[str]:
    return [str(uuid.UUID(str(row[0]))) for row in rows]


def run(args: argparse.Namespace) -> int:
    rng = random.Random(args.seed)
    root = Path(tempfile.mkdtemp(prefix="jisr-chaos-"))
    suffix = uuid.uuid4().hex[:8]
    nodes: list[BenchNode] = []
    started = time.monotonic()
    deadline = started + args.timeout
    try:
        for agency in ("MA-DGSN", "FR-DGPN"):
            home = root / agency.lower()
            home.mkdir()
            url = None
            if args.database == "postgres":
                url = _create_database(f"jisr_chaos_{agency.split('-')[0].lower()}_{suffix}")
            nodes.append(BenchNode(agency, home, _free_port(), url))
        sender, receiver = nodes
        described = {}
        for node in nodes:
            node.jisr("node", "init", "--agency", node.agency, "--demo")
            config = json.loads((node.home / "node.json").read_text())
            config["federation_sync_seconds"] = 86400  # no reconciliation traffic in the bench
            (node.home / "node.json").write_text(json.dumps(config))
            described[node.agency] = json.loads(node.jisr("node", "show"))
        for node in nodes:
            other = receiver if node is sender else sender
            node.jisr(
                "partner",
                "add",
                "--agency",
                other.agency,
                "--url",
                other.url,
                "--public-key",
                described[other.agency]["public_key"],
            )
        receiver.start("server", "serve", "--port", str(receiver.port))
        receiver.wait_healthy(deadline)

        chaos = args.receiver_kills + args.relay_kills > 0
        batches = [
            (start, min(args.batch, args.messages - start))
            for start in range(0, args.messages, args.batch)
        ]
        receiver_kills = relay_kills = 0
        last_restart = time.monotonic()

        def enqueue(start: int, count: int) -> None:
            sender.jisr(
                "manage",
                "federation_bench_enqueue",
                "--recipient",
                receiver.agency,
                "--count",
                str(count),
                "--start",
                str(start),
                "--batch",
                str(args.batch),
            )

        if not chaos:
            for start, count in batches:
                enqueue(start, count)
            t0 = time.monotonic()
            sender.start("worker", "worker")
            last_restart = t0
        else:
            sender.start("worker", "worker")
            kills = ["receiver"] * args.receiver_kills + ["relay"] * args.relay_kills
            rng.shuffle(kills)
            steps = len(batches)  # every kill lands while envelopes are still being written
            # Spread the kills over the enqueueing steps, at random (several may share a step).
            plan: dict[int, list[str]] = {}
            for victim in kills:
                plan.setdefault(rng.randrange(steps), []).append(victim)
            for step in range(steps):
                if time.monotonic() > deadline:
                    break
                if step < len(batches):
                    enqueue(*batches[step])
                for victim in plan.get(step, []):
                    time.sleep(rng.uniform(0.05, args.max_pause))
                    if victim == "receiver":
                        receiver.kill("server")
                        receiver.start("server", "serve", "--port", str(receiver.port))
                        receiver_kills += 1
                        last_restart = time.monotonic()
                        # Let it come up before it can be killed again: each kill hits a
                        # server that is really serving.
                        receiver.wait_healthy(deadline)
                    else:
                        sender.kill("worker")
                        sender.start("worker", "worker")
                        relay_kills += 1
                        last_restart = time.monotonic()
            t0 = last_restart

        # Drain: wait until nothing is pending in the sender's outbox.
        drained = False
        while time.monotonic() < deadline:
            pending = sender.query(
                "SELECT COUNT(*) FROM federation_outboxenvelope WHERE state = 'pending' AND type = 'bench.ping'"
            )[0][0]
            if pending == 0:
                drained = True
                break
            time.sleep(0.2)
        drain_s = time.monotonic() - t0

        sent = set(
            _ids(sender.query("SELECT id FROM federation_outboxenvelope WHERE type = 'bench.ping'"))
        )
        dead = sender.query(
            "SELECT COUNT(*) FROM federation_outboxenvelope WHERE type = 'bench.ping' AND state = 'dead'"
        )[0][0]
        applied_rows = _ids(receiver.query("SELECT envelope_id FROM federation_benchping"))
        applied = set(applied_rows)
        lost = len(sent - applied)
        duplicated = len(applied_rows) - len(applied)
        if not chaos and drain_s > 0:
            first, last = receiver.query(
                "SELECT MIN(received_at), MAX(received_at) FROM federation_benchping"
            )[0]
            span = (_when(last) - _when(first)).total_seconds()
            print(
                f"throughput: {len(applied)} envelopes in {drain_s:.1f} s = {len(applied) / drain_s:.0f}/s "
                f"with the relay's start-up; sustained {len(applied) / max(span, 0.001):.0f}/s "
                f"(first to last application, {args.database}, node to node over loopback)"
            )
        if not drained:
            print("backlog did not drain before --timeout", file=sys.stderr)
        if dead:
            print(f"dead letters: {dead}", file=sys.stderr)
        print(
            f"sent={len(sent)} applied={len(applied)} lost={lost} duplicated={duplicated} "
            f"receiver_kills={receiver_kills} relay_kills={relay_kills} drain_s={drain_s:.1f}",
            flush=True,
        )
        ok = (
            drained
            and lost == 0
            and duplicated == 0
            and len(sent) == args.messages
            and receiver_kills >= args.receiver_kills
            and relay_kills >= args.relay_kills
        )
        return 0 if ok else 1
    finally:
        for node in nodes:
            node.stop_all()
        for node in nodes:
            _drop_database(node.database_url)
        if args.keep:
            print(f"node folders kept in {root}", file=sys.stderr)
        else:
            shutil.rmtree(root, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--receiver-kills", type=int, default=20)
    parser.add_argument("--relay-kills", type=int, default=10)
    parser.add_argument("--batch", type=int, default=500, help="envelopes per enqueue transaction")
    parser.add_argument(
        "--max-pause", type=float, default=1.5, help="longest random pause before a kill (s)"
    )
    parser.add_argument(
        "--timeout", type=float, default=1500, help="hard limit for the whole run (s)"
    )
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument(
        "--keep", action="store_true", help="keep the node folders (logs) afterwards"
    )
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())
