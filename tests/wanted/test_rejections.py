"""Remembered rejections: "not the person" is shown again when the same person is screened,
until the alert changes; in single, batch and accreditation screening."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from jisr.audit.models import AuditEntry
from jisr.wanted import services
from jisr.wanted.models import Alert, Screening
from jisr.wanted.rejections import CandidateRejection, subject_identity
from tests.support.web import logged_in

pytestmark = pytest.mark.django_db

SUBJECT = {"names": ["Yassine Benkirane Test"], "birth_date": "1986", "nationality": []}


def _screen(staff: Any, subject: dict[str, Any] = SUBJECT) -> Any:
    return services.screening_run(
        acting_user=staff["officer"], purpose="Manifest 7", subjects=[subject]
    )


def _candidate(screening: Any) -> dict[str, Any]:
    return screening.results[0]["candidates"][0]


def _reject(
    staff: Any, screening: Any, alert: Any, reason: str = "Other father, seen at the border"
) -> Any:
    return services.candidate_reject(
        acting_user=staff["officer"],
        screening=screening,
        subject=0,
        alert_id=str(alert.pk),
        reason=reason,
    )


def test_a_rejected_candidate_is_shown_as_rejected_when_the_person_is_screened_again(
    make_active_alert: Any, staff: Any
) -> None:
    alert = make_active_alert()
    first = _screen(staff)
    assert "remembered_rejection" not in _candidate(first)
    _reject(staff, first, alert)
    again = _screen(staff, {**SUBJECT, "names": ["  yassine BENKIRANE-test "]})
    cand = _candidate(again)
    assert cand["alert_id"] == str(alert.pk)  # still a candidate: never hidden
    assert cand["remembered_rejection"]["reason"] == "Other father, seen at the border"
    assert cand["remembered_rejection"]["by"] == "ma.off"
    assert cand["remembered_rejection"]["alert_version"] == alert.version
    entry = AuditEntry.objects.filter(action="screening.rejection_remembered").get()
    assert (entry.actor_username, entry.justification) == (
        "ma.off",
        "Other father, seen at the border",
    )


def test_another_date_of_birth_or_document_is_another_identity(
    make_active_alert: Any, staff: Any
) -> None:
    alert = make_active_alert()
    _reject(staff, _screen(staff), alert)
    other_date = _screen(staff, {**SUBJECT, "birth_date": "1986-04-17"})
    assert "remembered_rejection" not in _candidate(other_date)
    with_document = _screen(staff, {**SUBJECT, "document": "AB123456"})
    assert "remembered_rejection" not in _candidate(with_document)
    assert subject_identity(["Karim Tazi"], None, ["ab-123 456"]) == subject_identity(
        ["KARIM  TAZI"], None, ["AB123456"]
    )


def test_a_changed_alert_invalidates_the_remembered_rejection(
    make_active_alert: Any, staff: Any
) -> None:
    alert = make_active_alert()
    _reject(staff, _screen(staff), alert)
    # the owner adds an alias (what replication of a new version does to the row)
    Alert.objects.filter(pk=alert.pk).update(aliases=["Abou Yassine"], version=alert.version + 1)
    again = _screen(staff)
    assert _candidate(again)["alert_id"] == str(alert.pk)
    assert "remembered_rejection" not in _candidate(again)


@pytest.mark.parametrize(
    ("reason", "message"),
    [
        ("", "Say why this candidate is not the person."),
        ("no", "Say why this candidate is not the person."),
        ("x" * 501, "This text is too long."),
    ],
)
def test_a_rejection_needs_a_reason_and_nothing_changes_without_one(
    make_active_alert: Any, staff: Any, reason: str, message: str
) -> None:
    alert = make_active_alert()
    screening = _screen(staff)
    with pytest.raises(ValidationError) as err:
        _reject(staff, screening, alert, reason=reason)
    assert err.value.message_dict["reason"] == [message]
    screening.refresh_from_db()
    assert "decision" not in _candidate(screening)
    assert not CandidateRejection.objects.exists()


def test_a_batch_shows_the_rejection_remembered_from_a_single_screening(
    make_active_alert: Any, staff: Any
) -> None:
    alert = make_active_alert()
    _reject(staff, _screen(staff), alert)
    batch = services.screening_batch_create(
        acting_user=staff["officer"],
        purpose="Manifest 8",
        filename="list.jsonl",
        content=b'{"names": ["Yassine Benkirane Test"], "birth_date": "1986"}\n'
        b'{"names": ["Yassine Benkirane Test"], "birth_date": "1990"}\n',
    )
    while services.screening_batch_step():
        pass
    batch.refresh_from_db()
    first, second = (row["candidates"] for row in batch.results)
    assert first[0]["remembered_rejection"]["reason"] == "Other father, seen at the border"
    assert all("remembered_rejection" not in c for c in second)


def test_the_screening_page_says_rejected_on_by_because(make_active_alert: Any, staff: Any) -> None:
    alert = make_active_alert()
    client = logged_in(staff["officer"])
    client.post(
        reverse("wanted:screen"), {"purpose": "Manifest 9", "names": "Yassine Benkirane Test"}
    )
    first = Screening.objects.get()
    refused = client.post(
        reverse("wanted:candidate_reject", args=[first.pk]),
        {"subject": "0", "alert_id": str(alert.pk), "reason": ""},
        follow=True,
    )
    assert "Say why this candidate is not the person." in refused.content.decode()
    client.post(
        reverse("wanted:candidate_reject", args=[first.pk]),
        {"subject": "0", "alert_id": str(alert.pk), "reason": "Different mother's name"},
    )
    client.post(
        reverse("wanted:screen"), {"purpose": "Manifest 10", "names": "Yassine Benkirane Test"}
    )
    second = Screening.objects.exclude(pk=first.pk).get()
    page = client.get(reverse("wanted:screening_detail", args=[second.pk])).content.decode()
    day = CandidateRejection.objects.get().rejected_at
    from django.utils.formats import date_format

    assert (
        f"Rejected on {date_format(day, 'DATE_FORMAT')} by ma.off because: Different mother&#x27;s name"
        in page
    )
    assert 'data-testid="confirm-hit"' in page  # the officer can still confirm it


def test_rejecting_a_candidate_that_is_not_in_the_screening_changes_nothing(
    make_active_alert: Any, staff: Any
) -> None:
    make_active_alert()
    screening = _screen(staff)
    with pytest.raises(ValidationError):
        services.candidate_reject(
            acting_user=staff["officer"],
            screening=screening,
            subject=0,
            alert_id=str(uuid.uuid4()),
            reason="Not him",
        )
    assert not CandidateRejection.objects.exists()
