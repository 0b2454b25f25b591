"""Helpers shared by the wanted register's services."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from jisr.accounts.models import Agency
from jisr.accounts.selectors import own_agency
from jisr.core import clock
from jisr.wanted.models import Alert

RECORD_TYPE = "wanted.alert"
SCREEN_TOP = 5


# -- helpers -------------------------------------------------------------------


def _own() -> Agency:
    agency = own_agency()
    if agency is None:
        raise PermissionDenied(_("This node has no agency yet."))
    return agency


def _bump(alert: Alert, *fields: str) -> None:
    alert.version += 1
    alert.updated_at = clock.now()
    alert.save(update_fields=[*fields, "version", "updated_at"])


def _str_list(value: Any) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, str):
        value = value.replace("\n", ";").split(";")
    if not isinstance(value, list | tuple):
        raise ValueError
    return [str(v).strip() for v in value if str(v).strip()]
