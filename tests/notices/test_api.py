"""GET /api/v1/notices and POST /api/v1/notices/{id}/read."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from jisr.accounts.models import ApiToken
from jisr.notices import services
from jisr.notices.models import Notice

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    _token, raw = ApiToken.objects.issue(user)
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def test_the_list_pages_with_a_total_and_shows_each_field(people: Any, target: Any) -> None:
    amina = people["amina"]
    for _ in range(3):
        services.notify([amina], "exchange.new_message", target, url="/exchange/")
    [urgent] = services.notify(
        [amina], "wanted.hit_received", target, url="/wanted/hits/", urgent=True
    )
    services.notify([people["karim"]], "exchange.new_message", target, url="/exchange/")
    api = _client(amina)
    first = api.get("/api/v1/notices", {"limit": 2}).json()
    assert first["count"] == 4 and len(first["items"]) == 2
    newest = first["items"][0]
    assert newest == {
        "id": str(urgent.id),
        "kind": "wanted.hit_received",
        "label": "A hit on one of our alerts needs an answer",
        "target_type": "accounts.user",
        "target_id": str(people["karim"].pk),
        "url": "/wanted/hits/",
        "urgent": True,
        "created": newest["created"],
        "read_at": None,
    }
    rest = api.get("/api/v1/notices", {"limit": 2, "offset": 2}).json()
    assert rest["count"] == 4 and len(rest["items"]) == 2
    seen = {item["id"] for item in first["items"] + rest["items"]}
    assert seen == {str(n.id) for n in Notice.objects.filter(user=amina)}
    assert api.get("/api/v1/notices", {"limit": 0}).status_code == 422
    assert api.get("/api/v1/notices", {"limit": 500}).status_code == 422


def test_reading_a_notice_through_the_api(people: Any, target: Any) -> None:
    [mine] = services.notify([people["amina"]], "exchange.reminder", target, url="/x/")
    [theirs] = services.notify([people["karim"]], "exchange.reminder", target, url="/x/")
    api = _client(people["amina"])
    assert api.post(f"/api/v1/notices/{theirs.id}/read").status_code == 403
    assert api.post("/api/v1/notices/not-a-uuid/read").status_code == 404
    assert api.post("/api/v1/notices/00000000-0000-7000-8000-000000000000/read").status_code == 404
    assert Notice.objects.get(pk=theirs.pk).read_at is None
    response = api.post(f"/api/v1/notices/{mine.id}/read")
    assert response.status_code == 200 and response.json()["read_at"]
    assert api.get("/api/v1/notices", {"unread": "true"}).json() == {"items": [], "count": 0}
