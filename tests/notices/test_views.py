"""The inbox page, the header badge on every page, and the old URLs."""

from __future__ import annotations

from typing import Any

import pytest

from jisr.core import clock
from jisr.notices import services
from jisr.notices.models import Notice
from tests.notices.html import by_testid, one
from tests.support.web import logged_in

pytestmark = pytest.mark.django_db


def _badge_count(response: Any) -> str:
    return one(response.content, "notice-count").text


def test_the_header_badge_shows_the_unread_count_on_every_page(people: Any, target: Any) -> None:
    amina = people["amina"]
    services.notify([amina, amina], "exchange.new_message", target, url="/exchange/")
    services.notify([amina], "exchange.reminder", target, url="/exchange/")
    services.notify([people["karim"]], "exchange.reminder", target, url="/exchange/")
    client = logged_in(amina)
    for page in ("/", "/notices/", "/exchange/"):
        assert _badge_count(client.get(page)) == "2", page
    badge = one(client.get("/").content, "notice-badge").attrs
    # Live with htmx polling, no inline script (strict CSP).
    assert badge["hx-get"] == "/notices/badge/" and badge["hx-trigger"].startswith("every ")
    assert badge["href"] == "/notices/"
    services.notices_mark_all_read(acting_user=amina)
    assert _badge_count(client.get("/notices/badge/")) == "0"


def test_the_badge_is_not_shown_to_anonymous_visitors(client: Any) -> None:
    response = client.get("/accounts/login/")
    assert by_testid(response.content, "notice-badge") == []
    assert client.get("/notices/badge/").status_code == 302


def test_the_inbox_lists_unread_notices_then_all_with_pages(people: Any, target: Any) -> None:
    amina = people["amina"]
    for _ in range(30):
        services.notify([amina], "exchange.new_message", target, url="/x/", text="MA-7 · Boat")
    services.notify([amina], "wanted.hit_received", target, url="/w/", text="Tanger Med")
    Notice.objects.filter(user=amina, kind="wanted.hit_received").update(read_at=clock.now())
    client = logged_in(amina)
    page1 = client.get("/notices/").content
    assert one(page1, "unread-summary").text == "30 unread notices"
    rows = by_testid(page1, "notice")
    assert len(rows) == 25 and {r.attrs["data-kind"] for r in rows} == {"exchange.new_message"}
    assert "New message" in rows[0].text and "MA-7 · Boat" in rows[0].text
    assert one(page1, "page-number").text == "Page 1 of 2"
    assert len(by_testid(client.get("/notices/?page=2").content, "notice")) == 5
    # All notices, read ones too: the newest (the read hit notice) first.
    everything = by_testid(client.get("/notices/?show=all").content, "notice")
    assert [r.attrs["data-kind"] for r in everything[:2]] == [
        "wanted.hit_received",
        "exchange.new_message",
    ]
    assert "Tanger Med" in everything[0].text
    assert len(by_testid(client.get("/notices/?show=all&page=2").content, "notice")) == 6


def test_the_inbox_is_translated(people: Any, target: Any) -> None:
    services.notify([people["amina"]], "exchange.reminder", target, url="/x/")
    client = logged_in(people["amina"])
    client.post("/i18n/setlang/", {"language": "fr", "next": "/"})
    page = client.get("/notices/").content
    assert one(page, "notice-badge").text.startswith("Notifications")
    assert one(page, "unread-summary").text == "1 notification non lue"
    assert "Rappel" in one(page, "notice").text


def test_marking_one_notice_read_from_the_inbox(people: Any, target: Any) -> None:
    amina, karim = people["amina"], people["karim"]
    [mine] = services.notify([amina], "exchange.reminder", target, url="/exchange/")
    [theirs] = services.notify([karim], "exchange.reminder", target, url="/exchange/")
    client = logged_in(amina)
    assert client.post(f"/notices/{theirs.pk}/read/").status_code == 403
    assert client.post("/notices/00000000-0000-7000-8000-000000000000/read/").status_code == 404
    response = client.post(f"/notices/{mine.pk}/read/", {"next": "https://evil.example/"})
    assert response.status_code == 302 and response["Location"] == "/notices/"
    assert Notice.objects.get(pk=mine.pk).read_at is not None
    assert Notice.objects.get(pk=theirs.pk).read_at is None
    assert "No unread notice." in client.get("/notices/").content.decode()


def test_old_notification_urls_lead_to_the_inbox(people: Any) -> None:
    client = logged_in(people["amina"])
    for url in ("/wanted/notifications/12/read/", "/exchange/notifications/read/"):
        response = client.post(url)
        assert (response.status_code, response["Location"]) == (302, "/notices/"), url


def test_the_inbox_in_arabic_counts_with_the_dual(people: Any, target: Any) -> None:
    services.notify([people["amina"]], "exchange.reminder", target, url="/x/")
    services.notify([people["amina"]], "exchange.overdue", target, url="/x/")
    client = logged_in(people["amina"])
    client.post("/i18n/setlang/", {"language": "ar", "next": "/"})
    page = client.get("/notices/").content
    assert one(page, "notice-badge").text.startswith("التنبيهات")
    assert one(page, "unread-summary").text == "تنبيهان غير مقروءين"
