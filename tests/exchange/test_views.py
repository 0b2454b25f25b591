"""Pages: inbox, case thread, compose form keeping the draft, message page, dashboard."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from jisr.exchange.models import Message
from tests.exchange.conftest import PNG, deliver, fr_message_body, message_fields
from tests.support.web import logged_in

pytestmark = pytest.mark.django_db


def test_a_forbidden_attachment_is_refused_with_a_clear_message_and_the_draft_kept(
    officer: Any, case: Any
) -> None:
    client = logged_in(officer)
    fields = message_fields(subject="Draft subject kept", body="A long text typed by hand")
    response = client.post(
        reverse("exchange:message_compose", args=[case.id]),
        {**fields, "attachments": SimpleUploadedFile("notes.pdf", b"MZ\x90\x00binary")},
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "may not be sent" in html
    assert "Draft subject kept" in html and "A long text typed by hand" in html
    assert not Message.objects.exists()


def test_sending_from_the_form_shows_the_message_in_the_thread(officer: Any, case: Any) -> None:
    client = logged_in(officer)
    response = client.post(
        reverse("exchange:message_compose", args=[case.id]),
        {**message_fields(subject="Form subject"), "attachments": SimpleUploadedFile("a.png", PNG)},
        follow=True,
    )
    assert response.status_code == 200
    assert "Form subject" in response.content.decode()
    assert Message.objects.get().attachments.count() == 1


def test_the_inbox_and_message_page_show_the_countdown_and_the_handling_code(
    officer: Any, django_assert_max_num_queries: Any
) -> None:
    for _ in range(3):
        deliver("exchange.message", fr_message_body())
    client = logged_in(officer)
    with django_assert_max_num_queries(30):
        inbox = client.get(reverse("exchange:inbox")).content.decode()
    assert inbox.count('data-testid="countdown"') == 3
    message = Message.objects.first()
    assert message is not None
    page = client.get(reverse("exchange:message_detail", args=[message.id])).content.decode()
    assert 'data-testid="handling-code">H2<' in page
    assert "forward-warning" in page


def test_the_overdue_dashboard_is_for_supervisors(officer: Any, supervisor: Any) -> None:
    assert logged_in(officer).get(reverse("exchange:overdue")).status_code == 403
    assert logged_in(supervisor).get(reverse("exchange:overdue")).status_code == 200


def test_the_statistics_page_counts_requests_awaiting_an_answer(officer: Any) -> None:
    deliver("exchange.message", fr_message_body())
    stats = logged_in(officer).get(reverse("core:statistics"))
    figures = {str(f.label): f.value for f in stats.context["figures"]}
    assert figures["Requests awaiting our answer"] == 1


def test_the_home_page_lists_a_request_due_with_its_countdown(officer: Any) -> None:
    deliver("exchange.message", fr_message_body())
    message = Message.objects.get()
    home = logged_in(officer).get(reverse("core:home"))
    requests = next(s for s in home.context["sections"] if s.key == "requests")
    assert [(row.text, row.url) for row in requests.rows] == [
        (message.subject, reverse("exchange:message_detail", args=[message.pk]))
    ]
    assert requests.rows[0].deadline == message.due_at
    assert 'data-testid="countdown"' in home.content.decode()


def test_the_case_search_finds_a_person_by_a_part_of_the_name_in_the_other_script(
    officer: Any,
) -> None:
    deliver("exchange.message", fr_message_body(person_names=["كريم التازي"]))
    message = Message.objects.get()
    client = logged_in(officer)
    found = client.get(reverse("exchange:search"), {"q": "Tazi"}).content.decode()
    assert str(message.id) in found
    other = client.get(reverse("exchange:search"), {"q": "Zerhouni"}).content.decode()
    assert str(message.id) not in other


def test_the_search_page_finds_a_message_by_a_persons_name(officer: Any) -> None:
    message = deliver("exchange.message", fr_message_body())
    page = (
        logged_in(officer).get(reverse("exchange:search"), {"q": "ياسين بنكيران"}).content.decode()
    )
    assert str(message.id) in page and "name match" in page
