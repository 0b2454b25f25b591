"""Helpers shared by the training services."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from jisr.accounts.models import Agency, User
from jisr.accounts.selectors import own_agency
from jisr.core import bounds


def own() -> Agency:
    agency = own_agency()
    if agency is None:
        raise PermissionDenied(_("This node has no agency yet."))
    return agency


def users_holding(perm: str) -> QuerySet[User]:
    """Active users of this node's agency whose roles grant ``perm`` (for notices)."""
    config: Any = apps.get_app_config("training")
    roles = [role for role, perms in config.role_permissions.items() if perm in perms]
    return User.objects.filter(
        is_active=True, agency__is_own=True, groups__name__in=roles
    ).distinct()


def text(
    errors: dict[str, list[str]],
    field: str,
    value: str | None,
    limit: int,
    *,
    required: bool = False,
    message: str = "",
) -> str:
    """``value`` stripped; a missing required text or one over ``limit`` adds an error."""
    value = (value or "").strip()
    if required and not value:
        errors.setdefault(field, []).append(message or _("This field is required."))
    elif problem := bounds.text_problem(value, limit):
        errors.setdefault(field, []).append(problem)
    return value


def reason_text(
    errors: dict[str, list[str]], reason: str | None, *, required: bool, message: str
) -> str:
    """The reason given for a decision (a short text); ``message`` when it is missing."""
    return text(errors, "reason", reason, bounds.MAX_SHORT_TEXT, required=required, message=message)


def number(errors: dict[str, list[str]], field: str, value: Any, low: int, high: int) -> int:
    """An integer from ``low`` to ``high``; anything else adds a translated error."""
    try:
        parsed = int(value)
        if isinstance(value, bool) or str(parsed) != str(value).strip():
            raise ValueError
    except (TypeError, ValueError):
        errors.setdefault(field, []).append(_("Give a whole number."))
        return low
    if not low <= parsed <= high:
        errors.setdefault(field, []).append(
            _("Give a number from %(low)d to %(high)d.") % {"low": low, "high": high}
        )
    return parsed
