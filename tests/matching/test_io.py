"""Reading JSONL and CSV person records."""

from __future__ import annotations

from pathlib import Path

import pytest

from jisr.matching import Person, RecordError, read_records


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_jsonl_records_are_read_with_all_fields(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "r.jsonl",
        '{"id": "1", "names": ["Youssef Benali", "يوسف بن علي"], "birth_date": "1980-03", "nationality": ["MA"]}\n'
        "\n"
        '{"id": 2, "names": ["Samir Haddad"], "birth_date": null}\n',
    )
    assert read_records(path) == [
        Person("1", ["Youssef Benali", "يوسف بن علي"], "1980-03", ["MA"]),
        Person("2", ["Samir Haddad"], None, []),
    ]


def test_csv_records_split_names_and_nationalities_on_semicolons(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "r.csv",
        "id,names,birth_date,nationality\n"
        'a1,"Youssef Benali; يوسف بن علي",1980,MA;FR\n'
        "a2,Samir Haddad,,\n",
    )
    assert read_records(path) == [
        Person("a1", ["Youssef Benali", "يوسف بن علي"], "1980", ["MA", "FR"]),
        Person("a2", ["Samir Haddad"], None, []),
    ]


@pytest.mark.parametrize(
    ("name", "text", "line", "message"),
    [
        ("m.jsonl", '{"id": "1", "names": ["A B"]}\n{"id": "2", "names": [\n', 2, "malformed JSON"),
        ("i.jsonl", '{"names": ["A B"]}\n', 1, "id"),
        ("e.jsonl", '{"id": "1", "names": ["A B"]}\n{"id": "2", "names": []}\n', 2, "names"),
        ("w.jsonl", '{"id": "1", "names": ["  "]}\n', 1, "names"),
        (
            "d.jsonl",
            '{"id": "1", "names": ["A B"], "birth_date": "1975-02-30"}\n',
            1,
            "does not exist",
        ),
        ("f.jsonl", '{"id": "1", "names": ["A B"], "birth_date": "15/07/1975"}\n', 1, "birth date"),
        (
            "u.jsonl",
            '{"id": "1", "names": ["A B"]}\n{"id": "1", "names": ["C D"]}\n',
            2,
            "duplicate",
        ),
        ("a.jsonl", '["1", "A B"]\n', 1, "object"),
        ("c.csv", "id,names,birth_date\n1,A B,1975\n2,,1975\n", 3, "names"),
        ("h.csv", "name,birth\nA B,1975\n", 1, "header"),
        ("x.csv", "id,names,birth_date\n1,A B,1975-13-01\n", 2, "month"),
    ],
)
def test_bad_records_are_reported_with_file_and_line(
    tmp_path: Path, name: str, text: str, line: int, message: str
) -> None:
    path = write(tmp_path, name, text)
    with pytest.raises(RecordError) as err:
        read_records(path)
    assert err.value.line == line
    assert err.value.path == str(path)
    assert message in str(err.value)
    assert str(err.value).startswith(f"{path}:{line}: ")


def test_an_unclosed_quote_is_reported_on_the_line_where_it_opens(tmp_path: Path) -> None:
    path = tmp_path / "queries.csv"
    path.write_text('id,names\nQ1,Amina Fictive\nQ2,"Paul Imaginaire\nQ3,Lina Exemple\n')
    with pytest.raises(RecordError) as caught:
        read_records(path)
    assert str(caught.value) == f"{path}:3: a quote opened on this line is never closed"
