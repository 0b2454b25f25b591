"""The retention schedule: expired rows go in batches and are counted, nothing else changes."""

from __future__ import annotations

from typing import Any

import pytest

from jisr.audit.models import AuditEntry
from jisr.privacy import schedule
from jisr.privacy.models import RetentionReview, RetentionTally
from jisr.privacy.services.retention import retention_run, retention_setting_set
from jisr.wanted.models import Screening

pytestmark = pytest.mark.django_db

DAY = 24 * 3600


def _screen(officer: Any, name: str = "Nadia Fictive-Lamrani") -> Screening:
    from jisr.wanted.services import screening_run

    return screening_run(
        acting_user=officer,
        purpose="Case MA-DGSN-2026-0001 check",
        subjects=[{"names": [name], "birth_date": "1990", "nationality": ["MA"]}],
    )


def _outcome(outcomes: list[Any], kind: str) -> Any:
    return next(o for o in outcomes if o.kind == kind)


def test_a_run_deletes_exactly_the_screenings_past_their_period_and_counts_them(
    staff: dict[str, Any], clock_offset: Any
) -> None:
    old = [_screen(staff["officer"]) for _ in range(3)]
    clock_offset(20 * DAY)
    recent = _screen(staff["officer"], "Omar Fictif-Berrada")
    clock_offset(31 * DAY)

    outcomes = retention_run(batch_size=2)

    assert _outcome(outcomes, "wanted.screening").handled == 3
    assert not Screening.objects.filter(pk__in=[s.pk for s in old]).exists()
    assert Screening.objects.filter(pk=recent.pk).exists()
    row = AuditEntry.objects.get(action="privacy.retention_run", target_id="wanted.screening")
    assert row.extra == {"kind": "wanted.screening", "count": 3, "rule": "delete", "days": 30}
    assert "Nadia" not in str(row.extra) and not row.justification
    tally = RetentionTally.objects.get(kind="wanted.screening")
    assert tally.count == 3 and tally.rule == "delete"


def test_a_screening_with_a_confirmed_hit_is_kept(
    staff: dict[str, Any], make_alert: Any, clock_offset: Any
) -> None:
    from jisr.wanted.models import Hit

    alert = make_alert()
    screening = _screen(staff["officer"], "Karim Tazi")
    Hit.objects.create(
        direction=Hit.Direction.OUTGOING,
        alert_ref=alert.id,
        owner_code="MA-DGSN",
        reporter_code="MA-DGSN",
        screening=screening,
        circumstances="test",
        location="Tanger",
        seen_at=screening.created_at,
    )
    clock_offset(60 * DAY)

    retention_run()

    assert Screening.objects.filter(pk=screening.pk).exists()


def test_a_dry_run_lists_what_would_go_and_changes_nothing(
    staff: dict[str, Any], clock_offset: Any
) -> None:
    _screen(staff["officer"])
    clock_offset(31 * DAY)
    audit_rows = AuditEntry.objects.count()

    outcomes = retention_run(dry_run=True)

    assert _outcome(outcomes, "wanted.screening").due == 1
    assert _outcome(outcomes, "wanted.screening").handled == 0
    assert Screening.objects.count() == 1
    assert AuditEntry.objects.count() == audit_rows
    assert not RetentionTally.objects.exists()


def test_the_agency_period_applies_within_bounds_and_is_audited(
    staff: dict[str, Any], clock_offset: Any
) -> None:
    from django.core.exceptions import ValidationError

    retention_setting_set(acting_user=staff["dpo"], kind="wanted.screening", days=90)
    _screen(staff["officer"])
    clock_offset(31 * DAY)
    assert _outcome(retention_run(), "wanted.screening").handled == 0

    with pytest.raises(ValidationError) as error:
        retention_setting_set(acting_user=staff["dpo"], kind="wanted.screening", days=400)
    assert "between 1 and 365 days" in str(error.value)
    kind = schedule.kind_for("wanted.screening")
    assert kind is not None and schedule.period_days(kind) == 90
    assert AuditEntry.objects.filter(action="privacy.retention_set").count() == 1


