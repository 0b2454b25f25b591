"""The wanted register's rows on the home page: hits we must answer, alerts to review."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.urls import reverse

from jisr.core import clock
from jisr.wanted.models import Hit
from jisr.wanted.reference import HitStatus
from tests.support.web import logged_in

pytestmark = pytest.mark.django_db


def _incoming_hit(names: list[str], *, hours_left: float, status: str = HitStatus.REPORTED) -> Hit:
    now = clock.now()
    hit = Hit(
        direction=Hit.Direction.INCOMING,
        alert_ref="00000000-0000-4000-8000-000000000001",
        alert_names=names,
        owner_code="MA-DGSN",
        reporter_code="FR-DGPN",
        circumstances="Contrôle fictif",
        location="Port fictif",
        seen_at=now,
        reported_at=now,
        status=status,
    )
    hit.set_deadline(now, now + dt.timedelta(hours=hours_left))
    hit.save()
    return hit


def test_the_home_page_lists_hits_awaiting_our_answer_nearest_deadline_first(
    staff: dict[str, Any],
) -> None:
    later = _incoming_hit(["Karim Fictif"], hours_left=11.5)
    sooner = _incoming_hit(["Nadia Imaginaire"], hours_left=3.5)
    _incoming_hit(["Déjà Répondu"], hours_left=6, status=HitStatus.RESPONDED)
    response = logged_in(staff["supervisor"]).get(reverse("core:home"))
    hits = next(s for s in response.context["sections"] if s.key == "hits")
    assert [row.url for row in hits.rows] == [
        reverse("wanted:hit_detail", args=[sooner.pk]),
        reverse("wanted:hit_detail", args=[later.pk]),
    ]
    assert hits.total == 2
    body = response.content.decode()
    countdowns = re.findall(r'data-testid="countdown">([^<]+)<', body)
    assert countdowns[0] in {"3 h 29 min left", "3 h 30 min left"}, countdowns
    assert countdowns[1] in {"11 h 29 min left", "11 h 30 min left"}, countdowns


def test_a_reviewer_sees_the_alerts_waiting_for_review_and_no_hits(
    staff: dict[str, Any], alert_data: dict[str, Any]
) -> None:
    from jisr.wanted import services

    _incoming_hit(["Karim Fictif"], hours_left=11)
    alert = services.alert_create(acting_user=staff["officer"], data=alert_data)
    services.alert_submit(acting_user=staff["officer"], alert=alert)
    response = logged_in(staff["reviewer"]).get(reverse("core:home"))
    sections = {s.key: s for s in response.context["sections"]}
    assert "hits" not in sections
    assert [row.url for row in sections["reviews"].rows] == [
        reverse("wanted:alert_review", args=[alert.pk])
    ]
    assert "Yassine Benkirane-Test" in sections["reviews"].rows[0].text


def test_an_officer_with_nothing_waiting_is_told_so(staff: dict[str, Any]) -> None:
    body = logged_in(staff["officer2"]).get(reverse("core:home")).content.decode()
    assert "Nothing waits for you." in body
