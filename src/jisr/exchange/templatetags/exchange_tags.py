"""Template helpers: the countdown of a request's deadline."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from jisr.core import clock

register = template.Library()


def _span(seconds: float) -> str:
    minutes = int(abs(seconds) // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return _("%(days)d d %(hours)d h") % {"days": days, "hours": hours}
    return _("%(hours)d h %(minutes)02d min") % {"hours": hours, "minutes": mins}


@register.simple_tag
def countdown(message: object) -> SafeString | str:
    """ "7 h 59 min left", "overdue by 1 h 02 min" or "answered" for a request."""
    deadline: dt.datetime | None = getattr(message, "deadline", None)
    if deadline is None:
        return ""
    if getattr(message, "answered_at", None):
        return format_html('<span class="badge ok" data-testid="answered">{}</span>', _("answered"))
    left = (deadline - clock.now()).total_seconds()
    if left < 0:
        return format_html(
            '<span class="countdown overdue" data-testid="countdown">{}</span>',
            _("overdue by %(span)s") % {"span": _span(left)},
        )
    return format_html(
        '<span class="countdown" data-testid="countdown">{}</span>',
        _("%(span)s left") % {"span": _span(left)},
    )
