"""Batch files are refused at their first limit, with a clear message, and nothing is queued."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from jisr.wanted import services
from jisr.wanted.models import Screening
from jisr.wanted.subjects import MAX_BATCH

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_client(staff: Any) -> Client:
    from jisr.accounts.models import ApiToken

    _token, raw = ApiToken.objects.issue(staff["officer"])
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def _xlsx(sheet_rows: str, shared: str = "") -> bytes:
    """A minimal workbook written by hand, so a test can build a huge one in milliseconds."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            "</Types>",
        )
        z.writestr(
            "_rels/.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>",
        )
        z.writestr(
            "xl/workbook.xml",
            '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
            "</Relationships>",
        )
        z.writestr(
            "xl/worksheets/sheet1.xml",
            '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            f"<sheetData>{sheet_rows}</sheetData></worksheet>",
        )
    return buffer.getvalue()


def _row(n: int, text: str) -> str:
    return f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>{text}</t></is></c></row>'


def _refusal(staff: Any, filename: str, content: bytes) -> list[str]:
    with pytest.raises(ValidationError) as exc:
        services.screening_batch_create(
            acting_user=staff["officer"],
            purpose="Manifest AT 801",
            filename=filename,
            content=content,
        )
    assert not Screening.objects.exists()
    return exc.value.message_dict["file"]


def test_an_xlsx_with_one_huge_cell_is_refused_before_it_is_queued(staff: Any) -> None:
    content = _xlsx(_row(1, "names") + _row(2, "A" * 3_000_000))
    assert len(content) < 20_000  # small on the wire, 3 MB once unpacked
    assert _refusal(staff, "m.xlsx", content) == ["Line 2: a cell is longer than 2000 characters."]


def test_an_xlsx_over_the_row_limit_is_refused_at_the_row_limit(staff: Any) -> None:
    rows = _row(1, "names") + "".join(_row(n, f"P{n} Q") for n in range(2, MAX_BATCH + 10))
    assert _refusal(staff, "m.xlsx", _xlsx(rows)) == [
        f"The file has too many rows: at most {MAX_BATCH:,}."
    ]


def test_an_xlsx_that_unpacks_past_the_limit_is_refused(staff: Any, settings: Any) -> None:
    settings.JISR_BATCH_UNCOMPRESSED_MAX_BYTES = 1024 * 1024
    rows = _row(1, "names") + "".join(_row(n, "Name Surname") for n in range(2, 30_000))
    assert _refusal(staff, "m.xlsx", _xlsx(rows)) == [
        "The workbook is too large once unpacked: at most 1 MB."
    ]


def test_a_zip_lying_about_its_sizes_is_refused_by_what_really_unpacks(
    staff: Any, settings: Any
) -> None:
    settings.JISR_BATCH_UNCOMPRESSED_MAX_BYTES = 1024 * 1024
    content = bytearray(_xlsx(_row(1, "names") + "".join(_row(n, "N S") for n in range(2, 40_000))))
    # Rewrite the sheet's declared uncompressed size (central directory) to 1 KB.
    with zipfile.ZipFile(io.BytesIO(bytes(content))) as z:
        info = z.getinfo("xl/worksheets/sheet1.xml")
    start = content.rfind(b"xl/worksheets/sheet1.xml") - 46
    assert content[start : start + 4] == b"PK\x01\x02"
    content[start + 24 : start + 28] = (1024).to_bytes(4, "little")
    assert info.file_size > 1024 * 1024
    messages = _refusal(staff, "m.xlsx", bytes(content))
    assert messages in (
        ["The workbook is too large once unpacked: at most 1 MB."],
        ["This is not a readable XLSX workbook."],
    )


def test_a_csv_with_a_huge_field_is_refused_with_its_line(staff: Any) -> None:
    content = b"names,birth_date\nAmine Test,1990\n" + b'"' + b"B" * 5000 + b'",1990\n'
    assert _refusal(staff, "m.csv", content) == ["Line 3: a cell is longer than 2000 characters."]


