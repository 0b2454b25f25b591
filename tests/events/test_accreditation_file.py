from __future__ import annotations

import datetime as dt
import io

import pytest

from jisr.events.accreditation_file import ListError, read_list

# A spreadsheet cell holds a naive date-time: there is no time zone in XLSX.
SPREADSHEET_DATE = dt.datetime(1990, 5, 4)  # noqa: DTZ001


def _xlsx(rows: list[list[object]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_an_xlsx_list_is_read_with_dates_as_dates() -> None:
    content = _xlsx(
        [
            ["Full_Name", "Category", "Birth_Date", "Nationality", "Organisation"],
            ["Amina Fictive-Kadiri", "staff", SPREADSHEET_DATE, "MA", "Comité fictif"],
            [None, None, None, None, None],
            ["Paul Imaginaire", "Delegation", 1975, "FR", None],
        ]
    )
    rows = read_list("liste.xlsx", content)
    assert [(r.line, r.full_name, r.category, r.birth_date) for r in rows] == [
        (2, "Amina Fictive-Kadiri", "staff", "1990-05-04"),
        (4, "Paul Imaginaire", "delegation", "1975"),
    ]


def test_a_semicolon_csv_from_a_spreadsheet_is_read() -> None:
    rows = read_list("l.csv", "\ufefffull_name;category\nYassine Exemple;volunteer\n".encode())
    assert [(r.full_name, r.category) for r in rows] == [("Yassine Exemple", "volunteer")]


@pytest.mark.parametrize(
    ("filename", "content", "expected"),
    [
        ("l.pdf", b"%PDF", "Line 1: Upload a CSV or XLSX file."),
        ("l.xlsx", b"not a workbook", "Line 1: The file is not a readable XLSX workbook."),
        (
            "l.csv",
            b"name,kind\nA,staff\n",
            "Line 1: The first row must name the columns; missing: full_name, category.",
        ),
        ("l.csv", b"full_name,category\n", "Line 1: The list has no one in it."),
        (
            "l.csv",
            "full_name,category\nA,staff\n".encode("utf-16"),
            "Line 1: The file is not UTF-8 text.",
        ),
    ],
)
def test_a_file_that_is_not_a_list_is_refused_with_a_reason(
    filename: str, content: bytes, expected: str
) -> None:
    with pytest.raises(ListError) as exc:
        read_list(filename, content)
    assert [str(e) for e in exc.value.errors] == [expected]


def test_an_unclosed_quote_is_reported_on_the_line_where_it_opens() -> None:
    content = (
        b'full_name,category\nAmina Fictive,staff\n"Paul Imaginaire,media\nLina Exemple,staff\n'
    )
    with pytest.raises(ListError) as caught:
        read_list("list.csv", content)
    assert [str(e) for e in caught.value.errors] == [
        "Line 3: A quote opened on this line is never closed."
    ]


def test_a_birth_date_in_the_future_or_before_1900_is_a_line_error() -> None:
    content = (
        b"full_name,category,birth_date\nAmina Fictive,staff,2099-01-01\nPaul Fictif,media,1850\n"
    )
    with pytest.raises(ListError) as caught:
        read_list("list.csv", content)
    assert [str(e) for e in caught.value.errors] == [
        "Line 2: The date of birth cannot be in the future.",
        "Line 3: The date of birth cannot be before 1900.",
    ]
