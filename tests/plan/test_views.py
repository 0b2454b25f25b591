"""The steering committee's pages, in Arabic and French, and what each role may do on them."""

from __future__ import annotations

import html
from typing import Any

import pytest

from jisr.plan.models import Action, IndicatorBinding, MechanismAssessment, Report
from jisr.plan.reports import reports_step
from tests.support.web import logged_in

pytestmark = pytest.mark.django_db


def _html(client: Any, path: str, lang: str = "fr") -> str:
    client.cookies["jisr_language"] = lang
    answer = client.get(path)
    assert answer.status_code == 200, answer.status_code
    return html.unescape(answer.content.decode())


def test_the_steering_page_shows_pillars_statuses_indicators_and_actions_to_watch(
    people: dict[str, Any], plan: Any
) -> None:
    page = _html(logged_in(people["steering"]), "/plan/")
    assert "Plan d'action stratégique MA–FR 2025–2028" in page
    assert page.count('class="panel plan-pillar"') == 7
    assert "Fugitifs et personnes recherchées" in page
    assert "Concordances traitées dans le délai" in page
    watch = page[page.index('data-testid="attention"') :]
    watch = watch[: watch.index("</section>")]
    late = Action.objects.filter(status__in=["late", "at_risk"]).count()
    assert watch.count("<li>") == late == 5
    assert 'class="sparkline"' in page


def test_in_arabic_the_page_is_translated_and_the_sparklines_run_right_to_left(
    people: dict[str, Any], plan: Any
) -> None:
    page = _html(logged_in(people["steering"]), "/plan/", "ar")
    assert "لجنة التتبع" in page and "الفارون والأشخاص المبحوث عنهم" in page
    assert "خطة العمل الاستراتيجية المغربية الفرنسية 2025–2028" in page
    # The current period is the last point: drawn at the left end in Arabic (x = pad).
    assert '<circle cx="3.0"' in page or '<circle cx="3"' in page


def test_an_indicator_of_an_absent_module_reads_not_available(
    people: dict[str, Any], plan: Any
) -> None:
    IndicatorBinding.objects.create(plan=plan, pillar=plan.pillars.first(), code="absent.figure")
    client = logged_in(people["analyst"])
    page = _html(client, "/plan/")
    row = page[page.index('data-code="absent.figure"') :]
    assert "non disponible" in row[: row.index("</tr>")]
    assert "non disponible" in _html(client, "/plan/indicators/absent.figure/")


def test_a_status_change_from_the_action_page_needs_a_comment_and_shows_in_the_history(
    people: dict[str, Any], plan: Any
) -> None:
    client = logged_in(people["steering"])
    action = plan.actions.filter(lead__code="MA-DGSN").order_by("code").first()
    path = f"/plan/actions/{action.id}/"
    client.cookies["jisr_language"] = "fr"
    refused = client.post(path, {"status": "late", "comment": ""})
    assert refused.status_code == 200 and "Ce champ est obligatoire" in refused.content.decode()
    client.post(path, {"status": "late", "comment": "Marché infructueux"})
    action.refresh_from_db()
    assert action.status == "late"
    history = _html(client, path)
    assert "Marché infructueux" in history and "ma.steer" in history


def test_an_analyst_reads_but_has_no_forms_and_an_officer_gets_403(
    people: dict[str, Any], plan: Any
) -> None:
    action = plan.actions.filter(lead__code="MA-DGSN").first()
    analyst = logged_in(people["analyst"])
    assert "Changer le statut" not in _html(analyst, f"/plan/actions/{action.id}/")
    assert (
        analyst.post(f"/plan/actions/{action.id}/", {"status": "late", "comment": "x"}).status_code
        == 403
    )
    officer = logged_in(people["officer"])
    assert officer.get("/plan/").status_code == 403
    assert officer.get(f"/plan/{plan.id}/").status_code == 403


def test_a_recommendation_becomes_an_action_in_one_click(people: dict[str, Any], plan: Any) -> None:
    client = logged_in(people["steering"])
    client.post(
        f"/plan/{plan.id}/mechanisms/",
        {
            "mechanism": "hit_reply",
            "period_from": "2026-01-01",
            "period_to": "2026-12-31",
            "rating": "partly",
            "assessment": "Les réponses de nuit tardent.",
            "recommendations": "Astreinte de nuit au point de contact\nRappel à mi-délai par SMS",
        },
    )
    assessment = MechanismAssessment.objects.get()
    first = assessment.recommendations.order_by("position").first()
    page = _html(client, f"/plan/{plan.id}/mechanisms/?period=2026")
    assert (
        "Astreinte de nuit au point de contact" in page and "En faire une nouvelle action" in page
    )
    answer = client.post(f"/plan/recommendations/{first.id}/action/")
    first.refresh_from_db()
    assert answer.status_code == 302 and first.action is not None
    assert first.action.pillar.key == "evaluation" and first.action.lead.code == "MA-DGSN"
    assert first.action.label == "Astreinte de nuit au point de contact"


