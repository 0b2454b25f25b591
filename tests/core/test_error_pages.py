"""403, 404 and 500: the reason, in the user's language, with a way back."""

from __future__ import annotations

import html as html_module
import re
from typing import Any

import pytest
from django.test import RequestFactory
from django.utils import translation

from jisr.core import errors
from tests.support.web import logged_in


def _text(html: str, testid: str) -> str:
    match = re.search(rf'data-testid="{testid}"[^>]*>([^<]*)<', html)
    assert match, html
    return html_module.unescape(match.group(1).strip())


@pytest.mark.django_db
def test_a_missing_page_says_so_in_french_with_the_navigation_and_a_way_home(
    make_user: Any,
) -> None:
    client = logged_in(make_user("ma.lost"))
    client.cookies["jisr_language"] = "fr"
    response = client.get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Page introuvable" in html
    assert _text(html, "error-reason").startswith("Cette page ou cette fiche n'existe pas")
    assert 'class="mainnav"' in html
    assert re.search(r'href="/"[^>]*data-testid="error-home"', html)


@pytest.mark.django_db
def test_a_refusal_gives_the_services_reason_in_arabic(make_user: Any) -> None:
    client = logged_in(make_user("ma.nobody"))
    client.cookies["jisr_language"] = "ar"
    response = client.get("/accounts/users/")
    html = response.content.decode()
    assert response.status_code == 403
    assert "الوصول مرفوض" in html
    assert _text(html, "error-code") == "403"
    assert _text(html, "error-reason")


def test_the_500_page_renders_without_the_database() -> None:
    # No django_db mark: any database access here would fail the test.
    request = RequestFactory().get("/")
    with translation.override("fr"):
        response = errors.server_error(request)
    html = response.content.decode()
    assert response.status_code == 500
    assert "Erreur du serveur" in html
    assert _text(html, "error-reason").startswith("Une erreur s'est produite sur ce nœud")
    assert 'href="/"' in html
