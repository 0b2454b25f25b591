"""Searching by name part (jisr.matching.search): every typed word must be found in a name."""

from __future__ import annotations

import pytest

from jisr.matching import Index, Person
from jisr.matching.search import PART_THRESHOLD, name_part_score, query_words


@pytest.mark.parametrize(
    ("query", "names", "found"),
    [
        ("Tazi", ["Karim Ettazi"], True),
        ("Tazi", ["كريم التازي"], True),
        ("Tazi", ["Samira El Tazi"], True),
        ("Karim Tazi", ["كريم التازي"], True),
        ("Karim Tazi", ["Karim Benali"], False),
        ("Tazi", ["Karim Tahiri"], False),
        ("Tazi", ["Youssef Benali"], False),
    ],
)
def test_a_typed_name_part_is_found_across_scripts(
    query: str, names: list[str], found: bool
) -> None:
    assert (name_part_score(query_words(query), names) >= PART_THRESHOLD) is found


def test_the_index_returns_only_records_holding_every_word() -> None:
    index = Index.build(
        [
            Person("a", ["Karim Ettazi"]),
            Person("b", ["سليم التازي"]),
            Person("c", ["Youssef Benali"]),
        ]
    )
    assert sorted(key for key, _score in index.search_name_part("Tazi")) == ["a", "b"]
    assert index.search_name_part("") == []
