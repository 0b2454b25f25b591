"""Session lifetime: 30 minutes idle, 12 hours in all, whatever the activity."""

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
SEEN_AT_KEY = "jisr_seen_at"


class SessionLifetimeMiddleware:
    """Ends a session 12 hours after login, and renews its idle expiry as the user works.

    The idle expiry (``SESSION_COOKIE_AGE``, 30 minutes) is the session's expiry date in
    the database. It is pushed back when the session is saved, which happens here at most
    once every ``SESSION_REFRESH_SECONDS``: a session ends between 29 and 30 minutes after
    the user's last request, and reading a page does not write the database each time.

    A disabled user is logged out by Django itself: ``ModelBackend.get_user`` no
    longer returns an inactive user, so the next request is anonymous.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = clock.now().timestamp()
            login_at = request.session.get(LOGIN_AT_KEY)
            limit = float(settings.SESSION_ABSOLUTE_SECONDS)
            if login_at is None or now - float(login_at) > limit:
                logout(request)
                messages.info(request, _("Your session has ended. Please log in again."))
                return redirect(settings.LOGIN_URL)
            seen_at = request.session.get(SEEN_AT_KEY)
            # abs(): a clock set back must not stop the renewals.
            if seen_at is None or abs(now - float(seen_at)) >= settings.SESSION_REFRESH_SECONDS:
                request.session[SEEN_AT_KEY] = now  # saved with a renewed expiry date
        return self.get_response(request)
