"""Creating a plan, editing an action, following indicators on a pillar: pages and API."""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from jisr.audit.models import AuditEntry
from jisr.federation.models import OutboxEnvelope
from jisr.plan.models import Action, ActionStatusChange, IndicatorBinding, Pillar, Plan
from tests.support.web import logged_in

pytestmark = pytest.mark.django_db

PLAN_BODY: dict[str, Any] = {
    "title": {"fr": "Plan d'essai 2027–2029", "ar": "خطة عمل تجريبية"},
    "parties": ["FR-DGPN"],
    "signed_on": "2026-11-02",
    "starts_on": "2027-01-01",
    "ends_on": "2029-12-31",
    "status": "active",
}


def _api(user: Any) -> Any:
    from jisr.accounts.models import ApiToken

    _token, raw = ApiToken.objects.issue(user)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")

    class Api:
        def post(self, path: str, body: dict[str, Any]) -> Any:
            return client.post(f"/api/v1{path}", body, content_type="application/json")

        def patch(self, path: str, body: dict[str, Any]) -> Any:
            return client.patch(f"/api/v1{path}", body, content_type="application/json")

    return Api()


def _fields(answer: Any) -> set[str]:
    return {str(e["loc"][-1]) for e in answer.json()["detail"]}


def _html(client: Any, path: str, lang: str = "fr") -> str:
    client.cookies["jisr_language"] = lang
    answer = client.get(path)
    assert answer.status_code == 200, answer.status_code
    return html.unescape(answer.content.decode())


# -- creating a plan ------------------------------------------------------------------------


def test_a_supervisor_records_a_plan_with_its_seven_pillars_and_it_is_shared(
    people: dict[str, Any],
) -> None:
    answer = _api(people["steering"]).post("/plans", PLAN_BODY)
    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert body["parties"] == ["MA-DGSN", "FR-DGPN"] and body["status"] == "active"
    plan = Plan.objects.get(pk=body["id"])
    assert plan.owner.code == "MA-DGSN"
    pillars = list(plan.pillars.order_by("number"))
    assert [p.key for p in pillars][:2] == ["organised_crime", "information_exchange"]
    assert len(pillars) == 7
    assert pillars[3].title["fr"] == "Fugitifs et personnes recherchées" and pillars[3].title["ar"]
    sent = OutboxEnvelope.objects.get(type="replica.upsert", recipient="FR-DGPN")
    assert len(sent.body["body"]["pillars"]) == 7
    assert AuditEntry.objects.filter(action="plan.create").count() == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": {"de": "Plan"}}, "title"),
        ({"parties": ["XX-NONE"]}, "parties"),
        ({"parties": []}, "parties"),
        ({"ends_on": "2026-12-31"}, "ends_on"),
        ({"signed_on": "1999-12-31"}, "signed_on"),
        ({"status": "bogus"}, "status"),
    ],
)
def test_a_bad_plan_is_refused_with_422_and_nothing_is_recorded(
    people: dict[str, Any], change: dict[str, Any], field: str
) -> None:
    answer = _api(people["steering"]).post("/plans", {**PLAN_BODY, **change})
    assert answer.status_code == 422, answer.content
    assert field in _fields(answer)
    assert not Plan.objects.exists() and not OutboxEnvelope.objects.exists()


def test_only_supervisors_record_a_plan(people: dict[str, Any]) -> None:
    for role in ("admin", "analyst", "officer"):
        assert _api(people[role]).post("/plans", PLAN_BODY).status_code == 403
    assert not Plan.objects.exists()


def test_the_new_plan_page_records_a_plan_in_french(people: dict[str, Any]) -> None:
    client = logged_in(people["steering"])
    page = _html(client, "/plan/new/")
    assert "Nouveau plan d'action" in page and "FR-DGPN" in page
    refused = client.post("/plan/new/", {"signed_on": "2026-11-02", "starts_on": "2027-01-01"})
    assert refused.status_code == 200 and not Plan.objects.exists()
    done = client.post(
        "/plan/new/",
        {
            "title_fr": "Plan d'essai",
            "parties": ["FR-DGPN"],
            "signed_on": "2026-11-02",
            "starts_on": "2027-01-01",
            "ends_on": "2028-12-31",
            "status": "draft",
        },
    )
    plan = Plan.objects.get()
    assert done.status_code == 302 and done["Location"] == f"/plan/{plan.id}/"
    assert plan.pillars.count() == 7 and plan.status == "draft"
    assert page.count('name="parties"') == 1
    assert logged_in(people["analyst"]).get("/plan/new/").status_code == 403


