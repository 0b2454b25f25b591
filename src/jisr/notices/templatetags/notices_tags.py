"""``{% notice_badge %}``: the unread count in the header."""

from __future__ import annotations

from typing import Any

from django import template

from jisr.notices import selectors

register = template.Library()


@register.inclusion_tag("notices/_badge.html", takes_context=True)
def notice_badge(context: template.Context) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    return {"notice_unread": selectors.unread_count(user)}
