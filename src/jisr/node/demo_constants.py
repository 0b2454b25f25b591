"""Demo facts needed before Django starts (the launcher prints them)."""

DEMO_PASSWORD = "Jisr-Demo-2026"  # noqa: S105 - printed for the demo on purpose

DEMO_USERNAMES: dict[str, list[str]] = {
    "MA-DGSN": ["ma.officer", "ma.reviewer", "ma.dpo", "ma.admin", "ma.supervisor", "ma.analyst"],
    "FR-DGPN": ["fr.officer", "fr.reviewer", "fr.dpo", "fr.admin", "fr.supervisor", "fr.analyst"],
}