# -- editing an action ----------------------------------------------------------------------


def test_the_lead_edits_an_action_with_history_audit_and_replication(
    people: dict[str, Any], plan: Any
) -> None:
    action = plan.actions.filter(lead__code="MA-DGSN").order_by("code").first()
    version, status = action.version, action.status
    ar_title = action.title["ar"]
    answer = _api(people["steering"]).patch(
        f"/actions/{action.id}",
        {"title": {"fr": "Titre revu", "ar": ar_title}, "due_on": "2028-06-30", "comment": "Revu."},
    )
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert body["due"] == "2028-06-30" and body["status"] == status
    last = body["history"][-1]
    assert (last["from_status"], last["to_status"]) == (status, status)
    assert last["comment"].endswith("Revu.") and "title" in last["comment"]
    action.refresh_from_db()
    assert action.title == {"fr": "Titre revu", "ar": ar_title} and action.version == version + 1
    entry = AuditEntry.objects.get(action="plan.action_update")
    assert entry.extra["fields"] == ["title", "due_on"]
    sent = OutboxEnvelope.objects.filter(type="replica.upsert", recipient="FR-DGPN").last()
    assert sent.body["body"]["due_on"] == "2028-06-30"
    # POST works as PATCH; a plain text changes the request's language only (English here)
    again = _api(people["steering"]).post(f"/actions/{action.id}", {"title": "Revised title"})
    assert again.status_code == 200
    action.refresh_from_db()
    assert action.title == {"fr": "Titre revu", "ar": ar_title, "en": "Revised title"}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": None}, "title"),
        ({"due_on": "2000-01-01"}, "due_on"),
        ({"starts_on": "2101-01-01"}, "starts_on"),
        ({"counterpart": "XX-NONE"}, "counterpart"),
        ({"counterpart": "MA-DGSN"}, "counterpart"),
        ({"description": "x" * 5001}, "description"),
        ({}, "title"),
    ],
)
def test_a_bad_edit_is_refused_with_422_and_nothing_changes(
    people: dict[str, Any], plan: Any, change: dict[str, Any], field: str
) -> None:
    action = plan.actions.filter(lead__code="MA-DGSN").order_by("code").first()
    before = (action.title, action.description, action.starts_on, action.due_on, action.version)
    history = ActionStatusChange.objects.count()
    answer = _api(people["steering"]).patch(f"/actions/{action.id}", change)
    assert answer.status_code == 422, answer.content
    assert field in _fields(answer)
    action.refresh_from_db()
    after = (action.title, action.description, action.starts_on, action.due_on, action.version)
    assert after == before and ActionStatusChange.objects.count() == history
    assert not OutboxEnvelope.objects.exists()


def test_the_partner_and_read_only_roles_cannot_edit_an_action(
    people: dict[str, Any], plan: Any
) -> None:
    fr_action = plan.actions.filter(lead__code="FR-DGPN").first()
    ma_action = plan.actions.filter(lead__code="MA-DGSN").first()
    body = {"title": "Pris en main"}
    assert _api(people["steering"]).patch(f"/actions/{fr_action.id}", body).status_code == 403
    for role in ("admin", "analyst"):
        assert _api(people[role]).patch(f"/actions/{ma_action.id}", body).status_code == 403
    from jisr.plan import services

    with pytest.raises(Exception) as refused:
        services.action_update(acting_user=people["fr_steering"], action=fr_action, title="x")
    assert type(refused.value).__name__ == "PermissionDenied"
    assert "Pris en main" not in str(Action.objects.values_list("title", flat=True))


def test_the_action_page_edits_the_title_in_the_page_language(
    people: dict[str, Any], plan: Any
) -> None:
    action = plan.actions.filter(lead__code="MA-DGSN").order_by("code").first()
    ar_title = action.title["ar"]
    client = logged_in(people["steering"])
    path = f"/plan/actions/{action.id}/"
    page = _html(client, path)
    assert "Modifier l'action" in page
    form = {
        "what": "edit",
        "title": "Équipe commune revue",
        "description": "",
        "counterpart_unit": "Office anti-stupéfiants",
        "starts_on": action.starts_on.isoformat(),
        "due_on": (action.starts_on - dt.timedelta(days=1)).isoformat(),
    }
    refused = client.post(path, form)
    assert refused.status_code == 200 and "précéder le début" in html.unescape(
        refused.content.decode()
    )
    done = client.post(path, {**form, "due_on": action.due_on.isoformat()})
    assert done.status_code == 302
    action.refresh_from_db()
    assert action.title == {"fr": "Équipe commune revue", "ar": ar_title}
    assert action.counterpart_unit == "Office anti-stupéfiants"
    assert "Équipe commune revue" in _html(client, path)
    fr_action = plan.actions.filter(lead__code="FR-DGPN").first()
    assert "Modifier l'action" not in _html(client, f"/plan/actions/{fr_action.id}/")


