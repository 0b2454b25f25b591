"""Fixtures for the working-group tests: MA users, an active MA–FR group, FR's envelopes."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

import pytest

from jisr.core import clock


@pytest.fixture
def officer(make_user: Any) -> Any:
    from jisr.accounts.roles import Role

    return make_user("ma.officer", [Role.LIAISON_OFFICER])


@pytest.fixture
def supervisor(make_user: Any) -> Any:
    from jisr.accounts.roles import Role

    return make_user("ma.supervisor", [Role.SUPERVISOR])


@pytest.fixture
def analyst(make_user: Any) -> Any:
    from jisr.accounts.roles import Role

    return make_user("ma.analyst", [Role.ANALYST])


@pytest.fixture
def outside_supervisor(make_user: Any) -> Any:
    """A supervisor of MA who is not a member of the group."""
    from jisr.accounts.roles import Role

    return make_user("ma.supervisor2", [Role.SUPERVISOR])


class FrNode:
    """FR-DGPN as MA's inbox sees it: signed envelopes through the real receiving path."""

    def __init__(self, fake: Any) -> None:
        self.fake = fake

    def send(
        self, envelope_type: str, body: dict[str, Any], *, envelope_id: str | None = None
    ) -> Any:
        from django.test import Client

        from tests.federation.support import encode, post_signed

        envelope = self.fake.envelope(envelope_type, body)
        if envelope_id:
            envelope["id"] = envelope_id
        raw = encode(envelope)
        response = post_signed(Client(), raw, self.fake.sign(raw))
        response.envelope_id = envelope["id"]
        return response

    def upsert(self, record_type: str, body: dict[str, Any], version: int = 1, **kw: Any) -> Any:
        return self.send(
            "replica.upsert",
            {"record_type": record_type, "record_id": body["id"], "version": version, "body": body},
            **kw,
        )

    def withdraw(self, record_type: str, record_id: str, version: int) -> Any:
        return self.send(
            "replica.withdraw",
            {"record_type": record_type, "record_id": record_id, "version": version},
        )

    def item(self, group: Any, **fields: Any) -> dict[str, Any]:
        return {
            "id": str(uuid.uuid4()),
            "owner": "FR-DGPN",
            "group": str(group.id),
            "created_at": clock.now().isoformat(),
            "created_by": "fr.officer",
            **fields,
        }


@pytest.fixture
def fr(fr_partner: Any) -> FrNode:
    return FrNode(fr_partner)


@pytest.fixture
def group(officer: Any, supervisor: Any, fr: FrNode) -> Any:
    """An MA-convened fugitive group that FR accepted, naming fr.officer."""
    from jisr.groups import services

    g = services.group_create(
        acting_user=officer,
        name="Groupe fictif Détroit",
        kind="fugitives",
        mandate="Localiser les fugitifs fictifs.",
        partners=["FR-DGPN"],
        members=["ma.supervisor"],
    )
    assert fr.send("groups.accept", {"group": str(g.id)}).status_code == 200
    assert fr.upsert("groups.member", fr.item(g, username="fr.officer")).status_code == 200
    g.refresh_from_db()
    assert g.status == "active"
    return g


@pytest.fixture
def fr_alert(fr_partner: Any) -> str:
    """An active FR alert shared with MA, as it arrives through the wanted app."""
    from jisr.wanted.register_index import reset_register_index
    from jisr.wanted.services import copy_upsert

    alert_id = str(uuid.uuid4())
    copy_upsert(
        "FR-DGPN",
        alert_id,
        1,
        {
            "id": alert_id,
            "owner": "FR-DGPN",
            "category": "arrest",
            "names": ["Lucien Fictif-Moreau"],
            "aliases": [],
            "birth_date": "1984-03-02",
            "nationalities": ["FR"],
            "legal_basis": {
                "reference": "FR-2026-001",
                "authority": "Juge fictif",
                "date": "2026-01-05",
                "offence_category": "",
                "offence_description": "Fictitious",
            },
        },
    )
    reset_register_index()
    return alert_id


def api_auth(user: Any) -> dict[str, str]:
    from jisr.accounts.models import ApiToken

    _token, raw = ApiToken.objects.issue(user)
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def post(client: Any, path: str, body: dict[str, Any], auth: dict[str, str]) -> Any:
    return client.post(path, json.dumps(body), content_type="application/json", **auth)


def later(days: int = 3) -> str:
    return (clock.now() + dt.timedelta(days=days)).strftime("%Y-%m-%dT%H:%M:%SZ")


def outbox(record_type: str | None = None, envelope_type: str | None = None) -> list[Any]:
    from jisr.federation.models import OutboxEnvelope

    rows = OutboxEnvelope.objects.order_by("created", "id")
    if envelope_type:
        rows = rows.filter(type=envelope_type)
    result = list(rows)
    if record_type:
        result = [r for r in result if r.body.get("record_type") == record_type]
    return result
