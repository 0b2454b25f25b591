"""Abstract models every app builds on, and the ground floor's one table (node settings)."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _

from jisr.core.deadlines import deadline_fields
from jisr.core.ids import new_id


class UUIDModel(models.Model):
    """A model whose primary key is a UUIDv7 made by :func:`jisr.core.ids.new_id`."""

    id = models.UUIDField(primary_key=True, default=new_id, editable=False)

    class Meta:
        abstract = True


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
