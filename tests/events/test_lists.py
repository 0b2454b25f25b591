"""The events' list pages: events and the organiser's decisions page and sort."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from jisr.core import clock
from jisr.events import services
from jisr.events.models import AccreditationList, AccreditedPerson
from tests.support.lists import pager_text, table_rows
from tests.support.web import logged_in

pytestmark = pytest.mark.django_db

ROWS = 55


def test_the_event_list_pages_and_sorts_by_date(
    coordinator: Any, fr_partner: Any, agencies: Any, django_assert_max_num_queries: Any
) -> None:
    for i in range(ROWS):
        services.event_create(
            acting_user=coordinator,
            name=f"Rencontre {i:02d}",
            starts_on=dt.date(2027, 1, 1) + dt.timedelta(days=i),
            ends_on=dt.date(2027, 1, 2) + dt.timedelta(days=i),
            participants=[agencies["FR-DGPN"]],
        )
    client = logged_in(coordinator)
    with django_assert_max_num_queries(15):
        html = client.get(reverse("events:event_list")).content.decode()
    rows = table_rows(html, "events")
    # Latest first by default.
    assert len(rows) == 50 and rows[0].startswith("Rencontre 54")
    assert "55 rows" in pager_text(html)
    by_name = client.get(reverse("events:event_list"), {"sort": "name", "page": 2})
    assert [r.split()[1] for r in table_rows(by_name.content.decode(), "events")] == [
        f"{i}" for i in range(50, 55)
    ]


def test_the_organiser_page_lists_every_person_page_by_page(
    coordinator: Any, event: Any, django_assert_max_num_queries: Any
) -> None:
    acc = AccreditationList.objects.create(
        event=event, filename="list.csv", purpose="test", uploaded_at=clock.now()
    )
    AccreditedPerson.objects.bulk_create(
        [
            AccreditedPerson(
                accreditation_list=acc,
                line=i + 1,
                full_name=f"Personne {i:03d}",
                category="staff",
                decision="accredit" if i % 3 else "refuse",
            )
            for i in range(520)
        ]
    )
    client = logged_in(coordinator)
    url = reverse("events:organiser_decisions", args=[event.id])
    with django_assert_max_num_queries(15):
        html = client.get(url, {"page": 11}).content.decode()
    rows = table_rows(html, "organiser")
    assert [r.split()[1] for r in rows] == [f"{i:03d}" for i in range(500, 520)]
    assert "520 rows" in pager_text(html) and "Page 11 of 11" in pager_text(html)
    # "accredit" sorts before "refuse"; rows of one decision keep their order.
    accredited_first = client.get(url, {"sort": "decision"}).content.decode()
    assert table_rows(accredited_first, "organiser")[0].startswith("Personne 001")
    refused_first = client.get(url, {"sort": "-decision"}).content.decode()
    assert [r.split()[1] for r in table_rows(refused_first, "organiser")[:2]] == ["000", "003"]
