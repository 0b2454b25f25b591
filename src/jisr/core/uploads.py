"""Reading uploaded tables (CSV, XLSX, JSONL) within limits, checked while streaming.

An upload that is small on the wire can be huge once parsed: an XLSX is a zip, and a
300 KB workbook can hold a 300 MB cell or a million rows. Every reader here stops at
the first limit it meets, with a translated :class:`UploadLimitError`, before the
rest of the file is read; nothing is parsed whole and checked afterwards.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from django.utils.translation import gettext as _

MB = 1024 * 1024
_CHUNK = 64 * 1024


class UploadLimitError(ValueError):
    """An upload exceeds one of its limits; the message is translated and names the limit."""


@dataclass(frozen=True)
class UploadLimits:
    """The bounds of one kind of upload. Sizes in bytes, cell and line lengths in characters."""

    max_bytes: int = 20 * MB
    max_uncompressed: int = 100 * MB
    max_rows: int = 50_000
    max_cell: int = 1_000
    max_line: int = 20_000
    max_json_depth: int = 8


def _mb(value: int) -> str:
    return f"{value / MB:g}"


def read_limited(upload: IO[bytes], limits: UploadLimits) -> bytes:
    """Read an uploaded file in chunks; refuse it as soon as it passes ``max_bytes``."""
    declared = getattr(upload, "size", None)
    if isinstance(declared, int) and declared > limits.max_bytes:
        raise too_large(limits)
    parts: list[bytes] = []
    total = 0
    while True:
        chunk = upload.read(_CHUNK)
        if not chunk:
            break
        total += len(chunk)
        if total > limits.max_bytes:
            raise too_large(limits)
        parts.append(chunk)
    return b"".join(parts)


def too_large(limits: UploadLimits) -> UploadLimitError:
    return UploadLimitError(
        _("The file is too large: at most %(mb)s MB.") % {"mb": _mb(limits.max_bytes)}
    )


def _too_many_rows(limits: UploadLimits) -> UploadLimitError:
    return UploadLimitError(
        _("The file has too many rows: at most %(n)s.") % {"n": f"{limits.max_rows:,}"}
    )


def _cell_too_long(line: int, limits: UploadLimits) -> UploadLimitError:
    return UploadLimitError(
        _("Line %(line)s: a cell is longer than %(n)s characters.")
        % {"line": line, "n": limits.max_cell}
    )


def check_cells(line: int, cells: list[str], limits: UploadLimits) -> None:
    """Refuse a row with a cell longer than ``max_cell``."""
    for cell in cells:
        if len(cell) > limits.max_cell:
            raise _cell_too_long(line, limits)


def _text_lines(content: bytes, limits: UploadLimits) -> Iterator[str]:
    """Decode UTF-8 (BOM allowed) incrementally and yield lines, line ends kept."""
    if len(content) > limits.max_bytes:
        raise too_large(limits)
    stream = io.TextIOWrapper(io.BytesIO(content), encoding="utf-8-sig", newline="")
    number = 0
    while line := stream.readline(limits.max_line + 1):
        number += 1
        if len(line) > limits.max_line:
            raise UploadLimitError(
                _("Line %(line)s: the line is longer than %(n)s characters.")
                % {"line": number, "n": limits.max_line}
            )
        yield line


class UnclosedQuoteError(csv.Error):
    """A quote opened on line ``line`` is never closed (or is followed by stray text)."""

    def __init__(self, line: int) -> None:
        super().__init__(f"unclosed quote on line {line}")
        self.line = line


def iter_csv(
    content: bytes, limits: UploadLimits, *, delimiter: str = ","
) -> Iterator[tuple[int, list[str]]]:
    """``(line number, cells)`` of a CSV file, read incrementally, stopping at the first limit.

    The header row counts towards ``max_rows`` + 1. Raises :class:`UploadLimitError`,
    ``UnicodeDecodeError`` or ``csv.Error``.
    """
    # strict: an unclosed quote is an error, not one huge field swallowing the rest of the file.
    reader = csv.reader(_text_lines(content, limits), delimiter=delimiter, strict=True)
    count = 0
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            if "end of data" in str(exc) or "expected after" in str(exc):
                raise UnclosedQuoteError(start) from exc
            raise
        count += 1
        if count > limits.max_rows + 1:
            raise _too_many_rows(limits)
        check_cells(reader.line_num, row, limits)
        yield reader.line_num, row


def _check_zip(content: bytes, limits: UploadLimits) -> None:
    """Refuse a zip whose members, declared or actually inflated, pass ``max_uncompressed``."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except zipfile.BadZipFile as exc:
        raise ValueError(_("This is not a readable XLSX workbook.")) from exc
    with archive:
        members = archive.infolist()
        if len(members) > 1_000:
            raise ValueError(_("This is not a readable XLSX workbook."))
        if sum(m.file_size for m in members) > limits.max_uncompressed:
            raise _uncompressed(limits)
        total = 0
        for member in members:
            # The declared sizes can lie: count what really comes out, and stop early.
            try:
                with archive.open(member) as stream:
                    while chunk := stream.read(_CHUNK):
                        total += len(chunk)
                        if total > limits.max_uncompressed:
                            raise _uncompressed(limits)
            except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as exc:
                raise ValueError(_("This is not a readable XLSX workbook.")) from exc


