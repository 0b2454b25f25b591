"""The steps between a right password and a session: TOTP enrolment and a new password.

A user whose password was right but who has no authenticator yet (a new user, or one
whose authenticator an administrator reset), or who holds a temporary password, is
not logged in yet: the session only remembers, for ten minutes, who passed which
check. The session starts once every step is done.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.signals import user_login_failed
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.encoding import force_str
from django.utils.http import url_has_allowed_host_and_scheme, urlsafe_base64_decode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from jisr.accounts import admin_services
from jisr.accounts.admin_forms import EnrolForm, NewPasswordForm
from jisr.accounts.admin_selectors import is_locked
from jisr.accounts.middleware import LOGIN_AT_KEY, SEEN_AT_KEY
from jisr.accounts.models import User
from jisr.core import clock

PENDING_KEY = "jisr_pending_login"
PENDING_SECONDS = 10 * 60


def finish_login(
    request: HttpRequest, user: User, device: TOTPDevice, next_url: str
) -> HttpResponse:
    """Start the session of a user who passed the password and TOTP checks."""
    request.session.pop(PENDING_KEY, None)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    otp_login(request, device)
    request.session[LOGIN_AT_KEY] = request.session[SEEN_AT_KEY] = clock.now().timestamp()
    if user.preferred_language:
        request.session["_language"] = user.preferred_language
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = ""
    return redirect(next_url or settings.LOGIN_REDIRECT_URL)


def begin(
    request: HttpRequest, user: User, device: TOTPDevice | None, next_url: str
) -> HttpResponse:
    """Remember a user who passed the password check (and TOTP, when ``device``) and go on."""
    request.session.cycle_key()
    request.session[PENDING_KEY] = {
        "user_id": user.pk,
        "device_id": device.pk if device is not None else None,
        "at": clock.now().timestamp(),
        "next": next_url,
    }
    return _next_step(request, user, device, next_url)


def _next_step(
    request: HttpRequest, user: User, device: TOTPDevice | None, next_url: str
) -> HttpResponse:
    if device is None:
        return redirect("accounts:totp_enrol")
    if user.must_change_password:
        return redirect("accounts:password_change")
    return finish_login(request, user, device, next_url)


def _pending(request: HttpRequest) -> tuple[User, TOTPDevice | None, str] | None:
    state = request.session.get(PENDING_KEY)
    if not isinstance(state, dict):
        return None
    if clock.now().timestamp() - float(state.get("at", 0)) > PENDING_SECONDS:
        request.session.pop(PENDING_KEY, None)
        return None
    user_id = state.get("user_id")
    if not isinstance(user_id, int):
        return None
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or is_locked(user.get_username()):
        request.session.pop(PENDING_KEY, None)
        return None
    device = None
    if state.get("device_id") is not None:
        device = TOTPDevice.objects.filter(pk=state["device_id"], user=user, confirmed=True).first()
        if device is None:
            return None
    return user, device, str(state.get("next") or "")


def _expired(request: HttpRequest) -> HttpResponse:
    messages.info(request, _("Please log in again to continue."))
    return redirect(settings.LOGIN_URL)


def qr_svg(config_url: str) -> str:
    """The otpauth:// URL as an inline SVG element (no script, no data: URL, CSP-safe)."""
    qr = segno.make(config_url, error="m")
    svg: str = qr.svg_inline(
        scale=5, border=2, dark="#000", light="#fff", title=_("QR code for your authenticator app")
    )
    return svg


totp_has_confirmed_device = admin_services.totp_has_confirmed_device


def totp_enrol(request: HttpRequest) -> HttpResponse:
    """Show the QR code of a new authenticator and confirm it with a code from the app."""
    pending = _pending(request)
    if pending is None:
        return _expired(request)
    user, device, next_url = pending
    if device is not None:
        return _next_step(request, user, device, next_url)
    new_device = admin_services.totp_enrolment_device(user=user)
    form = EnrolForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                confirmed = admin_services.totp_enrolment_confirm(
                    user=user, code=form.cleaned_data["otp_token"]
                )
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error("otp_token", message)
            else:
                request.session[PENDING_KEY] = {
                    **request.session[PENDING_KEY],
                    "device_id": confirmed.pk,
                }
                messages.success(request, _("Your authenticator app is set up."))
                return _next_step(request, user, confirmed, next_url)
        # A wrong code counts against the account, as on the login form.
        user_login_failed.send(
            sender=__name__,
            credentials={"username": user.get_username(), "reason": "totp_enrol"},
            request=request,
        )
        status = 422
    secret = _base32(new_device)
    context: dict[str, Any] = {
        "form": form,
        "qr_svg": mark_safe(qr_svg(new_device.config_url)),  # noqa: S308 - segno's own SVG markup
        "secret_groups": [secret[i : i + 4] for i in range(0, len(secret), 4)],
        "subject": user,
    }
    return render(request, "accounts/totp_enrol.html", context, status=status)


def _base32(device: TOTPDevice) -> str:
    import base64

    return base64.b32encode(device.bin_key).decode().rstrip("=")


def _choose_password(
    request: HttpRequest,
    user: User,
    via: str,
    success: str,
    then: Callable[[], HttpResponse],
) -> HttpResponse:
    """The new-password form: on success set it, say ``success`` and answer ``then()``."""
    form = NewPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            admin_services.password_set_by_user(
                user=user,
                new_password=form.cleaned_data["new_password"],
                confirm=form.cleaned_data["confirm"],
                via=via,
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, success)
            return then()
    status = 422 if request.method == "POST" else 200
    return render(
        request, "accounts/password_change.html", {"form": form, "subject": user}, status=status
    )


def password_change(request: HttpRequest) -> HttpResponse:
    """A user who logged in with a temporary password chooses their own."""
    pending = _pending(request)
    if pending is None:
        return _expired(request)
    user, device, next_url = pending
    if device is None or not user.must_change_password:
        return _next_step(request, user, device, next_url)
    return _choose_password(
        request,
        user,
        "temporary",
        _("Your new password is set."),
        lambda: finish_login(request, user, device, next_url),
    )


def password_reset_confirm(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """A one-time link from an administrator: the user chooses a new password."""
    try:
        user_id = int(force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, OverflowError):
        user_id = None
    user = User.objects.filter(pk=user_id, is_active=True).first() if user_id else None
    if user is None or not default_token_generator.check_token(user, token):
        return render(request, "accounts/password_link_invalid.html", status=404)
    return _choose_password(
        request,
        user,
        "link",
        _("Your new password is set. You can log in now."),
        lambda: redirect(settings.LOGIN_URL),
    )


def _add_errors(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        for message in exc.messages:
            form.add_error(None, message)
