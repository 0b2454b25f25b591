"""A cleared accreditation candidate is remembered: the next list shows it as rejected."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from jisr.events import services
from jisr.events.models import AccreditedPerson
from jisr.wanted.models import Alert
from jisr.wanted.register_index import reset_register_index
from tests.support.web import logged_in

pytestmark = pytest.mark.django_db

CSV = (
    b"full_name,category,birth_date,nationality,organisation\n"
    b"Lucien Fictif Moreau,media,1984-03-02,FR,Journal fictif\n"
)


def _upload_and_screen(event: Any, coordinator: Any, name: str) -> Any:
    services.accreditation_upload(
        acting_user=coordinator, event=event, filename=name, content=CSV, purpose="Accreditation"
    )
    while services.screening_step(budget_seconds=5) is not None:
        pass
    return AccreditedPerson.objects.filter(accreditation_list__filename=name).get().candidates.get()


def test_a_cleared_candidate_is_shown_as_rejected_on_the_next_list_until_the_alert_changes(
    event: Any, coordinator: Any, fr_alert: str
) -> None:
    first = _upload_and_screen(event, coordinator, "day1.csv")
    assert "remembered_rejection" not in first.explanation
    services.candidate_decide(
        acting_user=coordinator, candidate=first, decision="cleared", reason="Photo differs"
    )
    second = _upload_and_screen(event, coordinator, "day2.csv")
    assert second.status == "pending"  # still reviewed by a person, never hidden
    assert second.explanation["remembered_rejection"]["reason"] == "Photo differs"
    page = logged_in(coordinator).get(reverse("events:accreditation", args=[event.pk]))
    assert "because: Photo differs" in page.content.decode()
    Alert.objects.filter(pk=fr_alert).update(birth_date="1984-03-20", version=2)
    reset_register_index()
    third = _upload_and_screen(event, coordinator, "day3.csv")
    assert "remembered_rejection" not in third.explanation
