"""Reading batch files: every bad line is reported, nothing is kept from a bad file."""

from __future__ import annotations

import io
import json

import openpyxl
import pytest

from jisr.wanted.subjects import read_batch


def _xlsx(rows: list[list[object]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


GOOD_CSV = "id,names,birth_date,nationality\np1,Yassine Benkirane;ياسين بنكيران,1986-04,MA;FR\np2,Jean Dupont,,\n"


@pytest.mark.parametrize(
    ("filename", "content", "expected"),
    [
        ("list.csv", GOOD_CSV.encode(), [["Yassine Benkirane", "ياسين بنكيران"], ["Jean Dupont"]]),
        (
            "list.jsonl",
            "\n".join(
                json.dumps(r, ensure_ascii=False)
                for r in [{"names": ["سلمى برادة"]}, {"names": "A B", "birth_date": "1990"}]
            ).encode(),
            [["سلمى برادة"], ["A B"]],
        ),
        (
            "list.xlsx",
            _xlsx([["names", "birth_date"], ["Lucas Fernandez", "1979-11"], [None, None]]),
            [["Lucas Fernandez"]],
        ),
    ],
)
def test_good_files_of_each_format_are_read_in_order(
    filename: str, content: bytes, expected: list[list[str]]
) -> None:
    subjects, errors = read_batch(filename, content)
    assert errors == []
    assert [s["names"] for s in subjects] == expected


@pytest.mark.parametrize(
    ("filename", "content", "bad_lines"),
    [
        ("list.csv", b"names,birth_date\nA B,1986-13\n,1990\nC D,1990\nE F,19xx\n", [2, 3, 5]),
        (
            "list.jsonl",
            b'{"names": ["A"]}\n{oops\n{"names": []}\n{"names": ["B"], "nationality": 3}\n',
            [2, 3, 4],
        ),
        (
            "list.xlsx",
            _xlsx([["names", "birth_date"], ["A", "1990"], ["", "1990"], ["B", "31/12/1990"]]),
            [3, 4],
        ),
        ("list.csv", b"surname\nA\n", [1]),
    ],
)
def test_every_bad_line_is_reported_and_the_file_is_refused(
    filename: str, content: bytes, bad_lines: list[int]
) -> None:
    _subjects, errors = read_batch(filename, content)
    assert [e.line for e in errors] == bad_lines
    assert all(e.message for e in errors)


def test_unknown_formats_and_non_utf8_text_are_refused() -> None:
    assert read_batch("list.pdf", b"%PDF")[1][0].line == 0
    assert read_batch("list.csv", "names\nJosé\n".encode("latin-1"))[1]
    assert read_batch("list.xlsx", b"not a zip")[1]


def test_an_unclosed_quote_is_reported_on_the_line_where_it_opens_not_screened_as_one_person() -> (
    None
):
    content = b'names,birth_date\nAmina Fictive,1990\n"Paul Imaginaire,1975\nLina Exemple,1980\n'
    subjects, errors = read_batch("manifest.csv", content)
    # Any error refuses the whole file (the caller screens nothing); Paul is not one merged row.
    assert [s["names"] for s in subjects] == [["Amina Fictive"]]
    assert [(e.line, str(e.message)) for e in errors] == [
        (3, "A quote opened on this line is never closed.")
    ]
