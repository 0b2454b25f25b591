"""Export of the audit log: the cells, the filter, the export's own audit row, the permission."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from jisr.accounts.roles import Role
from jisr.audit.actions import AuditAction
from jisr.audit.models import AuditEntry
from jisr.audit.services import audit_record
from tests.support.web import logged_in

pytestmark = pytest.mark.django_db


def test_the_filtered_log_exports_as_xlsx_and_the_export_is_logged(make_user: Any) -> None:
    dpo = make_user("ma.dpo", [Role.DPO])
    officer = make_user("ma.officer", [Role.LIAISON_OFFICER])
    audit_record(officer, AuditAction.USER_TIME_ZONE, justification="=cmd|' /C calc'!A0")
    response = logged_in(dpo).get(
        reverse("audit:export", args=["xlsx"]), {"action": "user.time_zone"}
    )
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0][:5] == ["Sequence", "Time (UTC)", "Actor", "Actor's agency", "Action"]
    assert len(rows) == 2
    assert rows[1][2] == "ma.officer" and rows[1][4] == "user.time_zone"
    assert rows[1][8] == "'=cmd|' /C calc'!A0"
    entry = AuditEntry.objects.filter(action="audit.export").get()
    assert entry.actor_username == "ma.dpo"
    assert entry.extra == {"format": "xlsx", "rows": 1, "filters": {"action": "user.time_zone"}}


def test_an_officer_cannot_export_the_audit_log(make_user: Any) -> None:
    officer = make_user("ma.officer", [Role.LIAISON_OFFICER])
    response = logged_in(officer).get(reverse("audit:export", args=["csv"]))
    assert response.status_code == 403
    assert not AuditEntry.objects.filter(action="audit.export").exists()
