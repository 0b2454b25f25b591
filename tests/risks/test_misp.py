"""MISP: every export loads with pymisp.MISPEvent; a MISP event round-trips through import."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from pymisp import MISPEvent

from jisr.risks.models import Bulletin
from tests.risks.conftest import api, partner_bulletin_body, receive

pytestmark = pytest.mark.django_db

INDICATORS = [
    {"type": "phone", "value": "+212 612 345 678"},
    {"type": "vehicle", "value": "12345-A-6"},
    {"type": "document", "value": "AB123456"},
    {"type": "place", "value": "Crique de Cala Iris"},
    {"type": "route", "value": "Al Hoceima – Motril"},
    {"type": "domain", "value": "passeurs-fictifs.example"},
    {"type": "crypto", "value": "1BoatSLRHtKNngkdXEeobR76b53LETtpyT"},
    {"type": "hash", "value": "d41d8cd98f00b204e9800998ecf8427e"},
]


def _bulletin(analyst: Any, **overrides: Any) -> str:
    body = {
        "kind": "modus_operandi",
        "title": "Double fond dans des utilitaires",
        "summary": "Des utilitaires à double fond traversent le détroit.",
        "details": "Détails fictifs.",
        "recommended_measures": "Contrôler les planchers.",
        "handling_code": "H1",
        "source_reliability": "B",
        "information_accuracy": "2",
        "indicators": INDICATORS,
        "recipients": ["FR-DGPN"],
        **overrides,
    }
    answer = api(Client(), analyst, "post", "/bulletins", body)
    assert answer.status_code == 201, answer.content
    return str(answer.json()["id"])


def _load(payload: dict[str, Any]) -> MISPEvent:
    event = MISPEvent()
    event.load(json.dumps(payload))
    return event


def test_a_bulletin_exports_as_a_misp_event_that_pymisp_loads(analyst: Any) -> None:
    bulletin_id = _bulletin(analyst)
    answer = api(Client(), analyst, "get", f"/bulletins/{bulletin_id}/misp")
    assert answer.status_code == 200, answer.content
    event = _load(answer.json())
    assert event.info == "Double fond dans des utilitaires" and str(event.uuid) == bulletin_id
    tags = {t.name for t in event.tags}
    assert {"tlp:amber", "PAP:GREEN", 'jisr:bulletin-kind="modus_operandi"'} <= tags
    assert 'admiralty-scale:source-reliability="b"' in tags
    flat = {
        (a.type, a.value) for a in event.attributes if a.type != "text" or a.comment == "jisr:route"
    }
    assert flat == {
        ("domain", "passeurs-fictifs.example"),
        ("md5", "d41d8cd98f00b204e9800998ecf8427e"),
        ("identity-card-number", "AB123456"),
        ("text", "Al Hoceima – Motril"),
    }
    objects = {(o.name, a.object_relation, a.value) for o in event.objects for a in o.attributes}
    assert {
        ("phone-number", "phone-number", "+212612345678"),
        ("vehicle", "license-plate-number", "12345-A-6"),
        ("geolocation", "address", "Crique de Cala Iris"),
        ("coin-address", "address", "1BoatSLRHtKNngkdXEeobR76b53LETtpyT"),
    } <= objects


@pytest.mark.parametrize(
    "code,tlp,pap", [("H0", "tlp:green", "PAP:GREEN"), ("H2", "tlp:amber+strict", "PAP:AMBER")]
)
def test_the_handling_code_maps_to_tlp_and_pap(analyst: Any, code: str, tlp: str, pap: str) -> None:
    bulletin_id = _bulletin(analyst, handling_code=code)
    event = _load(api(Client(), analyst, "get", f"/bulletins/{bulletin_id}/misp").json())
    assert {tlp, pap} <= {t.name for t in event.tags}


def test_an_h3_bulletin_never_exports(analyst: Any) -> None:
    from jisr.audit.models import AuditEntry

    bulletin_id = _bulletin(
        analyst, handling_code="H3", restrictions="Usage interne DGSN seulement"
    )
    answer = api(Client(), analyst, "get", f"/bulletins/{bulletin_id}/misp")
    assert answer.status_code == 403
    assert "H3" in answer.json()["detail"]
    assert not AuditEntry.objects.filter(action="bulletin.export_misp").exists()


def test_a_partner_h2_copy_is_not_exported_without_consent(officer: Any) -> None:
    copy = receive(partner_bulletin_body(handling_code="H2"))
    answer = api(Client(), officer, "get", f"/bulletins/{copy.id}/misp")
    assert answer.status_code == 403 and "FR-DGPN" in answer.json()["detail"]


def test_an_exported_event_imports_back_as_a_draft_with_the_same_indicators(analyst: Any) -> None:
    bulletin_id = _bulletin(analyst)
    exported = api(Client(), analyst, "get", f"/bulletins/{bulletin_id}/misp").json()
    imported = api(Client(), analyst, "post", "/bulletins/import-misp", exported)
    assert imported.status_code == 201, imported.content
    draft = imported.json()
    assert draft["status"] == "draft" and draft["import_report"] == []
    original = Bulletin.objects.get(id=bulletin_id)
    copy = Bulletin.objects.get(id=draft["id"])
    assert {(i.type, i.key) for i in copy.indicators.all()} == {
        (i.type, i.key) for i in original.indicators.all()
    }
    for name in (
        "kind",
        "title",
        "summary",
        "details",
        "recommended_measures",
        "handling_code",
        "source_reliability",
        "information_accuracy",
    ):
        assert getattr(copy, name) == getattr(original, name), name
    again = _load(json.loads(json.dumps(exported)))
    assert len(again.attributes) + len(again.objects) > 0


def test_a_foreign_misp_event_imports_and_reports_what_could_not_be_mapped(analyst: Any) -> None:
    event = MISPEvent()
    event.info = "Campagne d'hameçonnage (fictive)"
    event.add_tag("tlp:red")
    event.add_attribute("domain", "banque-fictive.example")
    event.add_attribute("ip-dst", "192.0.2.7")
    event.add_attribute("phone-number", "not a phone")
    answer = api(Client(), analyst, "post", "/bulletins/import-misp", json.loads(event.to_json()))
    assert answer.status_code == 201
    draft = answer.json()
    assert draft["handling_code"] == "H2"
    assert [(i["type"], i["key"]) for i in draft["indicators"]] == [
        ("domain", "banque-fictive.example")
    ]
    report = " ".join(draft["import_report"])
    assert "ip-dst: 192.0.2.7" in report and "not a phone" in report


@pytest.mark.parametrize(
    "raw,message",
    [
        ("{not json", "not valid JSON"),
        ('{"name": "x"}', "not a MISP event"),
        ("[1, 2]", "not a MISP event"),
    ],
)
def test_a_file_that_is_not_a_misp_event_is_refused_and_nothing_is_created(
    analyst: Any, raw: str, message: str
) -> None:
    from jisr.accounts.models import ApiToken

    _token, token = ApiToken.objects.issue(analyst)
    answer = Client().post(
        "/api/v1/bulletins/import-misp",
        raw,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert answer.status_code == 422
    assert message in answer.json()["detail"][0]["msg"]
    assert not Bulletin.objects.exists()


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ('{"info": "x", "Attribute": ' + "[" * 100_000 + "]" * 100_000 + "}", "nested too deeply"),
        ('{"info": "x", "Tag": ' + "[{" * 30 + "}]" * 30 + "}", "nested too deeply"),
        ('{"info": "' + "x" * (2 * 1024 * 1024) + '"}', "at most 2 MB"),
    ],
    ids=["100000 brackets", "30 levels", "over 2 MB"],
)
def test_a_deeply_nested_or_huge_misp_file_is_a_422_never_a_500(
    analyst: Any, raw: str, message: str
) -> None:
    """Issue 12: a file of brackets reached the JSON parser, whose recursion ended in a 500."""
    from jisr.accounts.models import ApiToken

    _token, token = ApiToken.objects.issue(analyst)
    answer = Client().post(
        "/api/v1/bulletins/import-misp",
        raw,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert answer.status_code == 422
    assert message in answer.json()["detail"][0]["msg"]
    assert not Bulletin.objects.exists()


def test_a_deeply_nested_misp_file_through_the_page_says_why_and_creates_nothing(
    analyst: Any,
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.support.web import logged_in

    page = logged_in(analyst).post(
        "/risks/bulletins/import/",
        {"file": SimpleUploadedFile("deep.json", b"[" * 50_000 + b"]" * 50_000)},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert page.status_code == 200
    assert "nested too deeply" in page.content.decode()
    assert not Bulletin.objects.exists()
