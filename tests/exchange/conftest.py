"""Exchange fixtures: FR-DGPN registered as a partner of this (MA-DGSN) node, and users."""

from __future__ import annotations

import base64
import datetime as dt
import itertools
import uuid
from typing import Any

import pytest
from django.test import Client

from jisr.accounts.roles import Role
from jisr.core import clock

_numbers = itertools.count(42)

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(range(256)) * 4


@pytest.fixture
def officer(make_user: Any, fr_partner: Any) -> Any:
    return make_user("ma.officer", [Role.LIAISON_OFFICER, Role.ANALYST])


@pytest.fixture
def supervisor(make_user: Any, fr_partner: Any) -> Any:
    return make_user("ma.supervisor", [Role.SUPERVISOR, Role.LIAISON_OFFICER])


@pytest.fixture
def reviewer(make_user: Any, fr_partner: Any) -> Any:
    return make_user("ma.reviewer", [Role.COMPLIANCE_REVIEWER])


@pytest.fixture
def case(officer: Any) -> Any:
    from jisr.exchange.services import case_open

    return case_open(
        acting_user=officer,
        title="Port of Tanger Med (test)",
        crime_area="drug_trafficking",
        partners=["FR-DGPN"],
    )


def message_fields(**overrides: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "kind": "request_information",
        "subject": "Vehicle crossings",
        "body": "Did the vehicle cross in October?",
        "handling_code": "H0",
        "source_reliability": "B",
        "information_accuracy": "2",
        "priority": "urgent",
        "language": "fr",
    }
    fields.update(overrides)
    return fields


def fr_message_body(case: Any | None = None, **overrides: Any) -> dict[str, Any]:
    """A message as node FR-DGPN would send it (envelope body), in a case FR owns."""
    now = clock.now()
    case_id = str(case.id) if case is not None else str(uuid.uuid4())
    case_data = {
        "id": case_id,
        "reference": case.reference if case is not None else f"FR-DGPN-2026-{next(_numbers):04d}",
        "title": "Fraud ring (test)",
        "crime_area": "fraud",
        "status": "open",
        "owner": case.owner.code if case is not None else "FR-DGPN",
        "participants": ["FR-DGPN", "MA-DGSN"],
        "links": [],
        "created_at": now.isoformat(),
        "updated_at": now.isoformat(),
    }
    data = PNG
    body: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "case": case_data,
        "case_version": 1,
        "sender": "FR-DGPN",
        "author_name": "Julie Martin-Test",
        "kind": "request_information",
        "in_reply_to": None,
        "forwarded_from": None,
        "subject": "Demande urgente",
        "body": "Le véhicule a-t-il traversé ?",
        "person_names": ["Yassine Benkirane-Demo"],
        "contains_personal_data": True,
        "handling_code": "H2",
        "handling_restriction": "",
        "source_reliability": "A",
        "information_accuracy": "2",
        "priority": "urgent",
        "language": "fr",
        "created_at": now.isoformat(),
        "deadline": (now + dt.timedelta(hours=8)).isoformat(),
        "recipients": ["MA-DGSN"],
        "attachments": [
            {
                "id": str(uuid.uuid4()),
                "filename": "photo.png",
                "content_type": "image/png",
                "size": len(data),
                "sha256": __import__("hashlib").sha256(data).hexdigest(),
                "data": base64.b64encode(data).decode(),
            }
        ],
    }
    body.update(overrides)
    return body


def deliver(envelope_type: str, body: dict[str, Any], sender: str = "FR-DGPN") -> Any:
    """Hand an envelope to the handler this node registered for it, as the inbox would."""
    from django.db import transaction

    from jisr.federation.registry import Envelope, handler_for

    handler = handler_for(envelope_type)
    assert handler is not None
    envelope = Envelope(
        id=str(uuid.uuid4()),
        type=envelope_type,
        version=1,
        sender=sender,
        recipient="MA-DGSN",
        created=clock.now(),
        body=body,
    )
    with transaction.atomic():
        return handler(envelope)


def api_client(user: Any) -> tuple[Client, dict[str, str]]:
    from jisr.accounts.models import ApiToken

    _token, raw = ApiToken.objects.issue(user)
    return Client(), {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
