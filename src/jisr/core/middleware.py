"""Language and time zone: the node's defaults until the user picks their own."""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from jisr.core import timefmt
from jisr.core.node_settings import node_setting


class NodeLanguageMiddleware:
    """Make the node's default language win over the browser's Accept-Language.

    Node MA defaults to Arabic and node FR to French whatever the browser says; a
    user's explicit choice (the language cookie set by the switcher) still wins.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # The API honours Accept-Language: integrations ask for the language they want.
        is_api = request.path.startswith("/api/")
        if not is_api and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
            # The node's default (an administrator may change it at run time) stands in
            # for the browser's Accept-Language, which LocaleMiddleware reads next.
            request.META["HTTP_ACCEPT_LANGUAGE"] = node_setting("default_language")
        return self.get_response(request)


class UserTimeZoneMiddleware:
    """Show and read times in the user's own time zone, else the node's (TIME_ZONE).

    Stored times stay in UTC; Django converts on display and on form input in the
    active zone.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        name = getattr(user, "time_zone", "") if user is not None else ""
        if name and timefmt.is_time_zone(name):
            timezone.activate(zoneinfo.ZoneInfo(name))
        else:
            timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
