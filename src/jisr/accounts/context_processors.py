from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from jisr.accounts.selectors import own_agency


def agency(request: HttpRequest) -> dict[str, Any]:
    """The node's own agency, for the page header."""
    return {"jisr_agency": own_agency()}
