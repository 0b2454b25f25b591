"""Reads: a user's notices, the unread count, one notice checked for its owner."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from jisr.core.access import parse_uuid
from jisr.notices.models import Notice
from jisr.notices.services import target_key


def notices_for(user: Any, *, unread_only: bool = False, app: str = "") -> QuerySet[Notice]:
    """The user's own notices, newest first (only ``app``'s kinds when given)."""
    notices = Notice.objects.filter(user_id=user.pk)
    if unread_only:
        notices = notices.filter(read_at__isnull=True)
    if app:
        notices = notices.filter(kind__startswith=f"{app}.")
    return notices.order_by("-created_at", "-id")


def unread_count(user: Any) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notice.objects.filter(user_id=user.pk, read_at__isnull=True).count()


def access_notice(notice_id: Any, user: Any) -> Notice:
    """The notice, if it is the user's: unknown is a 404, someone else's a 403."""
    parsed = parse_uuid(notice_id)
    notice = Notice.objects.filter(pk=parsed).first() if parsed else None
    if notice is None:
        raise Http404
    if notice.user_id != user.pk:
        raise PermissionDenied(_("This notice is for someone else."))
    return notice


def notice_sent_since(kind: str, target: models.Model, since: dt.date) -> bool:
    """Whether anyone got a ``kind`` notice about ``target`` on or after ``since``."""
    target_type, target_id = target_key(target)
    return Notice.objects.filter(
        kind=kind, target_type=target_type, target_id=target_id, created_at__date__gte=since
    ).exists()
