"""The demo speaks each agency's language: the first of the pair (MA-DGSN) writes in Arabic,
the second (FR-DGPN) in French."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.apps import apps

from jisr.accounts.demo import FIRST, SECOND
from jisr.accounts.roles import Role
from jisr.exchange.demo import DEMO_CASES
from jisr.wanted.demo import DEMO_ALERTS

ARABIC = re.compile(r"[\u0600-\u06ff]")
FRENCH_WORDS = re.compile(r"(?i)\b(de|des|en|la|le|les|du|et|fictif|ans)\b")
ENGLISH_WORDS = re.compile(r"(?i)\b(the|of|and|fictitious|years|in)\b")


def _arabic(text: str) -> bool:
    return bool(ARABIC.search(text)) and not ENGLISH_WORDS.search(text)


def _french(text: str) -> bool:
    return not ARABIC.search(text) and not ENGLISH_WORDS.search(text)


@pytest.mark.parametrize("field", ["offence_description", "legal_authority", "max_penalty"])
def test_each_agencys_demo_alerts_are_written_in_its_language(field: str) -> None:
    for spec in DEMO_ALERTS[FIRST]:
        assert not spec[field] or _arabic(spec[field]), spec[field]
    for spec in DEMO_ALERTS[SECOND]:
        assert _french(spec[field]) and FRENCH_WORDS.search(spec[field]), spec[field]


def test_each_agencys_demo_case_and_messages_are_written_in_its_language() -> None:
    for case in DEMO_CASES:
        check = _arabic if case["owner"] == FIRST else _french
        assert check(case["title"]), case["title"]
        for message in case["messages"]:
            body = message["body"]
            if message["language"] == "ar":
                assert _arabic(body), body
            else:
                assert message["language"] == "fr" and _french(body), body


def test_the_ma_demo_event_venues_and_risks_are_in_arabic(
    make_user: Any, agencies: Any, db: Any
) -> None:
    make_user("ma.supervisor", [Role.SUPERVISOR])
    apps.get_app_config("events").demo_seed(agencies["MA-DGSN"])
    apps.get_app_config("events").demo_seed(agencies["MA-DGSN"])  # idempotent
    from jisr.events.models import Event

    [event] = Event.objects.all()
    assert event.name == "كأس إفريقيا للأندية 2027 (تظاهرة وهمية)"
    texts = [event.description, *(v.name for v in event.venues.all())]
    texts += [r.threat for r in event.risks.all()]
    assert texts and all(_arabic(t) for t in texts), texts
