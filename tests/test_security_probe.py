"""CI runs the security probe's attempts for findings 2, 3, 4, 7, 8 and 9 of issue 12.

Findings 1, 5 and 6 are closed on other branches; bench/security_probe.py tries them too.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

pytestmark = [pytest.mark.slow]

PROBE = Path(__file__).resolve().parent.parent / "bench" / "security_probe.py"


def _probe() -> object:
    spec = importlib.util.spec_from_file_location("security_probe", PROBE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["security_probe"] = module
    spec.loader.exec_module(module)
    return module


def test_every_probe_attempt_of_the_fixed_findings_is_refused(demo_nodes: dict) -> None:
    probe: object = _probe()
    results = probe.probe_results(demo_nodes["ma"], demo_nodes["fr"], [2, 3, 4, 7, 8, 9])  # type: ignore[attr-defined]
    assert len(results) >= 20
    not_refused = [f"{a.finding} {a.what}: {a.detail}" for a in results if not a.refused]
    assert not_refused == []
