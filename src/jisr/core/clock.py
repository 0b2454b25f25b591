"""The node's clock: one place to read "now", so tests can move time instead of sleeping.

Production reads the system clock. On demo and test nodes an offset (seconds) may be
set, in process with :func:`set_offset` or across processes through the file
``clock_offset`` in the node's data folder, which lets browser tests make deadlines
pass without waiting.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.conf import settings
from django.utils import timezone

_offset_seconds: float = 0.0


def _offset_file() -> Path:
    return Path(settings.JISR_HOME) / "clock_offset"


def set_offset(seconds: float) -> None:
    """Shift this process's clock (tests only)."""
    global _offset_seconds
    _offset_seconds = seconds


def offset() -> float:
    if not (settings.JISR_DEMO or getattr(settings, "JISR_TESTING", False)):
        return 0.0
    extra = 0.0
    path = _offset_file()
    if path.exists():
        try:
            extra = float(path.read_text().strip() or 0)
        except ValueError:
            extra = 0.0
    return _offset_seconds + extra


def now() -> dt.datetime:
    """Aware UTC now, shifted by the test/demo offset where one is set."""
    current = timezone.now()
    shift = offset()
    return current + dt.timedelta(seconds=shift) if shift else current
