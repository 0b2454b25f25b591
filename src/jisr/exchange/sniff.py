"""Detect an attachment's type from its content (magic bytes), never from its name.

Only the types police officers exchange day to day are accepted: PDF, PNG, JPEG,
GIF, Word and Excel documents (OOXML) and plain text / CSV. Everything else —
executables, archives, scripts disguised as documents — is refused.
"""

from __future__ import annotations

import io
import zipfile

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
GIF = "image/gif"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TEXT = "text/plain"

ALLOWED = {PDF, PNG, JPEG, GIF, DOCX, XLSX, TEXT}

EXTENSIONS = {
    PDF: ".pdf",
    PNG: ".png",
    JPEG: ".jpg",
    GIF: ".gif",
    DOCX: ".docx",
    XLSX: ".xlsx",
    TEXT: ".txt",
}


def _ooxml_kind(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    if any(name.startswith("word/") for name in names):
        return DOCX
    if any(name.startswith("xl/") for name in names):
        return XLSX
    return None


def _is_text(data: bytes) -> bool:
    if b"\x00" in data:
        return False
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    # Control characters other than tab, CR, LF, form feed mark binary content.
    return not any(ord(ch) < 32 and ch not in "\t\r\n\f" for ch in text)


def sniff(data: bytes) -> str | None:
    """The MIME type of ``data`` when it is an accepted type, else None."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith((b"GIF87a", b"GIF89a")):
        return GIF
    if data.startswith(b"PK\x03\x04"):
        return _ooxml_kind(data)
    if data and _is_text(data.removeprefix(b"\xef\xbb\xbf")):
        return TEXT
    return None
