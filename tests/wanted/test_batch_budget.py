"""Batch jobs have a time budget and a bounded number of attempts; a failed job says why."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from jisr.wanted import services
from jisr.wanted.models import Screening
from tests.support.web import logged_in

pytestmark = pytest.mark.django_db


def _queue(staff: Any, n: int = 5) -> Screening:
    content = ("names\n" + "\n".join(f"Name{i} Person" for i in range(n))).encode()
    return services.screening_batch_create(
        acting_user=staff["officer"], purpose="Manifest AT 801", filename="l.csv", content=content
    )


def test_a_job_whose_worker_died_three_times_on_a_slice_fails_with_its_reason(
    staff: Any,
) -> None:
    job = _queue(staff)
    # Three workers claimed the slice and were killed before saving it: each claim
    # counted an attempt and its lease ran out.
    Screening.objects.filter(pk=job.pk).update(
        status="running", attempts=3, leased_until=None, started_at=job.created_at
    )
    assert not services.screening_batch_step()
    job.refresh_from_db()
    assert (job.status, job.progress) == ("failed", 0)
    assert job.failure_reason == "the worker stopped 3 times on the same part of the file."
    assert not services.screening_batch_step()  # never picked up again
    page = (
        logged_in(staff["officer"])
        .get(reverse("wanted:screening_detail", args=[job.pk]))
        .content.decode()
    )
    assert "The screening stopped: the worker stopped 3 times on the same part of the file." in page


def test_a_claim_counts_an_attempt_before_the_work_and_a_saved_slice_clears_it(
    staff: Any,
) -> None:
    job = _queue(staff, 30)
    assert services.screening_batch_step(budget_seconds=0, chunk=10)
    job.refresh_from_db()
    assert (job.progress, job.attempts, job.leased_until) == (10, 0, None)


def test_a_job_leased_by_a_live_worker_is_not_taken_by_another(staff: Any) -> None:
    from jisr.core import clock

    job = _queue(staff)
    Screening.objects.filter(pk=job.pk).update(
        status="running", attempts=1, leased_until=clock.now() + dt.timedelta(minutes=1)
    )
    assert not services.screening_batch_step()
    job.refresh_from_db()
    assert (job.status, job.attempts, job.progress) == ("running", 1, 0)


def test_a_job_past_its_time_budget_fails(staff: Any, settings: Any) -> None:
    settings.JISR_BATCH_MAX_SECONDS = 60
    job = _queue(staff)
    Screening.objects.filter(pk=job.pk).update(
        status="running", started_at=job.created_at - dt.timedelta(minutes=5)
    )
    assert not services.screening_batch_step()
    job.refresh_from_db()
    assert (job.status, job.failure_reason) == (
        "failed",
        "it took longer than the time allowed for a batch.",
    )
    api_view = services.screening_batch_step()
    assert api_view is False


def test_a_slice_that_fails_three_times_marks_the_job_failed_with_its_reason(
    staff: Any,
) -> None:
    job = _queue(staff)
    # A subject the matcher cannot handle stands for a slice that runs out of memory.
    Screening.objects.filter(pk=job.pk).update(subjects=[{"names": None}] * 5)
    for _ in range(3):
        assert services.screening_batch_step()
    job.refresh_from_db()
    assert (job.status, job.attempts) == ("failed", 3)
    assert job.failure_reason == "the screening failed on the same part of the file again."
    assert not services.screening_batch_step()
