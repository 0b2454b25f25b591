from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language_bidi

from jisr.core.registry import header_templates, nav_items


def jisr(request: HttpRequest) -> dict[str, Any]:
    """Navigation for the current user and the text direction."""
    user = getattr(request, "user", None)
    items = []
    if user is not None and user.is_authenticated:
        for item in nav_items():
            if item.permission and not user.has_perm(item.permission):
                continue
            try:
                url = reverse(item.url_name)
            except NoReverseMatch:
                continue
            items.append(
                {
                    "label": item.label,
                    "url": url,
                    "active": (request.path.startswith(url) and url != "/") or request.path == url,
                }
            )
    # Only the most specific entry is current (/federation/partners/ is not also /federation/).
    current = [entry for entry in items if entry["active"]]
    if len(current) > 1:
        best = max(current, key=lambda entry: len(str(entry["url"])))
        for entry in current:
            entry["active"] = entry is best
    return {
        "jisr_nav": items,
        "jisr_header": header_templates() if user is not None and user.is_authenticated else [],
        "jisr_dir": "rtl" if get_language_bidi() else "ltr",
    }
