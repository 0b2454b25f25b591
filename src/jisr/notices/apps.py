from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from jisr.core.registry import WorkRow, WorkSection
from jisr.notices.retention import RETENTION_KINDS


class NoticesConfig(AppConfig):
    name = "jisr.notices"
    label = "notices"
    verbose_name = _("Notices")
    retention_kinds = RETENTION_KINDS
    # The header shows the unread count on every page (see jisr.core.registry.header_templates).
    header_templates = ("notices/_header.html",)

    def work_queue(self, user: Any) -> list[WorkSection]:
        """The user's unread notices, newest first."""
        from django.urls import reverse

        from jisr.notices.selectors import notices_for

        if not getattr(user, "is_authenticated", False):
            return []
        unread = notices_for(user, unread_only=True)
        return [
            WorkSection(
                key="notices",
                title=_("Unread notices"),
                rows=[
                    WorkRow(
                        text=notice.text or str(notice.label),
                        url=notice.url or reverse("notices:inbox"),
                        detail=str(notice.label) if notice.text else "",
                        at=notice.created_at,
                        kind="notice",
                    )
                    for notice in unread[:10]
                ],
                order=40,
                url=reverse("notices:inbox"),
                total=unread.count(),
            )
        ]
