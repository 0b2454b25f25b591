"""Public data types: person records and match results."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Final

__all__ = ["DEFAULT_THRESHOLD", "Match", "Person"]

#: Score at or above which a register record is reported as a hit.
DEFAULT_THRESHOLD: Final = 0.8


@dataclass(slots=True)
class Person:
    """A person record: a query or an entry of the register.

    ``birth_date`` is ``"YYYY"``, ``"YYYY-MM"``, ``"YYYY-MM-DD"`` or None.
    ``nationality`` holds country codes or names, in any case.
    """

    id: str
    names: list[str]
    birth_date: str | None = None
    nationality: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "names": list(self.names),
            "birth_date": self.birth_date,
            "nationality": list(self.nationality),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Person:
        return cls(
            id=str(data["id"]),
            names=[str(n) for n in data.get("names", [])],
            birth_date=data.get("birth_date"),
            nationality=[str(n) for n in data.get("nationality") or []],
        )


@dataclass(slots=True)
class Match:
    """A scored comparison of a query with one register record.

    ``explanation`` is a JSON-serialisable dict: which name parts matched which
    and how, the date-of-birth and nationality verdicts, and each feature's
    contribution to the score.
    """

    id: str
    score: float
    explanation: dict[str, Any]

    def explain(self) -> dict[str, Any]:
        return self.explanation

    def to_dict(self, *, explain: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "score": round(self.score, 4)}
        if explain:
            out["explanation"] = self.explanation
        return out
