"""The blocking index: search, add, remove, save and load."""

from __future__ import annotations

from pathlib import Path

import pytest

from jisr.matching import DEFAULT_THRESHOLD, Index, Person, score_pair

REGISTER = [
    Person("a", ["Youssef Benali"], "1980-03-12", ["MA"]),
    Person("b", ["عبد الرحيم الإدريسي"], "1975", []),
    Person("c", ["Youssef Bennani"], "1962", []),
    Person("d", ["Fatima Zahra Chaoui", "فاطمة الزهراء الشاوي"], None, []),
    Person("e", ["Mohamed Ali"], "1990", []),
]


@pytest.fixture
def index() -> Index:
    return Index.build(REGISTER)


@pytest.mark.parametrize(
    ("name", "birth", "expected"),
    [
        ("يوسف بن علي", "1980", ["a"]),
        ("Abdul Rahim Idrisi", None, ["b"]),
        ("Fatema Ezzahra Chaoui", None, ["d"]),
        ("Ali Mohamed", "1990", ["e"]),
        ("Karim Tazi", None, []),
    ],
)
def test_search_finds_the_right_records(
    index: Index, name: str, birth: str | None, expected: list[str]
) -> None:
    hits = index.search(Person("q", [name], birth, []))
    assert [m.id for m in hits] == expected
    assert all(m.score >= DEFAULT_THRESHOLD for m in hits)


def test_results_are_sorted_best_first_and_cut_to_top(index: Index) -> None:
    hits = index.search(Person("q", ["Youssef Benani"], None, []), threshold=0.3, top=1)
    assert len(hits) == 1
    many = index.search(Person("q", ["Youssef Benani"], None, []), threshold=0.3, top=5)
    assert [m.score for m in many] == sorted((m.score for m in many), reverse=True)


def test_added_records_are_found_and_removed_ones_are_not(index: Index) -> None:
    q = Person("q", ["Hicham Rharbi"], None, [])
    assert index.search(q) == []
    index.add(Person("f", ["هشام الغربي"], None, []))
    assert [m.id for m in index.search(q)] == ["f"]
    index.remove("f")
    assert index.search(q) == []
    assert "f" not in index
    assert len(index) == len(REGISTER)


def test_adding_an_existing_id_replaces_the_record(index: Index) -> None:
    index.add(Person("a", ["Hicham Rharbi"], None, []))
    assert len(index) == len(REGISTER)
    assert index.search(Person("q", ["Youssef Benali"], "1980", [])) == []


def test_a_saved_index_loads_with_the_same_results(index: Index, tmp_path: Path) -> None:
    index.remove("c")
    path = tmp_path / "register.idx"
    index.save(path)
    loaded = Index.load(path)
    assert len(loaded) == len(index)
    for p in REGISTER:
        q = Person("q", p.names, p.birth_date, [])
        assert [m.id for m in loaded.search(q)] == [m.id for m in index.search(q)]


def test_loading_a_file_that_is_not_an_index_fails(tmp_path: Path) -> None:
    path = tmp_path / "bad.idx"
    path.write_bytes(b"not a zip")
    with pytest.raises(Exception):  # noqa: B017 - zipfile.BadZipFile
        Index.load(path)


def test_search_never_scores_every_record() -> None:
    big = [Person(f"p{i}", [f"Name{i % 97} Family{i}"], None, []) for i in range(3000)]
    big.append(Person("t", ["Youssef Benali"], None, []))
    index = Index.build(big)
    assert len(index.candidates(Person("q", ["Yusuf Ben Ali"], None, []))) < 50


def test_searching_many_queries_in_worker_processes_keeps_input_order(index: Index) -> None:
    queries = [
        Person(f"q{i}", [name], None, [])
        for i, name in enumerate(["Yusuf Ben Ali", "Karim Tazi", "Abdul Rahim Idrisi"] * 40)
    ]
    sequential = index.search_many(queries, workers=1)
    parallel = index.search_many(queries, workers=2)
    assert [[m.id for m in r] for r in parallel] == [[m.id for m in r] for r in sequential]
    assert [m.id for m in parallel[0]] == ["a"]
    assert parallel[1] == []


