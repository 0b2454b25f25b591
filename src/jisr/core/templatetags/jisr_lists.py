"""Column headers that sort a list page, keeping its filters in the URL."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.inclusion_tag("jisr/sort_th.html")
def sort_th(page: Any, key: str, label: str) -> dict[str, Any]:
    """``{% sort_th page "deadline" label %}``: a header linking to this list sorted by it.

    A first click sorts ascending, a click on the sorted column reverses it.
    """
    current = getattr(page, "sort", "")
    active = current.lstrip("-") == key
    descending = active and current.startswith("-")
    target = key if not active or descending else f"-{key}"
    filters = getattr(page, "filter_query", "")
    href = "?" + "&".join(p for p in (filters, f"sort={target}") if p)
    state = ("descending" if descending else "ascending") if active else ""
    return {"href": href, "label": label, "state": state}
