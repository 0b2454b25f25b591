"""Attachment names are made safe where they enter (API, UI, federation); the original is shown."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from django.urls import reverse

from jisr.exchange.models import Attachment, Case
from tests.exchange.conftest import PNG, api_client, deliver, fr_message_body, message_fields
from tests.support.web import logged_in

pytestmark = pytest.mark.django_db

EVIL = 'a"\r\nSet-Cookie: pwn=1\r\nX: .txt'


def _send(officer: Any, case: Case, filename: str, data: bytes = PNG) -> Any:
    client, auth = api_client(officer)
    return client.post(
        f"/api/v1/cases/{case.id}/messages",
        {
            **message_fields(),
            "attachments": [
                {"filename": filename, "content_base64": base64.b64encode(data).decode()}
            ],
        },
        content_type="application/json",
        **auth,
    )


def test_a_name_with_cr_lf_is_stored_safe_and_downloads_without_a_500(
    officer: Any, case: Case
) -> None:
    sent = _send(officer, case, EVIL)
    assert sent.status_code == 201, sent.content
    attachment = sent.json()["attachments"][0]
    assert attachment["filename"] == "a_Set-Cookie_ pwn=1X_ .txt"
    assert attachment["original_filename"] == 'a"  Set-Cookie: pwn=1  X: .txt'
    client, auth = api_client(officer)
    url = f"/api/v1/messages/{sent.json()['id']}/attachments/{attachment['id']}"
    download = client.get(url, **auth)
    assert download.status_code == 200
    assert download["Content-Disposition"] == (
        'attachment; filename="a_Set-Cookie_ pwn=1X_ .txt"; '
        "filename*=UTF-8''a_Set-Cookie_%20pwn%3D1X_%20.txt"
    )
    assert "Set-Cookie" not in download.headers or "pwn" not in download.headers["Set-Cookie"]
    page = logged_in(officer).get(reverse("exchange:message_detail", args=[sent.json()["id"]]))
    assert "a&quot;  Set-Cookie: pwn=1  X: .txt" in page.content.decode()


def test_a_path_is_reduced_to_its_last_part(officer: Any, case: Case) -> None:
    sent = _send(officer, case, "../../../../etc/passwd")
    assert sent.status_code == 201, sent.content
    assert sent.json()["attachments"][0]["filename"] == "passwd"
    assert Attachment.objects.get().filename == "passwd"


def test_an_arabic_name_downloads_with_an_rfc_5987_header(officer: Any, case: Case) -> None:
    sent = _send(officer, case, "تقرير.png")
    attachment = sent.json()["attachments"][0]
    client, auth = api_client(officer)
    download = client.get(
        f"/api/v1/messages/{sent.json()['id']}/attachments/{attachment['id']}", **auth
    )
    assert download["Content-Disposition"] == (
        "attachment; filename=\"_____.png\"; filename*=UTF-8''%D8%AA%D9%82%D8%B1%D9%8A%D8%B1.png"
    )


def test_a_partner_attachment_name_is_made_safe_on_receipt(fr_partner: Any, officer: Any) -> None:
    body = fr_message_body()
    body["attachments"][0]["filename"] = "..\\..\\x\r\n.png"
    deliver("exchange.message", body)
    stored = Attachment.objects.get()
    assert (stored.filename, stored.original_filename) == ("x.png", "..\\..\\x  .png")


def test_an_attachment_of_9_mb_goes_through_the_api(officer: Any, case: Case) -> None:
    nine_mb = PNG + b"\0" * (9 * 1024 * 1024 - len(PNG))
    sent = _send(officer, case, "scan.png", nine_mb)
    assert sent.status_code == 201, sent.content[:300]
    assert sent.json()["attachments"][0]["size"] == 9 * 1024 * 1024
