"""Session lifetime: 12 hours in all, whatever the activity."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from jisr.core import clock

LOGIN_AT_KEY = "jisr_login_at"


class SessionLifetimeMiddleware:
    """Ends a session 12 hours after login. Idle expiry is the cookie age (30 minutes).

    A disabled user is logged out by Django itself: ``ModelBackend.get_user`` no
    longer returns an inactive user, so the next request is anonymous.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            login_at = request.session.get(LOGIN_AT_KEY)
            limit = float(settings.SESSION_ABSOLUTE_SECONDS)
            if login_at is None or clock.now().timestamp() - float(login_at) > limit:
                logout(request)
                messages.info(request, _("Your session has ended. Please log in again."))
                return redirect(settings.LOGIN_URL)
        return self.get_response(request)
