"""What an administrator does to the node's users and settings, and the user's first login.

Each function checks the acting user's permission, runs in one transaction and writes
its audit row inside it. Passwords and TOTP secrets never go into the audit log.
"""

from __future__ import annotations

from typing import Any

from axes.utils import reset as axes_reset
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from jisr.accounts.admin_selectors import is_locked
from jisr.accounts.models import User
from jisr.accounts.roles import Role
from jisr.accounts.selectors import own_agency
from jisr.audit.actions import AuditAction
from jisr.audit.services import audit_record
from jisr.core.access import require_perm
from jisr.core.node_settings import NODE_SETTINGS, clear_cache, node_setting

USERNAME_MAX = 150
NAME_MAX = 150
REASON_MAX = 500


def _require_admin(acting_user: User, perm: str = "accounts.manage_users") -> None:
    require_perm(acting_user, perm, _("You may not manage users."))


def _require_same_agency(acting_user: User, user: User) -> None:
    if user.agency_id != acting_user.agency_id:
        raise PermissionDenied(_("This user belongs to another agency."))


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give a reason.")})
    if len(reason) > REASON_MAX:
        raise ValidationError({"reason": _("At most %(max)d characters.") % {"max": REASON_MAX}})
    return reason


def _roles(values: list[str] | list[Role]) -> list[Role]:
    try:
        roles = sorted({Role(str(getattr(v, "value", v))) for v in values})
    except ValueError:
        raise ValidationError({"roles": _("Choose roles from the list.")}) from None
    if not roles:
        raise ValidationError({"roles": _("Give the user at least one role.")})
    return roles


def _check_password(password: str, user: User, field: str = "password") -> None:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from None


