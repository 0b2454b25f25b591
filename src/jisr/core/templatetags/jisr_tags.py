"""The shared template helpers: ``{% countdown deadline %}``, ``|moment``, names by script."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.module_loading import import_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from jisr.core import clock, registry, scripts, timefmt

register = template.Library()


@register.inclusion_tag("core/_countdown.html")
def countdown(value: Any, now: dt.datetime | None = None) -> dict[str, Any]:
    """The one countdown of the product: "11 h 59 min left" or "overdue by 1 h 02 min".

    ``value`` is a deadline, or a record with a ``deadline`` (and, once answered, an
    ``answered_at``, shown as "answered" instead of a countdown).
    """
    deadline = value if isinstance(value, dt.datetime) else getattr(value, "deadline", None)
    if deadline is None:
        return {"deadline": None}
    if not isinstance(value, dt.datetime) and getattr(value, "answered_at", None):
        return {"deadline": deadline, "answered": True}
    overdue, text = timefmt.time_left(deadline, now or clock.now())
    return {"deadline": deadline, "overdue": overdue, "text": text, "at": timefmt.moment(deadline)}


@register.filter
def moment(value: dt.datetime | None) -> str:
    """A date and time in the user's zone and language, the zone named.

    Left to right even in Arabic, so "02/12/2026 08:56 CET" does not come out reordered.
    """
    if value is None or value == "":
        return ""
    return format_html(
        '<time datetime="{}" dir="ltr">{}</time>', value.isoformat(), timefmt.moment(value)
    )


@register.filter
def reader_first(names: Any) -> list[str]:
    """All the names, those written in the reader's script first (Latin for fr/en)."""
    return scripts.reader_first(list(names or []), get_language() or "en")


@register.filter
def partial_date(value: Any) -> str:
    """A date that may be partial ("1986", "1986-04", "1986-04-17") in the language's format."""
    return timefmt.partial_date(value)


@register.simple_tag(takes_context=True)
def record_panels(context: Any, target: str, record: Any) -> SafeString:
    """The panels other modules add to ``record``'s page (``RecordPanel`` on their AppConfig).

    Each panel's context function decides what the user may see; ``None`` leaves it out.
    """
    request = context.get("request")
    parts: list[str] = []
    for panel in registry.record_panels(target):
        extra = import_string(panel.context)(request, record)
        if extra is None:
            continue
        parts.append(render_to_string(panel.template, {**extra, "record": record}, request))
    return mark_safe("".join(parts))  # noqa: S308 - rendered templates, autoescaped