def test_reports_are_listed_with_who_asked_and_download_when_ready(
    people: dict[str, Any], plan: Any
) -> None:
    client = logged_in(people["steering"])
    client.post(
        f"/plan/{plan.id}/reports/",
        {"period_from": "2026-10-01", "period_to": "2026-12-31", "language": "ar", "format": "pdf"},
    )
    report = Report.objects.get()
    assert "<progress" in _html(client, f"/plan/{plan.id}/reports/")
    reports_step()
    page = _html(client, f"/plan/{plan.id}/reports/")
    assert "ma.steer" in page and 'data-testid="download"' in page
    download = client.get(f"/plan/reports/{report.id}/download/")
    assert download["Content-Type"] == "application/pdf"
    assert (
        b"".join(download.streaming_content if download.streaming else [download.content])[:4]
        == b"%PDF"
    )


def test_the_lead_adds_a_milestone_marks_it_reached_and_follows_an_indicator(
    people: dict[str, Any], plan: Any
) -> None:
    from jisr.federation.models import OutboxEnvelope

    client = logged_in(people["steering"])
    action = plan.actions.filter(lead__code="MA-DGSN").order_by("code").first()
    path = f"/plan/actions/{action.id}/"
    bad = client.post(
        path,
        {
            "what": "milestone",
            "title": "Atelier",
            "due_on": "2027-01-15",
            "evidence_kind": "document",
            "evidence_ref": "javascript:alert(1)",
        },
    )
    assert bad.status_code == 200 and action.milestones.count() == 1
    client.post(
        path,
        {
            "what": "milestone",
            "title": "Atelier commun",
            "due_on": "2027-01-15",
            "evidence_kind": "document",
            "evidence_ref": "https://example.org/atelier",
        },
    )
    milestone = action.milestones.get(due_on="2027-01-15")
    client.post(path, {"what": "reach", "milestone": str(milestone.id)})
    milestone.refresh_from_db()
    assert milestone.done_on is not None
    client.post(
        path, {"what": "binding", "code": "hits.located", "target": "3", "granularity": "year"}
    )
    binding = action.bindings.get(code="hits.located")
    assert (binding.target, binding.granularity) == (3.0, "year")
    page = _html(client, path)
    assert 'href="https://example.org/atelier"' in page and "personnes localisées" in page
    sent = OutboxEnvelope.objects.filter(type="replica.upsert", recipient="FR-DGPN")
    assert sent.order_by("created").last().body["body"]["bindings"][-1]["code"] == "hits.located"


def test_a_manual_indicator_shows_who_entered_its_figure_and_when(
    people: dict[str, Any], plan: Any
) -> None:
    client = logged_in(people["steering"])
    path = "/plan/indicators/plan.steering_meetings/"
    client.post(path, {"period_start": "2026-05-15", "period_end": "2026-05-15", "value": "1"})
    client.post(path, {"period_start": "2026-11-20", "period_end": "2026-11-20", "value": "1"})
    assert logged_in(people["analyst"]).post(
        path, {"period_start": "2026-12-01", "period_end": "2026-12-01", "value": "9"}
    ).status_code in (200, 403)
    import datetime as dt

    from jisr.plan.evaluation import Evaluator
    from jisr.plan.periods import period_containing

    figure = Evaluator().figure(
        "plan.steering_meetings", period_containing(dt.date(2026, 6, 1), "year")
    )
    assert (figure.value, figure.manual_by) == (2, "ma.steer")
    assert "saisi par ma.steer" in _html(client, "/plan/")


def test_the_report_list_pages_and_costs_the_same_queries_for_3_or_60_reports(
    people: dict[str, Any], plan: Any
) -> None:
    import datetime as dt

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.support.lists import pager_text, table_rows

    client = logged_in(people["analyst"])
    path = f"/plan/{plan.id}/reports/"

    def add(n: int) -> None:
        Report.objects.bulk_create(
            Report(
                plan=plan,
                period_from=dt.date(2026, 1, 1),
                period_to=dt.date(2026, 3, 31),
                language="fr",
                format="pdf",
                requested_by=people["steering"],
            )
            for _i in range(n)
        )

    def queries() -> int:
        _html(client, path)
        with CaptureQueriesContext(connection) as captured:
            client.get(path)
        return len(captured)

    add(3)
    few = queries()
    add(57)
    assert queries() == few
    page = _html(client, path)
    assert len(table_rows(page, "reports")) == 50
    assert "60" in pager_text(page)
