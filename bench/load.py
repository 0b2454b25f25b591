"""Load bench (issue 12): N concurrent users on one real node with its worker, with locust.

    .venv/bin/python bench/load.py [--users 50] [--seconds 120] [--database sqlite|postgres]

Starts MA-DGSN (`jisr serve` + `jisr worker`, demo data; a fresh PostgreSQL database when
--database postgres and JISR_DATABASE_URL points at a server), logs an officer in once
through the real form (password and TOTP) for the pages and creates an API token, then runs
locust headless: each user in turn screens one person through the API, opens the home page,
the alert list and a case page. Prints p50/p95/p99 and errors per request kind, e.g.

    request                 count   p50 ms  p95 ms  p99 ms  errors
    POST /api/v1/screenings  3120       85     210     380       0

Targets: p95 <= 500 ms for pages and <= 300 ms for a single screening, 0 errors.
This file is also the locustfile (``JISR_LOAD_*`` variables pass the session and token).
"""

from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

try:
    from locust import HttpUser, between, task
except ImportError:  # pragma: no cover - the runner below needs locust too
    HttpUser = object  # type: ignore[assignment,misc]

if HttpUser is not object and os.environ.get("JISR_LOAD_TOKEN"):

    class Officer(HttpUser):  # type: ignore[misc,valid-type]
        """An officer who screens a traveller and looks at the pages they work with."""

        wait_time = between(0.5, 1.5)

        def on_start(self) -> None:
            self.client.cookies.set("sessionid", os.environ["JISR_LOAD_SESSION"])
            self.token = os.environ["JISR_LOAD_TOKEN"]
            self.case = os.environ.get("JISR_LOAD_CASE", "")

        @task(3)
        def screen_one(self) -> None:
            self.client.post(
                "/api/v1/screenings",
                json={
                    "purpose": "Load bench, manifest AT 801",
                    "subjects": [{"names": ["Yassine Benkirane"], "birth_date": "1986"}],
                },
                headers={"Authorization": f"Bearer {self.token}"},
                name="POST /api/v1/screenings",
            )

        @task
        def home(self) -> None:
            self.client.get("/", name="GET / (home)")

        @task
        def alerts(self) -> None:
            self.client.get("/wanted/", name="GET /wanted/ (alert list)")

        @task
        def case(self) -> None:
            if self.case:
                self.client.get(f"/exchange/cases/{self.case}/", name="GET case page")


def _login_session(node: object) -> str:
    import re
    import time

    import httpx
    from tests.support.browser import DEMO_PASSWORD

    for _attempt in range(3):
        client = httpx.Client(base_url=node.url, timeout=60)  # type: ignore[attr-defined]
        page = client.get("/accounts/login/")
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        assert csrf is not None
        answer = client.post(
            "/accounts/login/",
            data={
                "csrfmiddlewaretoken": csrf.group(1),
                "username": "ma.officer",
                "password": DEMO_PASSWORD,
                "otp_token": node.totp("ma.officer"),  # type: ignore[attr-defined]
            },
            headers={"Referer": f"{node.url}/accounts/login/"},  # type: ignore[attr-defined]
        )
        if answer.status_code == 302:
            return str(client.cookies["sessionid"])
        time.sleep(31)
    raise SystemExit("could not log in")


def main() -> int:
    parser = argparse.ArgumentParser(description="locust load bench on one node")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=120)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    args = parser.parse_args()
    sys.path.insert(0, str(REPO))
    sys.path.insert(0, str(REPO / "src"))
    if args.database == "sqlite":
        os.environ.pop("JISR_DATABASE_URL", None)
    import httpx
    from tests.support.nodes import destroy, make_node

    node = make_node("MA-DGSN")
    try:
        node.setup()
        node.start_server()
        node.start_worker()
        token = node.token("ma.officer")
        cases = httpx.get(
            f"{node.url}/api/v1/cases", headers={"Authorization": f"Bearer {token}"}, timeout=30
        ).json()
        items = cases["items"] if isinstance(cases, dict) else cases
        case = items[0]["id"] if items else ""
        session = _login_session(node)
        out = Path(tempfile.mkdtemp(prefix="jisr-load-"))
        env = {
            **os.environ,
            "JISR_LOAD_TOKEN": token,
            "JISR_LOAD_SESSION": session,
            "JISR_LOAD_CASE": str(case),
        }
        subprocess.run(
            [
                sys.executable,
                "-m",
                "locust",
                "-f",
                __file__,
                "--headless",
                "-u",
                str(args.users),
                "-r",
                str(max(1, args.users // 10)),
                "-t",
                f"{args.seconds}s",
                "--host",
                node.url,
                "--csv",
                str(out / "load"),
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            env=env,
            check=False,
            timeout=args.seconds + 120,
        )
        rows = list(csv.DictReader(open(out / "load_stats.csv")))
    finally:
        destroy(node)
    print(
        f"load bench: {args.users} users, {args.seconds} s, {args.database}, one node with its worker"
    )
    print(f"{'request':<30} {'count':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'errors':>7}")
    errors = 0
    for row in rows:
        errors += int(row["Failure Count"]) if row["Name"] != "Aggregated" else 0
        print(
            f"{row['Name']:<30} {row['Request Count']:>7} {row['50%']:>7} {row['95%']:>7}"
            f" {row['99%']:>7} {row['Failure Count']:>7}"
        )
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
