"""Searching names by part, for a list's search box: every word typed must be in a name.

Unlike screening (a whole person against a whole person, where a missing first name
costs), "Tazi" here finds *Karim Ettazi* and *كريم التازي*: each word of the query is
compared, across scripts, with the words of each name, and the weakest word decides.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from .names import ParsedName, Token, name_variants, parse_name
from .scoring import token_similarity

#: Score at or above which a typed word counts as found in a name.
PART_THRESHOLD: Final = 0.85


def query_words(query: str) -> list[Token]:
    """The comparable words of what was typed (initials are too weak to search by)."""
    return [tok for tok in parse_name(query) if tok.kind != "initial"]


def _covers(words: list[Token], name: ParsedName) -> float:
    if not name:
        return 0.0
    return min(max(token_similarity(word, tok)[0] for tok in name) for word in words)


def name_part_score(words: list[Token], names: Iterable[str]) -> float:
    """How well the weakest typed word is found in the best of ``names``, in [0, 1]."""
    if not words:
        return 0.0
    best = 0.0
    for name in names:
        for variant in name_variants(name):
            best = max(best, _covers(words, parse_name(variant)))
    return best
