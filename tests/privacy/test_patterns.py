"""Patterns a DPO watches: each becomes one notice to the DPO, once."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from jisr.audit.services import audit_record
from jisr.core import clock
from jisr.notices.models import Notice
from jisr.privacy.models import PatternFinding
from jisr.privacy.services.patterns import patterns_check

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 3, 10)


def _at(hour: int, clock_offset: Any, day: dt.date = DAY) -> None:
    target = dt.datetime.combine(day, dt.time(hour, 5), tzinfo=dt.UTC)
    clock_offset(0)
    clock_offset((target - clock.now()).total_seconds())


def test_a_user_consulting_far_more_than_usual_becomes_a_notice_to_the_dpo(
    staff: dict[str, Any], clock_offset: Any
) -> None:
    _at(10, clock_offset, DAY - dt.timedelta(days=3))
    for _ in range(2):
        audit_record(staff["officer"], "alert.view", target=("wanted.alert", "x"))
    _at(10, clock_offset)
    for _ in range(60):
        audit_record(staff["officer"], "alert.view", target=("wanted.alert", "x"))

    found = patterns_check(DAY)

    assert [(f.kind, f.username, f.count) for f in found] == [("volume", "ma.off", 60)]
    notice = Notice.objects.get(kind="privacy.pattern")
    assert notice.user == staff["dpo"]
    assert patterns_check(DAY) == [] and PatternFinding.objects.count() == 1


def test_screening_without_a_case_reference_and_night_consultations_are_reported(
    staff: dict[str, Any], clock_offset: Any
) -> None:
    _at(23, clock_offset)
    audit_record(staff["officer"], "screening.run", justification="curiosity")
    _at(11, clock_offset)
    audit_record(staff["officer"], "screening.run", justification="Case MA-DGSN-2026-0001")

    found = {(f.kind, f.count) for f in patterns_check(DAY)}

    assert found == {("no_case", 1), ("off_hours", 1)}
    assert Notice.objects.filter(kind="privacy.pattern").count() == 2