# -- indicators on a pillar -----------------------------------------------------------------


def test_the_plan_owner_follows_an_indicator_on_a_pillar_and_it_is_replicated(
    people: dict[str, Any], plan: Any
) -> None:
    pillar = plan.pillars.get(number=5)
    api = _api(people["steering"])
    answer = api.post(
        f"/pillars/{pillar.id}/indicators",
        {"code": "events.flagged_persons", "target": 3, "granularity": "year"},
    )
    assert answer.status_code == 201, answer.content
    binding = IndicatorBinding.objects.get(pillar=pillar, code="events.flagged_persons")
    assert (binding.target, binding.granularity, binding.action_id) == (3.0, "year", None)
    sent = OutboxEnvelope.objects.filter(type="replica.upsert", recipient="FR-DGPN").last()
    fifth = sent.body["body"]["pillars"][4]
    assert "events.flagged_persons" in [b["code"] for b in fifth["bindings"]]
    for bad, field in (
        ({"code": "no.such"}, "code"),
        ({"code": "hits.located", "granularity": "week"}, "granularity"),
        ({"code": "hits.located", "target": 1e12}, "target"),
    ):
        refused = api.post(f"/pillars/{pillar.id}/indicators", bad)
        assert refused.status_code == 422 and field in _fields(refused)
    assert api.post(f"/pillars/{pillar.id}/indicators", {"code": "hits.located"}).status_code == 201
    assert (
        _api(people["analyst"])
        .post(f"/pillars/{pillar.id}/indicators", {"code": "hits.received"})
        .status_code
        == 403
    )
    assert not IndicatorBinding.objects.filter(code="hits.received", pillar=pillar).exists()


def test_a_partner_steering_member_cannot_change_a_plan_another_agency_recorded(
    people: dict[str, Any], plan: Any
) -> None:
    from jisr.plan import services

    pillar = Pillar.objects.get(plan=plan, number=2)
    with pytest.raises(Exception) as refused:
        services.pillar_binding_set(
            acting_user=people["fr_steering"],
            pillar=pillar,
            code="hits.located",
            target=1,
            granularity="quarter",
        )
    assert type(refused.value).__name__ == "PermissionDenied"


def test_the_plan_page_follows_an_indicator_on_a_pillar(people: dict[str, Any], plan: Any) -> None:
    client = logged_in(people["steering"])
    path = f"/plan/{plan.id}/"
    page = _html(client, path)
    assert "Suivre un indicateur sur un axe" in page
    pillar = plan.pillars.get(number=1)
    done = client.post(
        path,
        {
            "what": "binding",
            "pillar": str(pillar.id),
            "code": "alerts.submitted",
            "target": "4",
            "granularity": "quarter",
        },
    )
    assert done.status_code == 302
    assert IndicatorBinding.objects.get(pillar=pillar, code="alerts.submitted").target == 4.0
    assert "alerts.submitted" in _html(client, path)
    assert "Suivre un indicateur sur un axe" not in _html(logged_in(people["analyst"]), path)


def test_the_service_refuses_an_unknown_indicator_without_writing(
    people: dict[str, Any], plan: Any
) -> None:
    from jisr.plan import services

    with pytest.raises(ValidationError):
        services.pillar_binding_set(
            acting_user=people["steering"],
            pillar=plan.pillars.first(),
            code="nothing.here",
            target=None,
            granularity="quarter",
        )
    assert not IndicatorBinding.objects.filter(code="nothing.here").exists()


def test_the_openapi_document_describes_creating_a_plan_and_editing_an_action() -> None:
    document = Client().get("/api/v1/openapi.json").json()
    paths = document["paths"]
    assert "post" in paths["/api/v1/plans"]
    assert {"get", "patch", "post"} <= set(paths["/api/v1/actions/{action_id}"])
    assert "post" in paths["/api/v1/pillars/{pillar_id}/indicators"]
    edit = paths["/api/v1/actions/{action_id}"]["patch"]
    assert "Edit the title" in edit["description"] or "Edit the title" in edit.get("summary", "")
    assert {"403", "422"} <= set(edit["responses"])
