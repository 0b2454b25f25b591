"""Text normalisation of Arabic and Latin names."""

from __future__ import annotations

import unicodedata

import pytest

from jisr.matching.phonetic import arabic_to_symbols
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


#: The Arabic-script ranges whose letters normalisation keeps (text._ARABIC_LETTER).
KEPT = [(0x0620, 0x064A), (0x066E, 0x06D3), (0x06FA, 0x06FF), (0x0750, 0x077F)]


def _letters() -> list[str]:
    out = []
    for first, last in KEPT:
        for code in range(first, last + 1):
            ch = chr(code)
            if unicodedata.category(ch) == "Lo":
                out.append(ch)
    return out


@pytest.mark.parametrize("letter", _letters(), ids=lambda ch: f"U+{ord(ch):04X}")
def test_no_arabic_script_letter_vanishes_from_a_name(letter: str) -> None:
    # a letter the phonetic layer does not read was dropped: ګل (Pashto Gul) read as ل
    folded = normalize_arabic(letter)
    assert folded and arabic_to_symbols(folded), unicodedata.name(letter)


@pytest.mark.parametrize(
    ("letter", "read_as"),
    [
        ("ګ", "گ"),  # Pashto gaf: Gul
        ("ښ", "ش"),  # Pashto sheen: Pashtun
        ("څ", "س"),  # Pashto ts
        ("ډ", "د"),
        ("ړ", "ر"),
        ("ڼ", "ن"),
        ("ڵ", "ل"),  # Kurdish
        ("ڄ", "ج"),  # Sindhi
        ("ڝ", "ص"),  # SAD WITH TWO DOTS BELOW: the letter it is built on
        ("ݢ", "ك"),  # KEHEH WITH DOT ABOVE
    ],
)
def test_letters_of_other_alphabets_read_as_their_nearest_arabic_letter(
    letter: str, read_as: str
) -> None:
    assert normalize_arabic(letter) == read_as


def test_each_rarer_letter_reads_as_the_letter_its_unicode_name_is_built_on() -> None:
    from jisr.matching.text import _RARE_LETTERS, _RARE_LETTERS_READ_AS

    for letter, read_as in zip(_RARE_LETTERS, _RARE_LETTERS_READ_AS, strict=True):
        name = unicodedata.name(letter).removeprefix("ARABIC LETTER ")
        base = name.split(" WITH ")[0]
        if " WITH " in name:
            assert normalize_arabic(unicodedata.lookup(f"ARABIC LETTER {base}")) == read_as, name
