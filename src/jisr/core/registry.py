"""What each Jisr app contributes to the shell: navigation entries and role permissions.

Apps declare these as data on their AppConfig, so adding a module never means
editing a central list, and the navigation only shows modules that are installed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.apps import apps
from django.utils.functional import Promise


@dataclass(frozen=True)
class NavItem:
    """One entry of the main navigation.

    ``permission`` hides it from users who may not use it; ``order`` sorts it.
    """

    label: str | Promise
    url_name: str
    permission: str | None = None
    order: int = 100


def nav_items() -> list[NavItem]:
    items: list[NavItem] = []
    for config in apps.get_app_configs():
        items.extend(getattr(config, "nav_items", ()))
    return sorted(items, key=lambda item: item.order)


def header_templates() -> list[str]:
    """Templates apps add to the page header (e.g. the unread-notice badge)."""
    names: list[str] = []
    for config in apps.get_app_configs():
        names.extend(getattr(config, "header_templates", ()))
    return names


def role_permissions() -> dict[str, set[str]]:
    """Merge every app's ``role_permissions`` into one role -> {"app.codename"} map."""
    merged: dict[str, set[str]] = {}
    for config in apps.get_app_configs():
        for role, perms in getattr(config, "role_permissions", {}).items():
            merged.setdefault(role, set()).update(perms)
    return merged


@dataclass(frozen=True)
class HomeFigure:
    """A figure on the home page: what the user's agency has in one module."""

    label: str | Promise
    value: int | str
    url_name: str | None = None


def home_figures(user: object) -> list[HomeFigure]:
    """Collect figures from every app's ``home_figures(user)`` hook."""
    figures: list[HomeFigure] = []
    for config in apps.get_app_configs():
        hook = getattr(config, "home_figures", None)
        if callable(hook):
            figures.extend(hook(user))
    return figures


@dataclass(frozen=True)
class WorkRow:
    """One thing waiting for the user: what it is, where to act on it, and by when."""

    text: str
    url: str
    detail: str = ""
    deadline: dt.datetime | None = None
    at: dt.datetime | None = None
    kind: str = ""


@dataclass(frozen=True)
class WorkSection:
    """A block of the user's work queue on the home page, e.g. "Hits awaiting our answer".

    ``order`` puts urgent work first (hits 10, requests 20, reviews 30, notices 40,
    recent activity 90); ``total`` is the full count when ``rows`` shows only the first
    few, and ``url`` opens the full list. ``recent`` marks a section of past activity,
    not work to do.
    """

    key: str
    title: str | Promise
    rows: list[WorkRow] = field(default_factory=list)
    order: int = 50
    url: str | None = None
    total: int = 0
    recent: bool = False


def work_queue(user: object) -> list[WorkSection]:
    """Collect every app's ``work_queue(user)`` sections, urgent ones first, empty ones left out."""
    sections: list[WorkSection] = []
    for config in apps.get_app_configs():
        hook = getattr(config, "work_queue", None)
        if callable(hook):
            sections.extend(section for section in hook(user) if section.rows)
    return sorted(sections, key=lambda section: section.order)


def warm_up() -> None:
    """Let each app prepare caches before the first request (e.g. the screening index)."""
    for config in apps.get_app_configs():
        hook = getattr(config, "warm_up", None)
        if callable(hook):
            hook()


@dataclass(frozen=True)
class RecordPanel:
    """A part another module adds to a record's page, e.g. assistance on an event's page.

    ``target`` names the record's model (``"events.event"``); ``context`` is the dotted path of
    a function ``(request, record) -> dict | None`` that gives ``template`` its context, or
    ``None`` when the panel has nothing the user may see. The page places the panels with
    ``{% record_panels "events.event" event %}`` and never knows which modules contribute.
    """

    target: str
    template: str
    context: str
    order: int = 100


def record_panels(target: str) -> list[RecordPanel]:
    """Every app's ``record_panels`` for ``target`` (``"app_label.model"``), in order."""
    panels: list[RecordPanel] = []
    for config in apps.get_app_configs():
        panels.extend(p for p in getattr(config, "record_panels", ()) if p.target == target)
    return sorted(panels, key=lambda panel: panel.order)
