"""Alerts, four-eyes review, sharing, partner copies and hits, through the services."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from jisr.audit.models import AuditEntry
from jisr.core import clock
from jisr.core.deadlines import deadlines_sweep
from jisr.federation.models import OutboxEnvelope
from jisr.federation.registry import Envelope, PermanentEnvelopeError
from jisr.notices.models import Notice
from jisr.wanted import services
from jisr.wanted.models import Alert, Hit
from jisr.wanted.reference import HitStatus, Status

pytestmark = pytest.mark.django_db


def _envelope(type_: str, body: dict[str, Any], sender: str = "FR-DGPN") -> Envelope:
    return Envelope(
        id=str(uuid.uuid4()),
        type=type_,
        version=1,
        sender=sender,
        recipient="MA-DGSN",
        created=clock.now(),
        body=body,
    )


def _hit_body(alert: Any, circumstances: str = "c", location: str = "l") -> dict[str, Any]:
    """The body of a ``hit.reported`` envelope from FR-DGPN on one of our alerts."""
    return {
        "hit_id": str(uuid.uuid4()),
        "alert_id": str(alert.id),
        "circumstances": circumstances,
        "location": location,
        "seen_at": clock.now().isoformat(),
    }


def test_an_alert_without_legal_basis_cannot_be_submitted(staff: Any, alert_data: Any) -> None:
    alert_data["legal_basis"] = {"reference": "X-1"}
    alert = services.alert_create(acting_user=staff["officer"], data=alert_data)
    with pytest.raises(ValidationError) as exc:
        services.alert_submit(acting_user=staff["officer"], alert=alert)
    assert "legal_basis" in exc.value.message_dict
    alert.refresh_from_db()
    assert alert.status == Status.DRAFT and alert.version == 1


def test_invalid_alert_fields_are_reported_per_field_and_nothing_is_written(
    staff: Any, alert_data: Any
) -> None:
    alert_data.update(category="spy", birth_date="1986-02-30", names=[])
    alert_data["legal_basis"]["offence_category"] = "espionage"
    with pytest.raises(ValidationError) as exc:
        services.alert_create(acting_user=staff["officer"], data=alert_data)
    assert {"category", "birth_date", "names", "legal_basis.offence_category"} <= set(
        exc.value.message_dict
    )
    assert not Alert.objects.exists()


def test_the_author_may_not_review_their_own_alert_even_as_reviewer(
    staff: Any, alert_data: Any, make_user: Any
) -> None:
    from jisr.accounts.roles import Role

    both = make_user("ma.both", [Role.LIAISON_OFFICER, Role.COMPLIANCE_REVIEWER])
    alert = services.alert_create(acting_user=both, data=alert_data)
    services.alert_submit(acting_user=both, alert=alert)
    with pytest.raises(PermissionDenied):
        services.alert_review(
            acting_user=both, alert=alert, decision="approve", reason="ok", share_with=["FR-DGPN"]
        )
    with pytest.raises(PermissionDenied):
        services.alert_review(
            acting_user=staff["officer2"],
            alert=alert,
            decision="approve",
            reason="ok",
            share_with=["FR-DGPN"],
        )
    alert.refresh_from_db()
    assert alert.status == Status.PENDING_REVIEW
    assert not OutboxEnvelope.objects.exists()


def test_approval_shares_with_the_chosen_partner_in_the_same_transaction(
    make_active_alert: Any,
) -> None:
    alert = make_active_alert()
    assert alert.status == Status.ACTIVE
    assert alert.expires_on == clock.now().date() + dt.timedelta(days=5 * 365)
    envelope = OutboxEnvelope.objects.get()
    assert (envelope.type, envelope.recipient) == ("replica.upsert", "FR-DGPN")
    assert envelope.body["record_id"] == str(alert.id)
    assert envelope.body["body"]["names"] == alert.names
    assert AuditEntry.objects.filter(
        action="alert.share", recipient="FR-DGPN", target_id=str(alert.id)
    ).exists()


def test_a_refused_alert_never_leaves_the_node(staff: Any, alert_data: Any) -> None:
    alert = services.alert_create(acting_user=staff["officer"], data=alert_data)
    services.alert_submit(acting_user=staff["officer"], alert=alert)
    services.alert_review(
        acting_user=staff["reviewer"],
        alert=alert,
        decision="refuse",
        reason="Political character",
        share_with=["FR-DGPN"],
    )
    assert alert.status == Status.REFUSED
    assert not OutboxEnvelope.objects.exists()


def test_an_h3_alert_needs_its_restrictions_written_out_or_kept_to_the_owner(
    staff: Any, alert_data: Any
) -> None:
    with pytest.raises(ValidationError) as exc:
        services.alert_create(
            acting_user=staff["officer"], data={**alert_data, "handling_code": "H3"}
        )
    assert "handling_restriction" in exc.value.message_dict
    assert not Alert.objects.exists()
    alert = services.alert_create(
        acting_user=staff["officer"],
        data={**alert_data, "handling_code": "H3", "handling_restriction": "No use at borders"},
    )
    assert (alert.handling_code, alert.handling_restriction) == ("H3", "No use at borders")


def test_an_edit_logs_old_and_new_values_but_only_names_the_personal_fields(
    staff: Any, alert_data: Any
) -> None:
    alert = services.alert_create(acting_user=staff["officer"], data=alert_data)
    services.alert_update(
        acting_user=staff["officer"],
        alert=alert,
        data={**alert_data, "handling_code": "H2", "names": ["Nom Fictif-Autre"]},
    )
    [entry] = AuditEntry.objects.filter(action="alert.update")
    assert entry.extra == {"changes": {"handling_code": ["H1", "H2"]}, "withheld": ["names"]}
    assert "Nom Fictif-Autre" not in str(entry.extra)


def test_approval_needs_every_check_and_a_partner_and_never_shares_an_owner_only_alert(
    staff: Any, alert_data: Any
) -> None:
    alert = services.alert_create(
        acting_user=staff["officer"],
        data={**alert_data, "handling_code": "H3", "owner_only": True},
    )
    services.alert_submit(acting_user=staff["officer"], alert=alert)
    cases = [
        ({"share_with": ["FR-DGPN"]}, "share_with"),
        ({"share_with": ["XX-NOPE"]}, "share_with"),
        ({"share_with": [], "checklist": {"legal_basis_present": True}}, "checklist"),
    ]
    for kwargs, field in cases:
        with pytest.raises(ValidationError) as exc:
            services.alert_review(
                acting_user=staff["reviewer"], alert=alert, decision="approve", reason="r", **kwargs
            )
        assert field in exc.value.message_dict
    services.alert_review(
        acting_user=staff["reviewer"], alert=alert, decision="approve", reason="domestic only"
    )
    assert alert.status == Status.ACTIVE and alert.shared_with == []
    assert not OutboxEnvelope.objects.exists()


def test_withdrawal_and_expiry_send_tombstones_to_partners(
    make_active_alert: Any, staff: Any, clock_offset: Any
) -> None:
    first = make_active_alert()
    second = make_active_alert(names=["Sofiane Ait Lahcen-Test"])
    services.alert_withdraw(acting_user=staff["officer"], alert=first, reason="warrant lifted")
    clock_offset(6 * 365 * 86400)
    assert services.alerts_expire() == 1
    second.refresh_from_db()
    assert (first.status, second.status) == (Status.WITHDRAWN, Status.EXPIRED)
    tombstones = OutboxEnvelope.objects.filter(type="replica.withdraw").values_list(
        "body__record_id", flat=True
    )
    assert sorted(tombstones) == sorted([str(first.id), str(second.id)])


def test_partner_copies_are_stored_read_only_and_deleted_on_withdrawal(staff: Any) -> None:
    record_id = str(uuid.uuid4())
    body = {
        "category": "locate",
        "names": ["Lucas Fernandez-Test"],
        "nationalities": ["FR"],
        "legal_basis": {},
    }
    services.copy_upsert("FR-DGPN", record_id, 3, body)
    copy = Alert.objects.get(pk=record_id)
    assert (copy.is_copy, copy.owner.code, copy.status, copy.version) == (
        True,
        "FR-DGPN",
        Status.ACTIVE,
        3,
    )
    with pytest.raises(PermissionDenied):
        services.alert_withdraw(acting_user=staff["officer"], alert=copy, reason="mine now")
    with pytest.raises(PermanentEnvelopeError):
        services.copy_upsert("MA-DGSN", record_id, 4, body)
    services.copy_withdraw("FR-DGPN", record_id)
    assert not Alert.objects.filter(pk=record_id).exists()


def test_screening_finds_an_arabic_spelling_and_logs_the_purpose(
    make_active_alert: Any, staff: Any
) -> None:
    alert = make_active_alert()
    screening = services.screening_run(
        acting_user=staff["officer"],
        purpose="Manifest AT 800, case 2026/17",
        subjects=[
            {"names": ["ياسين بن كيران"], "birth_date": "1986"},
            {"names": ["Jean Dupont-Test"]},
        ],
    )
    first, second = screening.results
    assert [c["alert_id"] for c in first["candidates"]] == [str(alert.id)]
    assert first["candidates"][0]["owner"] == "MA-DGSN" and first["candidates"][0]["explanation"]
    assert second["candidates"] == []
    entry = AuditEntry.objects.get(action="screening.run")
    assert entry.justification == "Manifest AT 800, case 2026/17"


def test_screening_needs_a_purpose_and_valid_subjects(staff: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        services.screening_run(
            acting_user=staff["officer"], purpose=" ", subjects=[{"names": ["A B"]}]
        )
    assert "purpose" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.screening_run(
            acting_user=staff["officer"],
            purpose="case 1",
            subjects=[{"names": []}, {"names": ["x"], "birth_date": "86"}],
        )
    assert set(exc.value.message_dict) == {"subjects.0", "subjects.1"}
    with pytest.raises(PermissionDenied):
        services.screening_run(
            acting_user=staff["reviewer"], purpose="case 1", subjects=[{"names": ["A B"]}]
        )


def test_withdrawn_alerts_are_no_longer_found(make_active_alert: Any, staff: Any) -> None:
    alert = make_active_alert()
    subject = [{"names": ["Yassine Benkirane-Test"]}]
    assert services.screening_run(
        acting_user=staff["officer"], purpose="p 1", subjects=subject
    ).results[0]["candidates"]
    services.alert_withdraw(acting_user=staff["officer"], alert=alert, reason="lifted")
    assert not services.screening_run(
        acting_user=staff["officer"], purpose="p 2", subjects=subject
    ).results[0]["candidates"]


def _copy_from_fr(names: list[str]) -> Alert:
    record_id = str(uuid.uuid4())
    services.copy_upsert(
        "FR-DGPN", record_id, 2, {"category": "arrest", "names": names, "legal_basis": {}}
    )
    return Alert.objects.get(pk=record_id)


def test_a_confirmed_hit_on_a_partner_copy_goes_to_the_owner(staff: Any) -> None:
    copy = _copy_from_fr(["Lucas Fernandez-Test"])
    hit = services.hit_report(
        acting_user=staff["officer"],
        alert_id=str(copy.id),
        circumstances="Passport check",
        location="Tanger Med",
        document_seen="FR passport",
    )
    assert (hit.direction, hit.owner_code, hit.status) == (
        Hit.Direction.OUTGOING,
        "FR-DGPN",
        HitStatus.REPORTED,
    )
    envelope = OutboxEnvelope.objects.get(type="hit.reported")
    assert envelope.recipient == "FR-DGPN" and envelope.body["hit_id"] == str(hit.id)
    assert AuditEntry.objects.filter(action="hit.report", recipient="FR-DGPN").exists()
    services.hit_response_received(
        _envelope(
            "hit.response", {"hit_id": str(hit.id), "action": "arrest_surrender", "note": "Arrest"}
        )
    )
    hit.refresh_from_db()
    assert (hit.status, hit.response_action) == (HitStatus.RESPONDED, "arrest_surrender")
    assert Notice.objects.filter(user=staff["officer"], kind="wanted.hit_response").exists()


def test_an_incoming_hit_gets_a_deadline_a_reminder_and_an_escalation(
    make_active_alert: Any, staff: Any, clock_offset: Any
) -> None:
    alert = make_active_alert()
    hit_id = str(uuid.uuid4())
    body = {
        "hit_id": hit_id,
        "alert_id": str(alert.id),
        "circumstances": "c",
        "location": "Paris CDG",
        "seen_at": clock.now().isoformat(),
    }
    services.hit_received(_envelope("hit.reported", body))
    services.hit_received(_envelope("hit.reported", body))  # a redelivery changes nothing
    hit = Hit.objects.get()
    assert str(hit.id) == hit_id and hit.direction == Hit.Direction.INCOMING
    assert abs((hit.deadline - hit.reported_at) - dt.timedelta(hours=12)) < dt.timedelta(seconds=1)
    none = {"reminders": 0, "overdue": 0, "escalations": 0}
    assert deadlines_sweep(clock.now()) == none
    clock_offset(7 * 3600)
    assert deadlines_sweep(clock.now()) == {**none, "reminders": 1}
    assert deadlines_sweep(clock.now()) == none
    clock_offset(13 * 3600)
    assert deadlines_sweep(clock.now()) == {**none, "escalations": 1}
    assert deadlines_sweep(clock.now()) == none
    hit.refresh_from_db()
    assert hit.reminded_at is not None and hit.escalated
    reminded = Notice.objects.filter(kind="wanted.hit_reminder", target_id=str(hit.id))
    # Liaison officers of our agency are reminded; the French officer is not.
    assert sorted(n.user.username for n in reminded) == ["ma.off", "ma.off2", "ma.sup"]
    escalated = Notice.objects.filter(kind="wanted.hit_overdue", target_id=str(hit.id))
    assert [n.user.username for n in escalated] == ["ma.sup"]
    assert escalated.get().url == f"/wanted/hits/{hit.id}/"


def test_hits_on_alerts_not_shared_with_the_sender_are_dead_letters(make_active_alert: Any) -> None:
    alert = make_active_alert(share=False)
    body = {
        "hit_id": str(uuid.uuid4()),
        "alert_id": str(alert.id),
        "circumstances": "c",
        "location": "l",
        "seen_at": clock.now().isoformat(),
    }
    with pytest.raises(PermanentEnvelopeError):
        services.hit_received(_envelope("hit.reported", body))
    assert not Hit.objects.exists()


def test_the_owner_answers_and_a_located_outcome_closes_and_withdraws_the_alert(
    make_active_alert: Any, staff: Any
) -> None:
    alert = make_active_alert()
    body = {
        "hit_id": str(uuid.uuid4()),
        "alert_id": str(alert.id),
        "circumstances": "c",
        "location": "l",
        "seen_at": clock.now().isoformat(),
    }
    services.hit_received(_envelope("hit.reported", body))
    hit = Hit.objects.get()
    with pytest.raises(ValidationError):
        services.hit_respond(acting_user=staff["officer"], hit=hit, action="shoot")
    services.hit_respond(
        acting_user=staff["officer"], hit=hit, action="arrest_surrender", note="Provisional arrest"
    )
    assert OutboxEnvelope.objects.filter(type="hit.response", recipient="FR-DGPN").count() == 1
    services.hit_record_outcome(acting_user=staff["officer"], hit=hit, outcome="arrested", note="")
    alert.refresh_from_db()
    assert alert.status == Status.LOCATED
    assert OutboxEnvelope.objects.filter(type="hit.outcome", recipient="FR-DGPN").count() == 1
    assert (
        OutboxEnvelope.objects.filter(
            type="replica.withdraw", body__record_id=str(alert.id)
        ).count()
        == 1
    )


def test_authors_are_asked_to_rejustify_and_rejustifying_extends_and_reshares(
    make_active_alert: Any, staff: Any, clock_offset: Any
) -> None:
    alert = make_active_alert(category="discreet_check")
    assert alert.expires_on == clock.now().date() + dt.timedelta(days=365)
    clock_offset(320 * 86400)
    assert services.alerts_review_reminders() == 1
    assert services.alerts_review_reminders() == 0
    with pytest.raises(ValidationError):
        services.alert_rejustify(acting_user=staff["officer"], alert=alert, reason=" ")
    services.alert_rejustify(
        acting_user=staff["officer"], alert=alert, reason="Network still active"
    )
    assert alert.expires_on == clock.now().date() + dt.timedelta(days=365)
    assert Notice.objects.filter(user=staff["officer"], kind="wanted.alert_review").count() == 1
    upserts = OutboxEnvelope.objects.filter(type="replica.upsert").order_by("created")
    assert [e.body["version"] for e in upserts] == [alert.version - 1, alert.version]


def test_an_incoming_hit_and_its_escalation_are_also_sent_by_email_without_personal_data(
    make_active_alert: Any, staff: Any, django_capture_on_commit_callbacks: Any, clock_offset: Any
) -> None:
    from django.core import mail

    staff["officer"].email = "officer@example.test"
    staff["officer"].save()
    staff["supervisor"].email = "supervisor@example.test"
    staff["supervisor"].save()
    alert = make_active_alert()
    with django_capture_on_commit_callbacks(execute=True):
        services.hit_received(
            _envelope(
                "hit.reported",
                _hit_body(alert, circumstances="Boarding the ferry", location="Tanger Med"),
            )
        )
    received = [m for m in mail.outbox if "needs an answer" in m.subject]
    assert sorted(addr for m in received for addr in m.to) == [
        "officer@example.test",
        "supervisor@example.test",
    ]
    text = received[0].subject + received[0].body
    assert "Answer deadline" in text
    for secret in ("Benkirane", "Tanger Med", "ferry", "ياسين"):
        assert secret not in text
    clock_offset(13 * 3600)
    with django_capture_on_commit_callbacks(execute=True):
        deadlines_sweep(clock.now())
    overdue = [m for m in mail.outbox if "overdue" in m.subject]
    assert [m.to for m in overdue] == [["supervisor@example.test"]]


def test_hit_emails_can_be_switched_off(
    make_active_alert: Any, staff: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from django.core import mail

    settings.JISR_HIT_EMAIL = False
    staff["officer"].email = "officer@example.test"
    staff["officer"].save()
    alert = make_active_alert()
    with django_capture_on_commit_callbacks(execute=True):
        services.hit_received(_envelope("hit.reported", _hit_body(alert)))
    assert Notice.objects.filter(user=staff["officer"], kind="wanted.hit_received").exists()
    assert mail.outbox == []
