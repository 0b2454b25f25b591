"""Writes on agencies, users, roles and tokens. Each runs in one transaction with its audit row."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from jisr.accounts.models import TOKEN_DEFAULT_DAYS, TOKEN_MAX_DAYS, Agency, ApiToken, User
from jisr.accounts.permissions import MANAGE_USERS
from jisr.accounts.roles import Role
from jisr.audit.actions import AuditAction
from jisr.audit.services import audit_record, field_changes
from jisr.core import clock, timefmt
from jisr.core.access import require_perm
from jisr.core.registry import role_permissions


def roles_sync(*, using: str = "default") -> None:
    """Create one group per role and give it exactly the permissions apps declare."""
    declared = role_permissions()
    for role in Role:
        group, _created = Group.objects.using(using).get_or_create(name=role.value)
        wanted: list[Permission] = []
        for dotted in sorted(declared.get(role.value, set())):
            app_label, codename = dotted.split(".", 1)
            perm = (
                Permission.objects.using(using)
                .filter(content_type__app_label=app_label, codename=codename)
                .first()
            )
            if perm is not None:
                wanted.append(perm)
        group.permissions.set(wanted)


def agency_upsert(
    *, code: str, name_ar: str, name_fr: str, name_en: str, country: str = "", is_own: bool = False
) -> Agency:
    """Create or update an agency row (own agency or partner)."""
    with transaction.atomic():
        if is_own:
            Agency.objects.filter(is_own=True).exclude(code=code).update(is_own=False)
        agency, _created = Agency.objects.update_or_create(
            code=code,
            defaults={
                "name_ar": name_ar,
                "name_fr": name_fr,
                "name_en": name_en,
                "country": country,
                "is_own": is_own,
            },
        )
    return agency


def user_create(
    *,
    acting_user: User | None,
    username: str,
    password: str,
    agency: Agency,
    roles: list[Role],
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    totp_key: str | None = None,
) -> User:
    """Create a user with roles and a confirmed TOTP device."""
    if User.objects.filter(username=username).exists():
        raise ValidationError({"username": _("This username is already taken.")})
    with transaction.atomic():
        user = User(
            username=username,
            agency=agency,
            first_name=first_name,
            last_name=last_name,
            email=email,
        )
        user.set_password(password)
        user.save()
        user.groups.set(Group.objects.filter(name__in=[r.value for r in roles]))
        device = TOTPDevice(user=user, name="default", confirmed=True)
        if totp_key:
            device.key = totp_key
        device.save()
        audit_record(
            acting_user or "system",
            AuditAction.USER_CREATE,
            target=user,
            extra={"roles": [r.value for r in roles], "agency": agency.code},
        )
    return user


def user_set_active(*, acting_user: User, user: User, active: bool, reason: str) -> User:
    """Disable or re-enable a user. A disabled user's sessions end at their next request."""
    require_perm(acting_user, MANAGE_USERS, _("You may not manage users."))
    require_perm(acting_user, MANAGE_USERS, _("This user belongs to another agency."), obj=user)
    if user.pk == acting_user.pk and not active:
        raise ValidationError({"active": _("You cannot disable your own account.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Give a reason.")})
    changes = field_changes(user, {"is_active": active})
    with transaction.atomic():
        user.is_active = active
        user.save(update_fields=["is_active"])
        if not active:
            ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
                revoked_at=clock.now()
            )
        audit_record(
            acting_user,
            AuditAction.USER_ENABLE if active else AuditAction.USER_DISABLE,
            target=user,
            justification=reason,
            extra=changes,
        )
    return user


def user_set_time_zone(*, acting_user: User, time_zone: str) -> User:
    """Set the acting user's own time zone ("" for the node's). Only the user sets their own."""
    if time_zone and not timefmt.is_time_zone(time_zone):
        raise ValidationError({"time_zone": _("Choose a time zone from the list.")})
    with transaction.atomic():
        old = acting_user.time_zone
        acting_user.time_zone = time_zone
        acting_user.save(update_fields=["time_zone"])
        audit_record(
            acting_user,
            AuditAction.USER_TIME_ZONE,
            target=acting_user,
            extra={"old": old, "new": time_zone},
        )
    return acting_user


def token_create(
    *,
    acting_user: User | str | None,
    user: User,
    label: str = "",
    days: int = TOKEN_DEFAULT_DAYS,
    scope: str = "",
) -> str:
    """Issue an API token for ``user`` and return the raw secret (shown once).

    It expires after ``days`` (1 to 365) and may be limited to a ``scope``
    (``"read"`` or ``"screening"``; empty: whatever the user may do).
    """
    if not user.is_active:
        raise ValidationError({"username": _("This user is disabled.")})
    if not 1 <= days <= TOKEN_MAX_DAYS:
        raise ValidationError(
            {"days": _("A token lasts from 1 to %(max)d days.") % {"max": TOKEN_MAX_DAYS}}
        )
    if scope not in ApiToken.Scope.values:
        raise ValidationError({"scope": _("Unknown scope.")})
    with transaction.atomic():
        token, raw = ApiToken.objects.issue(user, label=label[:100], days=days, scope=scope)
        audit_record(
            acting_user or "system",
            AuditAction.TOKEN_CREATE,
            target=token,
            extra={
                "user": user.username,
                "scope": scope,
                "expires_at": token.expires_at.isoformat(),
            },
        )
    return raw


def token_revoke(*, acting_user: User, token: ApiToken, reason: str = "") -> ApiToken:
    """Revoke a token: its owner may, and so may an administrator of the same agency."""
    own = token.user_id == acting_user.pk
    if not own and not (
        acting_user.has_perm("accounts.manage_users")
        and token.user.agency_id == acting_user.agency_id
    ):
        raise PermissionDenied(_("You may not revoke this token."))
    if token.revoked_at is not None:
        return token
    with transaction.atomic():
        token.revoked_at = clock.now()
        token.save(update_fields=["revoked_at"])
        audit_record(
            acting_user,
            AuditAction.TOKEN_REVOKE,
            target=token,
            justification=reason[:500],
            extra={"user": token.user.username, "prefix": token.prefix},
        )
    return token
