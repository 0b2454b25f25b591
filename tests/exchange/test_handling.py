"""Handling codes are enforced on forward, export and copy (issue 12, finding 6).

This node is MA-DGSN; FR-DGPN sends it items; ES-CNP is a third agency, linked as a
partner so that only the handling code can stand in the way.
"""

from __future__ import annotations

import base64
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from jisr.audit.models import AuditEntry
from jisr.core import clock
from jisr.exchange import services
from jisr.exchange.models import Case, Message
from jisr.federation.models import OutboxEnvelope
from tests.exchange.conftest import api_client, deliver, fr_message_body, message_fields

H3_TEXT = "Réservé à l'enquête Tanger Med : ne pas diffuser."


@pytest.fixture
def third_agency(fr_partner: Any) -> Any:
    from jisr.federation.services import partner_add

    raw = (
        Ed25519PrivateKey.generate()
        .public_key()
        .public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    )
    return partner_add(
        acting_user=None,
        agency_code="ES-CNP",
        url="http://127.0.0.1:9",
        public_key=base64.b64encode(raw).decode(),
    ).agency


@pytest.fixture
def fr_h3(officer: Any, third_agency: Any) -> Message:
    return deliver(
        "exchange.message",
        fr_message_body(handling_code="H3", handling_restriction=H3_TEXT),
    )


@pytest.fixture
def other_case(officer: Any, third_agency: Any) -> Case:
    return services.case_open(
        acting_user=officer, title="Joint case (test)", crime_area="fraud", partners=["ES-CNP"]
    )


def _state() -> tuple[int, int, int]:
    return Case.objects.count(), Message.objects.count(), OutboxEnvelope.objects.count()


def _consent(message: Message, scope: str, third_party: str | None = None) -> None:
    deliver(
        "exchange.consent",
        {
            "id": f"0193a000-0000-7000-8000-0000000000{'c1' if scope == 'forward' else 'c2'}",
            "message_id": str(message.id),
            "scope": scope,
            "holder": "MA-DGSN",
            "third_party": third_party,
            "granted_by_name": "Julie Martin-Test (FR-DGPN)",
            "at": clock.now().isoformat(),
        },
    )


def test_ma_cannot_forward_frs_h3_message_to_a_third_agency(officer: Any, fr_h3: Message) -> None:
    before = _state()
    with translation.override("en"), pytest.raises(PermissionDenied) as caught:
        services.message_forward(acting_user=officer, message=fr_h3, agency_code="ES-CNP")
    assert str(caught.value) == (
        "This item is H3: its restrictions are stated in its text, so it cannot be passed on "
        "to ES-CNP. Ask FR-DGPN to send it again under another code."
    )
    assert _state() == before
    [refusal] = AuditEntry.objects.filter(action="message.forward_refused")
    assert (refusal.recipient, refusal.extra) == ("ES-CNP", {"handling_code": "H3"})


def test_the_refusal_is_translated(officer: Any, fr_h3: Message) -> None:
    with translation.override("fr"), pytest.raises(PermissionDenied) as caught:
        services.message_forward(acting_user=officer, message=fr_h3, agency_code="ES-CNP")
    assert str(caught.value).startswith("Cet élément est H3")


def test_ma_cannot_export_frs_h3_message(officer: Any, fr_h3: Message) -> None:
    before = _state()
    with translation.override("en"), pytest.raises(PermissionDenied) as caught:
        services.message_export(acting_user=officer, message=fr_h3)
    assert "cannot be exported" in str(caught.value)
    assert _state() == before
    assert not AuditEntry.objects.filter(action="message.export").exists()
    assert AuditEntry.objects.filter(action="message.export_refused").count() == 1


def test_ma_cannot_copy_frs_h3_message_into_another_case(
    officer: Any, fr_h3: Message, other_case: Case
) -> None:
    before = _state()
    with pytest.raises(PermissionDenied):
        services.message_copy(acting_user=officer, message=fr_h3, case=other_case)
    assert _state() == before
    assert other_case.messages.count() == 0
    assert AuditEntry.objects.filter(action="message.copy_refused").count() == 1


def test_consent_does_not_lift_h3(officer: Any, fr_h3: Message) -> None:
    _consent(fr_h3, "forward")
    with pytest.raises(PermissionDenied):
        services.message_forward(acting_user=officer, message=fr_h3, agency_code="ES-CNP")
    assert Case.objects.count() == 1


def test_forwarding_back_to_the_originator_is_not_dissemination(
    officer: Any, fr_h3: Message
) -> None:
    forwarded = services.message_forward(acting_user=officer, message=fr_h3, agency_code="FR-DGPN")
    assert forwarded.handling_code == "H3" and forwarded.handling_restriction == H3_TEXT
    assert list(forwarded.case.participants.values_list("code", flat=True).order_by("code")) == [
        "FR-DGPN",
        "MA-DGSN",
    ]


