"""The attachment type comes from the bytes, whatever the file is called."""

from __future__ import annotations

import io
import zipfile

import pytest

from jisr.exchange import sniff


def ooxml(folder: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(f"{folder}/document.xml", "<x/>")
    return buffer.getvalue()


def plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("payload.exe", "MZ")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", sniff.PDF),
        (b"\x89PNG\r\n\x1a\n\x00\x00", sniff.PNG),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", sniff.JPEG),
        (b"GIF89a\x01\x00", sniff.GIF),
        (ooxml("word"), sniff.DOCX),
        (ooxml("xl"), sniff.XLSX),
        (b"name;birth_date\nYassine Benkirane-Demo;1986\n", sniff.TEXT),
        ("\ufeffنص عربي\n".encode(), sniff.TEXT),
        (b"MZ\x90\x00\x03\x00\x00\x00", None),
        (b"\x7fELF\x02\x01\x01", None),
        (plain_zip(), None),
        (b"text with a \x00 byte", None),
        (b"\xc3\x28 invalid utf-8", None),
        (b"", None),
    ],
)
def test_the_sniffer_recognises_accepted_types_and_refuses_the_rest(
    data: bytes, expected: str | None
) -> None:
    assert sniff.sniff(data) == expected
