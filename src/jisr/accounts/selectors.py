"""Reads on users, with the access checks."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from jisr.accounts.models import Agency, User
from jisr.accounts.permissions import MANAGE_USERS
from jisr.audit.actions import AuditAction
from jisr.audit.services import audit_record
from jisr.core.access import require_perm


def own_agency() -> Agency | None:
    """The agency this node belongs to, or None before ``jisr node init``."""
    return Agency.objects.filter(is_own=True).first()


def users_for_admin(viewer: User) -> QuerySet[User]:
    """The users an administrator may manage: those of their own agency."""
    require_perm(viewer, MANAGE_USERS, _("You may not manage users."))
    return User.objects.filter(agency=viewer.agency).prefetch_related("groups").order_by("username")


def access_user_for_view(user_id: int, viewer: User) -> User:
    """Fetch a user record for an administrator and log the consultation."""
    user = get_object_or_404(users_for_admin(viewer), pk=user_id)
    audit_record(viewer, AuditAction.USER_VIEW, target=user, justification=_("user administration"))
    return user
