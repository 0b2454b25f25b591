"""In-app notices: one row per user and event, read or unread."""

from __future__ import annotations

import uuid6
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jisr.core import clock


class Notice(models.Model):
    """Something a user should look at: a hit to answer, a reminder, a new message.

    ``target_type`` ("app_label.model") and ``target_id`` name the object loosely, so
    any app can notify about its records without this app knowing their models.
    """

    id = models.UUIDField(primary_key=True, default=uuid6.uuid7, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices"
    )
    kind = models.CharField(_("kind"), max_length=64)
    target_type = models.CharField(max_length=64, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    url = models.CharField(max_length=300, blank=True)
    text = models.CharField(_("text"), max_length=300, blank=True)
    urgent = models.BooleanField(_("urgent"), default=False)
    created_at = models.DateTimeField(_("created"), default=clock.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-created_at", "-id"]
        indexes = [
            # The header badge counts a user's unread notices on every page.
            models.Index(
                fields=["user", "created_at"],
                condition=models.Q(read_at__isnull=True),
                name="notices_unread_by_user",
            ),
            models.Index(fields=["user", "-created_at"], name="notices_by_user"),
            models.Index(fields=["target_type", "target_id"], name="notices_by_target"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.user_id}"

    @property
    def label(self) -> str:
        from jisr.notices.kinds import kind_label

        return kind_label(self.kind)
