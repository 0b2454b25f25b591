"""Settings for the embedded demo (`make run`): plain HTTP on loopback."""

from jisr.settings.base import *  # noqa: F403

DEBUG = False
