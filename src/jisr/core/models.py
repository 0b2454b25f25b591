"""Abstract models every app builds on. ``jisr.core`` has no concrete model of its own."""

from __future__ import annotations

from django.db import models

from jisr.core.ids import new_id


class UUIDModel(models.Model):
    """A model whose primary key is a UUIDv7 made by :func:`jisr.core.ids.new_id`."""

    id = models.UUIDField(primary_key=True, default=new_id, editable=False)

    class Meta:
        abstract = True
