"""Abstract models every app builds on. ``jisr.core`` has no concrete model of its own."""

from __future__ import annotations

import datetime as dt

from django.db import models

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
