"""The wanted register's part of the home page's work queue."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from jisr.core import scripts
from jisr.core.registry import WorkRow, WorkSection
from jisr.wanted import selectors
from jisr.wanted.models import Hit
from jisr.wanted.permissions import HANDLE_HITS, REVIEW_ALERT
from jisr.wanted.reference import HitStatus

SHOWN = 10


def _names(names: list[str]) -> str:
    return " / ".join(scripts.reader_first(list(names), get_language() or "en"))


def work_queue(user: Any) -> list[WorkSection]:
    sections: list[WorkSection] = []
    agency = getattr(user, "agency", None)
    if user.has_perm(HANDLE_HITS) and agency is not None and agency.is_own:
        hits = selectors.hits_for_queue(
            user, direction=Hit.Direction.INCOMING, status=HitStatus.REPORTED
        ).order_by("due_at")
        sections.append(
            WorkSection(
                key="hits",
                title=gettext_lazy("Hits awaiting our answer"),
                rows=[
                    WorkRow(
                        text=_names(hit.alert_names),
                        url=reverse("wanted:hit_detail", args=[hit.pk]),
                        detail=_("Reported by %(agency)s at %(place)s")
                        % {"agency": hit.reporter_code, "place": hit.location},
                        deadline=hit.deadline,
                        kind="hit",
                    )
                    for hit in hits[:SHOWN]
                ],
                order=10,
                url=reverse("wanted:hits_incoming") + "?status=reported",
                total=hits.count(),
            )
        )
    if user.has_perm(REVIEW_ALERT):
        alerts = selectors.alerts_for_review(user)
        sections.append(
            WorkSection(
                key="reviews",
                title=gettext_lazy("Alerts waiting for your review"),
                rows=[
                    WorkRow(
                        text=_names(alert.names),
                        url=reverse("wanted:alert_review", args=[alert.pk]),
                        detail=_("Submitted by %(author)s")
                        % {"author": alert.author.get_username() if alert.author else ""},
                        at=alert.updated_at,
                        kind="review",
                    )
                    for alert in alerts[:SHOWN]
                ],
                order=30,
                url=reverse("wanted:review_queue"),
                total=alerts.count(),
            )
        )
    return sections
