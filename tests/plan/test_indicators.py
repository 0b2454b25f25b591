"""Every shipped indicator moves by exactly the change made to the data, and by nothing else."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from jisr.core import clock
from jisr.core.indicators import indicator_definitions
from jisr.plan.evaluation import Evaluator
from jisr.plan.periods import Period
from tests.factories import alert_active
from tests.plan.conftest import incoming_hit

pytestmark = pytest.mark.django_db


def _period() -> Period:
    today = clock.now().date()
    return Period(today - dt.timedelta(days=30), today)


def _all_values(period: Period) -> dict[str, Any]:
    evaluator = Evaluator()
    return {code: evaluator.value(code, period) for code in sorted(evaluator.definitions)}


def _moved(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    return {code: (before[code], after[code]) for code in before if before[code] != after[code]}


def _alert(people: dict[str, Any], alert_data: dict[str, Any], submit: bool = True) -> Any:
    from jisr.wanted import services

    alert = services.alert_create(acting_user=people["officer"], data=alert_data)
    if submit:
        services.alert_submit(acting_user=people["officer"], alert=alert)
    return alert


def _review(people: dict[str, Any], alert: Any, decision: str, **kwargs: Any) -> Any:
    from jisr.wanted import services

    return services.alert_review(
        acting_user=people["reviewer"], alert=alert, decision=decision, reason="Checked.", **kwargs
    )


def test_refusing_an_alert_adds_one_to_the_refused_count_and_nothing_else(
    people: dict[str, Any], alert_data: dict[str, Any]
) -> None:
    alert = _alert(people, alert_data)
    before = _all_values(_period())
    _review(people, alert, "refuse")
    assert _moved(before, _all_values(_period())) == {"alerts.refused": (0, 1)}


def test_a_refusal_for_political_character_also_counts_in_the_art3_class(
    people: dict[str, Any], alert_data: dict[str, Any]
) -> None:
    alert = _alert(people, alert_data)
    before = _all_values(_period())
    checks = {"legal_basis_present": True, "ordinary_crime": False, "sharing_proportionate": True}
    _review(people, alert, "refuse", checklist=checks)
    assert _moved(before, _all_values(_period())) == {
        "alerts.refused": (0, 1),
        "alerts.refused_art3": (0, 1),
    }


def test_approving_and_sharing_an_alert_moves_approved_and_shared(
    people: dict[str, Any], alert_data: dict[str, Any]
) -> None:
    alert = _alert(people, alert_data)
    before = _all_values(_period())
    _review(people, alert, "approve", share_with=["FR-DGPN"])
    assert _moved(before, _all_values(_period())) == {
        "alerts.approved": (0, 1),
        "alerts.shared": (0, 1),
    }


def test_submitting_then_withdrawing_an_alert_moves_submitted_then_withdrawn(
    people: dict[str, Any], alert_data: dict[str, Any]
) -> None:
    from jisr.wanted import services

    alert = _alert(people, alert_data, submit=False)
    before = _all_values(_period())
    services.alert_submit(acting_user=people["officer"], alert=alert)
    middle = _all_values(_period())
    assert _moved(before, middle) == {"alerts.submitted": (0, 1)}
    services.alert_withdraw(acting_user=people["officer"], alert=alert, reason="No longer needed")
    assert _moved(middle, _all_values(_period())) == {"alerts.withdrawn": (0, 1)}


def test_an_alert_past_its_expiry_date_moves_expired_when_the_worker_expires_it(
    people: dict[str, Any], alert_data: dict[str, Any]
) -> None:
    from jisr.wanted import services
    from jisr.wanted.models import Alert

    alert = alert_active(
        author=people["officer"], reviewer=people["reviewer"], data=alert_data, share_with=[]
    )
    Alert.objects.filter(pk=alert.pk).update(expires_on=clock.now().date() - dt.timedelta(days=1))
    before = _all_values(_period())
    assert services.alerts_expire() == 1
    assert _moved(before, _all_values(_period())) == {"alerts.expired": (0, 1)}


def test_answering_a_hit_late_lowers_the_on_time_share_by_exactly_that_hit(
    people: dict[str, Any], clock_offset: Callable[[float], None]
) -> None:
    from jisr.wanted import services

    now = clock.now()
    answered = incoming_hit(now - dt.timedelta(hours=3))
    services.hit_respond(acting_user=people["steering"], hit=answered, action="no_action")
    pending = incoming_hit(now - dt.timedelta(hours=1))
    period = Period(now.date() - dt.timedelta(days=1), now.date() + dt.timedelta(days=1))
    assert _all_values(period)["hits.answered_on_time"] == 1.0  # the pending one is not due

    clock_offset(13 * 3600)  # past the second hit's deadline
    before = _all_values(period)
    services.hit_respond(acting_user=people["steering"], hit=pending, action="no_action")
    after = _all_values(period)
    assert after["hits.answered_on_time"] == 0.5
    assert _moved(before, after) == {}  # overdue already counted as late; the answer is late too

    on_time = incoming_hit(clock.now())
    services.hit_respond(acting_user=people["steering"], hit=on_time, action="no_action")
    assert _all_values(period)["hits.answered_on_time"] == round(2 / 3, 4)


def test_recording_a_located_outcome_adds_one_located_hit(people: dict[str, Any]) -> None:
    from jisr.wanted.models import Hit

    hit = incoming_hit(clock.now() - dt.timedelta(hours=2))
    before = _all_values(_period())
    Hit.objects.filter(pk=hit.pk).update(status="closed", outcome="located", outcome_at=clock.now())
    assert _moved(before, _all_values(_period())) == {"hits.located": (0, 1)}


@pytest.mark.parametrize(
    ("outcome", "code"),
    [
        ("arrested", "hits.arrested"),
        ("surrendered_extradited", "hits.surrendered"),
        ("not_the_person", "hits.not_the_person"),
    ],
)
def test_each_outcome_has_its_own_count(people: dict[str, Any], outcome: str, code: str) -> None:
    from jisr.wanted.models import Hit

    hit = incoming_hit(clock.now() - dt.timedelta(hours=2))
    before = _all_values(_period())
    Hit.objects.filter(pk=hit.pk).update(status="closed", outcome=outcome, outcome_at=clock.now())
    assert _moved(before, _all_values(_period())) == {code: (0, 1)}


def test_a_hit_received_and_a_hit_reported_count_on_their_side(people: dict[str, Any]) -> None:
    from jisr.wanted.models import Hit

    before = _all_values(_period())
    incoming_hit(clock.now() + dt.timedelta(seconds=-5), hours=12)
    outgoing = incoming_hit(clock.now())
    Hit.objects.filter(pk=outgoing.pk).update(direction="outgoing")
    assert _moved(before, _all_values(_period())) == {
        "hits.received": (0, 1),
        "hits.reported": (0, 1),
    }


def test_incidents_count_by_severity(people: dict[str, Any], agencies: dict[str, Any]) -> None:
    from jisr.events import services

    event = services.event_create(
        acting_user=people["steering"],
        name="Tournoi fictif",
        starts_on=clock.now().date(),
        ends_on=clock.now().date() + dt.timedelta(days=5),
        participants=[],
    )
    venue = services.venue_add(
        acting_user=people["steering"], event=event, name="Stade A", kind="stadium", capacity=1000
    )
    before = _all_values(_period())
    services.incident_record(
        acting_user=people["steering"],
        event=event,
        venue=venue,
        category="crowd",
        severity=4,
        description="Bousculade fictive",
    )
    assert _moved(before, _all_values(_period())) == {
        "events.incidents": (0, 1),
        "events.incidents_severity_4": (0, 1),
    }


def test_an_envelope_delivered_counts_as_exchanged_with_its_delay(people: dict[str, Any]) -> None:
    from jisr.federation.models import OutboxEnvelope
    from jisr.federation.services import outbox_enqueue

    envelope = outbox_enqueue(envelope_type="bench.ping", recipient="FR-DGPN", body={"seq": 1})
    before = _all_values(_period())
    OutboxEnvelope.objects.filter(pk=envelope.pk).update(
        state="sent", sent_at=envelope.created + dt.timedelta(seconds=4)
    )
    assert _moved(before, _all_values(_period())) == {
        "federation.envelopes_exchanged": (0, 1),
        "federation.median_delivery_seconds": (None, 4.0),
    }


def test_every_shipped_indicator_gives_the_same_value_twice(
    people: dict[str, Any], alert_data: dict[str, Any]
) -> None:
    alert_active(
        author=people["officer"], reviewer=people["reviewer"], data=alert_data, share_with=[]
    )
    incoming_hit(clock.now() - dt.timedelta(hours=20))
    first, second = _all_values(_period()), _all_values(_period())
    assert first == second
    assert first["alerts.approved"] == 1 and first["hits.answered_on_time"] == 0.0
    assert len(indicator_definitions()) >= 25


def test_closing_incidents_sets_the_median_time_to_close(
    people: dict[str, Any], agencies: dict[str, Any]
) -> None:
    """Two incidents closed 2 h and 6 h after they occurred give a median of 4 hours;
    reopening one takes it out of the figure."""
    from jisr.events import services
    from jisr.events.models import Incident

    definition = indicator_definitions()["events.median_hours_to_close"]
    event = services.event_create(
        acting_user=people["steering"],
        name="Tournoi fictif",
        starts_on=clock.now().date(),
        ends_on=clock.now().date() + dt.timedelta(days=5),
        participants=[],
    )
    venue = services.venue_add(
        acting_user=people["steering"], event=event, name="Stade A", kind="stadium", capacity=1000
    )
    period = _period()
    assert definition.evaluate(*period.interval) is None
    incidents = []
    for hours in (2, 6):
        incident = services.incident_record(
            acting_user=people["steering"],
            event=event,
            venue=venue,
            category="crowd",
            severity=2,
            description="Bousculade fictive",
        )
        Incident.objects.filter(pk=incident.pk).update(
            occurred_at=clock.now() - dt.timedelta(hours=hours)
        )
        incident.refresh_from_db()
        services.incident_update(acting_user=people["steering"], incident=incident, status="closed")
        incidents.append(incident)
    assert definition.evaluate(*period.interval) == pytest.approx(4.0, abs=0.01)
    services.incident_update(acting_user=people["steering"], incident=incidents[1], status="open")
    assert definition.evaluate(*period.interval) == pytest.approx(2.0, abs=0.01)
