"""The training module's part of the home page's work queue."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jisr.core.registry import WorkRow, WorkSection
from jisr.training import selectors
from jisr.training.permissions import APPROVE_NOMINATIONS

SHOWN = 10


def work_queue(user: Any) -> list[WorkSection]:
    if not user.has_perm(APPROVE_NOMINATIONS):
        return []
    rows = selectors.nominations_to_approve(user).order_by("created_at")
    return [
        WorkSection(
            key="training_nominations",
            title=gettext_lazy("Nominations to approve"),
            rows=[
                WorkRow(
                    text=n.participant_name,
                    url=reverse("training:nomination_queue"),
                    detail=_("%(course)s, from %(start)s")
                    % {"course": n.session.course.title, "start": n.session.starts_on.isoformat()},
                    at=n.created_at,
                    kind="nomination",
                )
                for n in rows[:SHOWN]
            ],
            order=35,
            url=reverse("training:nomination_queue"),
            total=rows.count(),
        )
    ]
