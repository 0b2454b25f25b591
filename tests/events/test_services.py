from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from jisr.audit.models import AuditEntry
from jisr.events import services
from jisr.events.models import AccreditationList, AccreditedPerson, Event, Incident
from jisr.federation.models import OutboxEnvelope

pytestmark = pytest.mark.django_db

CSV_OK = (
    "full_name,category,birth_date,nationality,organisation\n"
    "Amina Fictive-Kadiri,staff,1990,MA,Comité fictif\n"
    "Lucien Fictif Moreau,media,1984-03-02,FR,Journal fictif\n"
    "Yassine Exemple-Naciri,volunteer,,MA,\n"
).encode()


def _screen_all() -> None:
    while services.screening_step(budget_seconds=5) is not None:
        pass


def test_an_event_is_shared_with_its_participants_with_its_venues_inside(event: Any) -> None:
    envelopes = OutboxEnvelope.objects.filter(recipient="FR-DGPN", type="replica.upsert")
    latest = max((e.body for e in envelopes), key=lambda b: b["version"])
    assert latest["record_type"] == "events.event" and latest["record_id"] == str(event.id)
    assert latest["version"] == event.version == 4
    assert sorted(v["name"] for v in latest["body"]["venues"]) == [
        "Fan zone B",
        "Hôtel C",
        "Stade A",
    ]


def test_only_a_coordinator_of_the_host_can_create_an_event(make_user: Any, agencies: Any) -> None:
    from jisr.accounts.roles import Role

    analyst = make_user("ma.analyst", [Role.ANALYST])
    with pytest.raises(PermissionDenied):
        services.event_create(
            acting_user=analyst,
            name="X",
            starts_on=dt.date(2027, 1, 1),
            ends_on=dt.date(2027, 1, 2),
        )
    assert not Event.objects.exists()


