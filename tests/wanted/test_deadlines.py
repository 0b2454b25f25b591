"""Hit deadlines through the one sweep (jisr.core.deadlines): exact times, recipients, races."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest
from django.db import connection, connections

from jisr.audit.models import AuditEntry
from jisr.core.deadlines import claim, deadlines_sweep
from jisr.notices.models import Notice
from jisr.wanted.models import Hit

T0 = dt.datetime(2026, 12, 1, 8, 0, tzinfo=dt.UTC)
NONE = {"reminders": 0, "overdue": 0, "escalations": 0}


def _incoming_hit(location: str = "Tanger Med") -> Hit:
    hit = Hit(
        direction=Hit.Direction.INCOMING,
        alert_ref="00000000-0000-4000-8000-000000000001",
        owner_code="MA-DGSN",
        reporter_code="FR-DGPN",
        circumstances="Passport check",
        location=location,
        seen_at=T0,
        reported_at=T0,
    )
    hit.set_deadline(T0, T0 + dt.timedelta(hours=12))
    hit.save()
    return hit


def _who(kind: str, hit: Hit) -> list[str]:
    notices = Notice.objects.filter(kind=kind, target_type="wanted.hit", target_id=str(hit.id))
    return sorted(n.user.username for n in notices)


@pytest.mark.django_db
def test_a_hit_is_reminded_at_half_time_and_escalated_after_its_deadline(staff: Any) -> None:
    hit = _incoming_hit()
    answered = _incoming_hit("Algeciras")
    Hit.objects.filter(pk=answered.pk).update(status="responded")
    assert hit.remind_at == T0 + dt.timedelta(hours=6)

    assert deadlines_sweep(T0 + dt.timedelta(hours=5, minutes=59)) == NONE
    assert deadlines_sweep(T0 + dt.timedelta(hours=6)) == {**NONE, "reminders": 1}
    assert _who("wanted.hit_reminder", hit) == ["ma.off", "ma.off2", "ma.sup"]
    assert deadlines_sweep(T0 + dt.timedelta(hours=11)) == NONE
    assert deadlines_sweep(T0 + dt.timedelta(hours=12)) == NONE  # due, not yet past
    assert deadlines_sweep(T0 + dt.timedelta(hours=12, seconds=1)) == {**NONE, "escalations": 1}
    assert _who("wanted.hit_overdue", hit) == ["ma.sup"]
    assert deadlines_sweep(T0 + dt.timedelta(days=3)) == NONE

    hit.refresh_from_db()
    assert hit.reminded_at == T0 + dt.timedelta(hours=6)
    assert hit.escalated_at == T0 + dt.timedelta(hours=12, seconds=1)
    assert _who("wanted.hit_reminder", answered) == []  # answered in time: left alone
    actions = AuditEntry.objects.filter(target_id=str(hit.id)).values_list("action", flat=True)
    assert sorted(actions) == ["hit.escalate", "hit.reminder"]


@pytest.mark.django_db
def test_a_step_is_claimed_by_exactly_one_caller(staff: Any) -> None:
    hit = _incoming_hit()
    assert claim(Hit, hit.pk, "reminded_at", T0) is True
    assert claim(Hit, hit.pk, "reminded_at", T0) is False


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_running_at_once_send_each_reminder_exactly_once(staff: Any) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers, so the sweeps cannot race")
    hits = [_incoming_hit(f"Gate {n}") for n in range(40)]
    now = T0 + dt.timedelta(hours=13)  # every hit is due for its reminder and its escalation
    start = threading.Barrier(2)
    results: list[dict[str, int]] = []
    errors: list[BaseException] = []

    def sweep() -> None:
        try:
            start.wait()
            results.append(deadlines_sweep(now))
        except BaseException as exc:  # reported below, in the test's thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == [] and len(results) == 2
    assert sum(r["reminders"] for r in results) == 40
    assert sum(r["escalations"] for r in results) == 40
    for hit in hits:
        assert _who("wanted.hit_reminder", hit) == ["ma.off", "ma.off2", "ma.sup"]
        assert _who("wanted.hit_overdue", hit) == ["ma.sup"]
    assert AuditEntry.objects.filter(action="hit.reminder").count() == 40


def test_the_declared_deadlines_pass_the_system_check() -> None:
    from jisr.core.deadlines import Deadline, check_deadlines, registered_deadlines

    assert {"wanted.Hit", "exchange.Message"} <= {d.model for d in registered_deadlines()}
    assert check_deadlines() == []
    broken = [
        Deadline(model="wanted.Nothing", open="jisr.wanted.services.hits.hits_awaiting_answer"),
        Deadline(model="wanted.Alert", open="jisr.wanted.nowhere.rows"),
    ]
    assert [e.id for e in check_deadlines(deadlines=broken)] == [
        "jisr.E101",
        "jisr.E102",
        "jisr.E103",
    ]
