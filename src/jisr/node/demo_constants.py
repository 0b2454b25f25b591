"""Demo facts needed before Django starts (the launcher prints them)."""

from __future__ import annotations

from jisr.accounts.demo import DEMO_PAIR, demo_prefix

DEMO_PASSWORD = "Jisr-Demo-2026"  # noqa: S105 - printed for the demo on purpose

#: The demo users of every agency, by the part of the username after the agency's prefix.
DEMO_USER_ROLES = ("officer", "reviewer", "dpo", "admin", "supervisor", "analyst")


def demo_usernames(code: str, partner: str | None = None) -> list[str]:
    prefix = demo_prefix(code, partner)
    return [f"{prefix}.{role}" for role in DEMO_USER_ROLES]


DEMO_USERNAMES: dict[str, list[str]] = {
    code: demo_usernames(code, other) for code, other in (DEMO_PAIR, DEMO_PAIR[::-1])
}
