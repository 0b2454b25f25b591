"""API fuzz bench (issue 12): schemathesis against a real node, from its own OpenAPI document.

    .venv/bin/python bench/api_fuzz.py [--seconds 300] [--examples 30] [--database sqlite|postgres]

Starts MA-DGSN (`jisr serve` + `jisr worker`, demo data), creates an officer's API token and
runs ``schemathesis run`` on /api/v1/openapi.json with the two checks the issue names: no
server error (5xx) and no response that contradicts the schema (status code declared, body
conforming). Bounded by --seconds (schemathesis' --max-time) and --examples per operation.
Ends with a line such as::

    api fuzz: operations=58 cases=2140 server_errors=0 schema_violations=0 seconds=300

(exit 1 when either count is not 0). Needs the bench extra: pip install -e '.[bench]'.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CHECKS = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance"


def main() -> int:
    parser = argparse.ArgumentParser(description="schemathesis fuzzing of the API")
    parser.add_argument("--seconds", type=int, default=300)
    parser.add_argument("--examples", type=int, default=30)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    args = parser.parse_args()
    sys.path.insert(0, str(REPO))
    sys.path.insert(0, str(REPO / "src"))
    if args.database == "sqlite":
        os.environ.pop("JISR_DATABASE_URL", None)
    from tests.support.nodes import destroy, make_node

    node = make_node("MA-DGSN")
    report = Path(tempfile.mkdtemp(prefix="jisr-fuzz-"))
    started = time.monotonic()
    try:
        node.setup()
        node.start_server()
        node.start_worker()
        token = node.token("ma.officer")
        result = subprocess.run(
            [
                str(Path(sys.executable).with_name("schemathesis")),
                "run",
                f"{node.url}/api/v1/openapi.json",
                "--header",
                f"Authorization: Bearer {token}",
                "--checks",
                CHECKS,
                "--max-examples",
                str(args.examples),
                "--max-time",
                str(args.seconds),
                "--workers",
                "2",
                "--continue-on-failure",
                "--report",
                "ndjson",
                "--report-dir",
                str(report),
                "--suppress-health-check",
                "all",
                "--seed",
                "12",
            ],
            capture_output=True,
            text=True,
            cwd=report,  # schemathesis keeps a cache folder in its working directory
            timeout=args.seconds + 300,
            check=False,
        )
    finally:
        destroy(node)
    seconds = time.monotonic() - started
    output = result.stdout + result.stderr
    summary = output[output.find("SUMMARY") :] if "SUMMARY" in output else output[-3000:]
    print(summary.strip())
    failures: dict[str, int] = {}
    messages: list[str] = []
    cases = 0
    operations: set[str] = set()

    def walk(node: object) -> None:
        nonlocal cases
        if isinstance(node, dict):
            label = node.get("label")
            if isinstance(label, str) and label.split(" ")[0] in {"GET", "POST", "PUT", "DELETE"}:
                operations.add(label)
            if isinstance(node.get("cases"), dict):
                cases += len(node["cases"])
            if node.get("status") == "failure" and "failure_info" in node:
                failures[node["name"]] = failures.get(node["name"], 0) + 1
                info = node["failure_info"].get("failure", {})
                messages.append(
                    f"{info.get('operation')}: {info.get('title')} {info.get('message')!r}"
                )
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for path in report.glob("*.ndjson"):
        for line in path.read_text().splitlines():
            walk(json.loads(line))
    for message in sorted(set(messages)):
        print("  failure:", message[:200])
    server_errors = failures.get("not_a_server_error", 0)
    violations = sum(v for k, v in failures.items() if k != "not_a_server_error")
    found = re.findall(r"(\d+) generated", output)
    cases = int(found[-1]) if found else cases
    print(
        f"api fuzz: operations={len(operations)} cases={cases} server_errors={server_errors}"
        f" schema_violations={violations} seconds={seconds:.0f} schemathesis_exit={result.returncode}"
    )
    return 1 if server_errors or violations else 0


if __name__ == "__main__":
    sys.exit(main())
