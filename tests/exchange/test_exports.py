"""Exports of the case list: cells, audit row, permission."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.urls import reverse

from jisr.audit.models import AuditEntry
from jisr.exchange.models import Case
from tests.exchange.conftest import deliver, fr_message_body
from tests.support.web import logged_in

pytestmark = pytest.mark.django_db


def test_the_case_list_exports_as_csv_and_is_logged(officer: Any) -> None:
    deliver("exchange.message", fr_message_body())
    case = Case.objects.get()
    response = logged_in(officer).get(reverse("exchange:case_export", args=["csv"]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Reference", "Title", "Crime area"]
    assert rows[1][0] == case.reference and rows[1][1] == "Fraud ring (test)"
    assert rows[1][4] == "FR-DGPN" and rows[1][5] == "FR-DGPN; MA-DGSN"
    entry = AuditEntry.objects.filter(action="case.export").get()
    assert entry.extra == {"format": "csv", "rows": 1, "filters": {}}


def test_someone_without_cases_cannot_export_them(make_user: Any) -> None:
    from jisr.accounts.roles import Role

    dpo = make_user("ma.dpo", [Role.DPO])
    assert logged_in(dpo).get(reverse("exchange:case_export", args=["xlsx"])).status_code == 403
    assert not AuditEntry.objects.filter(action="case.export").exists()
