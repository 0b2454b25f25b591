from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from jisr.core.registry import home_figures, work_queue


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The user's work queue: what waits for them, most urgent first, then recent activity."""
    sections = work_queue(request.user)
    waiting = any(not section.recent for section in sections)
    return render(request, "core/home.html", {"sections": sections, "waiting": waiting})


@login_required
def statistics(request: HttpRequest) -> HttpResponse:
    """What the user's agency has in the system, module by module."""
    return render(request, "core/statistics.html", {"figures": home_figures(request.user)})


def health(request: HttpRequest) -> JsonResponse:
    """Liveness for the reverse proxy and the demo launcher; no data."""
    return JsonResponse({"status": "ok"})
