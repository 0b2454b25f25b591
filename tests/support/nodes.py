"""Real Jisr node processes for browser and federation tests.

Each node is started the way an agency would run it: its own data folder, its own
database (SQLite, or a fresh PostgreSQL database when JISR_DATABASE_URL points at a
server), `jisr serve` over real HTTP and, when asked, `jisr worker`.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse, urlunparse

LANGUAGES = {"MA-DGSN": "ar", "FR-DGPN": "fr"}
TIME_ZONES = {"MA-DGSN": "Africa/Casablanca", "FR-DGPN": "Europe/Paris"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _postgres_url_for(name: str) -> str | None:
    """Create a fresh PostgreSQL database for one node when the suite runs on PostgreSQL."""
    base = os.environ.get("JISR_DATABASE_URL", "")
    if not base.startswith("postgres"):
        return None
    import psycopg

    parsed = urlparse(base)
    admin = urlunparse(parsed._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return urlunparse(parsed._replace(path=f"/{name}"))


def _drop_postgres(url: str | None) -> None:
    if not url:
        return
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = urlunparse(parsed._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@dataclass
class Node:
    """One running node. ``jisr(...)`` runs the CLI against it."""

    agency: str
    home: Path
    port: int
    language: str
    database_url: str | None = None
    extra_env: dict[str, str] = field(default_factory=dict)
    server: subprocess.Popen[bytes] | None = None
    worker: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.pop("JISR_DATABASE_URL", None)
        env.update(
            {
                "JISR_HOME": str(self.home),
                "JISR_LANGUAGE": self.language,
                "JISR_TIME_ZONE": TIME_ZONES.get(self.agency, "UTC"),
                "JISR_DEMO": "1",
                "DJANGO_SETTINGS_MODULE": "jisr.settings.dev",
                "PYTHONUNBUFFERED": "1",
            }
        )
        if self.database_url:
            env["JISR_DATABASE_URL"] = self.database_url
        env.update(self.extra_env)
        return env

    def jisr(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            [sys.executable, "-m", "jisr.cli", *args],
            env=self.env(),
            capture_output=True,
            text=True,
            check=False,
            timeout=300,
        )
        if check and result.returncode != 0:
            raise AssertionError(f"jisr {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
        return result

    def setup(self) -> dict[str, Any]:
        self.jisr("node", "init", "--agency", self.agency, "--demo")
        self.jisr("seed-demo")
        return json.loads(self.jisr("node", "show").stdout)

    def start_server(self) -> None:
        log = open(self.home / "server.log", "ab")
        self.server = subprocess.Popen(
            [sys.executable, "-m", "jisr.cli", "serve", "--port", str(self.port)],
            env=self.env(),
            stdout=log,
            stderr=log,
        )
        self.wait_healthy()

    def start_worker(self) -> None:
        log = open(self.home / "worker.log", "ab")
        self.worker = subprocess.Popen(
            [sys.executable, "-m", "jisr.cli", "worker"], env=self.env(), stdout=log, stderr=log
        )

    def wait_healthy(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.server is not None and self.server.poll() is not None:
                raise AssertionError(
                    f"server for {self.agency} exited:\n{(self.home / 'server.log').read_text()}"
                )
            try:
                with urllib.request.urlopen(f"{self.url}/health", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        raise AssertionError(f"node {self.agency} did not become healthy")

    def totp(self, username: str) -> str:
        return self.jisr("totp", username).stdout.strip()

    def token(self, username: str) -> str:
        return self.jisr("token", "create", username).stdout.split()[-1]

    def sql(self, statement: str, params: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
        """Run SQL straight on the node's database, as someone with database access could."""
        if self.database_url:
            import psycopg
            from psycopg.types.json import Jsonb

            # JSON columns come back as dicts; send them back as JSON.
            adapted = tuple(Jsonb(p) if isinstance(p, dict | list) else p for p in params)
            with psycopg.connect(self.database_url, autocommit=True) as conn:
                cursor = conn.execute(statement.replace("?", "%s"), adapted)
                return list(cursor.fetchall()) if cursor.description else []
        import sqlite3

        conn = sqlite3.connect(self.home / "jisr.sqlite3")
        try:
            rows = conn.execute(statement, params).fetchall()
            conn.commit()
            return rows
        finally:
            conn.close()

    def set_clock_offset(self, seconds: float) -> None:
        """Move this node's clock (demo/test nodes only): no sleeping in tests."""
        (self.home / "clock_offset").write_text(str(seconds))

    def stop(self) -> None:
        for proc in (self.worker, self.server):
            if proc is not None and proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    proc.kill()


def make_node(agency: str, *, root: Path | None = None) -> Node:
    root = root or Path(tempfile.mkdtemp(prefix="jisr-node-"))
    home = root / agency.lower()
    home.mkdir(parents=True, exist_ok=True)
    db_name = f"jisr_e2e_{agency.split('-')[0].lower()}_{uuid.uuid4().hex[:8]}"
    return Node(
        agency=agency,
        home=home,
        port=free_port(),
        language=LANGUAGES.get(agency, "en"),
        database_url=_postgres_url_for(db_name),
    )