def test_an_event_ending_before_it_starts_is_refused(coordinator: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        services.event_create(
            acting_user=coordinator,
            name="X",
            starts_on=dt.date(2027, 1, 5),
            ends_on=dt.date(2027, 1, 2),
        )
    assert "ends_on" in exc.value.message_dict
    assert not Event.objects.exists()


def test_a_risk_outside_the_one_to_five_scale_is_refused(event: Any, coordinator: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        services.risk_add(
            acting_user=coordinator,
            event=event,
            threat="Bousculade",
            likelihood=6,
            impact=0,
            owner_agency=event.owner,
        )
    assert set(exc.value.message_dict) == {"likelihood", "impact"}
    assert not event.risks.exists()


def test_readiness_per_venue_follows_the_checklist(event: Any, coordinator: Any) -> None:
    from jisr.events.selectors import readiness_by_venue

    stadium = event.venues.get(name="Stade A")
    protocol = services.protocol_create(
        acting_user=coordinator, event=event, venue=stadium, template="crowd"
    )
    items = list(protocol.items.all())
    assert len(items) == 4
    services.protocol_item_set(acting_user=coordinator, item=items[0], done=True)
    readiness = readiness_by_venue(event)
    assert readiness[stadium.id] == 25
    assert readiness[event.venues.get(name="Hôtel C").id] is None


def test_an_incident_without_venue_or_severity_is_refused_with_a_clear_message(
    event: Any, coordinator: Any
) -> None:
    with pytest.raises(ValidationError) as exc:
        services.incident_record(
            acting_user=coordinator,
            event=event,
            venue=None,
            category="crowd",
            severity=None,
            description="x",
        )
    errors = exc.value.message_dict
    assert "venue" in errors and "severity" in errors
    assert "1 (minor) to 4 (critical)" in errors["severity"][0]
    assert not Incident.objects.exists()


def test_an_incident_is_replicated_to_the_partner(event: Any, coordinator: Any) -> None:
    venue = event.venues.first()
    incident = services.incident_record(
        acting_user=coordinator,
        event=event,
        venue=venue,
        category="crowd",
        severity=3,
        description="Mouvement de foule",
    )
    sent = [
        e.body
        for e in OutboxEnvelope.objects.filter(recipient="FR-DGPN", type="replica.upsert")
        if e.body["record_type"] == "events.incident"
    ]
    assert [b["record_id"] for b in sent] == [str(incident.id)]
    assert sent[0]["body"]["severity"] == 3 and sent[0]["body"]["venue"] == str(venue.id)
    assert AuditEntry.objects.filter(action="incident.share", recipient="FR-DGPN").exists()


def test_a_malformed_list_yields_a_line_by_line_report_and_nothing_is_screened(
    event: Any, coordinator: Any
) -> None:
    bad = (
        b"full_name,category,birth_date\n"
        b"Amina Fictive,staff,1990\n"
        b",media,1984\n"
        b"Yassine Exemple,chef,19xx\n"
    )
    with pytest.raises(ValidationError) as exc:
        services.accreditation_upload(
            acting_user=coordinator,
            event=event,
            filename="list.csv",
            content=bad,
            purpose="Accreditation",
        )
    lines = exc.value.message_dict["file"]
    assert len(lines) == 2
    assert lines[0].startswith("Line 3") and "name is empty" in lines[0]
    assert lines[1].startswith("Line 4") and "category" in lines[1] and "date of birth" in lines[1]
    assert not AccreditationList.objects.exists() and not AccreditedPerson.objects.exists()


def test_screening_finds_the_partner_alert_and_flagging_reports_a_hit_to_its_owner(
    event: Any, coordinator: Any, fr_alert: str
) -> None:
    acc = services.accreditation_upload(
        acting_user=coordinator,
        event=event,
        filename="list.csv",
        content=CSV_OK,
        purpose="Accreditation",
    )
    _screen_all()
    acc.refresh_from_db()
    assert acc.status == "done" and acc.processed == 3 and acc.candidates == 1
    lucien = AccreditedPerson.objects.get(full_name="Lucien Fictif Moreau")
    others = AccreditedPerson.objects.exclude(pk=lucien.pk)
    assert {p.decision for p in others} == {"accredit"}
    assert lucien.decision == "pending"
    candidate = lucien.candidates.get()
    assert candidate.alert_id == fr_alert and candidate.alert_owner == "FR-DGPN"
    services.candidate_decide(
        acting_user=coordinator,
        candidate=candidate,
        decision="flagged",
        reason="Same person, same date of birth",
    )
    lucien.refresh_from_db()
    candidate.refresh_from_db()
    assert lucien.decision == "refuse"
    assert candidate.hit_id
    assert any(e.type == "hit.reported" for e in OutboxEnvelope.objects.filter(recipient="FR-DGPN"))
    assert AuditEntry.objects.filter(action="accreditation.flagged", recipient="FR-DGPN").exists()


def test_clearing_every_candidate_accredits_the_person(
    event: Any, coordinator: Any, fr_alert: str
) -> None:
    services.accreditation_upload(
        acting_user=coordinator,
        event=event,
        filename="list.csv",
        content=CSV_OK,
        purpose="Accreditation",
    )
    _screen_all()
    candidate = AccreditedPerson.objects.get(full_name="Lucien Fictif Moreau").candidates.get()
    with pytest.raises(ValidationError):
        services.candidate_decide(
            acting_user=coordinator, candidate=candidate, decision="cleared", reason=" "
        )
    services.candidate_decide(
        acting_user=coordinator, candidate=candidate, decision="cleared", reason="Different person"
    )
    assert AccreditedPerson.objects.get(full_name="Lucien Fictif Moreau").decision == "accredit"
    assert AuditEntry.objects.filter(action="accreditation.cleared").exists()
    assert not any(e.type == "hit.reported" for e in OutboxEnvelope.objects.all())


def test_changing_an_incident_replicates_the_new_version(event: Any, coordinator: Any) -> None:
    incident = services.incident_record(
        acting_user=coordinator,
        event=event,
        venue=event.venues.first(),
        category="theft",
        severity=1,
        description="Vol",
    )
    services.incident_update(acting_user=coordinator, incident=incident, status="closed")
    versions = sorted(
        e.body["version"]
        for e in OutboxEnvelope.objects.filter(type="replica.upsert")
        if e.body["record_type"] == "events.incident"
    )
    assert versions == [1, 2]
    assert Incident.objects.get().status == "closed"
    [entry] = AuditEntry.objects.filter(action="incident.update")
    assert entry.extra["changes"] == {"status": ["open", "closed"]}


def test_a_risk_status_change_is_shared_with_the_partner(event: Any, coordinator: Any) -> None:
    risk = services.risk_add(
        acting_user=coordinator,
        event=event,
        threat="Drone",
        likelihood=2,
        impact=3,
        owner_agency=event.owner,
    )
    services.risk_set_status(acting_user=coordinator, risk=risk, status="mitigated")
    latest = max(
        (
            e.body
            for e in OutboxEnvelope.objects.filter(type="replica.upsert")
            if e.body["record_type"] == "events.event"
        ),
        key=lambda b: b["version"],
    )
    assert [r["status"] for r in latest["body"]["risks"]] == ["mitigated"]
    [entry] = AuditEntry.objects.filter(action="event.risk.status")
    assert entry.extra["changes"] == {"status": ["open", "mitigated"]}
