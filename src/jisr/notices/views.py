"""Pages: the inbox of notices, the live header badge, marking read."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from jisr.notices import selectors, services

PAGE_SIZE = 25


def _next_or(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


@login_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    show = "all" if request.GET.get("show") == "all" else "unread"
    notices = selectors.notices_for(request.user, unread_only=show == "unread")
    page = Paginator(notices, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "notices/inbox.html",
        {"page": page, "show": show, "unread": selectors.unread_count(request.user)},
    )


@login_required
@require_GET
def badge(request: HttpRequest) -> HttpResponse:
    """The header badge alone, polled by htmx so the count stays live."""
    return render(
        request, "notices/_badge.html", {"notice_unread": selectors.unread_count(request.user)}
    )


@login_required
@require_POST
def notice_read(request: HttpRequest, notice_id: str) -> HttpResponse:
    notice = selectors.access_notice(notice_id, request.user)
    services.notice_mark_read(acting_user=request.user, notice=notice)
    if request.POST.get("open") and notice.url:
        return redirect(notice.url)
    return redirect(_next_or(request, "notices:inbox"))


@login_required
@require_POST
def read_all(request: HttpRequest) -> HttpResponse:
    app = request.POST.get("app", "")[:32]
    services.notices_mark_all_read(acting_user=request.user, app=app)
    return redirect(_next_or(request, "notices:inbox"))


@login_required
def legacy_redirect(request: HttpRequest, **_ignored: object) -> HttpResponse:
    """Old per-app notification URLs lead to the one inbox."""
    return redirect("notices:inbox")
