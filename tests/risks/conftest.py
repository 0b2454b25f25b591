"""Fixtures for the risks tests: this node is MA-DGSN, FR-DGPN its partner."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest

from jisr.core import bounds


@pytest.fixture
def officer(make_user: Any, fr_partner: Any) -> Any:
    from jisr.accounts.roles import Role

    return make_user("ma.officer", [Role.LIAISON_OFFICER, Role.ANALYST])


@pytest.fixture
def analyst(make_user: Any, fr_partner: Any) -> Any:
    from jisr.accounts.roles import Role

    return make_user("ma.analyst", [Role.ANALYST])


@pytest.fixture
def reviewer(make_user: Any, fr_partner: Any) -> Any:
    from jisr.accounts.roles import Role

    return make_user("ma.reviewer", [Role.COMPLIANCE_REVIEWER])


@pytest.fixture
def supervisor(make_user: Any, fr_partner: Any) -> Any:
    from jisr.accounts.roles import Role

    return make_user("ma.supervisor", [Role.SUPERVISOR, Role.LIAISON_OFFICER])


def api(client: Any, user: Any, method: str, path: str, body: Any = None) -> Any:
    from jisr.accounts.models import ApiToken

    _token, raw = ApiToken.objects.issue(user)
    call = getattr(client, method)
    kwargs: dict[str, Any] = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    if body is not None:
        kwargs["content_type"] = "application/json"
        return call(f"/api/v1{path}", body, **kwargs)
    return call(f"/api/v1{path}", **kwargs)


def outbox(envelope_type: str = "") -> list[Any]:
    from jisr.federation.models import OutboxEnvelope

    rows = OutboxEnvelope.objects.order_by("created")
    return [
        e
        for e in rows
        if not envelope_type
        or e.type == envelope_type
        or e.body.get("record_type") == envelope_type
    ]


def partner_bulletin_body(**overrides: Any) -> dict[str, Any]:
    """A bulletin FR-DGPN released to MA-DGSN, as its replication body."""
    bulletin_id = str(overrides.pop("id", uuid.uuid4()))
    body = {
        "id": bulletin_id,
        "owner": "FR-DGPN",
        "kind": "early_warning",
        "version": 1,
        "title": "Nouvelle route de go-fast (fictif)",
        "summary": "Des go-fast partent désormais de criques isolées.",
        "details": "",
        "recommended_measures": "",
        "handling_code": "H1",
        "restrictions": "",
        "source_reliability": "B",
        "information_accuracy": "2",
        "valid_until": (bounds.today() + dt.timedelta(days=30)).isoformat(),
        "recipients": ["MA-DGSN"],
        "risks": [],
        "changes": [],
        "response": {},
        "author": "Marc Lefebvre-Test",
        "released_at": "2026-12-01T10:00:00+00:00",
        "indicators": [
            {"id": str(uuid.uuid4()), "type": "phone", "value": "+33 6 12 34 56 78", "key": ""},
        ],
    }
    body.update(overrides)
    return body


def receive(body: dict[str, Any], revision: int = 1) -> Any:
    """Deliver a partner's bulletin through the replication layer (owner checks included)."""
    from jisr.federation.handlers import handle_replica_upsert
    from jisr.federation.registry import Envelope
    from jisr.risks.models import Bulletin

    handle_replica_upsert(
        Envelope(
            id=str(uuid.uuid4()),
            type="replica.upsert",
            version=1,
            sender=body["owner"],
            recipient="MA-DGSN",
            created=dt.datetime.now(dt.UTC),
            body={
                "record_type": "risks.bulletin",
                "record_id": body["id"],
                "version": revision,
                "body": body,
            },
        )
    )
    return Bulletin.objects.get(id=body["id"])


def replica(
    record_type: str, record_id: str, version: int, body: dict[str, Any], sender: str = "FR-DGPN"
) -> None:
    from jisr.federation.handlers import handle_replica_upsert
    from jisr.federation.registry import Envelope

    handle_replica_upsert(
        Envelope(
            id=str(uuid.uuid4()),
            type="replica.upsert",
            version=1,
            sender=sender,
            recipient="MA-DGSN",
            created=dt.datetime.now(dt.UTC),
            body={
                "record_type": record_type,
                "record_id": record_id,
                "version": version,
                "body": body,
            },
        )
    )
