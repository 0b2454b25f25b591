"""Small access-check primitives shared by every app's selectors and services.

There is one permission question in Jisr: ``user.has_perm(perm, obj)``. Without an
object it asks whether the user's roles grant ``perm`` (Django's ModelBackend, fed by
each app's ``role_permissions``). With an object it asks the object rules that each
app declares in its ``rules.py`` (the ``rules`` package's backend): ownership,
authorship, agency and need-to-know, on top of the role permission.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _


def require_perm(user: Any, perm: str, message: str | None = None, *, obj: Any = None) -> None:
    """Raise PermissionDenied unless ``user`` is active and ``user.has_perm(perm, obj)``."""
    if not getattr(user, "is_active", False) or not user.has_perm(perm, obj):
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