def test_the_api_refuses_a_period_outside_the_bounds_with_422_and_other_roles_with_403(
    staff: dict[str, Any], api: Any
) -> None:
    response = api("dpo").put(
        "/api/v1/retention/wanted.screening", {"days": 0}, content_type="application/json"
    )
    assert response.status_code == 422
    assert "between 1 and 365" in response.content.decode()
    assert api("officer").get("/api/v1/retention").status_code == 403
    assert api("admin").get("/api/v1/retention").status_code == 403


def test_the_retention_report_gives_count_oldest_due_period_and_rule_per_kind(
    staff: dict[str, Any], api: Any, clock_offset: Any
) -> None:
    _screen(staff["officer"])
    clock_offset(31 * DAY)
    _screen(staff["officer"])

    rows = {row["kind"]: row for row in api("dpo").get("/api/v1/retention").json()}

    screening = rows["wanted.screening"]
    assert (screening["count"], screening["due"], screening["period_days"]) == (2, 1, 30)
    assert screening["at_end"] == "delete" and screening["oldest"]
    assert rows["audit.entry"]["at_end"] == "review"
    assert {"exchange.case_closed", "events.accreditation_list", "notices.notice"} <= set(rows)


def test_ended_alerts_go_to_the_review_queue_where_the_dpo_keeps_or_lets_go(
    staff: dict[str, Any], make_alert: Any, clock_offset: Any
) -> None:
    from jisr.privacy.services.retention import review_extend, review_release
    from jisr.wanted import services
    from jisr.wanted.models import Alert

    kept, gone = make_alert(), make_alert(names=["Leila Fictive-Amrani"])
    for alert in (kept, gone):
        services.alert_withdraw(acting_user=staff["officer"], alert=alert, reason="Closed case")
    clock_offset(366 * DAY)

    outcome = _outcome(retention_run(), "wanted.alert_ended")

    assert outcome.queued == 2 and Alert.objects.count() == 2
    reviews = {r.record_id: r for r in RetentionReview.objects.all()}
    review_extend(
        acting_user=staff["dpo"], review=reviews[str(kept.id)], days=90, reason="Appeal pending"
    )
    assert review_release(acting_user=staff["dpo"], review=reviews[str(gone.id)]) == 1
    assert list(Alert.objects.values_list("pk", flat=True)) == [kept.pk]
    assert _outcome(retention_run(), "wanted.alert_ended").queued == 0
    assert AuditEntry.objects.get(action="privacy.retention_extend").justification == (
        "Appeal pending"
    )


def test_a_review_kept_without_a_reason_is_refused(
    staff: dict[str, Any], make_alert: Any, clock_offset: Any
) -> None:
    from django.core.exceptions import ValidationError

    from jisr.privacy.services.retention import review_extend
    from jisr.wanted import services

    alert = make_alert()
    services.alert_withdraw(acting_user=staff["officer"], alert=alert, reason="Closed case")
    clock_offset(366 * DAY)
    retention_run()
    review = RetentionReview.objects.get()

    with pytest.raises(ValidationError):
        review_extend(acting_user=staff["dpo"], review=review, days=30, reason=" ")
    review.refresh_from_db()
    assert review.status == "pending"


def test_the_worker_runs_the_schedule_once_a_day_even_when_asked_again(
    staff: dict[str, Any], clock_offset: Any
) -> None:
    from jisr.core.tasks import discover
    from jisr.privacy.services.retention import retention_daily

    tasks = {task.name: task for task in discover()}
    _screen(staff["officer"])
    clock_offset(31 * DAY)

    tasks["jisr.privacy.tasks.retention_daily"].func()
    _screen(staff["officer"])
    clock_offset(62 * DAY)
    first_again = retention_daily()

    assert first_again is not None and first_again.removed == 1
    assert retention_daily() is None
    assert AuditEntry.objects.filter(action="privacy.retention_run").count() == 2
