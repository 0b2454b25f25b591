"""Files on leads: checked like exchange attachments, replicated with the lead, members only."""

from __future__ import annotations

import base64
import hashlib
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from jisr.groups import models as gm
from tests.groups.conftest import api_auth, outbox, post
from tests.support.web import logged_in

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% fictitious report\n"


def _lead_form(**files: Any) -> dict[str, Any]:
    return {
        "text": "Vu au port de Tanger",
        "source_evaluation": "B",
        "information_evaluation": "2",
        "handling_code": "H1",
        **files,
    }


def test_a_file_given_with_a_lead_is_stored_checked_and_sent_with_the_lead(
    group: Any, officer: Any
) -> None:
    web = logged_in(officer)
    response = web.post(
        f"/groups/{group.id}/leads/",
        _lead_form(attachments=[SimpleUploadedFile("../rapport: port?.pdf", PDF)]),
    )

    assert response.status_code == 302
    lead = gm.Lead.objects.get()
    stored = lead.attachments.get()
    assert stored.filename == "rapport_ port_.pdf"
    assert stored.original_filename == "rapport: port?.pdf"
    assert stored.content_type == "application/pdf"
    assert stored.sha256 == hashlib.sha256(PDF).hexdigest()
    sent = outbox("groups.lead")[-1].body["body"]["attachments"]
    assert [(f["sha256"], base64.b64decode(f["data"])) for f in sent] == [(stored.sha256, PDF)]
    page = web.get(f"/groups/{group.id}/?tab=leads").content.decode()
    assert f"/groups/leads/{lead.id}/files/{stored.id}/" in page


def test_a_member_downloads_the_file_and_the_download_is_audited(
    client: Any, group: Any, supervisor: Any, officer: Any
) -> None:
    from jisr.audit.models import AuditEntry

    files = [{"filename": "note.txt", "content_base64": base64.b64encode(b"Note fictive").decode()}]
    response = post(
        client,
        f"/api/v1/groups/{group.id}/leads",
        {
            "text": "Piste",
            "source_evaluation": "A",
            "information_evaluation": "1",
            "attachments": files,
        },
        api_auth(officer),
    )
    assert response.status_code == 201, response.content
    lead = gm.Lead.objects.get(id=response.json()["id"])
    stored = lead.attachments.get()

    download = logged_in(supervisor).get(f"/groups/leads/{lead.id}/files/{stored.id}/")
    assert download.status_code == 200
    assert download.content == b"Note fictive"
    assert download["X-Content-SHA256"] == stored.sha256
    via_api = client.get(
        f"/api/v1/groups/{group.id}/leads/{lead.id}/attachments/{stored.id}", **api_auth(officer)
    )
    assert via_api.content == b"Note fictive"
    audited = AuditEntry.objects.filter(action="group.attachment_download")
    assert sorted(e.actor_username for e in audited) == ["ma.officer", "ma.supervisor"]
    detail = client.get(f"/api/v1/groups/{group.id}", **api_auth(officer)).json()
    assert detail["leads"][0]["attachments"][0]["original_filename"] == "note.txt"


def test_a_user_who_is_not_a_member_gets_404_for_a_lead_file(
    client: Any, group: Any, officer: Any, analyst: Any, outside_supervisor: Any
) -> None:
    from jisr.audit.models import AuditEntry
    from jisr.exchange.services import UploadedFile
    from jisr.groups import services

    lead = services.lead_add(
        acting_user=officer,
        group=group,
        text="Piste",
        source_evaluation="A",
        information_evaluation="1",
        attachments=[UploadedFile("note.txt", b"Note fictive")],
    )
    stored = lead.attachments.get()

    for user in (analyst, outside_supervisor):
        page = logged_in(user).get(f"/groups/leads/{lead.id}/files/{stored.id}/")
        assert page.status_code == 404
    api = client.get(
        f"/api/v1/groups/{group.id}/leads/{lead.id}/attachments/{stored.id}", **api_auth(analyst)
    )
    assert api.status_code == 404
    assert not AuditEntry.objects.filter(action="group.attachment_download").exists()


def test_an_oversize_file_is_refused_with_a_translated_error_and_no_lead_is_written(
    group: Any, officer: Any, settings: Any
) -> None:
    settings.JISR_EXCHANGE_ATTACHMENT_MAX_BYTES = 1024 * 1024
    big = SimpleUploadedFile("gros.txt", b"a" * (1024 * 1024 + 1))

    web = logged_in(officer)
    web.cookies["jisr_language"] = "fr"
    response = web.post(f"/groups/{group.id}/leads/", _lead_form(attachments=[big]))

    assert response.status_code == 422
    assert "Le fichier est trop volumineux\u00a0: 1 Mo au plus." in response.content.decode()
    assert not gm.Lead.objects.exists()


def test_a_file_of_a_forbidden_type_is_refused_through_the_api(
    client: Any, group: Any, officer: Any
) -> None:
    files = [{"filename": "x.pdf", "content_base64": base64.b64encode(b"MZ\x90\x00\x03").decode()}]
    response = post(
        client,
        f"/api/v1/groups/{group.id}/leads",
        {
            "text": "Piste",
            "source_evaluation": "A",
            "information_evaluation": "1",
            "attachments": files,
        },
        api_auth(officer),
    )

    assert response.status_code == 422
    assert "attachments" in response.content.decode()
    assert not gm.Lead.objects.exists()


def test_a_partner_lead_arrives_with_its_file_and_a_tampered_file_is_refused(
    group: Any, fr: Any
) -> None:
    def lead_with(data: bytes, sha: str) -> dict[str, Any]:
        import uuid

        return fr.item(
            group,
            text="Photo du véhicule",
            source_evaluation="B",
            information_evaluation="2",
            handling_code="H0",
            attachments=[
                {
                    "id": str(uuid.uuid4()),
                    "filename": "vehicule.txt",
                    "original_filename": "véhicule.txt",
                    "content_type": "text/plain",
                    "size": len(data),
                    "sha256": sha,
                    "data": base64.b64encode(data).decode(),
                }
            ],
        )

    good = lead_with(b"Plaque fictive", hashlib.sha256(b"Plaque fictive").hexdigest())
    assert fr.upsert("groups.lead", good).status_code == 200
    copy = gm.Lead.objects.get(id=good["id"]).attachments.get()
    assert bytes(copy.data) == b"Plaque fictive" and copy.display_name == "véhicule.txt"

    tampered = lead_with(b"Autre contenu", hashlib.sha256(b"Plaque fictive").hexdigest())
    fr.upsert("groups.lead", tampered)
    assert not gm.Lead.objects.filter(id=tampered["id"]).exists()
