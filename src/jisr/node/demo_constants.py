"""Demo facts needed before Django starts (the launcher prints them)."""

DEMO_PASSWORD = "Jisr-Demo-2026"  # noqa: S105 - printed for the demo on purpose

#: The pair of the embedded demo; the first hosts the demo tournament.
DEMO_PAIR = ("MA-DGSN", "FR-DGPN")

#: The demo users of every agency, by the part of the username after the agency's prefix.
DEMO_USER_ROLES = ("officer", "reviewer", "dpo", "admin", "supervisor", "analyst")


def demo_prefix(code: str, partner: str | None = None) -> str:
    """The username prefix of an agency's demo users: ``ma`` for MA-DGSN.

    When both agencies of the pair start alike (``XX-A``, ``XX-B``), the whole code.
    """
    head = code.split("-", 1)[0].lower()
    if partner is not None and partner.split("-", 1)[0].lower() == head:
        return code.lower()
    return head


def demo_usernames(code: str, partner: str | None = None) -> list[str]:
    prefix = demo_prefix(code, partner)
    return [f"{prefix}.{role}" for role in DEMO_USER_ROLES]


DEMO_USERNAMES: dict[str, list[str]] = {
    code: demo_usernames(code, other) for code, other in (DEMO_PAIR, DEMO_PAIR[::-1])
}
