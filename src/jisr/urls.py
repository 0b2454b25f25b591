"""URL map. Every app keeps its own ``urls.py``; the API is mounted under /api/v1."""

from __future__ import annotations

import importlib

from django.urls import URLPattern, URLResolver, include, path, re_path

from jisr.api import api, api_not_found

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("jisr.core.urls")),
    path("accounts/", include("jisr.accounts.urls")),
    path("audit/", include("jisr.audit.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    # A path under the API that no operation matches (say, a malformed id) answers in JSON.
    re_path(r"^api/v1/", api_not_found),
]

# Feature modules mount themselves when they have pages.
for _app in [
    "federation",
    "notices",
    "wanted",
    "exchange",
    "events",
    "groups",
    "risks",
    "training",
    "privacy",
    "plan",
]:
    try:
        importlib.import_module(f"jisr.{_app}.urls")
    except ModuleNotFoundError as _exc:
        if _exc.name != f"jisr.{_app}.urls":
            raise
        continue
    urlpatterns.append(path(f"{_app}/", include(f"jisr.{_app}.urls")))

# Styled, translated error pages (jisr.core.errors); the 500 page needs no database.
handler403 = "jisr.core.errors.permission_denied"
handler404 = "jisr.core.errors.page_not_found"
handler500 = "jisr.core.errors.server_error"
