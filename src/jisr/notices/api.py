"""API: ``GET /notices`` (paginated) and ``POST /notices/{id}/read``."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from jisr.notices import selectors, services
from jisr.notices.models import Notice

router = Router(tags=["notices"])


class NoticeOut(Schema):
    id: uuid.UUID
    kind: str
    label: str
    target_type: str
    target_id: str
    url: str
    urgent: bool
    created: dt.datetime
    read_at: dt.datetime | None


class NoticePage(Schema):
    items: list[NoticeOut]
    count: int


class NoticeFilter(Schema):
    unread: bool = False
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0, le=1_000_000)


def _out(notice: Notice) -> dict[str, Any]:
    return {
        "id": notice.id,
        "kind": notice.kind,
        "label": notice.label,
        "target_type": notice.target_type,
        "target_id": notice.target_id,
        "url": notice.url,
        "urgent": notice.urgent,
        "created": notice.created_at,
        "read_at": notice.read_at,
    }


@router.get("/notices", response=NoticePage)
def notice_list(request: HttpRequest, filters: Query[NoticeFilter]) -> dict[str, Any]:
    """The token user's notices, newest first; ``unread=true`` keeps the unread ones."""
    notices = selectors.notices_for(request.user, unread_only=filters.unread)
    window = notices[filters.offset : filters.offset + filters.limit]
    return {"items": [_out(n) for n in window], "count": notices.count()}


@router.post("/notices/{notice_id}/read", response=NoticeOut)
def notice_read(request: HttpRequest, notice_id: str) -> dict[str, Any]:
    """Mark one of the user's notices read: 404 if unknown, 403 if someone else's."""
    notice = selectors.access_notice(notice_id, request.user)
    return _out(services.notice_mark_read(acting_user=request.user, notice=notice))
