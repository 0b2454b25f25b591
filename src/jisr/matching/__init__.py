"""Jisr name matching: cross-script screening of persons against a register.

Pure Python (no Django). Typical use::

    from jisr.matching import Index, Person
    index = Index.build(register_records)
    for match in index.search(Person("q1", ["عبد الرحيم بنعلي"], "1975", ["MA"])):
        print(match.id, match.score, match.explanation)
"""

from __future__ import annotations

from ._compiled import ACTIVE as COMPILED  # first: picks compiled or pure modules
from .features import FEATURES, Feature, score_pair
from .index import Index
from .io import RecordError, read_records
from .model import DEFAULT_THRESHOLD, Match, Person
from .scoring import DEFAULT_CONFIG, Config

__all__ = [
    "COMPILED",
    "DEFAULT_CONFIG",
    "DEFAULT_THRESHOLD",
    "FEATURES",
    "Config",
    "Feature",
    "Index",
    "Match",
    "Person",
    "RecordError",
    "read_records",
    "score_pair",
]
