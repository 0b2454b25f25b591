"""Reading accreditation lists (CSV or XLSX). Every bad line is reported; a bad file is refused whole.

The limits (size, unpacked size, rows, cell length) are checked while the file streams.

Columns (first row, any order, case-insensitive): ``full_name`` (required), ``category``
(required: staff, volunteer, media, delegation), ``birth_date`` (YYYY, YYYY-MM or
YYYY-MM-DD), ``nationality``, ``organisation``.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from jisr.core import bounds
from jisr.core.uploads import (
    UnclosedQuoteError,
    UploadLimitError,
    UploadLimits,
    iter_csv,
    iter_xlsx,
)

MAX_ROWS = 200_000
COLUMNS = ("full_name", "category", "birth_date", "nationality", "organisation")
CATEGORIES = ("staff", "volunteer", "media", "delegation")
_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")


@dataclass
class Row:
    line: int
    full_name: str
    category: str
    birth_date: str
    nationality: str
    organisation: str


@dataclass
class LineError:
    line: int
    message: str

    def __str__(self) -> str:
        return _("Line %(line)s: %(message)s") % {"line": self.line, "message": self.message}


class ListError(Exception):
    def __init__(self, errors: list[LineError]) -> None:
        super().__init__("; ".join(str(e) for e in errors[:5]))
        self.errors = errors


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def list_limits() -> UploadLimits:
    """The bounds of an accreditation list, from the settings."""
    return UploadLimits(
        max_bytes=settings.JISR_BATCH_UPLOAD_MAX_BYTES,
        max_uncompressed=settings.JISR_BATCH_UNCOMPRESSED_MAX_BYTES,
        max_rows=MAX_ROWS,
        max_cell=1_000,
        max_line=10_000,
    )


def _rows_csv(content: bytes, limits: UploadLimits) -> list[tuple[int, list[str]]]:
    sample = content[:4096].decode("utf-8-sig", errors="ignore")
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    try:
        return [
            (n, [c.strip() for c in row])
            for n, row in iter_csv(content, limits, delimiter=delimiter)
        ]
    except UnicodeDecodeError as exc:
        raise ListError([LineError(1, _("The file is not UTF-8 text."))]) from exc
    except UnclosedQuoteError as exc:
        raise ListError(
            [LineError(exc.line, _("A quote opened on this line is never closed."))]
        ) from exc
    except csv.Error as exc:
        raise ListError([LineError(1, _("The file is not a readable CSV file."))]) from exc


def _rows_xlsx(content: bytes, limits: UploadLimits) -> list[tuple[int, list[str]]]:
    try:
        return [(n, [_cell(c) for c in row]) for n, row in iter_xlsx(content, limits)]
    except UploadLimitError:
        raise
    except ValueError as exc:
        raise ListError([LineError(1, _("The file is not a readable XLSX workbook."))]) from exc


def read_list(filename: str, content: bytes) -> list[Row]:
    """Parse the file; raise :class:`ListError` with every bad line."""
    name = filename.lower()
    limits = list_limits()
    try:
        if name.endswith(".xlsx"):
            raw = _rows_xlsx(content, limits)
        elif name.endswith(".csv") or name.endswith(".txt"):
            raw = _rows_csv(content, limits)
        else:
            raise ListError([LineError(1, _("Upload a CSV or XLSX file."))])
    except UploadLimitError as exc:
        raise ListError([LineError(1, str(exc))]) from exc
    raw = [(n, cells) for n, cells in raw if any(cells)]
    if not raw:
        raise ListError([LineError(1, _("The file is empty."))])
    header_line, header = raw[0]
    columns = [h.strip().lower() for h in header]
    missing = [c for c in ("full_name", "category") if c not in columns]
    if missing:
        raise ListError(
            [
                LineError(
                    header_line,
                    _("The first row must name the columns; missing: %(cols)s.")
                    % {"cols": ", ".join(missing)},
                )
            ]
        )
    if len(raw) - 1 > MAX_ROWS:
        raise ListError(
            [LineError(header_line, _("A list may hold at most %(n)s people.") % {"n": MAX_ROWS})]
        )
    pos = {c: columns.index(c) for c in COLUMNS if c in columns}
    rows: list[Row] = []
    errors: list[LineError] = []
    for line, cells in raw[1:]:

        def get(col: str, cells: list[str] = cells) -> str:
            i = pos.get(col)
            return cells[i].strip() if i is not None and i < len(cells) else ""

        full_name = get("full_name")
        category = get("category").lower()
        birth_date = get("birth_date")
        problems = []
        if not full_name:
            problems.append(_("the name is empty"))
        elif len(full_name) > 300:
            problems.append(_("the name is too long"))
        if category not in CATEGORIES:
            problems.append(
                _("the category must be one of %(choices)s") % {"choices": ", ".join(CATEGORIES)}
            )
        if birth_date and not _DATE.match(birth_date):
            problems.append(_("the date of birth must be YYYY, YYYY-MM or YYYY-MM-DD"))
        elif birth_date:
            parts = [int(p) for p in birth_date.split("-")]
            if problem := bounds.birth_date_problem(*parts):
                problems.append(problem)
        if problems:
            errors.append(LineError(line, "; ".join(problems)))
            continue
        rows.append(
            Row(
                line,
                full_name,
                category,
                birth_date,
                get("nationality")[:100],
                get("organisation")[:200],
            )
        )
    if errors:
        raise ListError(errors)
    if not rows:
        raise ListError([LineError(header_line, _("The list has no one in it."))])
    return rows
