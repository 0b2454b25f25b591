"""Safe file names for anything that came from outside (an upload, a partner's envelope).

The name a sender gave is kept for display only; what is stored and sent back in a
``Content-Disposition`` header is :func:`safe_filename` of it: no path, no control
characters (a CR/LF would split the header), nothing a file system treats specially.
"""

from __future__ import annotations

import unicodedata

_FORBIDDEN = set('<>:"/\\|?*')
MAX_LENGTH = 200


def safe_filename(name: str, *, default: str = "attachment") -> str:
    """The last path part of ``name``, without control or reserved characters, at most 200 long."""
    name = unicodedata.normalize("NFC", str(name or ""))
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = "".join(
        "_" if ch in _FORBIDDEN else ch
        for ch in name
        if not unicodedata.category(ch).startswith("C")
    )
    cleaned = " ".join(cleaned.split()).strip(". ")
    if not cleaned:
        return default
    if len(cleaned) > MAX_LENGTH:
        stem, dot, ext = cleaned.rpartition(".")
        if dot and 0 < len(ext) <= 10:
            cleaned = stem[: MAX_LENGTH - len(ext) - 1] + "." + ext
        else:
            cleaned = cleaned[:MAX_LENGTH]
    return cleaned


def display_filename(name: str) -> str:
    """The name as the sender gave it, for display: control characters shown as spaces."""
    shown = "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in str(name or ""))
    return shown[:255]
