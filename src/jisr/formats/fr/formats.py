"""French: day first."""

from jisr.formats.day_first import *  # noqa: F403
