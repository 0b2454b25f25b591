"""The engine's explanation codes, shown in the reader's language."""

from __future__ import annotations

import pytest
from django.utils import translation

from jisr.matching import Person, score_pair
from jisr.wanted import explanations


@pytest.mark.parametrize(
    ("language", "text"), [("en", "another name"), ("fr", "un autre nom"), ("ar", "اسم آخر")]
)
def test_a_look_alike_given_name_is_explained_as_another_name(language: str, text: str) -> None:
    match = score_pair(Person("q", ["حسن الصنهاجي"]), Person("r", ["Hussein Sanhaji"]))
    [given] = [p for p in match.explanation["name"]["parts"] if p["candidate"] == "hussein"]
    with translation.override(language):
        assert explanations.label(explanations.HOW, given["how"]) == text


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_every_way_two_parts_match_is_translated(language: str) -> None:
    with translation.override(language):
        untranslated = [
            code for code in explanations.HOW if explanations.label(explanations.HOW, code) == code
        ]
    assert untranslated == []
