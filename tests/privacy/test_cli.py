"""`jisr retention report` and `jisr retention run [--dry-run]`, in this process's database."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

import pytest

from jisr.commands import _cmd_retention
from jisr.privacy.tallies import removed_count
from jisr.wanted.models import Screening

pytestmark = pytest.mark.django_db


def _screen(officer: Any) -> None:
    from jisr.wanted.services import screening_run

    screening_run(
        acting_user=officer,
        purpose="Case MA-DGSN-2026-0001",
        subjects=[{"names": ["Imane Fictive-Kadiri"], "birth_date": "", "nationality": []}],
    )


def _run(capsys: Any, **options: Any) -> str:
    _cmd_retention(argparse.Namespace(**options), [])
    return str(capsys.readouterr().out)


def test_the_report_lists_count_due_period_and_rule_per_kind(
    staff: dict[str, Any], capsys: Any, clock_offset: Any
) -> None:
    _screen(staff["officer"])
    clock_offset(31 * 86400)

    out = _run(capsys, retention_cmd="report", json=False)

    line = next(row for row in out.splitlines() if row.startswith("wanted.screening "))
    assert line.split()[:5] == ["wanted.screening", "1", "1", "30", "delete"]


def test_the_dry_run_says_what_would_go_and_the_run_does_it(
    staff: dict[str, Any], capsys: Any, clock_offset: Any
) -> None:
    _screen(staff["officer"])
    clock_offset(31 * 86400)

    dry = _run(capsys, retention_cmd="run", dry_run=True)
    assert "wanted.screening                   would delete 1 (period 30 days)" in dry
    assert Screening.objects.count() == 1

    done = _run(capsys, retention_cmd="run", dry_run=False)
    assert "wanted.screening                   deleted 1 (period 30 days)" in done
    assert Screening.objects.count() == 0
    from jisr.core import clock

    today = clock.now().date()
    assert removed_count("wanted.screening", today, today + dt.timedelta(days=1)) == 1
