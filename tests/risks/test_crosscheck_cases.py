"""A partner's bulletin is cross-checked against our cases too (issue 18's done-when): a
telephone number already in an MA case is flagged on the bulletin, linking to that case."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.test import Client

from jisr.exchange import services
from jisr.exchange.entities import EntityInput
from tests.exchange.conftest import message_fields
from tests.risks.conftest import api, partner_bulletin_body, receive
from tests.support.web import logged_in

pytestmark = pytest.mark.django_db


def test_a_bulletin_phone_number_already_in_one_of_our_cases_is_flagged(officer: Any) -> None:
    from jisr.exchange.services import case_open

    case = case_open(
        acting_user=officer,
        title="Traversées de go-fast (fictif)",
        partners=["FR-DGPN"],
        crime_area="drug_trafficking",
    )
    services.message_send(
        acting_user=officer,
        case=case,
        entities=[EntityInput("phone", "06 12 34 56 78", "FR")],
        **message_fields(subject="Numéro vu au port"),
    )
    bulletin = receive(
        partner_bulletin_body(
            indicators=[
                {"id": str(uuid.uuid4()), "type": "phone", "value": "+33 6 12 34 56 78", "key": ""},
                {"id": str(uuid.uuid4()), "type": "domain", "value": "rien.example", "key": ""},
            ]
        )
    )
    got = api(Client(), officer, "get", f"/bulletins/{bulletin.id}").json()
    flags = {i["key"]: [m["reference"] for m in i["matches"]] for i in got["indicators"]}
    assert flags == {"+33612345678": [case.reference], "rien.example": []}
    page = logged_in(officer).get(f"/risks/bulletins/{bulletin.id}/").content.decode()
    assert case.reference in page
