"""A partner may change only the records it owns: the replication layer refuses the rest.

Issue 12, finding 1: with a partner's signing key, a ``replica.upsert`` naming this
node's own event (or incident), or a new event listing another event's venue, was
applied. Every refusal here is a 422 ``not-owner`` with an audit row, and nothing else
changes on this node, for every registered record type.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.apps import apps
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jisr.audit.models import AuditEntry
from tests.federation.support import FakePartner, encode, new_id, post_signed

pytestmark = pytest.mark.django_db

APPS = ("events", "wanted", "exchange", "risks", "federation")


def app_state() -> dict[str, list[dict[str, Any]]]:
    """Every row of the feature apps and of federation, except the nonce and inbox tables."""
    state = {}
    for label in APPS:
        for model in apps.get_app_config(label).get_models():
            if model._meta.model_name in {"nonce", "inboxenvelope"}:
                continue
            state[model._meta.label] = list(model.objects.order_by("pk").values())
    return state


def _send(partner: FakePartner, envelope_type: str, body: dict[str, Any]) -> Any:
    raw = encode(partner.envelope(envelope_type, body=body))
    return post_signed(Client(), raw, partner.sign(raw))


def _upsert(partner: FakePartner, record_type: str, record_id: str, body: Any) -> Any:
    return _send(
        partner,
        "replica.upsert",
        {"record_type": record_type, "record_id": record_id, "version": 1000, "body": body},
    )


def _withdraw(partner: FakePartner, record_type: str, record_id: str) -> Any:
    return _send(
        partner,
        "replica.withdraw",
        {"record_type": record_type, "record_id": record_id, "version": 1000},
    )


def _assert_refused_not_owner(response: Any) -> None:
    assert response.status_code == 422, response.content
    assert response.json()["reason"] == "not-owner"
    refusal = AuditEntry.objects.filter(action="federation.reject").latest("seq")
    assert refusal.extra["reason"] == "not-owner"
    assert refusal.actor_username == "FR-DGPN"


# -- this node's own records, one per replicated type --------------------------------------


@pytest.fixture
def staff(make_user: Any) -> dict[str, Any]:
    from jisr.accounts.roles import Role

    return {
        "coordinator": make_user("ma.coord", [Role.SUPERVISOR, Role.LIAISON_OFFICER]),
        "reviewer": make_user("ma.rev", [Role.COMPLIANCE_REVIEWER]),
    }


def own_event(staff: dict[str, Any]) -> Any:
    from jisr.accounts.models import Agency
    from jisr.events import services

    event = services.event_create(
        acting_user=staff["coordinator"],
        name="Tournoi fictif",
        starts_on=dt.date(2027, 6, 1),
        ends_on=dt.date(2027, 6, 10),
        participants=[Agency.objects.get(code="FR-DGPN")],
    )
    services.venue_add(
        acting_user=staff["coordinator"], event=event, name="Stade A", kind="stadium", capacity=10
    )
    event.refresh_from_db()
    return event


def own_incident(staff: dict[str, Any]) -> Any:
    from jisr.events import services

    event = own_event(staff)
    return services.incident_record(
        acting_user=staff["coordinator"],
        event=event,
        venue=event.venues.first(),
        category="violence",
        severity=2,
        description="Rixe fictive",
    )


def own_alert(staff: dict[str, Any]) -> Any:
    from jisr.wanted import services

    alert = services.alert_create(
        acting_user=staff["coordinator"],
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
    services.alert_submit(acting_user=staff["coordinator"], alert=alert)
    services.alert_review(
        acting_user=staff["reviewer"],
        alert=alert,
        decision="approve",
        reason="ok",
        share_with=["FR-DGPN"],
    )
    alert.refresh_from_db()
    return alert


def own_case(staff: dict[str, Any]) -> Any:
    from jisr.exchange import services

    return services.case_open(
        acting_user=staff["coordinator"],
        title="Dossier fictif",
        crime_area="drug_trafficking",
        partners=["FR-DGPN"],
    )


def _event_body(event: Any) -> dict[str, Any]:
    from jisr.events.federation import event_body

    return event_body(event)


def _incident_body(incident: Any) -> dict[str, Any]:
    from jisr.events.federation import incident_body

    return incident_body(incident)


def _alert_body(alert: Any) -> dict[str, Any]:
    from jisr.wanted.services.alerts import alert_body

    return alert_body(alert)


def _case_body(case: Any) -> dict[str, Any]:
    from jisr.exchange.services.cases import case_body

    return case_body(case)


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


def _risks_body(name: str) -> Callable[[Any], dict[str, Any]]:
    def body(record: Any) -> dict[str, Any]:
        from jisr.risks import federation

        result: dict[str, Any] = getattr(federation, f"{name}_body")(record)
        return result

    return body


#: For every registered record type: make one of this node's own records, and the body a
#: partner would send for it. A new type without an entry here fails the coverage test.
OWN: dict[str, tuple[Callable[[dict[str, Any]], Any], Callable[[Any], dict[str, Any]]]] = {
    "events.event": (own_event, _event_body),
    "events.incident": (own_incident, _incident_body),
    "wanted.alert": (own_alert, _alert_body),
    "exchange.case": (own_case, _case_body),
    "risks.risk": (own_risk, _risks_body("risk")),
    "risks.assessment": (own_assessment, _risks_body("assessment")),
    "risks.bulletin": (own_bulletin, _risks_body("bulletin")),
    "risks.playbook": (own_playbook, _risks_body("playbook")),
    "risks.task": (own_task, _risks_body("task")),
}


def _app_types() -> list[str]:
    from jisr.federation.registry import replicated_types

    return [k.record_type for k in replicated_types() if not k.record_type.startswith("test.")]


def test_every_registered_record_type_is_covered_here() -> None:
    assert sorted(OWN) == sorted(_app_types())


@pytest.mark.parametrize("record_type", sorted(OWN))
def test_a_partner_cannot_take_over_our_own_record(
    record_type: str, fr_partner: FakePartner, staff: dict[str, Any]
) -> None:
    make, body_of = OWN[record_type]
    record = make(staff)
    body = {**body_of(record), "owner": "FR-DGPN"}
    before = app_state()
    _assert_refused_not_owner(_upsert(fr_partner, record_type, str(record.pk), body))
    assert app_state() == before


@pytest.mark.parametrize("record_type", sorted(OWN))
def test_a_partner_cannot_withdraw_our_own_record(
    record_type: str, fr_partner: FakePartner, staff: dict[str, Any]
) -> None:
    make, _body_of = OWN[record_type]
    record = make(staff)
    before = app_state()
    _assert_refused_not_owner(_withdraw(fr_partner, record_type, str(record.pk)))
    assert app_state() == before


def test_a_new_partner_event_cannot_take_over_the_venue_of_our_event(
    fr_partner: FakePartner, staff: dict[str, Any]
) -> None:
    from jisr.events.models import Venue

    ours = own_event(staff)
    venue = ours.venues.get()
    stolen = {**_event_body(ours), "id": new_id(), "owner": "FR-DGPN", "name": "Leurre"}
    before = app_state()
    _assert_refused_not_owner(_upsert(fr_partner, "events.event", stolen["id"], stolen))
    assert app_state() == before
    assert Venue.objects.get(id=venue.id).event_id == ours.id


def test_a_partner_event_cannot_reuse_the_ids_of_our_risks_or_deployments(
    fr_partner: FakePartner, staff: dict[str, Any]
) -> None:
    from jisr.accounts.models import Agency
    from jisr.events import services

    ours = own_event(staff)
    services.risk_add(
        acting_user=staff["coordinator"],
        event=ours,
        venue=None,
        threat="Menace fictive",
        likelihood=2,
        impact=3,
        mitigation="",
        owner_agency=Agency.objects.get(code="MA-DGSN"),
    )
    ours.refresh_from_db()
    body = {**_event_body(ours), "id": new_id(), "owner": "FR-DGPN", "venues": []}
    before = app_state()
    _assert_refused_not_owner(_upsert(fr_partner, "events.event", body["id"], body))
    assert app_state() == before


def test_a_partner_incident_cannot_rewrite_ours_nor_attach_to_an_event_it_is_not_part_of(
    fr_partner: FakePartner, staff: dict[str, Any]
) -> None:
    from jisr.events.models import EventParticipant

    incident = own_incident(staff)
    rewritten = {**_incident_body(incident), "owner": "FR-DGPN", "description": "Réécrit"}
    before = app_state()
    _assert_refused_not_owner(_upsert(fr_partner, "events.incident", str(incident.id), rewritten))
    assert app_state() == before
    # A new incident of FR on an event FR is not invited to.
    EventParticipant.objects.filter(agency__code="FR-DGPN").delete()
    before = app_state()
    fresh = {**rewritten, "id": new_id()}
    _assert_refused_not_owner(_upsert(fr_partner, "events.incident", fresh["id"], fresh))
    assert app_state() == before


def test_a_partner_still_replicates_its_own_incident_on_our_event(
    fr_partner: FakePartner, staff: dict[str, Any]
) -> None:
    from jisr.events.models import Incident

    event = own_event(staff)
    incident_id = new_id()
    body = {
        "id": incident_id,
        "event": str(event.id),
        "owner": "FR-DGPN",
        "venue": str(event.venues.get().id),
        "occurred_at": "2027-06-02T18:00:00+00:00",
        "category": "violence",
        "severity": 2,
        "description": "Rixe",
        "status": "open",
        "assigned_agency": "MA-DGSN",
    }
    assert _upsert(fr_partner, "events.incident", incident_id, body).status_code == 200
    assert Incident.objects.get(id=incident_id).owner.code == "FR-DGPN"
    assert _withdraw(fr_partner, "events.incident", incident_id).status_code == 200
    assert not Incident.objects.filter(id=incident_id).exists()


def _mutations() -> st.SearchStrategy[dict[str, Any]]:
    """Ways a rogue partner dresses up a body: any owner, version, extra or missing field."""
    return st.fixed_dictionaries(
        {
            "owner": st.sampled_from(["FR-DGPN", "MA-DGSN", "ES-PN", ""]),
            "version": st.integers(min_value=0, max_value=2**31),
            "drop": st.lists(st.sampled_from(["name", "venues", "risks", "names", "title"])),
            "withdraw": st.booleans(),
        }
    )


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(record_type=st.sampled_from(sorted(OWN)), mutation=_mutations())
def test_no_cross_owner_envelope_changes_anything(
    fr_partner: FakePartner, staff: dict[str, Any], record_type: str, mutation: dict[str, Any]
) -> None:
    make, body_of = OWN[record_type]
    record = make(staff)
    body = {**body_of(record), "owner": mutation["owner"]}
    for name in mutation["drop"]:
        body.pop(name, None)
    envelope = {"record_type": record_type, "record_id": str(record.pk)}
    envelope["version"] = mutation["version"]
    if not mutation["withdraw"]:
        envelope["body"] = body
    before = app_state()
    refusals = AuditEntry.objects.filter(action="federation.reject").count()
    response = _send(
        fr_partner, "replica.withdraw" if mutation["withdraw"] else "replica.upsert", envelope
    )
    assert response.status_code == 422, response.content
    assert response.json()["reason"] == "not-owner"
    assert AuditEntry.objects.filter(action="federation.reject").count() == refusals + 1
    assert app_state() == before
