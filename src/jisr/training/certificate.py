"""The certificate as a PDF (WeasyPrint), in Arabic (right to left, shaped), French or English."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe

PDF_LANGUAGES = ("ar", "fr", "en")


def _qr_svg(text: str) -> str:
    import segno

    return str(segno.make(text, error="m").svg_inline(scale=3))


def certificate_pdf(certificate: Any, lang: str, *, base_url: str = "") -> bytes:
    """Render ``certificate`` in ``lang``; the verification code and a QR code of its page."""
    from weasyprint import HTML

    if lang not in PDF_LANGUAGES:
        lang = "en"
    with translation.override(lang):
        verify_url = base_url + reverse("training:verify") + f"?code={certificate.code}"
        html = render_to_string(
            "training/certificate_pdf.html",
            {
                "c": certificate,
                "lang": lang,
                "rtl": lang == "ar",
                "verify_url": verify_url,
                "qr": mark_safe(_qr_svg(verify_url)),  # noqa: S308 - segno's own SVG markup
            },
        )
    return bytes(HTML(string=html).write_pdf())
