"""The embedded two-node demo: MA-DGSN on :8001 and FR-DGPN on :8002, each with a worker.

Each node is a set of separate processes with its own data folder and SQLite
database, exactly as two agencies would run them; only the machine is shared.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from jisr.node.demo_constants import DEMO_PASSWORD, DEMO_USERNAMES


@dataclass(frozen=True)
class DemoNode:
    key: str
    agency: str
    port: int
    language: str
    time_zone: str

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


DEMO_NODES = (
    DemoNode("ma", "MA-DGSN", 8001, "ar", "Africa/Casablanca"),
    DemoNode("fr", "FR-DGPN", 8002, "fr", "Europe/Paris"),
)


def node_env(home: Path, language: str, extra: dict[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "JISR_HOME": str(home),
            "JISR_LANGUAGE": language,
            "JISR_DEMO": "1",
            "DJANGO_SETTINGS_MODULE": env.get("DJANGO_SETTINGS_MODULE", "jisr.settings.dev"),
            "PYTHONUNBUFFERED": "1",
        }
    )
    env.update(extra or {})
    return env


def jisr_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "jisr.cli", *args]


def _run(home: Path, language: str, *args: str) -> str:
    result = subprocess.run(  # noqa: S603 - our own command
        jisr_cmd(*args),
        env=node_env(home, language),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"`jisr {' '.join(args)}` failed for {home}")
    return result.stdout


def setup_nodes(base: Path, nodes: tuple[DemoNode, ...] = DEMO_NODES) -> dict[str, dict[str, str]]:
    """Migrate, initialise, seed and wire each node to the others. Idempotent."""
    described: dict[str, dict[str, str]] = {}
    for node in nodes:
        home = (base / node.key).resolve()
        home.mkdir(parents=True, exist_ok=True)
        _run(home, node.language, "node", "init", "--agency", node.agency, "--demo")
        _run(home, node.language, "seed-demo")
        described[node.key] = json.loads(_run(home, node.language, "node", "show"))
    for node in nodes:
        home = (base / node.key).resolve()
        for other in nodes:
            if other.key == node.key:
                continue
            _run(
                home,
                node.language,
                "partner",
                "add",
                "--agency",
                other.agency,
                "--url",
                other.url,
                "--public-key",
                described[other.key]["public_key"],
            )
    return described


def _wait_healthy(url: str, timeout: float = 60.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return True
        except OSError:
            time.sleep(0.3)
    return False


def run_demo(*, base: Path, setup_only: bool = False) -> int:
    """Set both nodes up, start their servers and workers, and wait for Ctrl-C."""
    print("Preparing the demo nodes (migrate, keys, demo data)…", flush=True)
    setup_nodes(base)
    if setup_only:
        return 0
    children: list[subprocess.Popen[bytes]] = []
    for node in DEMO_NODES:
        home = (base / node.key).resolve()
        env = node_env(home, node.language, {"JISR_TIME_ZONE": node.time_zone})
        log = open(home / "server.log", "ab")
        children.append(
            subprocess.Popen(  # noqa: S603
                jisr_cmd("serve", "--port", str(node.port)), env=env, stdout=log, stderr=log
            )
        )
        wlog = open(home / "worker.log", "ab")
        children.append(
            subprocess.Popen(jisr_cmd("worker"), env=env, stdout=wlog, stderr=wlog)  # noqa: S603
        )
    try:
        for node in DEMO_NODES:
            if not _wait_healthy(node.url):
                print(f"node {node.agency} did not start; see {base / node.key}/server.log")
                return 1
        _print_banner(base)
        while all(child.poll() is None for child in children):
            time.sleep(1)
        print("a demo process stopped; shutting the demo down", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        for child in children:
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)
        for child in children:
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.kill()


def _print_banner(base: Path) -> None:
    lines = ["", "Jisr demo is running. Press Ctrl-C to stop.", ""]
    for node in DEMO_NODES:
        users = ", ".join(DEMO_USERNAMES[node.agency])
        lines.append(f"  {node.agency}: {node.url}   (data in {base / node.key})")
        lines.append(f"     users: {users}")
    lines += [
        "",
        f"  Password for every demo user: {DEMO_PASSWORD}",
        "  TOTP code for a user:  .venv/bin/jisr --home var/ma totp ma.officer",
        "                         .venv/bin/jisr --home var/fr totp fr.officer",
        "",
    ]
    print("\n".join(lines), flush=True)
