"""Validating screening subjects and reading batch files (CSV, XLSX, JSONL).

A batch file is read whole and every bad line is reported; nothing is screened
from a file that has any bad line.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from jisr.matching.scoring import parse_date

MAX_BATCH = 50_000


@dataclass
class LineError:
    line: int
    message: str


def _as_list(value: Any) -> list[str] | None:
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [v.strip() for v in value.split(";") if v.strip()]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return [v.strip() for v in value if v.strip()]
    return None


def clean_birth_date(value: Any) -> str:
    """A valid YYYY / YYYY-MM / YYYY-MM-DD (or ""); raise ValueError with a translated message."""
    if value is None or value == "":
        return ""
    if not isinstance(value, str):
        raise ValueError(_("The date of birth must be YYYY, YYYY-MM or YYYY-MM-DD."))
    try:
        parse_date(value.strip())
    except ValueError:
        raise ValueError(_("The date of birth must be YYYY, YYYY-MM or YYYY-MM-DD.")) from None
    return value.strip()


def clean_subject(data: Any) -> dict[str, Any]:
    """``{"names", "birth_date", "nationality", "document"?, "ref"?}`` or a translated ValueError."""
    if not isinstance(data, dict):
        raise ValueError(_("Each line must be an object with names, birth_date and nationality."))
    names = _as_list(data.get("names"))
    if not names:
        raise ValueError(_("At least one name is needed."))
    nationality = _as_list(data.get("nationality"))
    if nationality is None:
        raise ValueError(_("The nationality must be a list of country codes."))
    out: dict[str, Any] = {
        "names": names,
        "birth_date": clean_birth_date(data.get("birth_date")),
        "nationality": nationality,
    }
    document = data.get("document")
    if document not in (None, ""):
        if not isinstance(document, str | int) or len(str(document)) > 50:
            raise ValueError(_("The document number must be text of at most 50 characters."))
        out["document"] = str(document).strip()
    ref = data.get("id") or data.get("ref")
    if ref not in (None, ""):
        out["ref"] = str(ref)
    return out


def _rows_from_csv(content: bytes) -> list[tuple[int, Any]]:
    text = content.decode("utf-8-sig")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    fields = [f.strip().casefold() for f in (reader.fieldnames or [])]
    if "names" not in fields:
        return [(1, ValueError(_("The header must have a names column.")))]
    rows: list[tuple[int, Any]] = []
    for row in reader:
        data = {(k or "").strip().casefold(): (v or "") for k, v in row.items() if k is not None}
        if None in row:
            rows.append(
                (reader.line_num, ValueError(_("This line has more fields than the header.")))
            )
            continue
        if not any(str(v).strip() for v in data.values()):
            continue
        rows.append((reader.line_num, data))
    return rows


def _rows_from_xlsx(content: bytes) -> list[tuple[int, Any]]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds on a damaged file
        return [(0, ValueError(_("This is not a readable XLSX workbook.")))]
    sheet = book.worksheets[0]
    rows: list[tuple[int, Any]] = []
    header: list[str] = []
    for number, values in enumerate(sheet.iter_rows(values_only=True), 1):
        cells = ["" if v is None else str(v).strip() for v in values]
        if number == 1:
            header = [c.casefold() for c in cells]
            if "names" not in header:
                return [(1, ValueError(_("The header must have a names column.")))]
            continue
        if not any(cells):
            continue
        rows.append((number, dict(zip(header, cells, strict=False))))
    book.close()
    return rows


def _rows_from_jsonl(content: bytes) -> list[tuple[int, Any]]:
    rows: list[tuple[int, Any]] = []
    for number, line in enumerate(content.decode("utf-8-sig").splitlines(), 1):
        if not line.strip():
            continue
        try:
            rows.append((number, json.loads(line)))
        except json.JSONDecodeError:
            rows.append((number, ValueError(_("This line is not valid JSON."))))
    return rows


def read_batch(filename: str, content: bytes) -> tuple[list[dict[str, Any]], list[LineError]]:
    """Parse a whole batch file: (subjects, errors). Any error means nothing is screened."""
    lower = filename.casefold()
    try:
        if lower.endswith(".csv"):
            rows = _rows_from_csv(content)
        elif lower.endswith(".xlsx"):
            rows = _rows_from_xlsx(content)
        elif lower.endswith((".jsonl", ".json", ".ndjson")):
            rows = _rows_from_jsonl(content)
        else:
            return [], [LineError(0, _("Upload a CSV, XLSX or JSONL file."))]
    except UnicodeDecodeError:
        return [], [LineError(0, _("The file is not UTF-8 text."))]
    except csv.Error as exc:
        return [], [LineError(0, _("The CSV file is malformed: %(error)s") % {"error": exc})]
    subjects: list[dict[str, Any]] = []
    errors: list[LineError] = []
    for number, data in rows:
        if isinstance(data, ValueError):
            errors.append(LineError(number, str(data)))
            continue
        try:
            subjects.append(clean_subject(data))
        except ValueError as exc:
            errors.append(LineError(number, str(exc)))
    if not subjects and not errors:
        errors.append(LineError(0, _("The file has no person to screen.")))
    if len(subjects) > MAX_BATCH:
        errors.append(
            LineError(0, _("A batch may hold at most %(max)d persons.") % {"max": MAX_BATCH})
        )
    return subjects, errors
