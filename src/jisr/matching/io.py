"""Reading person records from JSONL or CSV files, with precise error reports."""

from __future__ import annotations

import csv
import json
import os
from typing import Any

from .model import Person
from .scoring import parse_date

__all__ = ["RecordError", "read_records", "record_from_dict"]


class RecordError(ValueError):
    """A bad input record, located by file and line number."""

    def __init__(self, path: str | os.PathLike[str], line: int, message: str) -> None:
        self.path = os.fspath(path)
        self.line = line
        self.message = message
        super().__init__(f"{self.path}:{line}: {message}")


def _str_list(value: Any, field: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    raise ValueError(f"{field!r} must be a string or a list of strings")


def record_from_dict(data: Any) -> Person:
    """Validate one decoded record; raise ValueError with a readable message."""
    if not isinstance(data, dict):
        raise ValueError("a record must be a JSON object")
    rid = data.get("id")
    if isinstance(rid, bool) or not isinstance(rid, str | int) or str(rid).strip() == "":
        raise ValueError("missing or empty 'id'")
    names = [n.strip() for n in _str_list(data.get("names"), "names")]
    names = [n for n in names if n]
    if not names:
        raise ValueError("'names' is missing or empty")
    birth = data.get("birth_date")
    if birth is not None and not isinstance(birth, str):
        raise ValueError("'birth_date' must be a string or null")
    birth = birth.strip() if birth else None
    parse_date(birth)
    nats = [n.strip() for n in _str_list(data.get("nationality"), "nationality") if n.strip()]
    return Person(str(rid).strip(), names, birth or None, nats)


def _record(path: str, lineno: int, data: Any, seen: set[str]) -> Person:
    """The person on line ``lineno``; its id must not be in ``seen`` (it is added)."""
    try:
        person = record_from_dict(data)
    except ValueError as exc:
        raise RecordError(path, lineno, str(exc)) from None
    if person.id in seen:
        raise RecordError(path, lineno, f"duplicate id {person.id!r}")
    seen.add(person.id)
    return person


def _read_jsonl(path: str) -> list[Person]:
    out: list[Person] = []
    seen: set[str] = set()
    with open(path, encoding="utf-8-sig") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
            except json.JSONDecodeError as exc:
                raise RecordError(path, lineno, f"malformed JSON: {exc.msg}") from None
            out.append(_record(path, lineno, data, seen))
    return out


def _split(value: str | None) -> list[str]:
    if not value:
        return []
    return [v.strip() for v in value.split(";") if v.strip()]


def _read_csv(path: str) -> list[Person]:
    out: list[Person] = []
    seen: set[str] = set()
    with open(path, encoding="utf-8-sig", newline="") as fh:
        # strict: an unclosed quote is an error, not one huge field swallowing the rest.
        reader = csv.reader(fh, strict=True)
        try:
            header = next(reader)
        except StopIteration:
            return out
        except csv.Error as exc:
            raise RecordError(path, 1, f"malformed CSV: {exc}") from None
        cols = [h.strip().casefold() for h in header]
        if "id" not in cols or "names" not in cols:
            raise RecordError(path, 1, "CSV header must have the columns id,names")
        while True:
            start = reader.line_num + 1
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                if "end of data" in str(exc):
                    message = "a quote opened on this line is never closed"
                    raise RecordError(path, start, message) from None
                raise RecordError(path, reader.line_num, f"malformed CSV: {exc}") from None
            lineno = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) > len(cols):
                raise RecordError(path, lineno, f"{len(row)} fields, header has {len(cols)}")
            values = dict(zip(cols, row, strict=False))
            data = {
                "id": values.get("id", ""),
                "names": _split(values.get("names")),
                "birth_date": (values.get("birth_date") or "").strip() or None,
                "nationality": _split(values.get("nationality")),
            }
            out.append(_record(path, lineno, data, seen))
    return out


def read_records(path: str | os.PathLike[str]) -> list[Person]:
    """Read person records from a ``.csv`` file or a JSONL file (any other name).

    Raises :class:`RecordError` (with file and line) on a malformed line, a
    missing id, empty names, an impossible date or a duplicate id, and
    ``OSError`` if the file cannot be read.
    """
    p = os.fspath(path)  # (os.path, not pathlib: an import jisr screen can do without)
    try:
        if os.path.splitext(p)[1].casefold() == ".csv":
            return _read_csv(p)
        return _read_jsonl(p)
    except UnicodeDecodeError as exc:
        raise RecordError(p, 0, f"not UTF-8 text: {exc.reason}") from None
