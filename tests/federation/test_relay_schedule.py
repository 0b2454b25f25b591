"""Which envelopes the relay takes: due ones, and ones stranded by a clock that went back."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import transaction

from jisr.core import clock
from jisr.federation.models import OutboxEnvelope, Partner
from jisr.federation.relay import BACKOFF_CAP_SECONDS, _claim
from jisr.federation.services import outbox_enqueue

pytestmark = pytest.mark.django_db


def _partners() -> dict[str, Partner]:
    return {p.agency.code: p for p in Partner.objects.select_related("agency")}


def _enqueue(at: dt.datetime) -> OutboxEnvelope:
    with transaction.atomic():
        row = outbox_enqueue(envelope_type="bench.ping", recipient="FR-DGPN", body={"n": 1})
    OutboxEnvelope.objects.filter(pk=row.pk).update(next_attempt_at=at)
    return row


def test_a_due_envelope_is_taken_and_one_in_backoff_waits(fr_partner: Any) -> None:
    now = clock.now()
    due = _enqueue(now - dt.timedelta(seconds=1))
    waiting = _enqueue(now + dt.timedelta(seconds=30))
    taken = {row.pk for row in _claim(now, _partners())}
    assert due.pk in taken
    assert waiting.pk not in taken


def test_an_envelope_scheduled_beyond_any_backoff_is_taken_after_the_clock_went_back(
    fr_partner: Any,
) -> None:
    now = clock.now()
    stranded = _enqueue(now + dt.timedelta(seconds=BACKOFF_CAP_SECONDS + 8 * 3600))
    Partner.objects.update(retry_at=now + dt.timedelta(hours=8))
    assert stranded.pk in {row.pk for row in _claim(now, _partners())}
