"""Help text and document types follow the reader's language, not the one active at import."""

from __future__ import annotations

from django.template import Context, Template
from django.utils import translation

from jisr.wanted.forms import AlertForm, document_type_code


def _documents_help(lang: str) -> str:
    with translation.override(lang):
        return str(AlertForm()["documents"].help_text)


def test_the_documents_help_is_in_french_for_a_french_reader_and_in_english_for_an_english_one():
    with translation.override("ar"):
        AlertForm()  # an Arabic reader first, as on the MA node
    french = _documents_help("fr")
    english = _documents_help("en")
    assert french.startswith("Un par ligne\u00a0: type;numéro;pays émetteur")
    assert "Passeport (passport)" in french and "Titre de séjour (residence_permit)" in french
    assert english.startswith("One per line: type;number;issuing country")
    assert "Passport (passport)" in english
    assert "جواز سفر (passport)" in _documents_help("ar")


def test_the_rendered_form_shows_the_help_in_the_language_of_the_request():
    with translation.override("fr"):
        html = AlertForm().as_div()
    assert "Carte d&#x27;identité (id_card)" in html or "Carte d'identité (id_card)" in html
    assert "Identity card (id_card)" not in html


def test_a_document_type_may_be_typed_as_its_code_or_its_name_in_any_language():
    assert document_type_code("passport") == "passport"
    assert document_type_code("Passeport") == "passport"
    assert document_type_code("جواز سفر") == "passport"
    assert document_type_code("permis de conduire") == "driving_licence"
    assert document_type_code("unknown") == "unknown"


def test_the_alert_page_names_the_document_type_in_the_reader_language():
    template = Template("{% load wanted_tags %}{{ code|document_type }}")
    with translation.override("fr"):
        assert template.render(Context({"code": "id_card"})) == "Carte d&#x27;identité"
    with translation.override("ar"):
        assert template.render(Context({"code": "residence_permit"})) == "بطاقة الإقامة"