def user_admin_create(
    *,
    acting_user: User,
    username: str,
    first_name: str,
    last_name: str,
    email: str,
    roles: list[str] | list[Role],
    temporary_password: str,
) -> User:
    """Create a user of this node's agency with a temporary password.

    At the first login the user sets their own password and enrols TOTP with a QR code.
    """
    _require_admin(acting_user)
    agency = own_agency()
    if agency is None or acting_user.agency_id != agency.pk:
        raise PermissionDenied(_("Only an administrator of this node's agency may add users."))
    username = (username or "").strip()
    errors: dict[str, list[str]] = {}
    if not username:
        errors.setdefault("username", []).append(_("A username is required."))
    elif len(username) > USERNAME_MAX:
        errors.setdefault("username", []).append(
            _("At most %(max)d characters.") % {"max": USERNAME_MAX}
        )
    else:
        try:
            UnicodeUsernameValidator()(username)
        except ValidationError as exc:
            errors.setdefault("username", []).extend(exc.messages)
        if User.objects.filter(username__iexact=username).exists():
            errors.setdefault("username", []).append(_("This username is already taken."))
    for field, value in (("first_name", first_name), ("last_name", last_name)):
        if len(value or "") > NAME_MAX:
            errors.setdefault(field, []).append(
                _("At most %(max)d characters.") % {"max": NAME_MAX}
            )
    email = (email or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors.setdefault("email", []).append(_("Enter a valid e-mail address."))
    try:
        chosen = _roles(roles)
    except ValidationError as exc:
        errors.setdefault("roles", []).extend(exc.messages)
        chosen = []
    user = User(
        username=username,
        agency=agency,
        first_name=(first_name or "").strip(),
        last_name=(last_name or "").strip(),
        email=email,
        must_change_password=True,
    )
    try:
        _check_password(temporary_password, user, "temporary_password")
    except ValidationError as exc:
        errors.setdefault("temporary_password", []).extend(exc.messages)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        user.set_password(temporary_password)
        user.save()
        user.groups.set(Group.objects.filter(name__in=[r.value for r in chosen]))
        audit_record(
            acting_user,
            AuditAction.USER_CREATE,
            target=user,
            extra={"roles": [r.value for r in chosen], "agency": agency.code},
        )
    return user


def user_roles_set(
    *, acting_user: User, user: User, roles: list[str] | list[Role], reason: str
) -> User:
    """Give a user exactly these roles. An administrator cannot drop their own role."""
    _require_admin(acting_user)
    _require_same_agency(acting_user, user)
    chosen = _roles(roles)
    reason = _reason(reason)
    if user.pk == acting_user.pk and Role.ADMINISTRATOR not in chosen:
        raise ValidationError(
            {
                "roles": _(
                    "You cannot remove your own administrator role; ask another administrator."
                )
            }
        )
    with transaction.atomic():
        before = user.role_names
        user.groups.set(Group.objects.filter(name__in=[r.value for r in chosen]))
        audit_record(
            acting_user,
            AuditAction.USER_ROLES_SET,
            target=user,
            justification=reason,
            extra={"old": before, "new": [r.value for r in chosen]},
        )
    return user


def user_unlock(*, acting_user: User, user: User, reason: str) -> int:
    """Clear a locked account's failed login attempts; the user may log in again at once."""
    _require_admin(acting_user)
    _require_same_agency(acting_user, user)
    reason = _reason(reason)
    if not is_locked(user.username):
        raise ValidationError(_("This account is not locked."))
    with transaction.atomic():
        cleared = int(axes_reset(username=user.username))
        audit_record(
            acting_user,
            AuditAction.USER_UNLOCK,
            target=user,
            justification=reason,
            extra={"attempts_cleared": cleared},
        )
    return cleared


def user_password_reset(
    *,
    acting_user: User,
    user: User,
    method: str,
    reason: str,
    temporary_password: str = "",
) -> str:
    """Reset a user's password; their sessions end (Django ties a session to the password).

    ``method="temporary"``: the administrator gives a temporary password, which the user
    must change at the next login. ``method="link"``: the old password stops working and
    the returned one-time link (a path on this node) lets the user choose a new one; it
    stops working once used. Returns the link path, or "" for a temporary password.
    """
    _require_admin(acting_user)
    _require_same_agency(acting_user, user)
    if user.pk == acting_user.pk:
        raise ValidationError(_("Ask another administrator to reset your own password."))
    if not user.is_active:
        raise ValidationError(_("This user is disabled."))
    reason = _reason(reason)
    if method not in {"temporary", "link"}:
        raise ValidationError({"method": _("Choose how to reset the password.")})
    if method == "temporary":
        _check_password(temporary_password, user, "temporary_password")
    with transaction.atomic():
        if method == "temporary":
            user.set_password(temporary_password)
            user.must_change_password = True
        else:
            user.set_unusable_password()
            user.must_change_password = False
        user.save(update_fields=["password", "must_change_password"])
        audit_record(
            acting_user,
            AuditAction.USER_PASSWORD_RESET,
            target=user,
            justification=reason,
            extra={"method": method},
        )
    if method == "temporary":
        return ""
    return password_reset_path(user)


def password_reset_path(user: User) -> str:
    """The one-time path that lets ``user`` set a password (valid until the password changes)."""
    return reverse(
        "accounts:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )


def user_totp_reset(*, acting_user: User, user: User, reason: str) -> int:
    """Remove a user's authenticator and end their open sessions.

    A reset usually follows a lost or stolen phone: a session opened with the old
    authenticator must not outlive it. At the next login the user enrols a new one.
    """
    _require_admin(acting_user)
    _require_same_agency(acting_user, user)
    if user.pk == acting_user.pk:
        raise ValidationError(_("Ask another administrator to reset your own authenticator."))
    reason = _reason(reason)
    with transaction.atomic():
        removed, _detail = TOTPDevice.objects.filter(user=user).delete()
        ended = sessions_end_for(user)
        audit_record(
            acting_user,
            AuditAction.USER_TOTP_RESET,
            target=user,
            justification=reason,
            extra={"sessions_ended": ended},
        )
    return int(removed)


def sessions_end_for(user: User) -> int:
    """Delete every stored session of ``user``; returns how many ended.

    Sessions are signed blobs keyed by a random id, so finding a user's means reading
    the live ones; an administrator's reset is rare enough for that to be cheap.
    """
    from django.contrib.auth import SESSION_KEY
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    # Django stamps expiry with its own clock, not the node's injectable one.
    mine = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if str(session.get_decoded().get(SESSION_KEY)) == str(user.pk)
    ]
    Session.objects.filter(pk__in=mine).delete()
    return len(mine)


# --- the user's own first-login steps -------------------------------------------------------


def totp_has_confirmed_device(user: User) -> bool:
    return bool(TOTPDevice.objects.filter(user=user, confirmed=True).exists())


def totp_enrolment_device(*, user: User) -> TOTPDevice:
    """The unconfirmed device the user is enrolling (created once, so the QR code stays)."""
    if totp_has_confirmed_device(user):
        raise ValidationError(_("An authenticator is already set up for this account."))
    with transaction.atomic():
        device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="default", confirmed=False)
    return device


