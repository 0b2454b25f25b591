"""Validating screening subjects and reading batch files (CSV, XLSX, JSONL).

Every bad line of a batch file is reported; nothing is screened from a file that has
any bad line. The file is read within limits (size, unpacked size, rows, cell and line
length) that are checked while it streams: the first one passed stops the reading.
"""

from __future__ import annotations

import csv
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
    iter_jsonl,
    iter_xlsx,
)
from jisr.matching.scoring import parse_date

MAX_BATCH = 50_000
MAX_CELL = 2_000  # one CSV/XLSX cell: several names separated by ;
MAX_LINE = 20_000
MAX_NAMES = 20
MAX_NAME = 200
MAX_NATIONALITIES = 10


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
        parsed = parse_date(value.strip())
    except ValueError:
        raise ValueError(_("The date of birth must be YYYY, YYYY-MM or YYYY-MM-DD.")) from None
    if parsed is not None and (problem := bounds.birth_date_problem(*parsed)):
        raise ValueError(problem)
    return value.strip()


def clean_subject(data: Any) -> dict[str, Any]:
    """``{"names", "birth_date", "nationality", "document"?, "ref"?}`` or a translated ValueError."""
    if not isinstance(data, dict):
        raise ValueError(_("Each line must be an object with names, birth_date and nationality."))
    names = _as_list(data.get("names"))
    if not names:
        raise ValueError(_("At least one name is needed."))
    if len(names) > MAX_NAMES:
        raise ValueError(_("At most %(n)d names per person.") % {"n": MAX_NAMES})
    if any(len(name) > MAX_NAME for name in names):
        raise ValueError(_("A name may have at most %(n)d characters.") % {"n": MAX_NAME})
    nationality = _as_list(data.get("nationality"))
    if (
        nationality is None
        or len(nationality) > MAX_NATIONALITIES
        or any(len(code) > 3 for code in nationality)
    ):
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
        if not isinstance(ref, str | int) or len(str(ref)) > 100:
            raise ValueError(_("The id may have at most 100 characters."))
        out["ref"] = str(ref)
    return out


def batch_limits() -> UploadLimits:
    """The bounds of a batch file, from the settings."""
    return UploadLimits(
        max_bytes=settings.JISR_BATCH_UPLOAD_MAX_BYTES,
        max_uncompressed=settings.JISR_BATCH_UNCOMPRESSED_MAX_BYTES,
        max_rows=MAX_BATCH,
        max_cell=MAX_CELL,
        max_line=MAX_LINE,
        max_json_depth=4,
    )


def _rows_from_csv(content: bytes, limits: UploadLimits) -> list[tuple[int, Any]]:
    rows: list[tuple[int, Any]] = []
    fields: list[str] = []
    lines = iter_csv(content, limits)
    while True:
        try:
            number, cells = next(lines)
        except StopIteration:
            break
        except UnclosedQuoteError as exc:
            # Keep what came before, so the report names the line where the file went wrong.
            rows.append((exc.line, ValueError(_("A quote opened on this line is never closed."))))
            return rows
        if not fields:
            fields = [f.strip().casefold() for f in cells]
            if "names" not in fields:
                return [(1, ValueError(_("The header must have a names column.")))]
            continue
        if len(cells) > len(fields):
            rows.append((number, ValueError(_("This line has more fields than the header."))))
            continue
        data = dict(zip(fields, cells, strict=False))
        if not any(str(v).strip() for v in data.values()):
            continue
        rows.append((number, data))
    if not fields:
        return [(1, ValueError(_("The header must have a names column.")))]
    return rows


def _rows_from_xlsx(content: bytes, limits: UploadLimits) -> list[tuple[int, Any]]:
    rows: list[tuple[int, Any]] = []
    header: list[str] = []
    try:
        for number, values in iter_xlsx(content, limits):
            cells = ["" if v is None else str(v).strip() for v in values]
            if number == 1:
                header = [c.casefold() for c in cells]
                if "names" not in header:
                    return [(1, ValueError(_("The header must have a names column.")))]
                continue
            if not any(cells):
                continue
            rows.append((number, dict(zip(header, cells, strict=False))))
    except UploadLimitError:
        raise
    except ValueError:
        return [(0, ValueError(_("This is not a readable XLSX workbook.")))]
    return rows


def _rows_from_jsonl(content: bytes, limits: UploadLimits) -> list[tuple[int, Any]]:
    return list(iter_jsonl(content, limits))


def read_batch(filename: str, content: bytes) -> tuple[list[dict[str, Any]], list[LineError]]:
    """Parse a whole batch file: (subjects, errors). Any error means nothing is screened."""
    lower = filename.casefold()
    limits = batch_limits()
    try:
        if lower.endswith(".csv"):
            rows = _rows_from_csv(content, limits)
        elif lower.endswith(".xlsx"):
            rows = _rows_from_xlsx(content, limits)
        elif lower.endswith((".jsonl", ".json", ".ndjson")):
            rows = _rows_from_jsonl(content, limits)
        else:
            return [], [LineError(0, _("Upload a CSV, XLSX or JSONL file."))]
    except UploadLimitError as exc:
        return [], [LineError(0, str(exc))]
    except UnicodeDecodeError:
        return [], [LineError(0, _("The file is not UTF-8 text."))]
    except UnclosedQuoteError as exc:
        return [], [LineError(exc.line, _("A quote opened on this line is never closed."))]
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
