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
            timeout=args.seconds + 300,
            check=False,
        )
    finally:
        destroy(node)
    seconds = time.monotonic() - started
    output = result.stdout + result.stderr
    tail = "\n".join(output.strip().splitlines()[-40:])
    print(tail)
    failures: dict[str, int] = {}
    cases = 0
    operations = set()
    for path in report.glob("*.ndjson"):
        for line in path.read_text().splitlines():
            event = json.loads(line)
            for name, value in event.items():
                if name == "ScenarioFinished" and isinstance(value, dict):
                    recorder = value.get("recorder", {})
                    cases += len(recorder.get("cases", {}))
                    if value.get("label"):
                        operations.add(value["label"])
                    for checks in recorder.get("checks", {}).values():
                        for check in checks:
                            if check.get("status") == "FAILURE":
                                failures[check["name"]] = failures.get(check["name"], 0) + 1
    server_errors = failures.get("not_a_server_error", 0)
    violations = sum(v for k, v in failures.items() if k != "not_a_server_error")
    if not cases:  # the report format changed: fall back on the summary text
        found = re.findall(r"(\d+) generated", output)
        cases = int(found[-1]) if found else 0
    print(
        f"api fuzz: operations={len(operations)} cases={cases} server_errors={server_errors}"
        f" schema_violations={violations} seconds={seconds:.0f} schemathesis_exit={result.returncode}"
    )
    return 1 if server_errors or violations else 0


if __name__ == "__main__":
    sys.exit(main())