def totp_enrolment_confirm(*, user: User, code: str) -> TOTPDevice:
    """Mark the user's new device confirmed once they type a current code from it."""
    device = totp_enrolment_device(user=user)
    code = (code or "").strip()
    allowed, _detail = device.verify_is_allowed()
    if not allowed:
        # django-otp doubles the wait after each wrong code.
        raise ValidationError(
            {"otp_token": _("Too many wrong codes: wait a few seconds, then try again.")}
        )
    if not (len(code) == device.digits and code.isdigit()) or not device.verify_token(code):
        raise ValidationError(
            {
                "otp_token": _(
                    "This code does not match. Check the time on your phone and try again."
                )
            }
        )
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=user, confirmed=False).exclude(pk=device.pk).delete()
        audit_record(user, AuditAction.USER_TOTP_ENROL, target=user, extra={"device": device.pk})
    return device


def password_set_by_user(*, user: User, new_password: str, confirm: str, via: str) -> User:
    """The user chooses a new password (after a temporary one, or from a one-time link)."""
    if new_password != confirm:
        raise ValidationError({"confirm": _("The two passwords differ.")})
    if user.has_usable_password() and user.check_password(new_password):
        raise ValidationError({"new_password": _("Choose a password different from the old one.")})
    _check_password(new_password, user, "new_password")
    with transaction.atomic():
        user.set_password(new_password)
        user.must_change_password = False
        user.save(update_fields=["password", "must_change_password"])
        audit_record(user, AuditAction.USER_PASSWORD_CHANGE, target=user, extra={"via": via})
    return user


# --- node settings ---------------------------------------------------------------------------


def node_setting_set(*, acting_user: User, name: str, value: Any, reason: str = "") -> Any:
    """Override one run-time node setting; ``value=None`` returns it to the environment value."""
    from jisr.core.models import NodeSetting

    require_perm(
        acting_user, "accounts.manage_node_settings", _("You may not change the node's settings.")
    )
    spec = NODE_SETTINGS.get(name)
    if spec is None:
        raise ValidationError({"name": _("There is no such setting.")})
    if len(reason or "") > REASON_MAX:
        raise ValidationError({"reason": _("At most %(max)d characters.") % {"max": REASON_MAX}})
    new = None if value is None else spec.clean(value)
    old = node_setting(name)
    with transaction.atomic():
        if new is None:
            NodeSetting.objects.filter(name=name).delete()
        else:
            NodeSetting.objects.update_or_create(
                name=name,
                defaults={
                    "value": new,
                    "updated_at": timezone.now(),
                    "updated_by": acting_user.get_username(),
                },
            )
        audit_record(
            acting_user,
            AuditAction.NODE_SETTING_SET,
            target=("node_setting", name),
            justification=(reason or "").strip(),
            extra={"old": old, "new": new, "environment_default": spec.default()},
        )
        transaction.on_commit(clear_cache)
    clear_cache()
    return node_setting(name)
