"""Template helpers of the register."""

from __future__ import annotations

import datetime as dt

from django import template

from jisr.core import clock

register = template.Library()


@register.simple_tag
def now_utc() -> dt.datetime:
    """The node's clock (shifted on demo/test nodes), for countdowns."""
    return clock.now()
