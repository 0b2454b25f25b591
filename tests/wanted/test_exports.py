"""Exports of the alert list and the hit queues: the cells a spreadsheet shows, the audit row,
the permission check. Names are fictitious."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from jisr.audit.models import AuditEntry
from jisr.core import clock
from jisr.wanted.models import Hit
from tests.support.web import logged_in

pytestmark = pytest.mark.django_db


def csv_rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def xlsx_rows(content: bytes) -> list[list[Any]]:
    sheet = load_workbook(io.BytesIO(content), read_only=True).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_the_alert_list_exports_as_csv_with_its_filter_and_is_logged(
    make_active_alert: Any, staff: dict[str, Any]
) -> None:
    kept = make_active_alert(names=["Karim Ettazi-Fictif", "=HYPERLINK(1)"])
    make_active_alert(names=["Youssef Benali-Fictif"], birth_date="1970-01-01")
    response = logged_in(staff["officer"]).get(
        reverse("wanted:alert_export", args=["csv"]), {"q": "Ettazi"}
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="alerts.csv"')
    rows = csv_rows(response.content)
    assert rows[0][:4] == ["Alert", "Owner", "Category", "Names"]
    assert [r[0] for r in rows[1:]] == [str(kept.pk)]
    assert rows[1][1] == "MA-DGSN"
    assert rows[1][3] == "Karim Ettazi-Fictif; =HYPERLINK(1)"
    entry = AuditEntry.objects.filter(action="alert.export").get()
    assert entry.actor_username == "ma.off"
    assert entry.extra["rows"] == 1 and entry.extra["format"] == "csv"
    assert entry.extra["filters"]["q"] == "Ettazi"


def test_the_alert_list_exports_as_xlsx_in_the_users_language(
    make_active_alert: Any, staff: dict[str, Any]
) -> None:
    alert = make_active_alert(names=["@Élodie Marchetti-Fictive"])
    client = logged_in(staff["officer"])
    client.post(reverse("set_language"), {"language": "fr", "next": "/"})
    rows = xlsx_rows(client.get(reverse("wanted:alert_export", args=["xlsx"])).content)
    assert rows[0][0] == "Signalement"
    assert rows[1][0] == str(alert.pk)
    assert rows[1][3] == "'@Élodie Marchetti-Fictive"  # a formula start made inert
    assert AuditEntry.objects.filter(action="alert.export", extra__format="xlsx").count() == 1


def test_someone_who_may_not_consult_the_register_cannot_export_it(staff: dict[str, Any]) -> None:
    response = logged_in(staff["dpo"]).get(reverse("wanted:alert_export", args=["csv"]))
    assert response.status_code == 403
    assert not AuditEntry.objects.filter(action="alert.export").exists()


def test_an_unknown_format_is_not_an_export(staff: dict[str, Any]) -> None:
    response = logged_in(staff["officer"]).get("/wanted/export.exe")
    assert response.status_code == 404


def test_the_incoming_hit_queue_exports_with_its_deadline(staff: dict[str, Any]) -> None:
    now = clock.now().replace(microsecond=0)
    hit = Hit(
        direction=Hit.Direction.INCOMING,
        alert_ref="00000000-0000-4000-8000-000000000001",
        alert_names=["Karim Ettazi-Fictif", "كريم التازي"],
        owner_code="MA-DGSN",
        reporter_code="FR-DGPN",
        circumstances="Contrôle fictif",
        location="Gare fictive",
        seen_at=now,
        reported_at=now,
    )
    hit.set_deadline(now, now + dt.timedelta(hours=12))
    hit.save()
    staff["supervisor"].time_zone = "Africa/Casablanca"
    staff["supervisor"].save()
    response = logged_in(staff["supervisor"]).get(
        reverse("wanted:hit_export", args=["incoming", "xlsx"])
    )
    rows = xlsx_rows(response.content)
    assert rows[0][:3] == ["Hit", "Alert", "Names"]
    assert rows[1][0] == str(hit.pk)
    assert rows[1][2] == "Karim Ettazi-Fictif; كريم التازي"
    assert rows[1][4] == "FR-DGPN" and rows[1][5] == "Gare fictive"
    # The deadline in the reader's own zone, named, not bare UTC.
    assert rows[0][7] == "Deadline (Africa/Casablanca)"
    deadline = (now + dt.timedelta(hours=12)).astimezone(ZoneInfo("Africa/Casablanca"))
    assert rows[1][7] == f"{deadline:%Y-%m-%d %H:%M:%S} UTC+01"
    entry = AuditEntry.objects.filter(action="hit.export").get()
    assert entry.extra["direction"] == "incoming" and entry.extra["rows"] == 1
    reviewer = logged_in(staff["reviewer"]).get(
        reverse("wanted:hit_export", args=["incoming", "csv"])
    )
    assert reviewer.status_code == 403
