"""A partner may change only the records it owns: the replication layer refuses the rest.

Issue 12, finding 1: with a partner's signing key, a ``replica.upsert`` naming this
node's own event (or incident), or a new event listing another event's venue, was
applied. Every refusal here is a 422 ``not-owner`` with an audit row, and nothing else
changes on this node, for every registered record type.

How a module adds its record types (nothing shared to edit): write
``tests/<app>/ownership.py`` (next to an ``__init__.py``) with

- ``APPS``: the app labels whose tables must stay unchanged after a refusal (federation's
  tables are always compared);
- ``OWN``: ``{record_type: (make, body_of)}`` for every type the app registers with
  ``register_replicated_type``, where ``make(staff)`` creates one of this node's own
  records through the app's services and returns it (``staff`` is the fixture below:
  ``coordinator`` is a supervisor and liaison officer of MA-DGSN, ``reviewer`` a
  compliance reviewer; FR-DGPN is a registered partner) and ``body_of(record)`` is the
  body the owner would replicate for it (the app's own body function). ``make`` may be
  called many times in one database (the hypothesis test), so it must not reuse unique
  values.

Optionally, ``PARTNER_WITH_OURS``: ``{record_type: make}`` where ``make(staff)`` creates a
record FR-DGPN owns with records of ours hanging on it (our nomination to its session, our
action on its plan, our approval of its operation...) and returns ``(partner_record,
[our records])``. When FR withdraws its record, every one of ours must still be on this
node, whether the withdrawal is refused (422 ``not-owner``) or applied without them.

Every ``tests/*/ownership.py`` is imported here; a registered type with no entry, or a
type declared twice, fails this file. See ``tests/events/ownership.py``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from django.apps import apps
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jisr.audit.models import AuditEntry
from tests.events.ownership import event_body, incident_body, own_event, own_incident
from tests.federation.support import FakePartner, encode, new_id, post_signed

pytestmark = pytest.mark.django_db

Make = Callable[[dict[str, Any]], Any]
BodyOf = Callable[[Any], dict[str, Any]]


def app_state() -> dict[str, list[dict[str, Any]]]:
    """Every row of the apps that declared entries and of federation, except nonces and inbox."""
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


@pytest.fixture
def staff(make_user: Any) -> dict[str, Any]:
    from jisr.accounts.roles import Role

    return {
        "coordinator": make_user("ma.coord", [Role.SUPERVISOR, Role.LIAISON_OFFICER]),
        "reviewer": make_user("ma.rev", [Role.COMPLIANCE_REVIEWER]),
    }


def _ownership_modules() -> list[ModuleType]:
    """Every ``tests/<app>/ownership.py`` of the tests folder, by app name."""
    tests_dir = Path(__file__).resolve().parents[1]
    return [
        importlib.import_module(f"tests.{path.parent.name}.ownership")
        for path in sorted(tests_dir.glob("*/ownership.py"))
    ]


def _collect() -> tuple[dict[str, tuple[Make, BodyOf]], tuple[str, ...]]:
    own: dict[str, tuple[Make, BodyOf]] = {}
    labels: list[str] = []
    for module in _ownership_modules():
        for record_type, make in getattr(module, "PARTNER_WITH_OURS", {}).items():
            if record_type in PARTNER_WITH_OURS:
                raise AssertionError(f"{record_type} is declared twice ({module.__name__})")
            PARTNER_WITH_OURS[record_type] = make
        for record_type, entry in module.OWN.items():
            if record_type in own:
                raise AssertionError(f"{record_type} is declared twice ({module.__name__})")
            own[record_type] = entry
        labels.extend(label for label in module.APPS if label not in labels)
    return own, (*labels, "federation")


#: Partner-owned records with ours hanging on them, from every ``tests/<app>/ownership.py``.
PARTNER_WITH_OURS: dict[str, Callable[[dict[str, Any]], tuple[Any, list[Any]]]] = {}

#: For every registered record type: make one of this node's own records, and the body a
#: partner would send for it, gathered from every ``tests/<app>/ownership.py``. A new type
#: without an entry fails the coverage test.
OWN, APPS = _collect()


def _app_types() -> list[str]:
    from jisr.federation.registry import replicated_types

    return [k.record_type for k in replicated_types() if not k.record_type.startswith("test.")]


def test_every_registered_record_type_is_covered_here() -> None:
    registered = set(_app_types())
    missing = sorted(registered - set(OWN))
    assert not missing, f"add {missing} to OWN in tests/<app>/ownership.py"
    assert sorted(set(OWN) - registered) == []
    assert {"events", "wanted", "exchange", "risks", "training", "federation"} <= set(APPS)


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


@pytest.mark.parametrize("record_type", sorted(PARTNER_WITH_OURS))
def test_a_partner_withdrawing_its_own_record_leaves_every_record_of_ours(
    record_type: str, fr_partner: FakePartner, staff: dict[str, Any]
) -> None:
    partner_record, ours = PARTNER_WITH_OURS[record_type](staff)
    assert ours
    response = _withdraw(fr_partner, record_type, str(partner_record.pk))
    assert response.status_code in (200, 422), response.content
    if response.status_code == 422:
        assert response.json()["reason"] == "not-owner", response.content
        _assert_refused_not_owner(response)
    for record in ours:
        assert type(record).objects.filter(pk=record.pk).exists(), (record_type, record)
    last = AuditEntry.objects.latest("seq")
    assert last.actor_username == "FR-DGPN"


def test_a_new_partner_event_cannot_take_over_the_venue_of_our_event(
    fr_partner: FakePartner, staff: dict[str, Any]
) -> None:
    from jisr.events.models import Venue

    ours = own_event(staff)
    venue = ours.venues.get()
    stolen = {**event_body(ours), "id": new_id(), "owner": "FR-DGPN", "name": "Leurre"}
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
    body = {**event_body(ours), "id": new_id(), "owner": "FR-DGPN", "venues": []}
    before = app_state()
    _assert_refused_not_owner(_upsert(fr_partner, "events.event", body["id"], body))
    assert app_state() == before


def test_a_partner_incident_cannot_rewrite_ours_nor_attach_to_an_event_it_is_not_part_of(
    fr_partner: FakePartner, staff: dict[str, Any]
) -> None:
    from jisr.events.models import EventParticipant

    incident = own_incident(staff)
    rewritten = {**incident_body(incident), "owner": "FR-DGPN", "description": "Réécrit"}
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
