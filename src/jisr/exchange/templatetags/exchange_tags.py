"""Template helpers of the request desk. The countdown is the core one (jisr_tags)."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from jisr.core import timefmt
from jisr.core.templatetags import jisr_tags

register = template.Library()


@register.simple_tag
def countdown(message: Any) -> SafeString | str:
    """The core ``{% countdown %}``; a suspended limit shows "suspended since …" and the time
    that will be left when it runs again."""
    suspended = getattr(message, "suspended_at", None)
    due = getattr(message, "due_at", None)
    if suspended is not None and due is not None and not getattr(message, "answered_at", None):
        _overdue, left = timefmt.time_left(due, suspended)
        return render_to_string(
            "exchange/_suspended.html",
            {"since": suspended, "left": left, "reason": message.get_suspension_reason_display()},
        )
    return render_to_string("core/_countdown.html", jisr_tags.countdown(message))


@register.simple_tag
def countdown_short(message: Any) -> SafeString | str:
    """The countdown for a narrow column: a suspended limit shows only the time it keeps."""
    suspended = getattr(message, "suspended_at", None)
    due = getattr(message, "due_at", None)
    if suspended is not None and due is not None and not getattr(message, "answered_at", None):
        _overdue, left = timefmt.time_left(due, suspended)
        return render_to_string(
            "exchange/_suspended_short.html", {"since": suspended, "left": left}
        )
    return render_to_string("core/_countdown.html", jisr_tags.countdown(message))
