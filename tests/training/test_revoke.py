"""Revoking a certificate: the issuing agency's supervisor, with a reason, replicated, and the
verification on both nodes answers "revoked on ... because ..."."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from jisr.audit.models import AuditEntry
from jisr.federation.models import OutboxEnvelope
from jisr.training.models import Certificate
from tests.support.web import logged_in
from tests.training.conftest import receive
from tests.training.test_api import _auth, _post
from tests.training.test_pages import _certificate, _in

pytestmark = pytest.mark.django_db

REASON = "Résultat obtenu par fraude (fictif)"


def test_the_issuing_supervisor_revokes_through_the_api_and_the_partner_is_told(
    supervisor: Any, analyst: Any, ma_session: Any
) -> None:
    certificate = _certificate(supervisor, ma_session)
    answer = _post(
        supervisor, f"/training/certificates/{certificate.code}/revoke", {"reason": REASON}
    )
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert (body["valid"], body["revoked"], body["revoked_reason"]) == (False, True, REASON)
    assert body["revoked_at"]
    sent = OutboxEnvelope.objects.filter(body__record_type="training.certificate").last()
    assert sent is not None and sent.recipient == "FR-DGPN"
    assert (sent.body["version"], sent.body["body"]["revoked_reason"]) == (2, REASON)
    assert AuditEntry.objects.filter(action="training.certificate_revoke").count() == 1

    checked = Client().get(f"/api/v1/training/certificates/{certificate.code}", **_auth(analyst))
    assert checked.json()["valid"] is False and checked.json()["revoked_reason"] == REASON
    page = logged_in(analyst).get(f"/training/certificates/verify/?code={certificate.code}")
    html = page.content.decode()
    assert "This certificate was revoked." in html
    assert "Revoked on" in html and f"because: <bdi>{REASON}</bdi>" in html


def test_bad_revocations_change_nothing(supervisor: Any, officer: Any, ma_session: Any) -> None:
    certificate = _certificate(supervisor, ma_session)
    path = f"/training/certificates/{certificate.code}/revoke"
    assert _post(officer, path, {"reason": REASON}).status_code == 403  # not a supervisor
    no_reason = _post(supervisor, path, {"reason": "  "}, lang="fr")
    assert no_reason.status_code == 422
    assert {
        "loc": ["body", "reason"],
        "msg": "Indiquez le motif de la révocation.",
        "type": "value_error",
    } in no_reason.json()["detail"]
    unknown = _post(supervisor, "/training/certificates/NOPE-NOPE-NOPE/revoke", {"reason": REASON})
    assert unknown.status_code == 422
    certificate.refresh_from_db()
    assert (certificate.revoked, certificate.version) == (False, 1)
    assert _post(supervisor, path, {"reason": REASON}).status_code == 200
    again = _post(supervisor, path, {"reason": "Autre motif"})
    assert again.status_code == 422
    certificate.refresh_from_db()
    assert certificate.revoked_reason == REASON


def _fr_certificate(fr_session: Any, **extra: Any) -> dict[str, Any]:
    return {
        "id": "0193a3c0-0000-7000-8000-0000000000c9",
        "owner": "FR-DGPN",
        "participant_agency": "MA-DGSN",
        "nomination": None,
        "code": "WXYZ-2345-ABCD",
        "participant_name": "Karim Fictif",
        "participant_rank": "Commissaire",
        "course_title_fr": "Sécurité des grands événements (fictif)",
        "course_title_ar": "",
        "course_title_en": "",
        "starts_on": fr_session.starts_on.isoformat(),
        "ends_on": fr_session.ends_on.isoformat(),
        "duration_days": 5,
        "result": "passed",
        "issued_at": "2026-01-05T10:00:00+00:00",
        "revoked": False,
        **extra,
    }


def test_a_partners_revocation_shows_here_and_we_cannot_revoke_its_certificate(
    fr_session: Any, supervisor: Any
) -> None:
    receive("training.certificate", _fr_certificate(fr_session))
    path = "/training/certificates/WXYZ-2345-ABCD/revoke"
    assert _post(supervisor, path, {"reason": REASON}).status_code == 403
    client = _in(logged_in(supervisor), "fr")
    page = client.get("/training/certificates/verify/?code=WXYZ-2345-ABCD").content.decode()
    assert 'id="revoke-form"' not in page  # not ours to revoke
    receive(
        "training.certificate",
        _fr_certificate(
            fr_session,
            revoked=True,
            revoked_at="2026-02-01T09:30:00+00:00",
            revoked_reason=REASON,
        ),
        version=2,
    )
    assert Certificate.objects.get(code="WXYZ-2345-ABCD").revoked
    page = client.get("/training/certificates/verify/?code=WXYZ-2345-ABCD").content.decode()
    assert "Cette attestation a été révoquée." in page
    assert "Révoquée le" in page and REASON in page


def test_the_verification_page_offers_the_issuing_supervisor_a_revoke_form(
    supervisor: Any, analyst: Any, ma_session: Any
) -> None:
    certificate = _certificate(supervisor, ma_session)
    url = f"/training/certificates/verify/?code={certificate.code}"
    assert 'id="revoke-form"' not in logged_in(analyst).get(url).content.decode()
    client = logged_in(supervisor)
    assert 'id="revoke-form"' in client.get(url).content.decode()
    revoke = f"/training/certificates/{certificate.code}/revoke/"
    refused = client.post(revoke, {"reason": ""})
    assert refused.status_code == 422
    assert "Give the reason for the revocation." in refused.content.decode()
    done = client.post(revoke, {"reason": REASON}, follow=True)
    html = done.content.decode()
    assert "The certificate was revoked." in html and REASON in html
    assert 'id="revoke-form"' not in html
