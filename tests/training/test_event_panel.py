"""Major-event support: the people a linked assistance request deploys show on the event's page,
on the requesting node (its own event) and on the providing node (the host's copy)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from jisr.core import bounds, ids
from jisr.federation.models import OutboxEnvelope
from jisr.training import services
from jisr.training.models import AssistanceRequest
from jisr.training.panels import event_assistance
from tests.support.web import logged_in
from tests.training.conftest import receive
from tests.training.test_api import _post

pytestmark = pytest.mark.django_db

DAY = bounds.today() + dt.timedelta(days=60)


def _fr_step(request: Any, kind: str, **fields: Any) -> None:
    receive(
        "training.assistance_step",
        {
            "id": str(ids.new_id()),
            "request": str(request.id),
            "agency": "FR-DGPN",
            "kind": kind,
            "text": fields.get("text", ""),
            "offer_when": "",
            "offer_by": "",
            "cost": "",
            "rating": None,
            "offer": fields.get("offer"),
            "deployments": fields.get("deployments", []),
            "at": fields.get("at", "2030-01-01T10:00:00+00:00"),
        },
    )
    request.refresh_from_db()


def _deployment(who: str, role: str = "", venue: str = "") -> dict[str, str]:
    return {
        "who": who,
        "role": role,
        "from": DAY.isoformat(),
        "until": (DAY + dt.timedelta(days=5)).isoformat(),
        "venue": venue,
    }


@pytest.fixture
def own_event(officer: Any, fr_partner: Any) -> Any:
    from jisr.events import services as events

    return events.event_create(
        acting_user=officer,
        name="Coupe fictive des nations",
        starts_on=DAY,
        ends_on=DAY + dt.timedelta(days=10),
        participants=[fr_partner.agency],
    )


def _event_page(user: Any, event: Any) -> str:
    response = logged_in(user).get(f"/events/{event.id}/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_requester_sees_the_planned_then_the_deployed_team_under_its_events_deployments(
    own_event: Any, officer: Any, supervisor: Any, fr_partner: Any
) -> None:
    request = services.assistance_request(
        acting_user=officer,
        kind="major_event",
        title="Appui cynotechnique (fictif)",
        description="Équipes cynophiles pour le stade",
        provider=fr_partner.agency,
        need_by=DAY,
        event_id=own_event.id,
    )
    _fr_step(
        request,
        "offered",
        text="Deux équipes",
        deployments=[_deployment("Équipe cynophile Alpha (fictive)", "détection", "Stade A")],
    )
    # Offered, not agreed: nobody is committed yet, the event's page shows nothing of it.
    assert 'data-testid="event-assistance"' not in _event_page(officer, own_event)

    services.assistance_agree(acting_user=supervisor, request=request)
    offer = request.steps.get(kind="offered").id
    _fr_step(request, "agreed", offer=str(offer), at="2030-01-02T10:00:00+00:00")
    assert request.status == "agreed"
    page = _event_page(officer, own_event)
    assert 'data-testid="event-assistance"' in page
    assert "Équipe cynophile Alpha (fictive)" in page and "Stade A" in page
    assert "planned" in page and "Appui cynotechnique (fictif)" in page

    _fr_step(
        request,
        "milestone",
        text="Équipes arrivées",
        deployments=[_deployment("Brigadier Fictif Leroux", "maître-chien")],
        at="2030-01-03T10:00:00+00:00",
    )
    page = _event_page(officer, own_event)
    assert "Brigadier Fictif Leroux" in page and "deployed" in page
    assert "Équipe cynophile Alpha (fictive)" not in page  # the plan gave way to what happened


def test_a_provider_records_its_deployment_through_the_api_and_sees_it_on_the_hosts_event(
    officer: Any, supervisor: Any, fr_partner: Any
) -> None:
    event_id = str(ids.new_id())
    receive(
        "events.event",
        {
            "id": event_id,
            "owner": "FR-DGPN",
            "name": "Marathon fictif de Lyon",
            "starts_on": DAY.isoformat(),
            "ends_on": (DAY + dt.timedelta(days=2)).isoformat(),
            "participants": [{"agency": "MA-DGSN", "status": "joined"}],
        },
    )
    request_id = str(ids.new_id())
    receive(
        "training.assistance",
        {
            "id": request_id,
            "requester": "FR-DGPN",
            "provider": "MA-DGSN",
            "kind": "major_event",
            "title": "Officiers arabophones (fictif)",
            "description": "Accueil des supporters",
            "need_by": DAY.isoformat(),
            "priority": "normal",
            "success_criteria": "",
            "event": event_id,
            "created_at": "2030-01-01T09:00:00+00:00",
        },
    )
    request = AssistanceRequest.objects.get(id=request_id)
    _fr_step(request, "requested", text="Accueil")
    services.assistance_offer(
        acting_user=officer,
        request=request,
        what="Quatre officiers",
        deployments=[_deployment("Lieutenant Fictif Amrani", "liaison")],
    )
    services.assistance_agree(acting_user=supervisor, request=request)
    offer = request.steps.get(kind="offered").id
    _fr_step(request, "agreed", offer=str(offer), at="2099-01-02T10:00:00+00:00")

    bad = _post(
        officer,
        f"/assistance/{request_id}/deliver",
        {
            "milestone": "Arrivés",
            "deployments": [
                {**_deployment("Sans dates"), "until": (DAY - dt.timedelta(days=1)).isoformat()}
            ],
        },
    )
    assert bad.status_code == 422
    assert {
        "loc": ["body", "deployments"],
        "msg": "A deployment cannot end before it starts.",
        "type": "value_error",
    } in bad.json()["detail"]
    assert request.steps.filter(kind="milestone").count() == 0
    good = _post(
        officer,
        f"/assistance/{request_id}/deliver",
        {"milestone": "Arrivés", "deployments": [_deployment("Brigade fictive Atlas", "accueil")]},
    )
    assert good.status_code == 200 and good.json()["status"] == "in_delivery"
    sent = OutboxEnvelope.objects.filter(body__record_type="training.assistance_step").last()
    assert sent is not None
    assert sent.body["body"]["deployments"][0]["who"] == "Brigade fictive Atlas"

    from jisr.events.models import Event

    page = _event_page(officer, Event.objects.get(id=event_id))
    assert "Brigade fictive Atlas" in page and "MA-DGSN" in page


def test_the_panel_is_empty_for_a_user_who_may_not_see_assistance(
    own_event: Any, make_user: Any, rf: Any
) -> None:
    from jisr.accounts.roles import Role

    reviewer = make_user("ma.reviewer", [Role.COMPLIANCE_REVIEWER])
    http_request = rf.get("/")
    http_request.user = reviewer
    assert event_assistance(http_request, own_event) is None
