"""The desk's list pages: inbox and cases page, sort and filter, with a flat query count."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from jisr.exchange.services import case_open
from tests.exchange.conftest import deliver, fr_message_body
from tests.support.lists import pager_text, table_rows
from tests.support.web import logged_in

pytestmark = pytest.mark.django_db

ROWS = 55


def test_the_inbox_pages_and_sorts_with_a_flat_query_count(
    officer: Any, django_assert_max_num_queries: Any
) -> None:
    for i in range(ROWS):
        deliver("exchange.message", fr_message_body(subject=f"Demande {i:02d}", attachments=[]))
    client = logged_in(officer)
    with django_assert_max_num_queries(25):
        html = client.get(reverse("exchange:inbox"), {"sort": "subject"}).content.decode()
    rows = table_rows(html, "inbox")
    assert len(rows) == 50 and "Demande 00" in rows[0] and "Demande 49" in rows[-1]
    assert "55 rows" in pager_text(html) and "Page 1 of 2" in pager_text(html)
    last = client.get(reverse("exchange:inbox"), {"sort": "subject", "page": 2}).content.decode()
    assert ["Demande 5" in r for r in table_rows(last, "inbox")] == [True] * 5


def test_the_case_list_pages_sorts_and_filters_by_crime_area(
    officer: Any, django_assert_max_num_queries: Any
) -> None:
    for i in range(ROWS):
        case_open(
            acting_user=officer,
            title=f"Dossier {i:02d}",
            crime_area="fraud" if i % 5 == 0 else "drug_trafficking",
            partners=["FR-DGPN"],
        )
    client = logged_in(officer)
    with django_assert_max_num_queries(20):
        html = client.get(reverse("exchange:case_list"), {"sort": "-title"}).content.decode()
    rows = table_rows(html, "cases")
    assert len(rows) == 50 and "Dossier 54" in rows[0]
    assert "55 rows" in pager_text(html)
    fraud = client.get(reverse("exchange:case_list"), {"crime_area": "fraud", "sort": "title"})
    rows = table_rows(fraud.content.decode(), "cases")
    assert [r.split("Dossier ")[1][:2] for r in rows] == [f"{i:02d}" for i in range(0, 55, 5)]
    assert "11 rows" in pager_text(fraud.content.decode())


def test_the_desk_queue_pages_nearest_limit_first_with_a_flat_query_count(
    officer: Any, supervisor: Any, django_assert_max_num_queries: Any
) -> None:
    import datetime as dt

    from jisr.core import clock
    from jisr.exchange.services import desk

    for i in range(ROWS):
        due = clock.now() + dt.timedelta(hours=1 + i)
        message = deliver(
            "exchange.message",
            fr_message_body(subject=f"Demande {i:02d}", attachments=[], deadline=due.isoformat()),
        )
        if i % 2:
            desk.request_assign(acting_user=supervisor, message=message, username="ma.officer")
    client = logged_in(supervisor)
    with django_assert_max_num_queries(25):
        html = client.get(reverse("exchange:desk")).content.decode()
    rows = table_rows(html, "desk-queue")
    assert len(rows) == 50 and "Demande 00" in rows[0] and "Demande 49" in rows[-1]
    assert "ma.officer" in rows[1] and "FR-DGPN" in rows[0]
    assert "55 rows" in pager_text(html)
