"""The administrator's pages: add a user, roles, unlock, password and authenticator resets,
and the node's run-time settings. Thin: parse, call one service, render or redirect."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jisr.accounts import admin_selectors, admin_services, selectors
from jisr.accounts.admin_forms import (
    PasswordResetForm,
    ReasonForm,
    UserCreateForm,
    UserRolesForm,
)
from jisr.accounts.forms import UserActiveForm
from jisr.accounts.models import User
from jisr.core import clock
from jisr.core.access import require_perm
from jisr.core.node_settings import NODE_SETTINGS, node_settings_table
from jisr.core.web import form_post, service_errors_to_form


def user_detail_context(subject: User, **forms: Any) -> dict[str, Any]:
    """Everything the user page shows, with fresh forms unless a failed one is given."""
    context: dict[str, Any] = {
        "subject": subject,
        "form": forms.get("form") or UserActiveForm(),
        "roles_form": forms.get("roles_form")
        or UserRolesForm(initial={"roles": subject.role_names}, prefix="roles"),
        "unlock_form": forms.get("unlock_form") or ReasonForm(prefix="unlock"),
        "password_form": forms.get("password_form") or PasswordResetForm(prefix="password"),
        "totp_form": forms.get("totp_form") or ReasonForm(prefix="totp"),
        "locked": admin_selectors.is_locked(subject.get_username()),
        "failures": admin_selectors.failed_attempts(subject.get_username()),
        "has_totp": admin_services.totp_has_confirmed_device(subject),
        "reset_link": forms.get("reset_link", ""),
        "tokens": subject.api_tokens.order_by("-created_at")[:50],
        "now": clock.now(),
    }
    return context


def _subject(request: HttpRequest, user_id: int) -> User:
    return selectors.access_user_for_view(user_id, request.user)  # type: ignore[arg-type]


def _detail(request: HttpRequest, subject: User, status: int = 422, **forms: Any) -> HttpResponse:
    return render(
        request, "accounts/user_detail.html", user_detail_context(subject, **forms), status=status
    )


@login_required
def user_create(request: HttpRequest) -> HttpResponse:
    """Add a user to this node's agency, with roles and a temporary password."""
    require_perm(request.user, "accounts.manage_users", _("You may not manage users."))
    form = UserCreateForm(request.POST or None)
    user = form_post(
        request,
        form,
        lambda data: admin_services.user_admin_create(
            acting_user=request.user,  # type: ignore[arg-type]
            username=data["username"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            email=data["email"],
            roles=data["roles"],
            temporary_password=data["temporary_password"],
        ),
    )
    if user is not None:
        messages.success(
            request,
            _(
                "User %(username)s is created. At the first login they choose a password "
                "and set up their authenticator app."
            )
            % {"username": user.get_username()},
        )
        return redirect("accounts:user_detail", user_id=user.pk)
    status = 422 if request.method == "POST" else 200
    return render(request, "accounts/user_create.html", {"form": form}, status=status)


def _user_form_post(
    request: HttpRequest,
    user_id: int,
    form_class: Any,
    prefix: str,
    action: Callable[[User, User, dict[str, Any]], object],
    success: str,
) -> HttpResponse:
    """Validate the posted form, call ``action(acting_user, subject, data)`` and go back to the
    user page with ``success``; a failed form shows on the user page again."""
    subject = _subject(request, user_id)
    form = form_class(request.POST, prefix=prefix)
    if form_post(
        request,
        form,
        lambda data: action(request.user, subject, data),  # type: ignore[arg-type]
        success=success,
    ):
        return redirect("accounts:user_detail", user_id=subject.pk)
    return _detail(request, subject, **{f"{prefix}_form": form})


@login_required
@require_POST
def user_roles(request: HttpRequest, user_id: int) -> HttpResponse:
    return _user_form_post(
        request,
        user_id,
        UserRolesForm,
        "roles",
        lambda acting, subject, data: admin_services.user_roles_set(
            acting_user=acting, user=subject, roles=data["roles"], reason=data["reason"]
        ),
        _("The roles are saved."),
    )


@login_required
@require_POST
def user_unlock(request: HttpRequest, user_id: int) -> HttpResponse:
    return _user_form_post(
        request,
        user_id,
        ReasonForm,
        "unlock",
        lambda acting, subject, data: admin_services.user_unlock(
            acting_user=acting, user=subject, reason=data["reason"]
        ),
        _("The account is unlocked; the user can log in again."),
    )


@login_required
@require_POST
def user_password_reset(request: HttpRequest, user_id: int) -> HttpResponse:
    subject = _subject(request, user_id)
    form = PasswordResetForm(request.POST, prefix="password")
    if form.is_valid():
        data = form.cleaned_data
        try:
            path = admin_services.user_password_reset(
                acting_user=request.user,  # type: ignore[arg-type]
                user=subject,
                method=data["method"],
                reason=data["reason"],
                temporary_password=data["temporary_password"],
            )
        except ValidationError as exc:
            service_errors_to_form(form, exc)
        else:
            if not path:
                messages.success(
                    request,
                    _("The temporary password is set; the user changes it at the next login."),
                )
                return redirect("accounts:user_detail", user_id=subject.pk)
            # The link is shown once, on this response only; it is never stored or logged.
            subject.refresh_from_db()
            return _detail(
                request, subject, status=200, reset_link=request.build_absolute_uri(path)
            )
    return _detail(request, subject, password_form=form)


@login_required
@require_POST
def user_totp_reset(request: HttpRequest, user_id: int) -> HttpResponse:
    return _user_form_post(
        request,
        user_id,
        ReasonForm,
        "totp",
        lambda acting, subject, data: admin_services.user_totp_reset(
            acting_user=acting, user=subject, reason=data["reason"]
        ),
        _("The authenticator is removed; the user sets up a new one at the next login."),
    )


def _number(value: Any) -> Any:
    """12.0 as "12", 6.5 as "6.5" (or "6,5" in French): no trailing zeros."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    if float(value).is_integer():
        return number_format(int(value))
    return number_format(round(float(value), 2))


@login_required
def node_settings(request: HttpRequest) -> HttpResponse:
    """The node's run-time settings, each with its environment default."""
    require_perm(
        request.user,
        "accounts.manage_node_settings",
        _("You may not change the node's settings."),
    )
    errors: dict[str, str] = {}
    if request.method == "POST":
        name = request.POST.get("name", "")
        if name not in NODE_SETTINGS:
            raise PermissionDenied(_("There is no such setting."))
        reset = request.POST.get("reset") == "1"
        raw: Any = None if reset else request.POST.get("value", "")
        if not reset and NODE_SETTINGS[name].kind == "bool":
            raw = request.POST.get("value") == "1"
        try:
            admin_services.node_setting_set(
                acting_user=request.user,  # type: ignore[arg-type]
                name=name,
                value=raw,
                reason=request.POST.get("reason", ""),
            )
        except ValidationError as exc:
            errors[name] = "; ".join(exc.messages)
        else:
            messages.success(
                request, _("%(setting)s is saved.") % {"setting": NODE_SETTINGS[name].label}
            )
            return redirect("accounts:node_settings")
    rows = node_settings_table()
    for row in rows:
        row["shown"] = _number(row["value"])
        row["default_shown"] = _number(row["default"])
        row["error"] = errors.get(row["spec"].name, "")
        row["posted"] = request.POST.get("value", "") if row["error"] else None
    return render(
        request,
        "accounts/node_settings.html",
        {"rows": rows},
        status=422 if errors else 200,
    )
