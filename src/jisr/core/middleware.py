"""Language: each node speaks its own default until the user picks another."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

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
