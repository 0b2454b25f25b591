"""The participants' personal data, removed when the retention period ends."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import QuerySet

from jisr.audit.services import audit_record
from jisr.training.actions import TrainingAction


def nominations_not_anonymised(queryset: QuerySet[Any]) -> QuerySet[Any]:
    return queryset.filter(anonymised=False)


def nominations_anonymise(queryset: QuerySet[Any]) -> int:
    """Blank the participant's name, rank, unit and motivation; keep the counts."""
    with transaction.atomic():
        count = queryset.filter(anonymised=False).update(
            participant_name="—", rank="", unit="", motivation="", anonymised=True
        )
        if count:
            audit_record("system", TrainingAction.PERSONAL_DATA_PURGE, extra={"nominations": count})
    return int(count)
