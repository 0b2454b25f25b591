"""The 403, 404 and 500 pages: styled, translated, with the reason and a way back.

403 and 404 use the base layout (navigation, language). The 500 page is rendered
without a request context, so it needs neither the database nor the session that
may be what failed.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template.loader import get_template
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _


def _back(request: HttpRequest) -> str:
    """The page the user came from when it is on this node, else the home page."""
    referer = request.META.get("HTTP_REFERER", "")
    safe = url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return referer if referer and safe else "/"


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """403: the service's own reason when it gave one (already translated)."""
    reason = str(exception) if isinstance(exception, PermissionDenied) and str(exception) else ""
    return render(
        request,
        "core/error.html",
        {
            "code": 403,
            "heading": _("Access refused"),
            "reason": reason or _("Your role or your agency does not give access to this page."),
            "back": _back(request),
        },
        status=403,
    )


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """404: the same answer for a missing record and one the user may not know exists."""
    return render(
        request,
        "core/error.html",
        {
            "code": 404,
            "heading": _("Page not found"),
            "reason": _("This page or record does not exist, or it is no longer available."),
            "back": _back(request),
        },
        status=404,
    )


def server_error(request: HttpRequest) -> HttpResponse:
    """500: no database, no session, no context processors."""
    html = get_template("core/500.html").render({})
    return HttpResponseServerError(html)