def wire_partners(nodes: list[Node], described: dict[str, dict[str, Any]]) -> None:
    """Register every node as a partner of every other (``jisr partner add``)."""
    for node in nodes:
        for other in nodes:
            if other is node:
                continue
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


def wait_settled(nodes: list[Node], *, quiet_after: float = 12.0, timeout: float = 240.0) -> None:
    """Wait until the nodes' workers have delivered what the demo seeding queued.

    Seeding shares records with the partner, and the catch-up task (every 10 s) sends what was
    shared before the partners were wired: a test that starts at once waits behind hundreds
    of envelopes. This returns once every outbox has been empty for ``quiet_after`` seconds,
    or after ``timeout`` (the tests then judge for themselves).
    """
    deadline = time.monotonic() + timeout
    quiet_since: float | None = None
    while time.monotonic() < deadline:
        pending = sum(
            int(
                node.sql("SELECT COUNT(*) FROM federation_outboxenvelope WHERE state = 'pending'")[
                    0
                ][0]
            )
            for node in nodes
        )
        now = time.monotonic()
        if pending:
            quiet_since = None
        elif quiet_since is None:
            quiet_since = now
        elif now - quiet_since >= quiet_after:
            return
        time.sleep(1.0)


#: Generous: with the suite in two processes and real nodes on 2 cores, a delivery can take a
#: while; the waits return as soon as the value is there.
WAIT_SECONDS = 60.0


def wait_for(
    what: str,
    probe: Callable[[], Any],
    timeout: float = WAIT_SECONDS,
    *,
    nodes: list[Node] | None = None,
) -> Any:
    """Poll ``probe`` until it returns something truthy (replication runs in the workers).

    On a timeout the failure says what was awaited and, given ``nodes``, what their
    federation was doing (:func:`federation_report`).
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = probe()
        if value:
            return value
        time.sleep(0.5)
    report = f"\n{federation_report(nodes)}" if nodes else ""
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}{report}")


def federation_report(nodes: list[Node], *, log_lines: int = 40) -> str:
    """What the nodes' federation is doing, for a failing test's message.

    Per node: outbox envelopes by state, the pending and dead ones (type, attempts, next try,
    last error), each partner link's state, and the last lines of the server and worker logs.
    """
    lines: list[str] = []
    for node in nodes:
        lines.append(f"== {node.agency} (now {time.strftime('%H:%M:%S')} UTC)")
        try:
            states = node.sql(
                "SELECT state, COUNT(*) FROM federation_outboxenvelope GROUP BY state"
            )
            lines.append(f"outbox: {dict(states)}")
            waiting = node.sql(
                "SELECT state, type, attempts, next_attempt_at, last_error"
                " FROM federation_outboxenvelope WHERE state IN ('pending', 'dead')"
                " ORDER BY state, next_attempt_at, id LIMIT 8"
            )
            lines.extend(f"  {row}" for row in waiting)
            links = node.sql(
                "SELECT status, link_failures, retry_at, last_error FROM federation_partner"
            )
            lines.extend(f"  link {row}" for row in links)
        except Exception as exc:  # a report must not hide the failure it reports
            lines.append(f"  (database not readable: {exc})")
        for name in ("server.log", "worker.log"):
            path = node.home / name
            if path.exists():
                tail = path.read_text(errors="replace").splitlines()[-log_lines:]
                lines.append(f"-- {name}, last {len(tail)} lines")
                lines.extend(tail)
    return "\n".join(lines)


def destroy(node: Node) -> None:
    node.stop()
    _drop_postgres(node.database_url)
    keep = os.environ.get("JISR_KEEP_NODE_LOGS")
    if keep:
        # Opt-in, for chasing an intermittent failure: the node's logs outlive it.
        target = Path(keep) / f"{node.home.parent.name}-{node.home.name}"
        target.mkdir(parents=True, exist_ok=True)
        for name in ("server.log", "worker.log"):
            if (node.home / name).exists():
                shutil.copy(node.home / name, target / name)
    shutil.rmtree(node.home, ignore_errors=True)


def start_demo_pair() -> tuple[Node, Node]:
    """MA-DGSN and FR-DGPN with demo data, wired as partners, each serving with its worker.

    The caller destroys them; if starting fails, they are destroyed here.
    """
    nodes = [make_node("MA-DGSN"), make_node("FR-DGPN")]
    try:
        described = {node.agency: node.setup() for node in nodes}
        wire_partners(nodes, described)
        for node in nodes:
            node.start_server()
            node.start_worker()
    except BaseException:
        for node in nodes:
            destroy(node)
        raise
    return nodes[0], nodes[1]


@contextmanager
def demo_pair() -> Iterator[dict[str, Node]]:
    """:func:`start_demo_pair`, once the demo's seeding envelopes are delivered.

    Keys: agency codes, "ma" and "fr".
    """
    nodes = list(start_demo_pair())
    try:
        wait_settled(nodes)
        yield {"MA-DGSN": nodes[0], "FR-DGPN": nodes[1], "ma": nodes[0], "fr": nodes[1]}
    finally:
        for node in nodes:
            destroy(node)
