"""The register's list pages: 50 rows a page, every row counted, sorted by a column,
filters kept in the links, and a query count that does not grow with the rows."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from django.urls import reverse

from jisr.core import clock
from jisr.wanted import services
from jisr.wanted.models import Hit
from tests.support.lists import pager_links, pager_text, table_rows
from tests.support.web import logged_in

pytestmark = pytest.mark.django_db

ROWS = 55


@pytest.fixture
def drafts(staff: dict[str, Any], alert_data: dict[str, Any]) -> None:
    for i in range(ROWS):
        services.alert_create(
            acting_user=staff["officer"],
            data={**alert_data, "names": [f"Fictif{i:02d} Listeur"]},
        )


def test_the_alert_list_pages_sorts_and_keeps_its_filters(
    drafts: None, staff: Any, django_assert_max_num_queries: Any
) -> None:
    client = logged_in(staff["officer"])
    with django_assert_max_num_queries(15):
        first = client.get(reverse("wanted:alert_list"), {"sort": "name", "status": "draft"})
    html = first.content.decode()
    rows = table_rows(html, "alert-list")
    assert len(rows) == 50 and rows[0].startswith("Fictif00 Listeur")
    assert pager_text(html) == "55 rows Page 1 of 2 Next"
    assert pager_links(html) == {"next": "?sort=name&status=draft&page=2"}
    second = client.get(reverse("wanted:alert_list") + pager_links(html)["next"])
    rows = table_rows(second.content.decode(), "alert-list")
    assert [r.split()[0] for r in rows] == [f"Fictif{i}" for i in range(50, 55)]
    reverse_sorted = client.get(reverse("wanted:alert_list"), {"sort": "-name"})
    assert table_rows(reverse_sorted.content.decode(), "alert-list")[0].startswith("Fictif54")


def test_the_review_queue_pages(
    drafts: None, staff: Any, django_assert_max_num_queries: Any
) -> None:
    from jisr.wanted.models import Alert

    for alert in Alert.objects.all():
        services.alert_submit(acting_user=staff["officer"], alert=alert)
    client = logged_in(staff["reviewer"])
    with django_assert_max_num_queries(15):
        html = client.get(reverse("wanted:review_queue"), {"sort": "-name"}).content.decode()
    rows = table_rows(html, "review-queue")
    assert len(rows) == 50 and rows[0].startswith("Fictif54 Listeur")
    assert "55 rows" in pager_text(html)


def _hits(direction: str) -> None:
    now = clock.now()
    Hit.objects.bulk_create(
        [
            Hit(
                direction=direction,
                alert_ref=uuid.uuid4(),
                alert_names=[f"Fictif{i:02d} Listeur"],
                owner_code="MA-DGSN" if direction == "incoming" else "FR-DGPN",
                reporter_code="FR-DGPN" if direction == "incoming" else "MA-DGSN",
                circumstances="Contrôle",
                location=f"Poste {i:02d}",
                seen_at=now,
                deadline=now + dt.timedelta(hours=i + 1),
                status="reported" if i % 2 else "answered",
            )
            for i in range(ROWS)
        ]
    )


@pytest.mark.parametrize("direction", ["incoming", "outgoing"])
def test_the_hit_queues_page_sort_and_filter_by_status(
    staff: Any, direction: str, django_assert_max_num_queries: Any
) -> None:
    _hits(direction)
    client = logged_in(staff["officer"])
    url = reverse(f"wanted:hits_{direction}")
    with django_assert_max_num_queries(15):
        html = client.get(url, {"sort": "-where"}).content.decode()
    rows = table_rows(html, "hit-queue")
    assert len(rows) == 50 and "Poste 54" in rows[0]
    assert "55 rows" in pager_text(html)
    reported = client.get(url, {"status": "reported", "sort": "deadline"}).content.decode()
    rows = table_rows(reported, "hit-queue")
    assert len(rows) == 27 and "Poste 01" in rows[0]
    assert "27 rows" in pager_text(reported)
