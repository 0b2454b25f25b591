"""Between two real nodes: FR's consultation of MA's alert reaches MA's DPO, and a person's
request on MA is forwarded to FR, answered there, and the answer is back on MA."""

from __future__ import annotations

from typing import Any

import pytest

from tests.wanted.test_flow import Api, wait_for


@pytest.mark.slow
def test_a_french_consultation_and_a_forwarded_request_reach_the_moroccan_dpo(
    demo_nodes: dict[str, Any],
) -> None:
    from jisr.wanted.demo import DEMO_ALERTS

    ma, fr = demo_nodes["ma"], demo_nodes["fr"]
    fr_officer, fr_dpo, ma_dpo = Api(fr, "fr.officer"), Api(fr, "fr.dpo"), Api(ma, "ma.dpo")
    alert_id = next(a["id"] for a in DEMO_ALERTS["first"] if a["share"])
    wait_for(
        "MA's demo alert on FR",
        lambda: any(a["id"] == alert_id for a in fr_officer.items("/alerts", owner="partner")),
    )

    fr_officer.get(f"/alerts/{alert_id}", purpose="Contrôle frontière, dossier FR-42")

    def receipt() -> Any:
        found = ma_dpo.get("/dpo/person", name="Hamza El Ouardi")
        return [
            e for e in found["events"] if e["agency"] == "FR-DGPN" and e["actor"] == "fr.officer"
        ]

    seen = wait_for("FR's consultation receipt on MA", receipt)
    assert seen[0]["purpose"] == "Contrôle frontière, dossier FR-42"

    request = ma_dpo.post(
        "/dsr",
        {
            "kind": "access",
            "subject": {"names": ["Hamza El Ouardi"], "birth_date": ""},
            "received": "2026-01-05",
            "notes": "Identity card shown at the desk.",
        },
        expect=201,
    )
    ma_dpo.post(f"/dsr/{request['id']}/forward", {"agency": "FR-DGPN"})

    def arrived_on_fr() -> Any:
        response = fr_dpo.client.post(f"/dsr/{request['id']}/decision", json={"decision": "access"})
        return response.status_code == 200

    wait_for("the forwarded request on FR", arrived_on_fr)

    def answered() -> Any:
        forwards = ma_dpo.get(f"/dsr/{request['id']}")["forwards"]
        return forwards[0]["decision"] == "access"

    wait_for("FR's answer on MA", answered)