def _uncompressed(limits: UploadLimits) -> UploadLimitError:
    return UploadLimitError(
        _("The workbook is too large once unpacked: at most %(mb)s MB.")
        % {"mb": _mb(limits.max_uncompressed)}
    )


def iter_xlsx(content: bytes, limits: UploadLimits) -> Iterator[tuple[int, list[Any]]]:
    """``(row number, values)`` of the first sheet, streamed (read-only), stopping at a limit.

    Raises :class:`UploadLimitError`, or ``ValueError`` for a damaged workbook.
    """
    import openpyxl

    if len(content) > limits.max_bytes:
        raise too_large(limits)
    _check_zip(content, limits)
    try:
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise ValueError(_("This is not a readable XLSX workbook.")) from exc
    try:
        sheet = book.worksheets[0]
        for number, values in enumerate(sheet.iter_rows(values_only=True), 1):
            if number > limits.max_rows + 1:
                raise _too_many_rows(limits)
            row = list(values)
            if len(row) > 200:
                raise UploadLimitError(_("Line %(line)s: too many columns.") % {"line": number})
            for value in row:
                if isinstance(value, str) and len(value) > limits.max_cell:
                    raise _cell_too_long(number, limits)
            yield number, row
    except (UploadLimitError, GeneratorExit):
        raise
    except Exception as exc:  # a damaged sheet fails while it is read
        raise ValueError(_("This is not a readable XLSX workbook.")) from exc
    finally:
        book.close()


def json_problem(value: Any, max_depth: int) -> str:
    """What makes decoded JSON unfit to take in: "depth", "text", or "" when it is fit.

    It may nest at most ``max_depth`` levels ("depth"), and its text, keys included, must
    be valid Unicode ("text"): JSON can escape half of a surrogate pair (``"\\ud800"``),
    which decodes to a string no database can store (it was a 500). Iterative: no
    recursion limit.
    """
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                return "text"
        elif isinstance(item, dict | list):
            if level > max_depth:
                return "depth"
            children = [*item.keys(), *item.values()] if isinstance(item, dict) else item
            stack.extend((child, level + 1) for child in children)
    return ""


def json_problem_message(problem: str, max_depth: int) -> str:
    """The user's words for a :func:`json_problem`."""
    if problem == "text":
        return str(_("The JSON holds text that is not valid Unicode (a lone surrogate)."))
    return str(_("The JSON is nested too deeply (at most %(n)s levels).") % {"n": max_depth})


def _max_nesting(line: str) -> int:
    """The deepest bracket nesting of a JSON text, counted before parsing it."""
    depth = deepest = 0
    in_string = escaped = False
    for char in line:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


def loads_bounded(text: str, *, max_depth: int) -> Any:
    """``json.loads`` that refuses nesting deeper than ``max_depth``, or text that is not
    valid Unicode, with a clear ValueError.

    The depth is counted on the text first, so a line of 100,000 brackets never reaches
    the parser (whose recursion would otherwise fail with RecursionError, a 500).
    """
    if _max_nesting(text) > max_depth:
        raise ValueError(
            _("The JSON is nested too deeply (at most %(n)s levels).") % {"n": max_depth}
        )
    value = json.loads(text)
    problem = json_problem(value, max_depth)
    if problem:
        raise ValueError(json_problem_message(problem, max_depth))
    return value


def iter_jsonl(content: bytes, limits: UploadLimits) -> Iterator[tuple[int, Any]]:
    """``(line number, value or ValueError)`` of a JSONL file, read incrementally."""
    count = 0
    for number, line in enumerate(_text_lines(content, limits), 1):
        if not line.strip():
            continue
        count += 1
        if count > limits.max_rows:
            raise _too_many_rows(limits)
        try:
            yield number, loads_bounded(line, max_depth=limits.max_json_depth)
        except json.JSONDecodeError:
            yield number, ValueError(_("This line is not valid JSON."))
        except ValueError as exc:
            yield number, exc


def read_upload(upload: IO[bytes], limits: UploadLimits, *, field: str = "file") -> bytes:
    """:func:`read_limited` for views and the API: a limit passed is a ValidationError on ``field``."""
    from django.core.exceptions import ValidationError

    try:
        return read_limited(upload, limits)
    except UploadLimitError as exc:
        raise ValidationError({field: [str(exc)]}) from exc
