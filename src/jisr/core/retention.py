"""The retention schedule's vocabulary: what each app declares about the personal data it keeps.

An app lists its kinds of record on its AppConfig, as data, the way it declares deadlines::

    retention_kinds = (
        RetentionKind(
            key="wanted.screening_subject",
            label=_("Screened subjects with no confirmed hit"),
            model="wanted.ScreeningSubject",
            age_field="created_at",
            default_days=30,
            min_days=1,
            max_days=365,
            at_end=RetentionEnd.DELETE,
            reason=_("A screened person who matched nobody is kept days, not years."),
            scope="jisr.wanted.retention.subjects_without_hit",
        ),
    )

The privacy app reads them (:func:`retention_kinds`), keeps each agency's chosen period
within the bounds, and enforces the schedule in the worker. ``scope`` names a function
``(queryset) -> queryset`` narrowing the rows the rule applies to; ``purge`` names a function
``(queryset) -> int`` that deletes or anonymises them the app's own way (for example with
tombstones to partner copies) and returns how many it handled. Without ``purge`` the rows are
deleted with ``queryset.delete()``. A module that is not installed declares nothing, so the
schedule only lists what the node holds.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class RetentionEnd(models.TextChoices):
    """What happens to a record at the end of its retention period."""

    DELETE = "delete", _("deleted")
    ANONYMISE = "anonymise", _("anonymised (personal fields removed, counts kept)")
    REVIEW = "review", _("reviewed by a person")


@dataclass(frozen=True)
class RetentionKind:
    """One kind of record holding personal data, and its default retention rule."""

    key: str
    label: str | Promise
    model: str
    age_field: str
    default_days: int
    min_days: int
    max_days: int
    at_end: str
    reason: str | Promise
    scope: str | None = None
    purge: str | None = None


def retention_kinds() -> list[RetentionKind]:
    """Every installed app's declared kinds, in app order."""
    kinds: list[RetentionKind] = []
    for config in apps.get_app_configs():
        kinds.extend(getattr(config, "retention_kinds", ()))
    return kinds
