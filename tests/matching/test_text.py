"""Text normalisation of Arabic and Latin names."""

from __future__ import annotations

import pytest

from jisr.matching.text import is_arabic, normalize_arabic, normalize_latin, split_words


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("أحمد", "احمد"),  # hamza on alef
        ("إدريس", "ادريس"),  # hamza under alef
        ("آمنة", "امنة"),  # madda
        ("مُحَمَّد", "محمد"),  # harakat and shadda
        ("محـــمد", "محمد"),  # tatweel
        ("یوسف", "يوسف"),  # Persian yeh
        ("کریم", "كريم"),  # Persian kaf and yeh
        ("ﻣﺤﻤﺪ", "محمد"),  # presentation forms (NFKC)
    ],
)
def test_arabic_spelling_variants_are_folded(raw: str, expected: str) -> None:
    assert normalize_arabic(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Saïd", "said"),
        ("LEFÈVRE", "lefevre"),
        ("M'hamed", "mhamed"),
        ("Ben‘Ali", "benali"),
        ("François", "fransois"),
        ("Jelčić", "jelchich"),
        ("Şahin", "shahin"),
        ("Straße", "strasse"),
    ],
)
def test_latin_words_lose_case_accents_and_apostrophes(raw: str, expected: str) -> None:
    assert normalize_latin(raw) == expected


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("Abd-el-Latif  El.Amrani", ["abd", "el", "latif", "el", "amrani"]),
        ("J.-P. Martin", ["j", "p", "martin"]),
        ("عبد اللطيف، بنعلي", ["عبد", "اللطيف", "بنعلي"]),
        ("  ", []),
    ],
)
def test_names_split_on_spaces_hyphens_dots_and_punctuation(name: str, words: list[str]) -> None:
    assert split_words(name) == words


@pytest.mark.parametrize(("word", "arabic"), [("يوسف", True), ("Youssef", False), ("x1", False)])
def test_arabic_script_is_detected(word: str, arabic: bool) -> None:
    assert is_arabic(word) is arabic
