"""An accreditation list on which the worker keeps dying is marked failed, with the reason
shown, instead of being claimed again for ever (as batch screening jobs are)."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from jisr.events import services
from jisr.events.models import AccreditationList
from jisr.events.services.accreditation import LEASE, _claim_list
from tests.support.web import logged_in

pytestmark = pytest.mark.django_db

CSV = (
    "full_name,category,birth_date,nationality,organisation\n"
    "Amina Fictive-Kadiri,staff,1990,MA,Comité fictif\n"
    "Yassine Exemple-Naciri,volunteer,,MA,\n"
).encode()


def _upload(event: Any, coordinator: Any) -> AccreditationList:
    return services.accreditation_upload(
        acting_user=coordinator, event=event, filename="list.csv", content=CSV, purpose="Tournoi"
    )


def _worker_dies_after_claiming(clock_offset: Any, n: int) -> None:
    """A worker claims the list and dies before saving a slice; its lease then runs out."""
    for i in range(n):
        assert _claim_list() is not None
        clock_offset((i + 1) * (LEASE.total_seconds() + 1))


def test_a_list_the_worker_dies_on_again_and_again_is_failed_with_the_reason_shown(
    event: Any, coordinator: Any, clock_offset: Any
) -> None:
    acc = _upload(event, coordinator)
    _worker_dies_after_claiming(clock_offset, settings.JISR_BATCH_MAX_ATTEMPTS)
    assert services.screening_step(budget_seconds=5) is None
    acc.refresh_from_db()
    assert acc.status == "failed" and acc.processed == 0 and acc.finished_at is not None
    assert acc.failure_text == "the worker stopped 3 times on the same part of the list."
    with translation.override("ar"):
        assert acc.failure_text == "توقف العامل 3 مرات عند الجزء نفسه من القائمة."
    assert services.screening_step(budget_seconds=5) is None  # not claimed again
    client = logged_in(coordinator)
    with translation.override("en"):
        page = client.get(reverse("events:accreditation", args=[event.id]))
    text = page.content.decode()
    assert "The screening stopped: the worker stopped 3 times on the same part of the list." in text
    from jisr.accounts.models import ApiToken

    _token, raw = ApiToken.objects.issue(coordinator)
    api = client.get(
        f"/api/v1/events/accreditation-lists/{acc.id}", HTTP_AUTHORIZATION=f"Bearer {raw}"
    ).json()
    assert api["status"] == "failed" and api["failure_reason"] == acc.failure_text


def test_a_saved_slice_clears_the_attempts_so_a_slow_list_still_finishes(
    event: Any, coordinator: Any, clock_offset: Any
) -> None:
    acc = _upload(event, coordinator)
    _worker_dies_after_claiming(clock_offset, settings.JISR_BATCH_MAX_ATTEMPTS - 1)
    while services.screening_step(budget_seconds=5) is not None:
        pass
    acc.refresh_from_db()
    assert (acc.status, acc.processed, acc.attempts, acc.failure_reason) == ("done", 2, 0, "")
