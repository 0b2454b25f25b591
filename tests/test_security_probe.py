"""CI runs every attempt of the security probe: findings 1-9 of issue 12 and finding 10,
the same classes in the new modules (groups, risks, training, privacy, plan)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

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


def test_every_probe_attempt_of_the_fixed_findings_is_refused() -> None:
    from tests.support.nodes import destroy, start_demo_pair

    probe: Any = _probe()
    # Its own nodes, not the session's demo nodes: the probe locks accounts and throttles
    # the loopback address, which would fail later browser logins.
    ma, fr = start_demo_pair()
    try:
        # The bench's order: 10 before 8 and 9 (lockout, throttle), 5 (audit tampering) last.
        results = probe.probe_results(ma, fr, [1, 2, 3, 4, 6, 10, 7, 8, 9, 5])
    finally:
        destroy(ma)
        destroy(fr)
    assert len(results) >= 45
    not_refused = [f"{a.finding} {a.what}: {a.detail}" for a in results if not a.refused]
    assert not_refused == []
