from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from jisr.core.registry import home_figures


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """What the user's agency has in the system, module by module."""
    return render(request, "core/home.html", {"figures": home_figures(request.user)})


def health(request: HttpRequest) -> JsonResponse:
    """Liveness for the reverse proxy and the demo launcher; no data."""
    return JsonResponse({"status": "ok"})
