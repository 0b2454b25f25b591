"""Worker tasks: accreditation screening, a slice at a time."""

from __future__ import annotations

from jisr.core.tasks import periodic


@periodic(every_seconds=0.2)
def screen_accreditation_lists() -> None:
    """Claim a queued (or abandoned) accreditation list and screen the next slice of it."""
    from jisr.events.services import screening_step

    # One-second slices: the outbox relay runs between them, so incidents keep
    # reaching partners within seconds while a 100,000-name list is screened.
    screening_step(budget_seconds=1.0)