def _family_names(n: int) -> list[str]:
    """n distinct invented family names (syllable combinations, nobody's name)."""
    first = ["Ba", "Ke", "Lo", "Mi", "Nu", "Ra", "Se", "Ti", "Vo", "Zu"]
    second = ["dar", "fen", "gol", "hir", "kum", "lem", "mor", "nis", "pul", "ros"]
    third = ["ani", "oui", "ouni", "adi", "iri"]
    out = [a + b + c for a in first for b in second for c in third]
    return out[:n]


def test_a_part_common_in_the_register_weighs_less() -> None:
    families = _family_names(400)
    register = [Person(f"m{i}", [f"Mohamed {f}"], None, []) for i, f in enumerate(families)]
    index = Index.build(register)
    target = families[7]
    hits = index.search(Person("q", [f"Mohamed {target}"], None, []), threshold=0.5)
    parts = {p["query"]: p["weight"] for p in hits[0].explanation["name"]["parts"]}
    assert parts["mohamed"] < 0.5 < parts[target.lower()]
    # agreeing on the common part proves little: an extra part the candidate
    # lacks weighs more against it than it would without the register's counts
    query = Person("q", [f"Mohamed {target} Zerhouni"], None, [])
    with_counts = index.search(query, threshold=0.0, top=1)[0]
    assert with_counts.id == "m7"
    assert with_counts.score < score_pair(query, register[7]).score - 0.02


def test_a_rare_shared_part_brings_a_record_to_scoring() -> None:
    # Twenty records share the pair "Karim Tazi" with the query, so they fill the
    # strong candidates; the target shares only the rare part Zerhouni.
    register = [
        Person(f"k{i}", [f"Karim Tazi {f}"], None, []) for i, f in enumerate(_family_names(20))
    ]
    register.append(Person("target", ["Wassim Zerhouni"], None, []))
    index = Index.build(register)
    positions = index.candidates(Person("q", ["Karim Tazi Zerhouni"], None, []))
    assert len(register) - 1 in positions


def test_a_large_register_parsed_without_the_caches_gives_the_same_results(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from jisr.matching import index as index_module

    queries = [
        Person("q1", ["يوسف بن علي"], "1980", []),
        Person("q2", ["Fatema Ezzahra Chaoui"], None, []),
        Person("q3", ["Youssef Benani"], None, []),
    ]
    usual = Index.build(REGISTER)
    expected = [[(m.id, m.score, m.explanation) for m in usual.search(q)] for q in queries]
    assert any(expected)
    # as past the first records of a large register: names parsed without being kept,
    # and at most two records kept parsed between searches
    monkeypatch.setattr(index_module, "_CACHED_RECORDS", 0)
    monkeypatch.setattr(index_module, "_PREPARED_KEPT", 2)
    lean = Index.build(REGISTER)
    for query, want in zip(queries, expected, strict=True):
        assert [(m.id, m.score, m.explanation) for m in lean.search(query)] == want
    assert len(lean._prepared) <= 2


def test_a_name_the_register_writes_joined_is_found_among_namesakes() -> None:
    """The query's adjacent parts written as one word are keys too, alone and paired
    (the family name alone, shared by 300 records, brought nothing to scoring)."""
    given = ["Karim", "Nabil", "Hamid", "Walid", "Samir", "Farid"]
    namesakes = [
        Person(f"n{i}", [f"{given[i % 6]} {given[i // 6 % 6]} {given[i // 36 % 6]} Karimpour"])
        for i in range(300)
    ]
    index = Index.build([*namesakes, Person("r", ["علیرضا کریمپور"])])
    assert [m.id for m in index.search(Person("q", ["Ali Reza Karimpour"]))] == ["r"]
    split = Index.build([*namesakes, Person("s", ["غلامحسین سروندی زاده"])])
    assert [m.id for m in split.search(Person("q", ["Gholam Hossein Sarvandizadeh"]))] == ["s"]
