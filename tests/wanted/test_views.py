"""The register's pages: consultation logging, duplicate warning, review, screening, hit queues."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jisr.audit.models import AuditEntry
from jisr.wanted import services
from jisr.wanted.models import Alert, Hit, Screening
from tests.support.web import logged_in

pytestmark = pytest.mark.django_db


def test_opening_an_alert_is_logged_with_the_user_and_purpose(
    make_active_alert: Any, staff: Any
) -> None:
    alert = make_active_alert()
    url = reverse("wanted:alert_detail", args=[alert.pk]) + "?purpose=case+17"
    response = logged_in(staff["officer2"]).get(url)
    assert response.status_code == 200
    assert "Yassine Benkirane-Test" in response.content.decode()
    entry = AuditEntry.objects.filter(action="alert.view").latest("seq")
    assert (entry.actor_username, entry.target_id, entry.justification) == (
        "ma.off2",
        str(alert.id),
        "case 17",
    )


def test_the_alert_list_filters_and_keeps_its_query_count_flat(
    make_active_alert: Any, staff: Any
) -> None:
    surnames = ["Alaoui", "Bennani", "Chraibi", "Doukkali", "Fassi", "Ghazali", "Hajji", "Zerhouni"]
    for surname in surnames[:3]:
        make_active_alert(names=[f"Listtest {surname}"])
    client = logged_in(staff["officer"])
    # A name search also asks the register index whether it is current (a fixed cost).
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("wanted:alert_list"), {"q": "bennani"})
    for surname in surnames[3:]:
        make_active_alert(names=[f"Listtest {surname}"])
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("wanted:alert_list"), {"q": "ghazali"})
    assert len(many) == len(few)
    body = response.content.decode()
    assert "Listtest Ghazali" in body and "Listtest Fassi" not in body


def test_the_form_warns_of_a_duplicate_while_writing(make_active_alert: Any, staff: Any) -> None:
    alert = make_active_alert()
    client = logged_in(staff["officer2"])
    warned = client.post(
        reverse("wanted:alert_duplicates"), {"names": "ياسين بنكيران", "birth_date": "1986"}
    )
    assert str(alert.pk) in warned.content.decode()
    clear = client.post(
        reverse("wanted:alert_duplicates"), {"names": "Completely Different-Person"}
    )
    assert clear.content.decode().strip() == ""


def test_the_alert_form_keeps_what_was_typed_on_error(staff: Any) -> None:
    response = logged_in(staff["officer"]).post(
        reverse("wanted:alert_create"),
        {
            "category": "arrest",
            "names": "Typed Name",
            "birth_date": "1986-13",
            "handling_code": "H1",
        },
    )
    assert response.status_code == 422
    body = response.content.decode()
    assert "Typed Name" in body and "YYYY-MM-DD" in body
    assert not Alert.objects.exists()


def test_the_review_page_requires_the_checklist_and_refuses_the_author(
    staff: Any, alert_data: Any
) -> None:
    alert = services.alert_create(acting_user=staff["officer"], data=alert_data)
    services.alert_submit(acting_user=staff["officer"], alert=alert)
    url = reverse("wanted:alert_review", args=[alert.pk])
    assert logged_in(staff["officer"]).get(url).status_code == 403
    reviewer = logged_in(staff["reviewer"])
    queue = reviewer.get(reverse("wanted:review_queue")).content.decode()
    assert str(alert.pk) in queue
    missing = reviewer.post(url, {"decision": "approve", "reason": "ok", "share_with": ["FR-DGPN"]})
    assert missing.status_code == 422
    alert.refresh_from_db()
    assert alert.status == "pending_review"
    ok = reviewer.post(
        url,
        {
            "decision": "approve",
            "reason": "ok",
            "share_with": ["FR-DGPN"],
            "legal_basis_present": "on",
            "ordinary_crime": "on",
            "sharing_proportionate": "on",
        },
    )
    assert ok.status_code == 302
    alert.refresh_from_db()
    assert (alert.status, alert.shared_with) == ("active", ["FR-DGPN"])


def test_screening_page_results_and_confirming_a_hit(make_active_alert: Any, staff: Any) -> None:
    alert = make_active_alert()
    client = logged_in(staff["officer"])
    missing = client.post(reverse("wanted:screen"), {"names": "ياسين بنكيران"})
    assert missing.status_code == 422 and not Screening.objects.exists()
    done = client.post(
        reverse("wanted:screen"), {"purpose": "Manifest 1", "names": "ياسين بنكيران"}
    )
    screening = Screening.objects.get()
    assert done.status_code == 302
    page = client.get(reverse("wanted:screening_detail", args=[screening.pk])).content.decode()
    assert "MA-DGSN" in page and "confirm-hit" in page
    assert (
        logged_in(staff["officer2"])
        .get(reverse("wanted:screening_detail", args=[screening.pk]))
        .status_code
        == 403
    )
    confirm = reverse("wanted:hit_confirm", args=[screening.pk])
    posted = client.post(
        confirm,
        {
            "subject": 0,
            "alert_id": str(alert.pk),
            "location": "Tanger Med",
            "circumstances": "Ferry boarding",
        },
    )
    assert posted.status_code == 302
    hit = Hit.objects.get()
    queue = client.get(reverse("wanted:hits_incoming")).content.decode()
    assert "Tanger Med" in queue and 'data-testid="countdown"' in queue
    screening.refresh_from_db()
    assert screening.results[0]["candidates"][0]["decision"] == "confirmed"
    answered = client.post(reverse("wanted:hit_respond", args=[hit.pk]), {"action": "no_action"})
    assert answered.status_code == 302
    assert Hit.objects.get().status == "responded"


def test_batch_upload_reports_bad_lines_and_results_download(
    make_active_alert: Any, staff: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    make_active_alert()
    client = logged_in(staff["officer"])
    bad = SimpleUploadedFile("list.csv", b"names,birth_date\nA,1986-99\n")
    refused = client.post(reverse("wanted:screen_batch"), {"purpose": "Event 3", "file": bad})
    assert refused.status_code == 422 and "Line 2" in refused.content.decode()
    assert not Screening.objects.exists()
    good = SimpleUploadedFile(
        "list.csv", "names,birth_date\nياسين بنكيران,1986\nNobody Known,\n".encode()
    )
    client.post(reverse("wanted:screen_batch"), {"purpose": "Event 3", "file": good})
    job = Screening.objects.get()
    progress = client.get(
        reverse("wanted:screening_detail", args=[job.pk]), HTTP_HX_REQUEST="true"
    ).content.decode()
    assert 'hx-trigger="every 2s"' in progress
    services.screening_batch_step()
    csv_text = client.get(reverse("wanted:screening_download", args=[job.pk])).content.decode()
    assert len(csv_text.strip().splitlines()) == 3 and "MA-DGSN" in csv_text
    assert AuditEntry.objects.filter(action="screening.export").exists()


def test_navigation_shows_only_usable_entries(staff: Any) -> None:
    reviewer_home = logged_in(staff["reviewer"]).get("/").content.decode()
    dpo_home = logged_in(staff["dpo"]).get("/").content.decode()
    assert reverse("wanted:review_queue") in reviewer_home
    assert reverse("wanted:screen") not in reviewer_home
    assert reverse("wanted:alert_list") not in dpo_home


@pytest.mark.parametrize(
    ("language", "how", "verdict"),
    [
        ("en", "exact", "missing on one side"),
        ("fr", "identique", "absente d&#x27;un côté"),
        ("ar", "مطابق تماماً", "غير متوفر لدى أحد الطرفين"),
    ],
)
def test_screening_explanations_are_shown_in_the_users_language(
    make_active_alert: Any, staff: Any, language: str, how: str, verdict: str
) -> None:
    make_active_alert()
    client = logged_in(staff["officer"])
    client.post(reverse("set_language"), {"language": language, "next": "/"})
    client.post(reverse("wanted:screen"), {"purpose": "Manifest 2", "names": "ياسين بنكيران"})
    screening = Screening.objects.get()
    page = client.get(reverse("wanted:screening_detail", args=[screening.pk])).content.decode()
    explanation = page[page.index('data-testid="explanation"') : page.index("</details>")]
    assert f": {how} (" in explanation
    assert explanation.count(verdict) == 2  # date of birth and nationality
