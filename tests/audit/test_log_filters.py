"""The audit log's pick-list filters (action, user, partner, kind of record), also on export."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.urls import reverse

from jisr.accounts.roles import Role
from jisr.audit.models import AuditEntry
from jisr.audit.services import audit_record
from tests.support.lists import table_rows
from tests.support.web import logged_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def log(make_user: Any) -> dict[str, Any]:
    dpo = make_user("ma.dpo", [Role.DPO])
    officer = make_user("ma.officer", [Role.LIAISON_OFFICER])
    audit_record(officer, "alert.view", target=("wanted.alert", "a1"), justification="first")
    audit_record(officer, "alert.share", target=("wanted.alert", "a1"), recipient="FR-DGPN")
    audit_record("FR-DGPN", "hit.received", target=("wanted.hit", "h1"))
    audit_record(officer, "message.view", target=("exchange.message", "m1"))
    return {"dpo": dpo, "officer": officer}


def _rows(client: Any, **filters: str) -> list[str]:
    html = client.get(reverse("audit:log"), filters).content.decode()
    return table_rows(html, "audit-table")


def test_the_filters_are_lists_of_translated_choices(log: dict[str, Any]) -> None:
    html = logged_in(log["dpo"]).get(reverse("audit:log"), HTTP_ACCEPT_LANGUAGE="fr")
    page = html.content.decode()
    assert '<select name="action"' in page and '<select name="user"' in page
    assert '<select name="partner"' in page and '<select name="kind"' in page
    assert '<option value="ma.officer">ma.officer</option>' in page
    assert '<option value="FR-DGPN">FR-DGPN</option>' in page


def test_each_filter_keeps_only_its_rows(log: dict[str, Any]) -> None:
    client = logged_in(log["dpo"])
    assert len(_rows(client, user="ma.officer")) == 3
    partner = _rows(client, partner="FR-DGPN")
    assert len(partner) == 2 and any("FR-DGPN" in row for row in partner)
    assert len(_rows(client, kind="exchange.message")) == 1
    assert len(_rows(client, action="alert.share", user="ma.officer")) == 1


def test_an_unknown_choice_is_a_clear_error_not_an_empty_list(log: dict[str, Any]) -> None:
    response = logged_in(log["dpo"]).get(reverse("audit:log"), {"user": "nobody"})
    assert response.status_code == 422
    assert "Select a valid choice" in response.content.decode()


def test_the_export_applies_the_picked_filters_and_is_logged(log: dict[str, Any]) -> None:
    response = logged_in(log["dpo"]).get(
        reverse("audit:export", args=["csv"]), {"partner": "FR-DGPN"}
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 3
    assert rows[0][-1] == "Action name"
    assert {r[4] for r in rows[1:]} == {"alert.share", "hit.received"}
    assert "Hit received" in {r[-1] for r in rows[1:]}
    export = AuditEntry.objects.get(action="audit.export")
    assert export.extra["filters"] == {"partner": "FR-DGPN"} and export.extra["rows"] == 2
