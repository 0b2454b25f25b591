"""The one deadline sweep with declarations made here: a failing notice is retried, alone."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from jisr.core.deadlines import Deadline, deadlines_sweep
from jisr.wanted.models import Hit

pytestmark = pytest.mark.django_db

T0 = dt.datetime(2026, 12, 1, 8, 0, tzinfo=dt.UTC)
SENT: list[str] = []
BROKEN: set[str] = set()


def open_hits() -> Any:
    return Hit.objects.filter(status="reported")


def remind(hit: Hit, now: dt.datetime) -> None:
    if hit.location in BROKEN:
        raise RuntimeError("mail server on fire")
    SENT.append(hit.location)


def _hit(location: str) -> Hit:
    hit = Hit(
        direction="incoming",
        alert_ref="00000000-0000-4000-8000-000000000001",
        owner_code="MA-DGSN",
        reporter_code="FR-DGPN",
        circumstances="c",
        location=location,
        seen_at=T0,
        reported_at=T0,
    )
    hit.set_deadline(T0, T0 + dt.timedelta(hours=2))
    hit.save()
    return hit


DECLARED = [
    Deadline(
        model="wanted.Hit",
        open="tests.core.test_deadlines.open_hits",
        on_reminder="tests.core.test_deadlines.remind",
    )
]


def test_a_failing_callback_leaves_its_row_for_the_next_sweep_and_the_others_go_on() -> None:
    SENT.clear()
    BROKEN.clear()
    first, second = _hit("Gate A"), _hit("Gate B")
    BROKEN.add("Gate A")
    now = T0 + dt.timedelta(hours=1)
    assert deadlines_sweep(now, deadlines=DECLARED)["reminders"] == 1
    assert SENT == ["Gate B"]
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.reminded_at, second.reminded_at) == (None, now)
    BROKEN.clear()
    assert deadlines_sweep(now, deadlines=DECLARED)["reminders"] == 1
    assert SENT == ["Gate B", "Gate A"]
    assert deadlines_sweep(now, deadlines=DECLARED)["reminders"] == 0
