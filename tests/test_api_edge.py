"""The API's edge for every operation: one schema per published name, bounded paging,
and request bodies that cannot be stored refused before any operation runs."""

from __future__ import annotations

import inspect
import json
import re
import sys
from collections import defaultdict
from typing import Any

import pytest
from django.test import Client
from ninja import Schema

from jisr.accounts.models import ApiToken
from jisr.accounts.roles import Role
from jisr.core.web import MAX_API_OFFSET
from jisr.wanted.models import Alert

pytestmark = pytest.mark.django_db


def _api_schemas() -> dict[str, set[type[Schema]]]:
    import jisr.api  # mounts every app's API module  # noqa: F401

    by_name: dict[str, set[type[Schema]]] = defaultdict(set)
    api_modules = [
        m for name, m in list(sys.modules.items()) if re.fullmatch(r"jisr\.\w+\.api", name)
    ]
    assert len(api_modules) >= 10
    for module in api_modules:
        for obj in vars(module).values():
            if (
                inspect.isclass(obj)
                and issubclass(obj, Schema)
                and obj.__module__ == module.__name__
            ):
                by_name[obj.__name__].add(obj)
    return by_name


def test_two_api_schemas_never_share_a_published_name() -> None:
    """The OpenAPI document keeps one schema per name: a second one of the same name
    silently replaced the first (exchange's acknowledgements were documented as the risk
    bulletins' ones, an event as a privacy log entry)."""
    clashes = {
        name: sorted(c.__module__ for c in classes)
        for name, classes in _api_schemas().items()
        if len({json.dumps(c.model_json_schema(), sort_keys=True) for c in classes}) > 1
    }
    assert clashes == {}
    document = Client().get("/api/v1/openapi.json").json()
    published = document["components"]["schemas"]
    for name, classes in _api_schemas().items():
        if name in published:
            (schema,) = {json.dumps(c.model_json_schema(), sort_keys=True) for c in classes}
            assert set(published[name].get("properties", {})) == set(
                json.loads(schema).get("properties", {})
            ), name


@pytest.fixture
def officer_api(make_user: Any) -> Client:
    user = make_user("ma.edge", [Role.LIAISON_OFFICER, Role.ANALYST, Role.SUPERVISOR])
    _token, raw = ApiToken.objects.issue(user)
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


@pytest.mark.parametrize("path", ["/alerts", "/cases", "/risks", "/playbooks", "/events"])
def test_a_page_offset_beyond_the_bound_is_a_422_and_the_bound_itself_an_empty_page(
    officer_api: Client, path: str
) -> None:
    beyond = officer_api.get(f"/api/v1{path}", {"offset": str(10**21)})
    assert beyond.status_code == 422, beyond.content
    assert beyond.json()["detail"][0]["loc"][-1] == "offset"
    at_bound = officer_api.get(f"/api/v1{path}", {"offset": str(MAX_API_OFFSET)})
    assert at_bound.status_code == 200, at_bound.content
    assert at_bound.json()["items"] == []


def test_a_group_timeline_offset_beyond_the_bound_is_a_422(officer_api: Client) -> None:
    answer = officer_api.get(
        "/api/v1/groups/00000000-0000-7000-8000-000000000000/timeline",
        {"offset": str(10**21)},
    )
    assert answer.status_code == 422


ALERT = {
    "category": "arrest",
    "names": ["Nom Fictif"],
    "birth_date": "1990",
    "legal_basis": {
        "reference": "TEST-1",
        "issued_by": "Parquet fictif",
        "issued_on": "2026-01-02",
    },
}


def _raw(client: Client, body: str) -> Any:
    return client.generic("POST", "/api/v1/alerts", body.encode(), content_type="application/json")


def test_a_body_holding_half_a_surrogate_pair_is_a_400_that_says_why_and_nothing_is_created(
    officer_api: Client,
) -> None:
    body = json.dumps(ALERT).replace("Nom Fictif", "Nom \\ud8d7Fictif")
    answer = _raw(officer_api, body)
    assert answer.status_code == 400, answer.content
    assert "not valid Unicode" in answer.json()["detail"]
    # A key may carry it too.
    answer = _raw(officer_api, json.dumps({**ALERT, "\\udc00": 1}).replace("\\\\", "\\"))
    assert answer.status_code == 400
    assert Alert.objects.count() == 0


def test_a_body_nested_too_deeply_or_not_json_is_a_400_that_says_why(officer_api: Client) -> None:
    deep = _raw(officer_api, "[" * 40 + "]" * 40)
    assert deep.status_code == 400
    assert "nested too deeply" in deep.json()["detail"]
    broken = _raw(officer_api, '{"names": [')
    assert broken.status_code == 400
    assert "not JSON text" in broken.json()["detail"]
    assert Alert.objects.count() == 0


def test_the_refusal_is_in_the_users_language(officer_api: Client) -> None:
    body = json.dumps(ALERT).replace("Nom Fictif", "\\udfff")
    answer = officer_api.generic(
        "POST",
        "/api/v1/alerts",
        body.encode(),
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    assert answer.status_code == 400
    assert answer.json()["detail"].startswith("Le corps de la requête")
