"""Particles, compounds and name structure."""

from __future__ import annotations

import pytest

from jisr.matching.names import parse_name
from jisr.matching.scoring import token_similarity


@pytest.mark.parametrize(
    "spellings",
    [
        [
            "Abdellatif",
            "Abdel Latif",
            "Abd al-Latif",
            "Abd El Latif",
            "Abdul Latif",
            "عبد اللطيف",
            "عبداللطيف",
        ],
        ["Abderrahmane", "Abd er-Rahman", "Abdul Rahman", "عبد الرحمن"],
        ["Benali", "Ben Ali", "Bin Ali", "بن علي"],
        ["Boutaleb", "Bou Taleb", "Abu Talib", "أبو طالب"],
        ["Ould Ahmed", "ولد أحمد"],
        ["Ait Brahim", "Aït-Brahim", "آيت ابراهيم"],
    ],
)
def test_compounds_and_particles_make_one_comparable_token(spellings: list[str]) -> None:
    tokens = [parse_name(s) for s in spellings]
    assert all(len(t) == 1 for t in tokens), [[x.text for x in t] for t in tokens]
    first = tokens[0][0]
    for other in tokens[1:]:
        sim, _how = token_similarity(first, other[0])
        assert sim >= 0.85, (first.text, other[0].text, sim)


@pytest.mark.parametrize(
    ("name", "count"),
    [
        ("Mohamed Ben Abdallah El Hassani", 3),
        ("محمد بن عبد الله الحسني", 3),
        ("Abderrahim Ech-Chaoui", 2),
        ("J. Martin", 2),
        ("Ben", 1),
    ],
)
def test_names_parse_into_the_expected_number_of_tokens(name: str, count: int) -> None:
    assert len(parse_name(name)) == count


def test_a_single_letter_is_an_initial_with_low_weight() -> None:
    tok = parse_name("M. Tazi")[0]
    assert tok.kind == "initial"
    assert tok.weight < 0.5


def test_the_article_is_optional() -> None:
    (with_article,) = parse_name("El Amrani")
    (without,) = parse_name("Amrani")
    assert token_similarity(with_article, without)[0] >= 0.9
