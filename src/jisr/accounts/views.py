"""Login with password and TOTP, logout, and user administration."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import match_token

from jisr.accounts import login_steps, selectors, services
from jisr.accounts.admin_selectors import locked_usernames, totp_status
from jisr.accounts.admin_views import user_detail_context
from jisr.accounts.forms import LoginForm, UserActiveForm


def lockout(
    request: HttpRequest, credentials: Any = None, *args: Any, **kwargs: Any
) -> HttpResponse:
    """Shown by django-axes once an account has failed to log in too often."""
    return render(request, "accounts/lockout.html", status=429)


def login_view(request: HttpRequest) -> HttpResponse:
    """One form: username, password and the current TOTP code. All three must match."""
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = authenticate(request, username=data["username"], password=data["password"])
        if getattr(request, "axes_locked_out", False):
            return lockout(request)
        code = data["otp_token"]
        device = match_token(user, code) if user is not None and code else None
        if user is not None and device is None and not code:
            if not login_steps.totp_has_confirmed_device(user):
                # First login, or the authenticator was reset: enrol one with a QR code.
                return login_steps.begin(request, user, None, next_url)
        if user is not None and device is not None:
            if user.must_change_password:
                return login_steps.begin(request, user, device, next_url)
            return login_steps.finish_login(request, user, device, next_url)
        if user is not None:
            # Right password, wrong code: counts as a failure for lockout too.
            user_login_failed.send(
                sender=__name__,
                credentials={"username": data["username"], "reason": "totp"},
                request=request,
            )
        form.add_error(None, _("The username, password or authenticator code is not right."))
    elif request.method == "POST" and request.POST.get("username"):
        # A malformed form still counts as an attempt against that account.
        user_login_failed.send(
            sender=__name__,
            credentials={"username": request.POST.get("username", ""), "reason": "form"},
            request=request,
        )
    return render(request, "accounts/login.html", {"form": form, "next": next_url})


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.info(request, _("You are logged out."))
    return redirect(settings.LOGIN_URL)


@login_required
def user_list(request: HttpRequest) -> HttpResponse:
    users = list(selectors.users_for_admin(request.user))  # type: ignore[arg-type]
    locked = locked_usernames(u.get_username() for u in users)
    totp = totp_status(u.pk for u in users)
    for u in users:
        u.is_locked = u.get_username() in locked  # type: ignore[attr-defined]
        u.has_totp = totp[u.pk]  # type: ignore[attr-defined]
    return render(request, "accounts/user_list.html", {"users": users})


@login_required
def user_detail(request: HttpRequest, user_id: int) -> HttpResponse:
    subject = selectors.access_user_for_view(user_id, request.user)  # type: ignore[arg-type]
    return render(request, "accounts/user_detail.html", user_detail_context(subject))


@login_required
@require_POST
def user_set_active(request: HttpRequest, user_id: int) -> HttpResponse:
    subject = selectors.access_user_for_view(user_id, request.user)  # type: ignore[arg-type]
    form = UserActiveForm(request.POST)
    active = request.POST.get("active") == "1"
    if form.is_valid():
        try:
            services.user_set_active(
                acting_user=request.user,  # type: ignore[arg-type]
                user=subject,
                active=active,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            if active:
                messages.success(request, _("The user is enabled."))
            else:
                messages.success(request, _("The user is disabled; their sessions have ended."))
            return redirect("accounts:user_detail", user_id=subject.pk)
    return render(
        request, "accounts/user_detail.html", user_detail_context(subject, form=form), status=422
    )
