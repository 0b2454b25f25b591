"""Abstract models every app builds on, and the ground floor's one table (node settings)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from jisr.core.deadlines import deadline_fields
from jisr.core.ids import new_id


class UUIDModel(models.Model):
    """A model whose primary key is a UUIDv7 made by :func:`jisr.core.ids.new_id`."""

    id = models.UUIDField(primary_key=True, default=new_id, editable=False)

    class Meta:
        abstract = True


class OwnedRecord(UUIDModel):
    """A record its owner edits and shares: the owner's version number, who made it, when.

    The version is the replication counter (an older copy never overwrites a newer one).
    """

    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"))
    updated_at = models.DateTimeField(_("updated"))

    class Meta:
        abstract = True


def in_language(obj: Any, stem: str, fallback: tuple[str, ...] = ("ar", "fr", "en")) -> str:
    """``obj.<stem>_<lang>`` in the active language, else the first of ``fallback`` that has it."""
    language = (get_language() or "en")[:2]
    for code in (language, *fallback):
        value = getattr(obj, f"{stem}_{code}", "")
        if value:
            return str(value)
    return ""


class TitledInThreeLanguages(models.Model):
    """A title and a description in Arabic, French and English, read in the active language.

    ``FALLBACK`` is the order of the languages tried when the active one is empty.
    """

    FALLBACK: tuple[str, ...] = ("ar", "fr", "en")

    title_ar = models.CharField(_("title (Arabic)"), max_length=200, blank=True)
    title_fr = models.CharField(_("title (French)"), max_length=200, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    description_ar = models.TextField(_("description (Arabic)"), blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)

    class Meta:
        abstract = True

    @property
    def title(self) -> str:
        return in_language(self, "title", self.FALLBACK)

    @property
    def description(self) -> str:
        return in_language(self, "description", self.FALLBACK)


class StoredFile(UUIDModel):
    """A file kept in the database with its SHA-256, as given with a message or a lead.

    ``filename`` is the safe name (core.filenames.safe_filename) used for downloads;
    ``original_filename`` is what the sender gave, for display only.
    """

    filename = models.CharField(_("file name"), max_length=255)
    original_filename = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    data = models.BinaryField()

    class Meta:
        abstract = True
        ordering = ["filename"]

    def __str__(self) -> str:
        return self.filename

    @property
    def display_name(self) -> str:
        return self.original_filename or self.filename

    def metadata(self) -> dict[str, Any]:
        """What the API and the envelope say of the file besides its bytes."""
        return {
            "id": str(self.id),
            "filename": self.filename,
            "original_filename": self.display_name,
            "content_type": self.content_type,
            "size": self.size,
            "sha256": self.sha256,
        }


class DeadlineMixin(models.Model):
    """Fields of a time limit: when it is due, when to remind, which steps were taken.

    ``remind_at`` is half-way between the start and ``due_at``; set it with
    :meth:`set_deadline`. A null ``remind_at`` means no reminder is planned.
    """

    due_at = models.DateTimeField(null=True, blank=True, db_index=True)
    remind_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    overdue_notified_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True

    def set_deadline(self, start: dt.datetime, due: dt.datetime, *, remind: bool = True) -> None:
        """Run from ``start`` to ``due``, with a reminder at half time unless ``remind`` is off."""
        for name, value in deadline_fields(start, due, remind=remind).items():
            setattr(self, name, value)


class NodeSetting(models.Model):
    """A value that overrides the environment's default for one run-time setting.

    Only the names declared in ``jisr.core.node_settings.NODE_SETTINGS`` are read;
    deleting a row returns the setting to its environment value.
    """

    name = models.CharField(_("name"), max_length=64, primary_key=True)
    value = models.JSONField(_("value"))
    updated_at = models.DateTimeField(_("changed"))
    updated_by = models.CharField(_("changed by"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("node setting")
        verbose_name_plural = _("node settings")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name}={self.value!r}"
