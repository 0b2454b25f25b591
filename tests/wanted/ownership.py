"""Wanted's entries for ``tests/federation/test_ownership.py``: our own approved alert."""

from __future__ import annotations

from typing import Any

#: The apps whose tables must not change when a partner's envelope is refused.
APPS = ("wanted",)


def own_alert(staff: dict[str, Any]) -> Any:
    from tests.factories import alert_active

    alert = alert_active(
        author=staff["coordinator"],
        reviewer=staff["reviewer"],
        reason="ok",
        data={
            "category": "arrest",
            "names": ["Karim Fictif-Test"],
            "birth_date": "1980-01-02",
            "nationality": ["MA"],
            "sex": "M",
            "legal_basis": {
                "reference": "TNG-2026-009",
                "authority": "Procureur fictif",
                "date": "2026-01-15",
                "offence_category": "drug_trafficking",
                "offence_description": "Fictitious offence.",
            },
        },
    )
    alert.refresh_from_db()
    return alert


def alert_body(alert: Any) -> dict[str, Any]:
    from jisr.wanted.services.alerts import alert_body as body

    return body(alert)


#: record type -> (make one of this node's own records from ``staff``, the body a partner
#: would send for it).
OWN = {"wanted.alert": (own_alert, alert_body)}
