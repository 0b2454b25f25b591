"""Public data types: person records and match results."""

from __future__ import annotations

from typing import Any, Final

__all__ = ["DEFAULT_THRESHOLD", "Match", "Person"]

#: Score at or above which a register record is reported as a hit.
DEFAULT_THRESHOLD: Final = 0.8


class Person:
    """A person record: a query or an entry of the register.

    ``birth_date`` is ``"YYYY"``, ``"YYYY-MM"``, ``"YYYY-MM-DD"`` or None.
    ``nationality`` holds country codes or names, in any case.
    """

    # Plain classes, not dataclasses: importing dataclasses (and inspect) was 3 % of
    # a small `jisr screen`, start-up included.
    __slots__ = ("birth_date", "id", "names", "nationality")

    def __init__(
        self,
        id: str,
        names: list[str],
        birth_date: str | None = None,
        nationality: list[str] | None = None,
    ) -> None:
        self.id = id
        self.names = names
        self.birth_date = birth_date
        self.nationality: list[str] = [] if nationality is None else nationality

    def __repr__(self) -> str:
        return (
            f"Person(id={self.id!r}, names={self.names!r}, birth_date={self.birth_date!r}, "
            f"nationality={self.nationality!r})"
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Person):
            return NotImplemented
        return (self.id, self.names, self.birth_date, self.nationality) == (
            other.id,
            other.names,
            other.birth_date,
            other.nationality,
        )

    __hash__ = None  # type: ignore[assignment]  # (mutable, like a list)

    def __reduce__(self) -> tuple[type[Person], tuple[str, list[str], str | None, list[str]]]:
        # (pickled for worker processes; a compiled class is rebuilt through __init__)
        return Person, (self.id, self.names, self.birth_date, self.nationality)

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


class Match:
    """A scored comparison of a query with one register record.

    ``explanation`` is a JSON-serialisable dict: which name parts matched which
    and how, the date-of-birth and nationality verdicts, and each feature's
    contribution to the score.
    """

    __slots__ = ("explanation", "id", "score")

    def __init__(self, id: str, score: float, explanation: dict[str, Any]) -> None:
        self.id = id
        self.score = score
        self.explanation = explanation

    def __repr__(self) -> str:
        return f"Match(id={self.id!r}, score={self.score!r}, explanation={self.explanation!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Match):
            return NotImplemented
        return (self.id, self.score, self.explanation) == (
            other.id,
            other.score,
            other.explanation,
        )

    __hash__ = None  # type: ignore[assignment]

    def __reduce__(self) -> tuple[type[Match], tuple[str, float, dict[str, Any]]]:
        return Match, (self.id, self.score, self.explanation)

    def explain(self) -> dict[str, Any]:
        return self.explanation

    def to_dict(self, *, explain: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "score": round(self.score, 4)}
        if explain:
            out["explanation"] = self.explanation
        return out
