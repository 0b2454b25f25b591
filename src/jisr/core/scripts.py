"""Which script a name is written in, to show a reader the names they can read first."""

from __future__ import annotations

import unicodedata

# The script each interface language reads most easily.
READER_SCRIPT = {"ar": "ARABIC", "fr": "LATIN", "en": "LATIN"}


def script_of(text: str) -> str:
    """The script of most of the letters of ``text`` ("ARABIC", "LATIN", ...), or ""."""
    counts: dict[str, int] = {}
    for char in text:
        if not char.isalpha():
            continue
        name = unicodedata.name(char, "")
        script = name.split(" ", 1)[0] if name else ""
        counts[script] = counts.get(script, 0) + 1
    return max(counts, key=lambda s: counts[s]) if counts else ""


def reader_first(names: list[str], language: str) -> list[str]:
    """Every name, those in the reader's script first, each group in its original order."""
    wanted = READER_SCRIPT.get(language[:2], "LATIN")
    return sorted(names, key=lambda n: script_of(n) != wanted)


def fold(text: str) -> str:
    """``text`` for a search box: case and accents dropped ("Élodie" -> "elodie").

    Arabic short vowels and the tatweel are marks or fillers too, so "مُحَمَّد" and "محمد" fold alike.
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    kept = "".join(c for c in decomposed if not unicodedata.combining(c) and c != "\u0640")
    return unicodedata.normalize("NFC", kept)