def test_the_originator_passes_its_own_h3_item_on(
    officer: Any, case: Case, third_agency: Any
) -> None:
    own = services.message_send(
        acting_user=officer,
        case=case,
        **message_fields(handling_code="H3", handling_restriction=H3_TEXT),
    )
    forwarded = services.message_forward(acting_user=officer, message=own, agency_code="ES-CNP")
    assert forwarded.case.participants.filter(code="ES-CNP").exists()
    assert services.message_export(acting_user=officer, message=own)["id"] == str(own.id)


def test_an_h2_copy_needs_the_copy_consent_and_the_forward_consent_for_the_case_partners(
    officer: Any, third_agency: Any, other_case: Case
) -> None:
    message = deliver("exchange.message", fr_message_body(handling_code="H2"))
    with pytest.raises(PermissionDenied):
        services.message_copy(acting_user=officer, message=message, case=other_case)
    _consent(message, "copy")
    # The other case goes to ES-CNP: that is forwarding, which needs its own consent.
    with pytest.raises(PermissionDenied):
        services.message_copy(acting_user=officer, message=message, case=other_case)
    assert other_case.messages.count() == 0
    _consent(message, "forward", third_party="ES-CNP")
    copied = services.message_copy(acting_user=officer, message=message, case=other_case)
    assert copied.case == other_case and copied.forwarded_from == message.id
    assert copied.handling_code == "H2"
    [entry] = AuditEntry.objects.filter(action="message.copy")
    assert entry.extra["copied_as"] == str(copied.id) and "consent" in entry.extra


def test_an_h0_item_is_copied_into_another_case_of_the_node(
    officer: Any, third_agency: Any, other_case: Case
) -> None:
    message = deliver("exchange.message", fr_message_body(handling_code="H0"))
    copied = services.message_copy(acting_user=officer, message=message, case=other_case)
    assert copied.body == message.body and copied.case == other_case
    with pytest.raises(ValidationError):
        services.message_copy(acting_user=officer, message=message, case=message.case)


def test_the_originator_cannot_record_consent_for_an_h3_item(officer: Any, case: Case) -> None:
    own = services.message_send(
        acting_user=officer,
        case=case,
        **message_fields(handling_code="H3", handling_restriction=H3_TEXT),
    )
    with pytest.raises(ValidationError) as caught:
        services.consent_grant(
            acting_user=officer, message=own, holder_code="FR-DGPN", scope="forward"
        )
    assert "scope" in caught.value.message_dict
    assert not own.consents.exists()


def test_the_api_refuses_forwarding_exporting_and_copying_an_h3_item(
    officer: Any, fr_h3: Message, other_case: Case
) -> None:
    client, auth = api_client(officer)
    before = _state()
    forward = client.post(
        f"/api/v1/messages/{fr_h3.id}/forward",
        {"agency": "ES-CNP"},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
        **auth,
    )
    assert forward.status_code == 403
    assert "H3" in forward.json()["detail"] and "ES-CNP" in forward.json()["detail"]
    assert client.get(f"/api/v1/messages/{fr_h3.id}/export", **auth).status_code == 403
    copy = client.post(
        f"/api/v1/messages/{fr_h3.id}/copy",
        {"case_id": str(other_case.id)},
        content_type="application/json",
        **auth,
    )
    assert copy.status_code == 403
    assert _state() == before


def test_the_message_page_warns_that_an_h3_item_stays_here(officer: Any, fr_h3: Message) -> None:
    from django.urls import reverse

    from tests.support.web import logged_in

    with translation.override("en"):
        url = reverse("exchange:message_detail", args=[fr_h3.id])
    page = logged_in(officer).get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    html = page.content.decode()
    assert "H3: this item's restrictions are stated in its text" in html
    assert H3_TEXT.replace("'", "&#x27;") in html


def test_the_page_refuses_to_copy_an_h3_item_and_copies_an_h0_one(
    officer: Any, fr_h3: Message, other_case: Case
) -> None:
    from django.urls import reverse

    from tests.support.web import logged_in

    client = logged_in(officer)
    with translation.override("en"):
        refused = client.post(
            reverse("exchange:message_copy", args=[fr_h3.id]),
            {"case": str(other_case.id)},
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert refused.status_code == 403
    assert "so it cannot be copied into another case" in refused.content.decode()
    assert other_case.messages.count() == 0
    h0 = deliver("exchange.message", fr_message_body(handling_code="H0"))
    copied = client.post(
        reverse("exchange:message_copy", args=[h0.id]), {"case": str(other_case.id)}
    )
    assert copied.status_code == 302
    [copy] = other_case.messages.all()
    assert copy.forwarded_from == h0.id and copied["Location"].endswith(f"/{copy.id}/")
