"""Exchange's entries for ``tests/federation/test_ownership.py``: our own case."""

from __future__ import annotations

from typing import Any

#: The apps whose tables must not change when a partner's envelope is refused.
APPS = ("exchange",)


def own_case(staff: dict[str, Any]) -> Any:
    from jisr.exchange import services

    return services.case_open(
        acting_user=staff["coordinator"],
        title="Dossier fictif",
        crime_area="drug_trafficking",
        partners=["FR-DGPN"],
    )


def case_body(case: Any) -> dict[str, Any]:
    from jisr.exchange.services.cases import case_body as body

    return body(case)


#: record type -> (make one of this node's own records from ``staff``, the body a partner
#: would send for it).
OWN = {"exchange.case": (own_case, case_body)}