def test_a_csv_over_the_row_limit_is_refused(staff: Any) -> None:
    content = ("names\n" + "N S\n" * (MAX_BATCH + 5)).encode()
    assert _refusal(staff, "m.csv", content) == [
        f"The file has too many rows: at most {MAX_BATCH:,}."
    ]


def test_a_line_longer_than_its_bound_is_refused_with_its_number(staff: Any) -> None:
    content = b'{"names": ["A B"]}\n{"names": ["' + b"x" * 30_000 + b'"]}\n'
    assert _refusal(staff, "m.jsonl", content) == [
        "Line 2: the line is longer than 20000 characters."
    ]


def test_a_name_longer_than_its_bound_is_a_line_error(staff: Any) -> None:
    assert _refusal(staff, "m.jsonl", json.dumps({"names": ["N" * 201]}).encode()) == [
        "Line 1: A name may have at most 200 characters."
    ]


def test_a_deeply_nested_jsonl_line_is_a_clear_error_not_a_crash(staff: Any) -> None:
    content = b'{"names": ["A B"]}\n' + b"[" * 5_000 + b"]" * 5_000 + b"\n"
    assert _refusal(staff, "m.jsonl", content) == [
        "Line 2: The JSON is nested too deeply (at most 4 levels)."
    ]


def test_the_api_refuses_a_file_over_the_upload_size_with_422(
    officer_client: Client, settings: Any
) -> None:
    settings.JISR_BATCH_UPLOAD_MAX_BYTES = 1024 * 1024
    response = officer_client.post(
        "/api/v1/screenings/batch",
        {
            "purpose": "Manifest AT 801",
            "file": SimpleUploadedFile("m.csv", b"names\n" + b"Nadia Test\n" * 200_000),
        },
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["msg"] == "The file is too large: at most 1 MB."
    assert not Screening.objects.exists()


def test_the_api_refuses_the_huge_cell_xlsx_in_french(officer_client: Client) -> None:
    response = officer_client.post(
        "/api/v1/screenings/batch",
        {
            "purpose": "Manifest AT 801",
            "file": SimpleUploadedFile("m.xlsx", _xlsx(_row(1, "names") + _row(2, "A" * 300_000))),
        },
        headers={"Accept-Language": "fr"},
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["msg"] == (
        "Ligne 2\u00a0: une cellule dépasse 2000 caractères."
    )


def test_the_results_csv_neutralises_a_name_written_as_a_formula(staff: Any) -> None:
    from django.urls import reverse

    from tests.support.web import logged_in

    job = services.screening_batch_create(
        acting_user=staff["officer"],
        purpose="Manifest AT 801",
        filename="m.jsonl",
        content=b'{"names": ["=HYPERLINK(\\"http://evil.example\\",\\"Click\\")"], "id": "@SUM(1)"}\n',
    )
    services.screening_batch_step()
    text = logged_in(staff["officer"]).get(reverse("wanted:screening_download", args=[job.pk]))
    rows = list(csv.reader(io.StringIO(text.content.decode(), newline="")))
    assert rows[1][1:3] == ["'@SUM(1)", '\'=HYPERLINK("http://evil.example","Click")']


@pytest.mark.parametrize("body", ["5", '"text"', "null", "{}", '{"reason": "  "}'])
def test_a_withdrawal_without_a_reason_is_422_and_the_alert_stays_active(
    officer_client: Client, make_active_alert: Any, body: str
) -> None:
    alert = make_active_alert()
    response = officer_client.post(
        f"/api/v1/alerts/{alert.id}/withdraw", body, content_type="application/json"
    )
    assert response.status_code == 422
    alert.refresh_from_db()
    assert alert.status == "active"


def test_a_withdrawal_with_a_reason_is_logged_with_it(
    officer_client: Client, make_active_alert: Any
) -> None:
    from jisr.audit.models import AuditEntry

    alert = make_active_alert()
    response = officer_client.post(
        f"/api/v1/alerts/{alert.id}/withdraw",
        {"reason": "Warrant lifted"},
        content_type="application/json",
    )
    assert response.json()["status"] == "withdrawn"
    assert AuditEntry.objects.get(action="alert.withdraw").justification == "Warrant lifted"
