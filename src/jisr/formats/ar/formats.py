"""Arabic: day first, Latin digits (as on Moroccan official documents)."""

from jisr.formats.day_first import *  # noqa: F403
