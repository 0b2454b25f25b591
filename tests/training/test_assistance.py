"""Technical assistance: the life cycle, four eyes on the agreement, steps owned by their agency."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from jisr.core import bounds
from jisr.federation.models import OutboxEnvelope
from jisr.training import services
from jisr.training.models import AssistanceRequest
from tests.training.conftest import receive

pytestmark = pytest.mark.django_db


def _fr_step(request: Any, kind: str, n: int, **fields: Any) -> None:
    receive(
        "training.assistance_step",
        {
            "id": f"0193a3c0-0000-7000-8000-0000000001{n:02d}",
            "request": str(request.id),
            "agency": "FR-DGPN",
            "kind": kind,
            "text": fields.get("text", ""),
            "offer_when": "",
            "offer_by": "",
            "cost": "",
            "rating": None,
            "offer": fields.get("offer"),
            "at": fields.get("at", "2030-01-01T10:00:00+00:00"),
        },
    )
    request.refresh_from_db()


@pytest.fixture
def request_to_fr(officer: Any, fr_partner: Any) -> AssistanceRequest:
    return services.assistance_request(
        acting_user=officer,
        kind="forensic",
        description="Analyse de téléphones saisis (fictif)",
        provider=fr_partner.agency,
        need_by=bounds.today() + dt.timedelta(days=30),
    )


def test_a_request_goes_to_the_provider_with_its_first_step(request_to_fr: Any) -> None:
    assert request_to_fr.status == "needs_assessment"
    sent = set(OutboxEnvelope.objects.values_list("body__record_type", "recipient"))
    assert {("training.assistance", "FR-DGPN"), ("training.assistance_step", "FR-DGPN")} <= sent


def test_the_full_life_cycle_with_both_supervisors(
    request_to_fr: Any, officer: Any, supervisor: Any
) -> None:
    _fr_step(request_to_fr, "offered", 1, text="Deux experts, trois semaines")
    assert request_to_fr.status == "offered"
    with pytest.raises(PermissionDenied):  # a liaison officer is not a supervisor
        services.assistance_agree(acting_user=officer, request=request_to_fr)
    services.assistance_agree(acting_user=supervisor, request=request_to_fr)
    request_to_fr.refresh_from_db()
    assert request_to_fr.status == "offered"  # FR has not agreed yet
    offer = request_to_fr.steps.get(kind="offered").id
    _fr_step(request_to_fr, "agreed", 2, at="2030-01-02T10:00:00+00:00", offer=str(offer))
    assert request_to_fr.status == "agreed"
    _fr_step(request_to_fr, "milestone", 3, text="Rapport remis", at="2030-01-03T10:00:00+00:00")
    assert request_to_fr.status == "in_delivery"
    with pytest.raises(ValidationError) as caught:
        services.assistance_close(acting_user=officer, request=request_to_fr, rating=6)
    assert "rating" in caught.value.message_dict
    services.assistance_close(acting_user=officer, request=request_to_fr, rating=4, comment="Utile")
    request_to_fr.refresh_from_db()
    assert (request_to_fr.status, request_to_fr.rating) == ("closed", 4)
    kinds = sorted(request_to_fr.steps.values_list("agency__code", "kind"))
    assert kinds == [
        ("FR-DGPN", "agreed"),
        ("FR-DGPN", "milestone"),
        ("FR-DGPN", "offered"),
        ("MA-DGSN", "agreed"),
        ("MA-DGSN", "closed"),
        ("MA-DGSN", "requested"),
    ]


def test_the_requester_cannot_make_the_offer(request_to_fr: Any, supervisor: Any) -> None:
    with pytest.raises(ValidationError):
        services.assistance_offer(acting_user=supervisor, request=request_to_fr, what="x")
    request_to_fr.refresh_from_db()
    assert request_to_fr.status == "needs_assessment"


def test_an_analyst_cannot_ask_for_assistance(analyst: Any, fr_partner: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.assistance_request(
            acting_user=analyst,
            kind="cyber",
            description="x",
            provider=fr_partner.agency,
            need_by=bounds.today(),
        )


def test_a_partner_cannot_close_our_request_for_us(request_to_fr: Any) -> None:
    from jisr.federation.registry import PermanentEnvelopeError

    with pytest.raises(PermanentEnvelopeError):
        _fr_step(request_to_fr, "closed", 9)
    assert request_to_fr.status == "needs_assessment"


def test_a_partner_cannot_rewrite_our_request(request_to_fr: Any) -> None:
    from jisr.federation.registry import NotOwner
    from jisr.training.federation import assistance_body

    body = {**assistance_body(request_to_fr), "description": "changed"}
    with pytest.raises(NotOwner):
        receive("training.assistance", body, version=5)
    request_to_fr.refresh_from_db()
    assert request_to_fr.description.startswith("Analyse")


def test_a_step_arriving_before_the_offer_is_retried_later(request_to_fr: Any) -> None:
    from jisr.federation.registry import RetryLater

    with pytest.raises(RetryLater):
        _fr_step(request_to_fr, "milestone", 4)


def test_indicators_count_closed_requests_and_their_rating(
    request_to_fr: Any, officer: Any, supervisor: Any
) -> None:
    from jisr.core.indicators import indicator_definitions

    _fr_step(request_to_fr, "offered", 1)
    services.assistance_agree(acting_user=supervisor, request=request_to_fr)
    offer = request_to_fr.steps.get(kind="offered").id
    _fr_step(request_to_fr, "agreed", 2, at="2030-01-02T10:00:00+00:00", offer=str(offer))
    _fr_step(request_to_fr, "milestone", 3, at="2030-01-03T10:00:00+00:00")
    services.assistance_close(acting_user=officer, request=request_to_fr, rating=3)
    definitions = indicator_definitions()
    start = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    end = dt.datetime(2040, 1, 1, tzinfo=dt.UTC)
    assert definitions["training.assistance_closed"].evaluate(start, end) == 1
    assert definitions["training.assistance_rating"].evaluate(start, end) == 3.0


def test_the_supervisor_who_made_the_request_cannot_agree_to_its_offer(
    supervisor: Any, second_supervisor: Any, fr_partner: Any
) -> None:
    own = services.assistance_request(
        acting_user=supervisor,
        kind="cyber",
        description="Soutien cyber (fictif)",
        provider=fr_partner.agency,
        need_by=bounds.today() + dt.timedelta(days=10),
    )
    _fr_step(own, "offered", 7)
    with pytest.raises(PermissionDenied) as caught:
        services.assistance_agree(acting_user=supervisor, request=own)
    assert "another supervisor" in str(caught.value)
    services.assistance_agree(acting_user=second_supervisor, request=own)
    assert own.steps.filter(kind="agreed").count() == 1
