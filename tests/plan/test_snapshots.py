"""Partner aggregates: only aggregates leave the node, small counts as "< 5", owner-checked."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from jisr.core import clock
from jisr.federation.models import OutboxEnvelope
from jisr.plan.federation import SNAPSHOTS_TYPE, handle_snapshots
from jisr.plan.models import IndicatorSnapshot
from jisr.plan.periods import period_containing
from jisr.plan.snapshots import snapshots_refresh
from tests.plan.conftest import incoming_hit

pytestmark = pytest.mark.django_db


def _items(envelope: OutboxEnvelope, code: str) -> list[dict[str, Any]]:
    return [item for item in envelope.body["items"] if item["code"] == code]


def _quarter() -> Any:
    return period_containing(clock.now().date(), "quarter")


def test_counts_under_five_leave_the_node_as_suppressed_without_the_number(
    people: dict[str, Any],
) -> None:
    for _i in range(3):
        incoming_hit(clock.now() - dt.timedelta(minutes=5))
    assert snapshots_refresh() == 1
    envelope = OutboxEnvelope.objects.get(type=SNAPSHOTS_TYPE)
    quarter = _quarter()
    [received] = [
        i for i in _items(envelope, "hits.received") if i["from"] == quarter.start.isoformat()
    ]
    assert received == {
        "code": "hits.received",
        "version": 1,
        "from": quarter.start.isoformat(),
        "to": quarter.end.isoformat(),
        "value": None,
        "suppressed": True,
    }
    assert envelope.recipient == "FR-DGPN" and envelope.body["threshold"] == 5
    # Our own snapshot keeps the number; only the wire hides it.
    own = IndicatorSnapshot.objects.get(
        code="hits.received", agency="MA-DGSN", period_start=quarter.start, period_end=quarter.end
    )
    assert own.value == 3 and not own.suppressed


def test_five_or_more_travel_as_the_number_and_an_unchanged_figure_sends_nothing(
    people: dict[str, Any],
) -> None:
    for _i in range(5):
        incoming_hit(clock.now() - dt.timedelta(minutes=5))
    snapshots_refresh()
    assert snapshots_refresh() == 0  # nothing changed: no second envelope
    envelope = OutboxEnvelope.objects.get(type=SNAPSHOTS_TYPE)
    quarter = _quarter()
    [item] = [
        i for i in _items(envelope, "hits.received") if i["from"] == quarter.start.isoformat()
    ]
    assert (item["value"], item["suppressed"]) == (5, False)


def test_the_threshold_is_a_node_setting(people: dict[str, Any]) -> None:
    from jisr.core.models import NodeSetting

    NodeSetting.objects.create(
        name="indicator_small_count_threshold", value=10, updated_at=clock.now()
    )
    for _i in range(7):
        incoming_hit(clock.now() - dt.timedelta(minutes=5))
    snapshots_refresh()
    envelope = OutboxEnvelope.objects.get(type=SNAPSHOTS_TYPE)
    quarter = _quarter()
    [item] = [
        i for i in _items(envelope, "hits.received") if i["from"] == quarter.start.isoformat()
    ]
    assert item["suppressed"] and item["value"] is None and envelope.body["threshold"] == 10


def _envelope(sender: str, body: dict[str, Any]) -> Any:
    from jisr.federation.registry import Envelope

    return Envelope(
        id="e1",
        type=SNAPSHOTS_TYPE,
        version=1,
        sender=sender,
        recipient="MA-DGSN",
        created=clock.now(),
        body=body,
    )


def _body(agency: str, **item: Any) -> dict[str, Any]:
    quarter = _quarter()
    return {
        "agency": agency,
        "computed_at": clock.now().isoformat(),
        "threshold": 5,
        "items": [
            {
                "code": "hits.answered_on_time",
                "version": 1,
                "from": quarter.start.isoformat(),
                "to": quarter.end.isoformat(),
                **item,
            }
        ],
    }


def test_a_partner_figure_is_stored_as_that_partner_s_own(people: dict[str, Any]) -> None:
    handle_snapshots(_envelope("FR-DGPN", _body("FR-DGPN", value=0.75, suppressed=False)))
    row = IndicatorSnapshot.objects.get()
    assert (row.agency, row.code, row.value, row.suppressed) == (
        "FR-DGPN",
        "hits.answered_on_time",
        0.75,
        False,
    )


def test_a_partner_cannot_send_figures_in_our_name_or_another_agency_s(
    people: dict[str, Any],
) -> None:
    from jisr.federation.registry import PermanentEnvelopeError

    for body in (_body("MA-DGSN", value=1.0), _body("XX-OTHER", value=1.0)):
        with pytest.raises(PermanentEnvelopeError):
            handle_snapshots(_envelope("FR-DGPN", body))
    assert not IndicatorSnapshot.objects.exists()


def test_a_suppressed_figure_is_never_stored_with_a_number(people: dict[str, Any]) -> None:
    handle_snapshots(_envelope("FR-DGPN", _body("FR-DGPN", value=3, suppressed=True)))
    row = IndicatorSnapshot.objects.get()
    assert (row.value, row.suppressed, row.threshold) == (None, True, 5)


def test_signed_aggregates_through_the_inbox_show_as_less_than_five_on_the_steering_page(
    people: dict[str, Any], plan: Any, fr_partner: Any
) -> None:
    from django.test import Client

    from tests.federation.support import encode, post_signed
    from tests.support.web import logged_in

    quarter = _quarter()
    body = {
        "agency": "FR-DGPN",
        "computed_at": clock.now().isoformat(),
        "threshold": 5,
        "items": [
            {
                "code": "hits.located",
                "version": 1,
                "from": quarter.start.isoformat(),
                "to": quarter.end.isoformat(),
                "value": None,
                "suppressed": True,
            }
        ],
    }
    raw = encode(fr_partner.envelope(SNAPSHOTS_TYPE, body))
    answer = post_signed(Client(), raw, fr_partner.sign(raw))
    assert answer.status_code in (200, 201, 202), answer.content
    assert IndicatorSnapshot.objects.filter(agency="FR-DGPN", suppressed=True).count() == 1
    client = logged_in(people["steering"])
    client.cookies["jisr_language"] = "fr"
    page = client.get("/plan/")
    html = page.content.decode()
    row = html[html.index('data-code="hits.located"') :]
    row = row[: row.index("</tr>")]
    assert "FR-DGPN" in row and "&lt; 5" in row
