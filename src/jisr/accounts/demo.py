"""The two agencies of a demo, as every module's demo data sees them.

Demo data is written by role, never by agency code: the *first* agency of the pair (MA-DGSN
in the embedded demo) writes in Arabic, the *second* (FR-DGPN) in French, so any pair of
codes gets the same records. Both nodes of a pair compute the same order, so they agree on
who owns what. The module imports no model, so the launcher can use it before Django starts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from jisr.accounts.reference import KNOWN_AGENCIES

if TYPE_CHECKING:
    from jisr.accounts.models import Agency

#: The pair of the embedded demo; the first hosts the demo tournament.
DEMO_PAIR = ("MA-DGSN", "FR-DGPN")

FIRST, SECOND = "first", "second"
#: The language each agency of the pair writes its demo data in.
ROLE_LANGUAGE = {FIRST: "ar", SECOND: "fr"}


def demo_order(codes: Iterable[str]) -> list[str]:
    """The agencies of a demo in their order: known ones first (MA-DGSN, FR-DGPN), then by code."""
    known = list(KNOWN_AGENCIES)
    return sorted(set(codes), key=lambda c: (known.index(c) if c in known else len(known), c))


def demo_prefix(code: str, partner: str | None = None) -> str:
    """The username prefix of an agency's demo users: ``ma`` for MA-DGSN.

    When both agencies of the pair start alike (``XX-A``, ``XX-B``), the whole code.
    """
    head = code.split("-", 1)[0].lower()
    if partner is not None and partner.split("-", 1)[0].lower() == head:
        return code.lower()
    return head


def demo_partner(own_code: str) -> str | None:
    """The other agency of the demo: the demo pair's, else the one partner agency known here."""
    if own_code in DEMO_PAIR:
        return DEMO_PAIR[1 - DEMO_PAIR.index(own_code)]
    from jisr.accounts.models import Agency

    others = list(Agency.objects.exclude(code=own_code).values_list("code", flat=True)[:2])
    return others[0] if len(others) == 1 else None


@dataclass(frozen=True)
class DemoPair:
    """The first and second agency of a demo, seen from the node of ``own``."""

    first: Agency
    second: Agency
    own: Agency

    @classmethod
    def of(cls, own: Agency, partner: Agency) -> DemoPair:
        by_code = {own.code: own, partner.code: partner}
        first, second = demo_order(by_code)
        return cls(first=by_code[first], second=by_code[second], own=own)

    def agency(self, role: str) -> Agency:
        return self.first if role == FIRST else self.second

    def code(self, role: str) -> str:
        return self.agency(role).code

    def role_of(self, agency: Agency) -> str:
        return FIRST if agency.pk == self.first.pk else SECOND

    def other(self, role: str) -> str:
        return SECOND if role == FIRST else FIRST

    @property
    def own_role(self) -> str:
        return self.role_of(self.own)

    def is_own(self, role: str) -> bool:
        return role == self.own_role

    @property
    def codes(self) -> list[str]:
        return [self.first.code, self.second.code]

    def language(self, role: str) -> str:
        return ROLE_LANGUAGE[role]

    def username(self, role: str, name: str) -> str:
        """The demo user ``name`` (officer, supervisor…) of an agency: ``ma.officer``."""
        return f"{demo_prefix(self.code(role), self.code(self.other(role)))}.{name}"

    def audit(self, record: Any, role: str, *, created: Any, received: Any = None) -> None:
        """The audit row of a record seeded for the agency of ``role``, marked as demo data:
        ``created`` for the own agency's original, ``received`` for the copy of the
        partner's (none when the module does not record receiving it)."""
        from jisr.audit.services import audit_record

        action = created if self.is_own(role) else received
        if action is not None:
            audit_record("system", action, target=record, extra={"demo": True})


def demo_pair(own: Agency | None, pair: DemoPair | None = None) -> DemoPair | None:
    """``pair`` if given, else the pair of ``own`` and its demo partner (None without one)."""
    if pair is not None or own is None:
        return pair
    from jisr.accounts.models import Agency

    code = demo_partner(own.code)
    partner = Agency.objects.filter(code=code).first() if code else None
    return DemoPair.of(own, partner) if partner is not None else None
