"""Small access-check primitives shared by every app's selectors and services."""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _


def require_perm(user: Any, perm: str, message: str | None = None) -> None:
    """Raise PermissionDenied unless ``user`` is active and holds ``perm``."""
    if not getattr(user, "is_active", False) or not user.has_perm(perm):
        raise PermissionDenied(message or _("You may not do this."))


def parse_uuid(value: Any) -> uuid.UUID | None:
    """The UUID in ``value``, or None when it is not one."""
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError):
        return None


def uuid_or_404(value: Any) -> uuid.UUID:
    """The UUID in ``value``; a malformed id is a 404, like an unknown one."""
    parsed = parse_uuid(value)
    if parsed is None:
        raise Http404
    return parsed
