"""The plan's API: bodies, 403 for a wrong role or another agency's action, 422 for bad input."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client

from jisr.plan.models import Action, ActionStatusChange, IndicatorBinding, Report
from jisr.plan.reports import reports_step

pytestmark = pytest.mark.django_db


def _api(user: Any) -> Any:
    from jisr.accounts.models import ApiToken

    _token, raw = ApiToken.objects.issue(user)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")

    class Api:
        def get(self, path: str, **params: Any) -> Any:
            return client.get(f"/api/v1{path}", params)

        def post(self, path: str, body: dict[str, Any]) -> Any:
            return client.post(f"/api/v1{path}", body, content_type="application/json")

    return Api()


def test_the_plan_lists_and_shows_its_pillars_actions_and_indicators(
    people: dict[str, Any], plan: Any
) -> None:
    api = _api(people["steering"])
    listed = api.get("/plans").json()
    assert listed["count"] == 1 and listed["items"][0]["id"] == str(plan.id)
    detail = api.get(f"/plans/{plan.id}").json()
    assert [p["number"] for p in detail["pillars"]] == [1, 2, 3, 4, 5, 6, 7]
    fugitives = detail["pillars"][3]
    assert set(fugitives["actions"][0]) >= {"id", "title", "lead_agency", "status", "due"}
    assert {a["lead_agency"] for a in detail["pillars"][0]["actions"]} == {"MA-DGSN", "FR-DGPN"}
    on_time = next(i for i in fugitives["indicators"] if i["code"] == "hits.answered_on_time")
    assert on_time["target"] == 0.9 and on_time["period"] == detail["period"]
    assert set(on_time) >= {"code", "value", "target", "period"}


def test_a_steering_member_adds_an_action_led_by_his_agency(
    people: dict[str, Any], plan: Any
) -> None:
    pillar = plan.pillars.get(number=4)
    answer = _api(people["steering"]).post(
        f"/plans/{plan.id}/actions",
        {
            "pillar": str(pillar.id),
            "title": {"ar": "إجراء تجريبي", "fr": "Action d'essai"},
            "starts_on": "2027-01-01",
            "due_on": "2027-06-30",
            "counterpart": "FR-DGPN",
        },
    )
    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert (body["lead_agency"], body["status"], body["code"]) == ("MA-DGSN", "planned", "4.4")
    assert body["history"][0]["to_status"] == "planned"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"title": ""}, "title"),
        ({"due_on": "2026-01-01"}, "due_on"),
        ({"starts_on": "1999-01-01"}, "starts_on"),
        ({"pillar": "not-a-pillar"}, "pillar"),
        ({"title": "x" * 301}, "title"),
        ({"counterpart": "XX-NONE"}, "counterpart"),
    ],
)
def test_a_bad_action_is_refused_with_422_and_nothing_changes(
    people: dict[str, Any], plan: Any, change: dict[str, Any], field: str
) -> None:
    count = Action.objects.count()
    body = {
        "pillar": str(plan.pillars.get(number=1).id),
        "title": "Action d'essai",
        "starts_on": "2026-06-01",
        "due_on": "2026-12-31",
        **change,
    }
    answer = _api(people["steering"]).post(f"/plans/{plan.id}/actions", body)
    assert answer.status_code == 422, answer.content
    assert any(e["loc"][-1] == field for e in answer.json()["detail"])
    assert Action.objects.count() == count


def test_a_status_change_needs_a_comment_and_is_kept_in_the_history(
    people: dict[str, Any], plan: Any
) -> None:
    api = _api(people["steering"])
    action = plan.actions.filter(lead__code="MA-DGSN").order_by("code").first()
    history = ActionStatusChange.objects.count()
    refused = api.post(f"/actions/{action.id}/status", {"status": "late", "comment": "  "})
    assert refused.status_code == 422
    assert (
        api.post(f"/actions/{action.id}/status", {"status": "bogus", "comment": "x"}).status_code
        == 422
    )
    assert ActionStatusChange.objects.count() == history
    done = api.post(f"/actions/{action.id}/status", {"status": "at_risk", "comment": "Budget."})
    assert done.status_code == 200
    assert done.json()["status"] == "at_risk"
    assert done.json()["history"][-1]["comment"] == "Budget."


def test_roles_and_agencies_that_may_not_steer_get_403(people: dict[str, Any], plan: Any) -> None:
    fr_action = plan.actions.filter(lead__code="FR-DGPN").first()
    ma_action = plan.actions.filter(lead__code="MA-DGSN").first()
    body = {"status": "late", "comment": "Essai"}
    assert _api(people["steering"]).post(f"/actions/{fr_action.id}/status", body).status_code == 403
    for role in ("admin", "analyst"):
        api = _api(people[role])
        assert api.get(f"/plans/{plan.id}").status_code == 200  # read-only members
        assert api.post(f"/actions/{ma_action.id}/status", body).status_code == 403
        assert (
            api.post(
                f"/plans/{plan.id}/reports",
                {
                    "period_from": "2026-01-01",
                    "period_to": "2026-03-31",
                    "language": "fr",
                    "format": "pdf",
                },
            ).status_code
            == 403
        )
    assert _api(people["officer"]).get("/plans").status_code == 403
    assert _api(people["officer"]).get(f"/plans/{plan.id}").status_code == 403
    ma_action.refresh_from_db()
    assert ma_action.status != "late" and not Report.objects.exists()


def test_an_indicator_series_has_its_label_target_and_periods(
    people: dict[str, Any], plan: Any
) -> None:
    answer = _api(people["analyst"]).get(
        "/indicators/hits.answered_on_time", **{"from": "2026-01-01", "to": "2026-06-30"}
    )
    assert answer.status_code == 200
    body = answer.json()
    assert body["label"] == "Hits answered within the deadline" and body["target"] == 0.9
    assert [p["period"] for p in body["series"]] == [f"2026-0{m}" for m in range(1, 7)]
    assert _api(people["analyst"]).get("/indicators/nothing.like_this").status_code == 404
    bad = _api(people["analyst"]).get(
        "/indicators/hits.received", **{"from": "2026-06-01", "to": "2026-01-01"}
    )
    assert bad.status_code == 422


def test_an_indicator_of_an_absent_module_is_unavailable_not_an_error(
    people: dict[str, Any], plan: Any
) -> None:
    IndicatorBinding.objects.create(plan=plan, pillar=plan.pillars.first(), code="absent.figure")
    api = _api(people["steering"])
    series = api.get("/indicators/absent.figure").json()
    assert (series["available"], series["series"]) == (False, [])
    pillar = api.get(f"/plans/{plan.id}").json()["pillars"][0]
    absent = next(i for i in pillar["indicators"] if i["code"] == "absent.figure")
    assert (absent["available"], absent["value"], absent["light"]) == (False, None, "grey")


def test_a_report_is_queued_generated_by_the_worker_then_downloaded(
    people: dict[str, Any], plan: Any
) -> None:
    from openpyxl import load_workbook

    api = _api(people["steering"])
    bodies = [
        {"period_from": "2026-10-01", "period_to": "2026-12-31", "language": lang, "format": fmt}
        for lang, fmt in (("fr", "pdf"), ("ar", "xlsx"))
    ]
    ids = []
    for body in bodies:
        queued = api.post(f"/plans/{plan.id}/reports", body)
        assert queued.status_code == 201
        assert queued.json()["status"] == "queued"
        ids.append(queued.json()["id"])
    assert api.get(f"/reports/{ids[0]}").json()["status"] == "queued"
    reports_step()
    reports_step()
    pdf = api.get(f"/reports/{ids[0]}")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    pdf_report = Report.objects.get(pk=ids[0])
    assert pdf_report.pages >= 9  # summary, seven pillars, the mechanisms
    assert pdf_report.size == len(pdf.content)
    xlsx = api.get(f"/reports/{ids[1]}")
    book = load_workbook(io.BytesIO(xlsx.content))
    assert len(book.sheetnames) == 8 and book.sheetnames[-1] == "السلاسل"
    assert book.worksheets[3]["A1"].value == "الفارون والأشخاص المبحوث عنهم"
    assert Report.objects.filter(status="done").count() == 2


def test_a_bad_report_request_is_refused_with_422(people: dict[str, Any], plan: Any) -> None:
    api = _api(people["steering"])
    for body, field in (
        (
            {
                "period_from": "2026-12-31",
                "period_to": "2026-01-01",
                "language": "fr",
                "format": "pdf",
            },
            "period_to",
        ),
        (
            {
                "period_from": "2026-01-01",
                "period_to": "2026-03-31",
                "language": "de",
                "format": "pdf",
            },
            "language",
        ),
        (
            {
                "period_from": "2026-01-01",
                "period_to": "2026-03-31",
                "language": "fr",
                "format": "doc",
            },
            "format",
        ),
    ):
        answer = api.post(f"/plans/{plan.id}/reports", body)
        assert answer.status_code == 422
        assert any(e["loc"][-1] == field for e in answer.json()["detail"])
    assert not Report.objects.exists()


def test_retention_deletes_a_report_with_its_file(people: dict[str, Any], plan: Any) -> None:
    from pathlib import Path

    from jisr.plan.reports import reports_purge

    _api(people["steering"]).post(
        f"/plans/{plan.id}/reports",
        {
            "period_from": "2026-10-01",
            "period_to": "2026-12-31",
            "language": "en",
            "format": "xlsx",
        },
    )
    reports_step()
    report = Report.objects.get()
    path = Path(report.file.path)
    assert path.exists()
    assert reports_purge(Report.objects.all()) == 1
    assert not path.exists() and not Report.objects.exists()
