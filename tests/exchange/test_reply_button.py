"""The message page's "Reply" button is a verb, apart from the message type "Reply"."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from jisr.exchange.models import Message, MessageKind
from tests.exchange.conftest import deliver, fr_message_body
from tests.support.web import logged_in

pytestmark = pytest.mark.django_db


def _reply_button(officer: Any, lang: str) -> str:
    deliver("exchange.message", fr_message_body())
    message = Message.objects.get()
    client = logged_in(officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    page = client.get(reverse("exchange:message_detail", args=[message.id])).content.decode()
    found = re.search(r'<a class="button" href="[^"]*\?reply_to=[^"]*">([^<]*)</a>', page)
    assert found is not None
    return found.group(1)


def test_in_french_the_button_says_repondre_and_the_message_type_stays_reponse(
    officer: Any,
) -> None:
    assert _reply_button(officer, "fr") == "Répondre"
    with translation.override("fr"):
        assert str(MessageKind.REPLY.label) == "Réponse"


def test_in_arabic_the_button_is_the_verb(officer: Any) -> None:
    assert _reply_button(officer, "ar") == "ردّ"
