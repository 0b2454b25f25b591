"""Two real nodes: the lead's change to its action reaches the partner; aggregates travel too."""

from __future__ import annotations

import time
from typing import Any

import httpx
import pytest

from jisr.plan.demo import demo_id

pytestmark = pytest.mark.slow


def _until(check: Any, timeout: float = 60) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        found = check()
        if found or time.monotonic() > deadline:
            return found
        time.sleep(0.5)


def test_an_action_changed_on_its_lead_s_node_shows_on_the_partner_s_with_fr_aggregates(
    demo_nodes: dict[str, Any],
) -> None:
    ma, fr = demo_nodes["ma"], demo_nodes["fr"]
    fr_auth = {"Authorization": f"Bearer {fr.token('fr.supervisor')}"}
    ma_auth = {"Authorization": f"Bearer {ma.token('ma.supervisor')}"}
    action_id = str(demo_id("action", 1))  # 1.2, led by FR-DGPN
    changed = httpx.post(
        f"{fr.url}/api/v1/actions/{action_id}/status",
        json={"status": "at_risk", "comment": "Officiers non encore désignés."},
        headers=fr_auth,
    )
    assert changed.status_code == 200, changed.text
    refused = httpx.post(
        f"{ma.url}/api/v1/actions/{action_id}/status",
        json={"status": "done", "comment": "Pas notre action."},
        headers=ma_auth,
    )
    assert refused.status_code == 403

    def on_ma() -> Any:
        body = httpx.get(f"{ma.url}/api/v1/actions/{action_id}", headers=ma_auth).json()
        return body if body["status"] == "at_risk" else None

    seen = _until(on_ma)
    assert seen, "the change did not reach MA-DGSN"
    assert seen["history"][-1]["comment"] == "Officiers non encore désignés."
    assert seen["lead_agency"] == "FR-DGPN"

    plan_id = str(demo_id("plan"))

    def fr_figure() -> Any:
        pillars = httpx.get(f"{ma.url}/api/v1/plans/{plan_id}", headers=ma_auth).json()["pillars"]
        on_time = next(
            i for p in pillars for i in p["indicators"] if i["code"] == "hits.answered_on_time"
        )
        return [p for p in on_time["partners"] if p["agency"] == "FR-DGPN"]

    assert _until(fr_figure), "FR-DGPN's aggregates did not reach MA-DGSN"
