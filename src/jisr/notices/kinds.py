"""Notice kinds, declared by each app as data on its AppConfig.

An app lists its kinds as ``notice_kinds = {"<app>.<kind>": _("label"), ...}`` and
names the setting that switches its pointer-only e-mails on or off with
``notice_email_setting = "JISR_..._EMAIL"``. Nothing here names a feature app.
"""

from __future__ import annotations

from functools import cache

from django.apps import apps
from django.conf import settings
from django.utils.functional import Promise


@cache
def _declared() -> tuple[dict[str, str | Promise], dict[str, str]]:
    labels: dict[str, str | Promise] = {}
    email_settings: dict[str, str] = {}
    for config in apps.get_app_configs():
        declared: dict[str, str | Promise] = getattr(config, "notice_kinds", {})
        for kind, label in declared.items():
            if kind in labels:
                raise ValueError(f"notice kind {kind!r} is declared twice")
            labels[kind] = label
            setting = getattr(config, "notice_email_setting", "")
            if setting:
                email_settings[kind] = setting
    return labels, email_settings


def notice_kinds() -> dict[str, str | Promise]:
    """Every declared kind and its (lazily translated) label."""
    return dict(_declared()[0])


def kind_label(kind: str) -> str:
    """The label of ``kind`` in the active language; an unknown kind shows as itself."""
    return str(_declared()[0].get(kind, kind))


def email_enabled(kind: str) -> bool:
    """Whether the node sends the pointer-only e-mail for ``kind`` (per-app setting)."""
    setting = _declared()[1].get(kind)
    if not setting:
        return False
    # An administrator may switch it at run time (node settings); else the environment decides.
    from jisr.core.node_settings import NODE_SETTINGS, node_setting

    for spec in NODE_SETTINGS.values():
        if spec.env_name == setting:
            return bool(node_setting(spec.name))
    return bool(getattr(settings, setting, False))
