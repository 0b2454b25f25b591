"""GET /api/v1/federation/links: link health for monitoring, administrators only."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from jisr.accounts.roles import Role
from jisr.accounts.services import token_create
from jisr.federation.models import OutboxEnvelope
from jisr.federation.services import outbox_enqueue
from tests.federation.support import FakePartner

pytestmark = pytest.mark.django_db


def _get(user: Any) -> Any:
    token = token_create(acting_user=None, user=user, label="test")
    return Client().get("/api/v1/federation/links", headers={"Authorization": f"Bearer {token}"})


def test_an_administrator_reads_each_links_health_and_counts(
    fr_partner: FakePartner, make_user: Any
) -> None:
    outbox_enqueue(envelope_type="hit.reported", recipient="FR-DGPN", body={})
    dead = outbox_enqueue(envelope_type="hit.reported", recipient="FR-DGPN", body={})
    OutboxEnvelope.objects.filter(pk=dead.pk).update(state="dead")
    response = _get(make_user("ma.admin", [Role.ADMINISTRATOR]))
    assert response.status_code == 200
    [link] = response.json()["items"]
    assert (link["agency"], link["health"], link["pending"], link["failed"]) == (
        "FR-DGPN",
        "degraded",
        1,
        1,
    )
    assert link["out_of_sync"] is False and link["url"] == "http://127.0.0.1:9"


def test_anyone_else_gets_403(fr_partner: FakePartner, make_user: Any) -> None:
    assert _get(make_user("ma.officer", [Role.LIAISON_OFFICER])).status_code == 403
