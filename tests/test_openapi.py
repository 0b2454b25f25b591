"""The OpenAPI document declares the error answers the API gives, with their schema."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_every_authenticated_operation_declares_401_403_404_and_422() -> None:
    document = Client().get("/api/v1/openapi.json").json()
    missing = [
        f"{method.upper()} {path}: {status}"
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
        for status in ("401", "403", "404", "422")
        if status not in operation["responses"]
    ]
    assert missing == []
    error = document["paths"]["/api/v1/alerts/{alert_id}/withdraw"]["post"]["responses"]["422"]
    assert error["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/FieldErrors"
    }
    assert document["components"]["schemas"]["Error"]["required"] == ["detail"]


def test_a_malformed_id_in_an_api_path_is_a_json_404() -> None:
    response = Client().get("/api/v1/messages/not-a-uuid")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not found."}


def test_a_post_to_a_malformed_id_is_a_json_404_not_a_csrf_page() -> None:
    response = Client(enforce_csrf_checks=True).post("/api/v1/cases/not-a-uuid/status", {})
    assert (response.status_code, response["Content-Type"]) == (404, "application/json")
