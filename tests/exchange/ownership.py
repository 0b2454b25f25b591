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


def fr_case_with_ours(staff: dict[str, Any]) -> tuple[Any, list[Any]]:
    """A case FR-DGPN owns, with our answer to FR's message in it."""
    from jisr.exchange import services
    from jisr.exchange.models import Case
    from tests.exchange.conftest import deliver, fr_message_body, message_fields

    body = fr_message_body()
    deliver("exchange.message", body)
    case = Case.objects.get(id=body["case"]["id"])
    ours = services.message_send(
        acting_user=staff["coordinator"],
        case=case,
        **message_fields(
            kind="spontaneous_information", subject="Information fictive", priority=""
        ),
    )
    assert ours.sender.is_own
    return case, [ours]


#: record type -> make a partner-owned record with records of ours hanging on it.
PARTNER_WITH_OURS = {"exchange.case": fr_case_with_ours}
