"""The case page (issue 13): the reply subject keeps the thread's language, bodies are shown in
the thread, the reply box is compact, and the forward form only appears when it can be used.

This node is MA-DGSN; FR-DGPN sends it items.
"""

from __future__ import annotations

import base64
import html
import re
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings
from django.urls import reverse

from jisr.exchange.models import Message
from tests.exchange.conftest import deliver, fr_message_body
from tests.support.web import logged_in

pytestmark = pytest.mark.django_db


def _page(user: Any, url: str, lang: str) -> str:
    client = logged_in(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _reply_subject(user: Any, message: Message, lang: str) -> str:
    url = reverse("exchange:case_detail", args=[message.case_id]) + f"?reply_to={message.id}"
    page = _page(user, url, lang)
    found = re.search(r'<input[^>]*name="subject"[^>]*value="([^"]*)"', page)
    assert found is not None
    return html.unescape(found.group(1))


def test_a_french_speaking_officer_replying_to_an_arabic_message_gets_the_arabic_prefix(
    officer: Any,
) -> None:
    message = deliver(
        "exchange.message", fr_message_body(subject="طلب معلومات عن مركبة", language="ar")
    )
    assert _reply_subject(officer, message, "fr") == "رد: طلب معلومات عن مركبة"


def test_a_reply_to_a_french_reply_is_not_prefixed_again_in_another_language(
    officer: Any,
) -> None:
    message = deliver(
        "exchange.message", fr_message_body(subject="Re : Demande urgente", language="fr")
    )
    assert _reply_subject(officer, message, "ar") == "Re : Demande urgente"


def test_the_thread_shows_bodies_inline_and_the_reply_box_keeps_its_extra_fields_folded(
    officer: Any,
) -> None:
    plain = deliver(
        "exchange.message",
        fr_message_body(body="Le véhicule a traversé à 14 h.", contains_personal_data=False),
    )
    deliver(
        "exchange.message",
        fr_message_body(
            body="Données sur Yassine Benkirane-Demo",
            contains_personal_data=True,
            case=plain.case,
        ),
    )
    page = _page(officer, reverse("exchange:case_detail", args=[plain.case_id]), "fr")
    assert "Le véhicule a traversé à 14 h." in html.unescape(page)
    # A body with personal data stays behind the logged opening of the message page.
    assert "Données sur Yassine" not in html.unescape(page)
    assert 'data-testid="message-body-logged"' in page
    compose = page[page.index('data-testid="compose"') :]
    folded = compose[compose.index('data-testid="compose-more"') :]
    assert 'name="body"' in compose[: compose.index('data-testid="compose-more"')]
    assert 'name="attachments"' in folded and 'name="source_reliability"' in folded


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


def _message_page(officer: Any, message: Message) -> str:
    return _page(officer, reverse("exchange:message_detail", args=[message.id]), "fr")


def test_the_forward_form_is_shown_for_an_h0_item_when_a_third_partner_is_active(
    officer: Any, third_agency: Any
) -> None:
    message = deliver("exchange.message", fr_message_body(handling_code="H0"))
    page = _message_page(officer, message)
    assert 'data-testid="forward-form"' in page and "ES-CNP —" in page


def test_the_forward_form_is_hidden_for_an_h3_item(officer: Any, third_agency: Any) -> None:
    message = deliver(
        "exchange.message",
        fr_message_body(handling_code="H3", handling_restriction="Usage interne seulement."),
    )
    page = _message_page(officer, message)
    assert 'data-testid="forward-form"' not in page
    assert 'data-testid="forward-warning"' in page


def test_the_forward_form_is_hidden_for_an_h2_item_without_consent(
    officer: Any, third_agency: Any
) -> None:
    message = deliver("exchange.message", fr_message_body(handling_code="H2"))
    page = _message_page(officer, message)
    assert 'data-testid="forward-form"' not in page
    assert "H2" in page[page.index('data-testid="forward-warning"') :][:200]


def test_the_forward_form_is_hidden_when_only_the_provider_is_a_partner(officer: Any) -> None:
    message = deliver("exchange.message", fr_message_body(handling_code="H0"))
    page = _message_page(officer, message)
    assert 'data-testid="forward-form"' not in page
    assert 'data-testid="forward-no-partner"' in page
