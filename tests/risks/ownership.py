"""Risks' entries for ``tests/federation/test_ownership.py``: our own register and bulletins."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

#: The apps whose tables must not change when a partner's envelope is refused.
APPS = ("risks",)


def own_risk(staff: dict[str, Any]) -> Any:
    from jisr.risks.services.register import risk_create

    return risk_create(
        acting_user=staff["coordinator"],
        title_fr="Risque fictif",
        crime_area="fraud",
        likelihood=2,
        impact=3,
        review_on=dt.date.today() + dt.timedelta(days=30),  # noqa: DTZ011
        mitigations=[{"measure": "Mesure fictive"}],
    )


def own_assessment(staff: dict[str, Any]) -> Any:
    from jisr.risks.services.register import risk_assess

    return risk_assess(
        acting_user=staff["coordinator"], risk=own_risk(staff), likelihood=3, impact=3
    )


def own_playbook(staff: dict[str, Any]) -> Any:
    from jisr.risks.services.response import playbook_save

    return playbook_save(
        acting_user=staff["coordinator"],
        name="Fiche fictive",
        crime_area="fraud",
        steps=[{"agency": "MA-DGSN", "action": "Vérifier", "within_hours": 4}],
    )


def own_bulletin(staff: dict[str, Any]) -> Any:
    from jisr.risks.services.bulletins import bulletin_approve, bulletin_create

    bulletin = bulletin_create(
        acting_user=staff["coordinator"],
        kind="early_warning",
        title="Bulletin fictif",
        summary="Résumé fictif",
        indicators=[{"type": "domain", "value": "fictif.example"}],
        recipients=["FR-DGPN"],
        playbook=own_playbook(staff),
    )
    return bulletin_approve(acting_user=staff["reviewer"], bulletin=bulletin)


def own_task(staff: dict[str, Any]) -> Any:
    return own_bulletin(staff).tasks.get()


def _body(name: str) -> Callable[[Any], dict[str, Any]]:
    def body(record: Any) -> dict[str, Any]:
        from jisr.risks import federation

        result: dict[str, Any] = getattr(federation, f"{name}_body")(record)
        return result

    return body


#: record type -> (make one of this node's own records from ``staff``, the body a partner
#: would send for it).
OWN = {
    "risks.risk": (own_risk, _body("risk")),
    "risks.assessment": (own_assessment, _body("assessment")),
    "risks.bulletin": (own_bulletin, _body("bulletin")),
    "risks.playbook": (own_playbook, _body("playbook")),
    "risks.task": (own_task, _body("task")),
}


def fr_risk_with_ours(staff: dict[str, Any]) -> tuple[Any, list[Any]]:
    """A risk FR-DGPN shares, with our agency's assessment of it."""
    import uuid

    from jisr.risks import federation
    from jisr.risks.models import Risk
    from jisr.risks.services.register import risk_assess
    from tests.risks.conftest import replica

    body = {**federation.risk_body(own_risk(staff)), "id": str(uuid.uuid4()), "owner": "FR-DGPN"}
    body["mitigations"] = []
    replica("risks.risk", body["id"], 1, body)
    risk = Risk.objects.get(id=body["id"])
    ours = risk_assess(acting_user=staff["coordinator"], risk=risk, likelihood=4, impact=4)
    return risk, [ours]


def fr_bulletin_with_ours(staff: dict[str, Any]) -> tuple[Any, list[Any]]:
    """A bulletin FR-DGPN released to us, acknowledged by our named recipient."""
    from jisr.accounts.models import User
    from jisr.risks.services.bulletins import bulletin_acknowledge
    from tests.risks.conftest import partner_bulletin_body, receive

    bulletin = receive(partner_bulletin_body())
    ack = bulletin.acks.filter(agency__is_own=True).first()
    assert ack is not None, "no named recipient of ours"
    user = User.objects.get(username=ack.username)
    return bulletin, [bulletin_acknowledge(acting_user=user, bulletin=bulletin)]


#: record type -> make a partner-owned record with records of ours hanging on it.
PARTNER_WITH_OURS = {
    "risks.risk": fr_risk_with_ours,
    "risks.bulletin": fr_bulletin_with_ours,
}
