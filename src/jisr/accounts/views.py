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
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import match_token

from jisr.accounts import login_steps, selectors, services
from jisr.accounts.admin_selectors import locked_usernames, totp_status
from jisr.accounts.admin_views import user_detail_context
from jisr.accounts.forms import LoginForm, TimeZoneForm, UserActiveForm
from jisr.accounts.models import ApiToken, address_throttled
from jisr.core import clock
from jisr.core.proxy import client_address
from jisr.core.web import paginate, service_errors_to_form


def lockout(
    request: HttpRequest, credentials: Any = None, *args: Any, **kwargs: Any
) -> HttpResponse:
    """Shown by django-axes once an account has failed to log in too often."""
    return render(request, "accounts/lockout.html", status=429)


def _address_throttled_page(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/lockout.html", {"by_address": True}, status=429)


def login_view(request: HttpRequest) -> HttpResponse:
    """One form: username, password and the current TOTP code. All three must match."""
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    form = LoginForm(request.POST or None)
    if request.method == "POST" and address_throttled(client_address(request)):
        # Checked before the password, so a locked-out address cannot even try.
        return _address_throttled_page(request)
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
def my_settings(request: HttpRequest) -> HttpResponse:
    """The user's own page: their account and the time zone their times are shown in."""
    user: Any = request.user
    form = TimeZoneForm(
        request.POST or None, initial={"time_zone": user.time_zone}, node_zone=settings.TIME_ZONE
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.user_set_time_zone(acting_user=user, time_zone=form.cleaned_data["time_zone"])
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error("time_zone", message)
        else:
            messages.success(request, _("Your time zone was saved."))
            return redirect("accounts:me")
    return render(request, "accounts/me.html", {"form": form, "node_zone": settings.TIME_ZONE})


@login_required
def user_list(request: HttpRequest) -> HttpResponse:
    users = selectors.users_for_admin(request.user)  # type: ignore[arg-type]
    page = paginate(request, users, sorts=USER_SORTS, default_sort="username")
    shown = list(page.object_list)
    locked = locked_usernames(u.get_username() for u in shown)
    totp = totp_status(u.pk for u in shown)
    for u in shown:
        u.is_locked = u.get_username() in locked
        u.has_totp = totp[u.pk]
    page.object_list = shown
    return render(request, "accounts/user_list.html", {"users": page})


#: The columns of the user list it sorts by (key in the URL -> fields).
USER_SORTS = {
    "username": "username",
    "name": ("last_name", "first_name"),
    "status": "is_active",
}


@login_required
def user_detail(request: HttpRequest, user_id: int) -> HttpResponse:
    subject = selectors.access_user_for_view(user_id, request.user)  # type: ignore[arg-type]
    return render(request, "accounts/user_detail.html", user_detail_context(subject))


@login_required
def my_tokens(request: HttpRequest) -> HttpResponse:
    """The user's own API tokens, with their expiry and last use, each revocable."""
    user: Any = request.user
    tokens = user.api_tokens.order_by("-created_at")[:50]
    return render(request, "accounts/my_tokens.html", {"tokens": tokens, "now": clock.now()})


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    """Revoke a token (its owner, or an administrator of the agency); back to where it was listed."""
    token = get_object_or_404(ApiToken.objects.select_related("user"), pk=token_id)
    user: Any = request.user
    services.token_revoke(acting_user=user, token=token)
    messages.success(request, _("The token was revoked."))
    if token.user_id == user.pk:
        return redirect("accounts:my_tokens")
    return redirect("accounts:user_detail", user_id=token.user_id)


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
            service_errors_to_form(form, exc)
        else:
            if active:
                messages.success(request, _("The user is enabled."))
            else:
                messages.success(request, _("The user is disabled; their sessions have ended."))
            return redirect("accounts:user_detail", user_id=subject.pk)
    return render(
        request, "accounts/user_detail.html", user_detail_context(subject, form=form), status=422
    )
