"""The common phonetic alphabet of Arabic and Latin spellings."""

from __future__ import annotations

import pytest

from jisr.matching.phonetic import (
    arabic_to_symbols,
    coarse_key,
    latin_to_symbols,
    symbol_similarity,
)
from jisr.matching.text import normalize_arabic, normalize_latin


def lat(word: str) -> str:
    return latin_to_symbols(normalize_latin(word))


def ar(word: str) -> str:
    return arabic_to_symbols(normalize_arabic(word))


@pytest.mark.parametrize(
    "spellings",
    [
        ["Youssef", "Youcef", "Yusuf", "Yousef", "يوسف"],
        ["Mohamed", "Mohammed", "Muhammad", "Mhamed", "محمد"],
        ["Hicham", "Hisham", "هشام"],
        ["Khadija", "Khadidja", "خديجة"],
        ["Djamel", "Jamal", "Gamal", "جمال"],
        ["Kacem", "Qasim", "Gassem", "قاسم"],
        ["Othmane", "Otman", "Otmane", "عثمان"],
        ["Rharbi", "Gharbi", "غربي"],
    ],
)
def test_spellings_of_one_name_share_a_blocking_key(spellings: list[str]) -> None:
    keys = {
        coarse_key(ar(s) if any("\u0600" <= c <= "\u06ff" for c in s) else lat(s))
        for s in spellings
    }
    assert len(keys) == 1, keys


@pytest.mark.parametrize(
    ("a", "b", "cross", "minimum"),
    [
        ("Youssef", "يوسف", True, 0.95),
        ("Ouazzani", "وزاني", True, 0.95),
        ("Fatima", "فاطمة", True, 0.95),
        ("Abdallah", "عبدالله", True, 0.9),
        ("Youssef", "Yusuf", False, 0.9),
        ("Belkacem", "Belgacem", False, 0.9),
    ],
)
def test_variant_spellings_are_close(a: str, b: str, cross: bool, minimum: float) -> None:
    sb = ar(b) if cross else lat(b)
    assert symbol_similarity(lat(a), sb, cross) >= minimum


@pytest.mark.parametrize(
    ("a", "b"),
    [("Karim", "Hakim"), ("Bennani", "Benali"), ("Samir", "Bachir"), ("Amrani", "Alaoui")],
)
def test_different_names_are_not_close(a: str, b: str) -> None:
    assert symbol_similarity(lat(a), lat(b), False) < 0.8


def test_similarity_is_one_for_identical_and_zero_for_empty_strings() -> None:
    assert symbol_similarity("ysf", "ysf", False) == 1.0
    assert symbol_similarity("", "ysf", True) == 0.0


@pytest.mark.parametrize(
    ("arabic", "latin", "minimum"),
    [("حسين", "Hosein", 0.9), ("إدريس", "Driss", 0.9), ("سليمان", "Slimane", 0.9)],
)
def test_arabic_long_vowels_rendered_in_latin_stay_close(
    arabic: str, latin: str, minimum: float
) -> None:
    assert symbol_similarity(ar(arabic), lat(latin), True, True) >= minimum


def test_an_arabic_long_vowel_the_latin_spelling_lacks_costs_more() -> None:
    # حسناء (Hasna) has a written alef the Latin Hosein lacks; حسين (Hussein) has not.
    written = symbol_similarity(ar("حسناء"), lat("Hosein"), True, True)
    free = symbol_similarity(ar("حسناء"), lat("Hosein"), True)
    assert written < free
    assert written < symbol_similarity(ar("حسين"), lat("Hosein"), True, True) - 0.05


def test_a_written_arabic_long_vowel_rendered_by_another_vowel_costs_more() -> None:
    # الدين (Din) has a written ي; Latin Dan renders it as a, Den as a short e.
    assert symbol_similarity(ar("دين"), lat("Dan"), True, True) < symbol_similarity(
        ar("دين"), lat("Den"), True, True
    )
    # the initial alef carries any vowel: Osama, Ibrahim
    assert symbol_similarity(ar("أسامة"), lat("Osama"), True, True) >= 0.95


def _full_distance(a: str, b: str, cross: bool, a_arabic: bool) -> float:
    """The weighted edit distance computed in full, without any shortcut."""
    from jisr.matching.phonetic import _column_side, _row_side

    ia, _, arows, _, _ = _row_side(a, cross, a_arabic)
    ib, _, codes, _, _ = _column_side(b, cross)
    prev = [0.0]
    for c in ib:
        prev.append(prev[-1] + c)
    for k, row in enumerate(arows):
        cur = [prev[0] + ia[k]]
        for j, code in enumerate(codes):
            cur.append(min(prev[j] + row[code], prev[j + 1] + ia[k], cur[j] + ib[j]))
        prev = cur
    return prev[-1]


def test_the_missing_symbols_bound_never_exceeds_the_edit_distance() -> None:
    from jisr.matching.names import parse_name
    from jisr.matching.phonetic import (
        _bound_items,
        _column_side,
        _missing_cost,
        _row_side,
        symbol_similarity_above,
    )

    names = (
        "Youssef Benali,يوسف بن علي,Mohamed Amine Zerhouni,محمد أمين الزرهوني,Mahmoud Kettani,"
        "Abdellatif El Amrani,عبد اللطيف العمراني,Nasreddine Belkacem,Fatima Zahra Idrissi,"
        "Hamadi Saleh,أحمد صالح,Rachid Ait Ouali,Jean Dupont,Karim Tazi,كريم التازي,Reza Ghazi,"
        "رضا غازي,Othmane Dhahbi,عثمان الذهبي,Khadija Qassemi,خديجة القاسمي"
    ).split(",")
    forms = {(sym, t.script == "ar") for n in names for t in parse_name(n) for sym, _ in t.forms}
    decided_by_the_bound = 0
    for a, a_ar in forms:
        for b, b_ar in forms:
            if not a or not b:
                continue
            cross = a_ar != b_ar
            a_arabic = cross and a_ar
            distance = _full_distance(a, b, cross, a_arabic)
            bits_a, items_a = _bound_items(a, cross)
            bits_b, items_b = _bound_items(b, cross)
            bound = max(_missing_cost(items_a, bits_b), _missing_cost(items_b, bits_a))
            assert bound <= distance + 1e-9, (a, b)
            # the similarity cut at 0.62 is the full computation's
            norm = max(_row_side(a, cross, a_arabic)[1], _column_side(b, cross)[1], 1.0)
            full = 1.0 - distance / norm
            quick = symbol_similarity_above(a, b, cross, a_arabic, 0.62)
            if full >= 0.62:
                assert quick == pytest.approx(full, abs=1e-12), (a, b)
            else:
                assert quick < 0.62, (a, b)
            decided_by_the_bound += bound > (1 - 0.62) * norm
    assert decided_by_the_bound > 0
