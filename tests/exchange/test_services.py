"""Cases and messages: sending, receiving, acknowledgements, handling codes, deadlines."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from jisr.audit.models import AuditEntry
from jisr.core import clock
from jisr.core.deadlines import deadlines_sweep
from jisr.exchange import services
from jisr.exchange.models import Attachment, Case, Consent, Message
from jisr.exchange.services import desk
from jisr.federation.models import OutboxEnvelope
from jisr.federation.registry import PermanentEnvelopeError
from jisr.notices.models import Notice
from tests.exchange.conftest import PNG, deliver, fr_message_body, message_fields

pytestmark = pytest.mark.django_db


def outbox(envelope_type: str) -> list[OutboxEnvelope]:
    return list(OutboxEnvelope.objects.filter(type=envelope_type).order_by("created"))


def test_opening_a_case_numbers_it_and_replicates_it_to_the_partner(officer: Any) -> None:
    first = services.case_open(
        acting_user=officer, title="One", crime_area="fraud", partners=["FR-DGPN"]
    )
    second = services.case_open(
        acting_user=officer, title="Two", crime_area="terrorism", partners=["FR-DGPN"]
    )
    year = clock.now().year
    assert first.reference == f"MA-DGSN-{year}-0001"
    assert second.reference == f"MA-DGSN-{year}-0002"
    sent = [e for e in outbox("replica.upsert") if e.body["record_id"] == str(first.id)]
    assert len(sent) == 1 and sent[0].recipient == "FR-DGPN"
    assert sent[0].body["record_type"] == "exchange.case"
    assert sent[0].body["body"]["participants"] == ["FR-DGPN", "MA-DGSN"]


def test_a_case_needs_a_known_partner_a_title_and_a_crime_area(officer: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        services.case_open(
            acting_user=officer, title=" ", crime_area="poaching", partners=["XX-NOPE"]
        )
    assert set(caught.value.message_dict) == {"title", "crime_area", "partners"}
    assert not Case.objects.exists()


def test_a_compliance_reviewer_may_not_open_a_case(reviewer: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.case_open(
            acting_user=reviewer, title="x", crime_area="fraud", partners=["FR-DGPN"]
        )


def test_an_urgent_request_gets_an_eight_hour_deadline_and_travels_with_its_attachment(
    officer: Any, supervisor: Any, case: Case
) -> None:
    message = services.message_send(
        acting_user=officer,
        case=case,
        attachments=[services.UploadedFile("scan.bin", PNG)],
        **message_fields(),
    )
    assert outbox("exchange.message") == []  # held for release (four eyes)
    desk.message_release(acting_user=supervisor, message=message, reason="Needed (test)")
    message.refresh_from_db()
    assert message.released_at is not None
    assert message.deadline == message.released_at + dt.timedelta(hours=8)
    attachment = message.attachments.get()
    assert attachment.content_type == "image/png"  # from the content, not the name
    assert attachment.sha256 == hashlib.sha256(PNG).hexdigest()
    [envelope] = outbox("exchange.message")
    assert envelope.recipient == "FR-DGPN"
    assert envelope.body["id"] == str(message.id)
    carried = envelope.body["attachments"][0]
    assert base64.b64decode(carried["data"]) == PNG


def test_deadlines_follow_the_node_settings(officer: Any, case: Case, settings: Any) -> None:
    settings.JISR_EXCHANGE_DEADLINE_HOURS = {"urgent": 2, "normal": 48}
    message = services.message_send(
        acting_user=officer, case=case, **message_fields(priority="normal")
    )
    assert message.deadline == message.created_at + dt.timedelta(hours=48)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"body": "   "}, "body"),
        ({"handling_code": "H9"}, "handling_code"),
        ({"priority": ""}, "priority"),
        ({"handling_code": "H3", "handling_restriction": ""}, "handling_restriction"),
        ({"kind": "reply"}, "in_reply_to"),
        ({"source_reliability": "Z"}, "source_reliability"),
        ({"language": "de"}, "language"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_sent(
    officer: Any, case: Case, overrides: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        services.message_send(acting_user=officer, case=case, **message_fields(**overrides))
    assert field in caught.value.message_dict
    assert not Message.objects.exists()
    assert not outbox("exchange.message")


def test_an_attachment_over_the_limit_or_of_a_forbidden_type_is_refused(
    officer: Any, case: Case, settings: Any
) -> None:
    settings.JISR_EXCHANGE_ATTACHMENT_MAX_BYTES = 1000
    for upload, words in [
        (services.UploadedFile("big.png", PNG), "larger than the limit"),
        (services.UploadedFile("report.pdf", b"MZ\x90\x00\x03" + bytes(100)), "may not be sent"),
    ]:
        with pytest.raises(ValidationError) as caught:
            services.message_send(
                acting_user=officer, case=case, attachments=[upload], **message_fields()
            )
        assert words in caught.value.message_dict["attachments"][0]
    assert not Message.objects.exists() and not Attachment.objects.exists()


def test_a_received_message_is_stored_byte_identical_and_acknowledged(officer: Any) -> None:
    body = fr_message_body()
    message = deliver("exchange.message", body)
    assert str(message.id) == body["id"]
    assert message.case.reference == body["case"]["reference"] and message.case.is_copy
    stored = message.attachments.get()
    assert hashlib.sha256(bytes(stored.data)).hexdigest() == body["attachments"][0]["sha256"]
    [ack] = outbox("exchange.ack")
    assert ack.recipient == "FR-DGPN" and ack.body["kind"] == "delivered"
    assert Notice.objects.filter(user=officer, kind="exchange.new_message").count() == 1
    # A redelivered body changes nothing.
    deliver("exchange.message", body)
    assert Message.objects.count() == 1


def test_a_tampered_attachment_is_refused_as_a_dead_letter(officer: Any) -> None:
    body = fr_message_body()
    body["attachments"][0]["data"] = base64.b64encode(PNG[:-1] + b"!").decode()
    with pytest.raises(PermanentEnvelopeError):
        deliver("exchange.message", body)
    assert not Message.objects.exists()


def test_opening_a_received_message_acknowledges_reading_once_per_person(officer: Any) -> None:
    message = deliver("exchange.message", fr_message_body())
    [notice] = Notice.objects.filter(user=officer, target_id=str(message.id))
    assert notice.read_at is None
    services.message_mark_read(acting_user=officer, message=message)
    services.message_mark_read(acting_user=officer, message=message)
    reads = [e for e in outbox("exchange.ack") if e.body["kind"] == "read"]
    assert len(reads) == 1
    notice.refresh_from_db()
    assert notice.read_at is not None  # opening the message reads its notice
    assert reads[0].body["by_username"] == "ma.officer"
    assert reads[0].body["by_name"]


def test_the_sender_records_delivery_and_reading_reported_by_the_partner(
    officer: Any, case: Case
) -> None:
    message = services.message_send(acting_user=officer, case=case, **message_fields())
    now = clock.now().isoformat()
    deliver("exchange.ack", {"message_id": str(message.id), "kind": "delivered", "at": now})
    deliver(
        "exchange.ack",
        {
            "message_id": str(message.id),
            "kind": "read",
            "by_name": "Julie Martin-Test",
            "by_username": "fr.officer",
            "at": now,
        },
    )
    kinds = {(a.kind, a.by_name) for a in message.acks.all()}
    assert kinds == {("delivered", ""), ("read", "Julie Martin-Test")}


def test_a_reply_marks_the_request_answered_on_the_receiving_side(officer: Any) -> None:
    request = deliver("exchange.message", fr_message_body())
    services.message_send(
        acting_user=officer,
        case=request.case,
        **message_fields(kind="reply", priority="", in_reply_to=str(request.id), subject="Re"),
    )
    request.refresh_from_db()
    assert request.answered_at is not None


def test_an_h2_item_cannot_be_forwarded_without_the_originators_consent(
    officer: Any, agencies: Any
) -> None:
    from jisr.accounts.services import agency_upsert

    agency_upsert(code="ES-CNP", name_ar="ES", name_fr="ES", name_en="ES")
    message = deliver("exchange.message", fr_message_body(handling_code="H2"))
    with pytest.raises(PermissionDenied) as caught:
        services.message_forward(acting_user=officer, message=message, agency_code="ES-CNP")
    assert "H2" in str(caught.value) and "FR-DGPN" in str(caught.value)
    with pytest.raises(PermissionDenied):
        services.message_export(acting_user=officer, message=message)
    assert Case.objects.count() == 1
    assert AuditEntry.objects.filter(action="message.forward_refused").count() == 1


def test_recorded_consent_lets_an_h2_item_be_exported(officer: Any) -> None:
    message = deliver("exchange.message", fr_message_body(handling_code="H2"))
    deliver(
        "exchange.consent",
        {
            "id": "0193a000-0000-7000-8000-0000000000c1",
            "message_id": str(message.id),
            "scope": "export",
            "holder": "MA-DGSN",
            "third_party": None,
            "granted_by_name": "Julie Martin-Test (FR-DGPN)",
            "at": clock.now().isoformat(),
        },
    )
    assert Consent.objects.count() == 1
    exported = services.message_export(acting_user=officer, message=message)
    assert exported["id"] == str(message.id)
    assert AuditEntry.objects.filter(action="message.export").exists()


def test_the_originator_grants_consent_and_tells_the_holder(officer: Any, case: Case) -> None:
    message = services.message_send(
        acting_user=officer, case=case, **message_fields(handling_code="H2")
    )
    services.consent_grant(
        acting_user=officer, message=message, holder_code="FR-DGPN", scope="forward"
    )
    [envelope] = outbox("exchange.consent")
    assert envelope.recipient == "FR-DGPN" and envelope.body["scope"] == "forward"


def test_a_reminder_goes_out_at_half_time_and_an_overdue_notice_after_the_deadline(
    officer: Any, supervisor: Any, clock_offset: Any
) -> None:
    request = deliver("exchange.message", fr_message_body())
    Notice.objects.all().delete()
    none = {"reminders": 0, "overdue": 0, "escalations": 0}
    clock_offset(3 * 3600)
    assert deadlines_sweep(clock.now()) == none
    clock_offset(4 * 3600 + 60)
    assert deadlines_sweep(clock.now()) == {**none, "reminders": 1}
    assert deadlines_sweep(clock.now()) == none
    clock_offset(8 * 3600 + 60)
    assert deadlines_sweep(clock.now()) == {**none, "overdue": 1}
    kinds = sorted(Notice.objects.filter(user=officer).values_list("kind", flat=True))
    assert kinds == ["exchange.overdue", "exchange.reminder"]
    about_request = Notice.objects.filter(
        user=supervisor, target_type="exchange.message", target_id=str(request.id)
    )
    assert about_request.count() == 2


def test_new_messages_are_also_sent_by_email_when_the_user_has_an_address(
    officer: Any, django_capture_on_commit_callbacks: Any
) -> None:
    officer.email = "officer@example.test"
    officer.save()
    with django_capture_on_commit_callbacks(execute=True):
        deliver("exchange.message", fr_message_body())
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["officer@example.test"]
    assert "Le véhicule" not in mail.outbox[0].body  # content stays in Jisr


def test_a_partners_case_copy_follows_the_owners_versions(officer: Any) -> None:
    body = fr_message_body()["case"]
    deliver(
        "replica.upsert",
        {
            "record_type": "exchange.case",
            "record_id": body["id"],
            "version": 2,
            "body": {**body, "status": "dormant"},
        },
    )
    deliver(
        "replica.upsert",
        {"record_type": "exchange.case", "record_id": body["id"], "version": 1, "body": body},
    )
    case = Case.objects.get(id=body["id"])
    assert case.status == "dormant" and case.version == 2
    with pytest.raises(PermissionDenied):
        services.case_set_status(acting_user=officer, case=case, status="closed")


def test_a_case_shared_while_the_partner_link_was_suspended_is_caught_up_once_it_resumes(
    officer: Any, agencies: Any
) -> None:
    from jisr.federation.models import Partner
    from jisr.federation.services import replicas_catch_up

    Partner.objects.update(status="suspended")
    case = Case.objects.create(
        reference="MA-DGSN-2026-0900",
        title="Shared while suspended",
        crime_area="fraud",
        owner=agencies["MA-DGSN"],
        created_by=officer,
    )
    case.participants.set([agencies["MA-DGSN"], agencies["FR-DGPN"]])
    # A partner's copy held here is never ours to send.
    deliver("exchange.message", fr_message_body())
    assert replicas_catch_up() == 0 and not outbox("replica.upsert")
    Partner.objects.update(status="active")
    assert replicas_catch_up() == 1
    (sent,) = outbox("replica.upsert")
    assert (sent.recipient, sent.body["record_type"]) == ("FR-DGPN", "exchange.case")
    assert sent.body["body"]["reference"] == "MA-DGSN-2026-0900"
    assert replicas_catch_up() == 0
    services.case_set_status(acting_user=officer, case=case, status="dormant")
    assert replicas_catch_up() == 0 and len(outbox("replica.upsert")) == 2


def test_a_hit_follow_up_opens_a_case_then_joins_it(officer: Any) -> None:
    hit, alert = "0193a000-0000-7000-8000-0000000000a1", "0193a000-0000-7000-8000-0000000000a2"
    other_hit = "0193a000-0000-7000-8000-0000000000a3"
    first = services.case_open_or_join_for_hit(
        acting_user=officer,
        hit_id=hit,
        alert_id=alert,
        partner_agency_code="FR-DGPN",
        title="Hit on Yassine Benkirane-Demo",
    )
    again = services.case_open_or_join_for_hit(
        acting_user=officer, hit_id=hit, alert_id=alert, partner_agency_code="FR-DGPN", title="x"
    )
    joined = services.case_open_or_join_for_hit(
        acting_user=officer,
        hit_id=other_hit,
        alert_id=alert,
        partner_agency_code="FR-DGPN",
        title="Second hit",
    )
    assert first.id == again.id == joined.id
    assert {str(li.target_id) for li in first.links.all()} == {hit, alert, other_hit}
    assert Case.objects.count() == 1


def test_a_withdrawn_case_copy_takes_its_notices_with_it(officer: Any) -> None:
    body = fr_message_body()
    message = deliver("exchange.message", body)
    assert Notice.objects.filter(target_id=str(message.id)).count() >= 1
    deliver(
        "replica.withdraw",
        {"record_type": "exchange.case", "record_id": body["case"]["id"], "version": 99},
    )
    assert not Message.objects.filter(pk=message.pk).exists()
    assert not Notice.objects.filter(target_id=str(message.id)).exists()
