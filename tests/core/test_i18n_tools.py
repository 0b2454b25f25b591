"""Every user-facing string is translated into Arabic and French."""

from __future__ import annotations

import shutil

import pytest

from jisr.core import i18n_tools


def test_no_catalogue_has_an_untranslated_fuzzy_or_uncompiled_entry() -> None:
    assert i18n_tools.problems() == []


@pytest.mark.skipif(
    shutil.which("xgettext") is None, reason="needs GNU gettext (make test installs it)"
)
def test_every_string_in_the_code_is_in_the_catalogues() -> None:
    assert i18n_tools.missing_from_catalogues() == []


def test_the_checker_reports_an_untranslated_entry(tmp_path, monkeypatch) -> None:
    import polib

    app = tmp_path / "demoapp"
    for lang in ("ar", "fr"):
        folder = app / "locale" / lang / "LC_MESSAGES"
        folder.mkdir(parents=True)
        po = polib.POFile()
        po.append(polib.POEntry(msgid="Hello", msgstr="" if lang == "ar" else "Bonjour"))
        po.save(str(folder / "django.po"))
        po.save_as_mofile(str(folder / "django.mo"))
    (app / "apps.py").write_text("")
    monkeypatch.setattr(i18n_tools, "PACKAGE_DIR", tmp_path)
    found = i18n_tools.problems()
    assert any("untranslated: 'Hello'" in line and "/ar/" in line for line in found)
    assert not any("/fr/" in line for line in found)


@pytest.mark.parametrize(
    ("typed", "typeset"),
    [
        ("Nom: Jean", "Nom\u00a0: Jean"),
        ("Nom : %(name)s", "Nom\u00a0: %(name)s"),
        ("Supprimer %(name)s?", "Supprimer %(name)s\u202f?"),
        ("Vraiment ?!", "Vraiment\u202f?!"),
        ("Ceci ; cela !", "Ceci\u202f; cela\u202f!"),
        ("«bonjour»", "«\u00a0bonjour\u00a0»"),
        ("« déjà »", "«\u00a0déjà\u00a0»"),
        ("« %(setting)s» est enregistré.", "«\u00a0%(setting)s\u00a0» est enregistré."),
        ("À 12:30 ou 08:15:00, UTC+01:00", "À 12:30 ou 08:15:00, UTC+01:00"),
        ("Voir https://exemple.org/a?b=1 : ok", "Voir https://exemple.org/a?b=1\u00a0: ok"),
        ("{{ name }}: {% if x %}a{% endif %}", "{{ name }}\u00a0: {% if x %}a{% endif %}"),
        ("type;numéro;pays", "type;numéro;pays"),
        ("Nom\u00a0: déjà juste", "Nom\u00a0: déjà juste"),
    ],
)
def test_french_typography_spaces_the_signs_but_not_placeholders_urls_or_times(
    typed: str, typeset: str
) -> None:
    assert i18n_tools.french_typography(typed) == typeset


def _one_app_catalogue(tmp_path, monkeypatch, fr: str, ar: str = "اسم") -> None:
    import polib

    app = tmp_path / "demoapp"
    for lang, text in (("ar", ar), ("fr", fr)):
        folder = app / "locale" / lang / "LC_MESSAGES"
        folder.mkdir(parents=True)
        po = polib.POFile()
        po.append(polib.POEntry(msgid="Name: ", msgstr=text))
        po.save(str(folder / "django.po"))
        po.save_as_mofile(str(folder / "django.mo"))
    (app / "apps.py").write_text("")
    monkeypatch.setattr(i18n_tools, "PACKAGE_DIR", tmp_path)


def test_the_checker_reports_a_french_colon_without_its_no_break_space(
    tmp_path, monkeypatch
) -> None:
    _one_app_catalogue(tmp_path, monkeypatch, fr="Nom: ")
    assert i18n_tools.typography_problems() == [
        "demoapp/locale/fr/LC_MESSAGES/django.po: French typography: 'Name: '"
    ]


def test_applying_typography_rewrites_the_french_catalogue_and_then_the_checker_is_quiet(
    tmp_path, monkeypatch
) -> None:
    import polib

    _one_app_catalogue(tmp_path, monkeypatch, fr="Nom: ")
    po_path = tmp_path / "demoapp" / "locale" / "fr" / "LC_MESSAGES" / "django.po"
    assert i18n_tools.apply_typography(po_path) == 1
    assert polib.pofile(str(po_path)).find("Name: ").msgstr == "Nom\u00a0: "
    assert i18n_tools.typography_problems() == []


def _entry(msgid: str, msgstr: str):
    import polib

    return polib.POEntry(msgid=msgid, msgstr=msgstr)


@pytest.mark.parametrize(
    ("lang", "msgid", "msgstr", "complaint"),
    [
        ("ar", "New alert", "إشعار جديد", "'إشعار' is forbidden"),
        ("ar", "Alerts", "النشرات", "'نشرات' is forbidden"),
        ("ar", "Unread notifications", "الإشعارات غير المقروءة", "'إشعار' is forbidden"),
        ("fr", "New alert", "Nouvelle alerte", "'alerte' is forbidden"),
        ("fr", "Notices", "Avis", "'Avis' is forbidden"),
        ("ar", "Handling code", "رمز المعالجة", "'رمز المعالجة' is forbidden"),
        ("ar", "Training sessions", "دورات التدريب", "'تدريب' is forbidden"),
        ("fr", "Open cases", "Affaires ouvertes", "'Affaires' is forbidden"),
        ("fr", "Screening", "Contrôle", "does not say 'criblage'"),
        ("ar", "Our agency", "جهتنا", "'جهت' is forbidden"),
        ("fr", "Partner agencies", "Agences partenaires", "'Agences' is forbidden"),
    ],
)
def test_the_glossary_check_flags_a_forbidden_synonym_for_a_concept(
    lang: str, msgid: str, msgstr: str, complaint: str
) -> None:
    found = i18n_tools.glossary_problems_in([_entry(msgid, msgstr)], lang, "x.po")
    assert len(found) == 1 and complaint in found[0], found


@pytest.mark.parametrize(
    ("lang", "msgid", "msgstr"),
    [
        ("ar", "New alert", "مذكرة بحث جديدة"),
        ("ar", "Unread notices", "تنبيهات غير مقروءة"),
        ("fr", "New alert", "Nouveau signalement"),
        ("fr", "Receiving hospitals alerted", "Hôpitaux d'accueil alertés"),
        ("ar", "training site", "موقع تدريب"),
        ("fr", "Jisr: %(notice)s", "Jisr\u00a0: %(notice)s"),
        ("ar", "Working groups", "مجموعات العمل"),
        ("fr", "Readable with a screen reader", "Lisible avec un lecteur d'écran"),
        ("ar", "The agency's interface", "واجهة الجهاز"),
        ("ar", "A supervisor of one of its agencies", "مشرف في أحد أجهزتها"),
    ],
)
def test_the_glossary_check_accepts_the_preferred_words(lang: str, msgid: str, msgstr: str) -> None:
    assert i18n_tools.glossary_problems_in([_entry(msgid, msgstr)], lang, "x.po") == []


def test_a_translator_comment_silences_the_glossary_check_for_one_entry() -> None:
    entry = _entry("Alert the team", "Prévenir l'équipe")
    assert i18n_tools.glossary_problems_in([entry], "fr", "x.po") != []
    entry.tcomment = "glossary-ok: the verb, not an alert"
    assert i18n_tools.glossary_problems_in([entry], "fr", "x.po") == []


def test_no_catalogue_breaks_the_glossary() -> None:
    assert i18n_tools.glossary_problems() == []


def test_every_concept_of_the_glossary_table_is_on_the_glossary_page() -> None:
    from pathlib import Path

    page = (Path(__file__).resolve().parents[2] / "docs" / "glossary.md").read_text()
    for term in i18n_tools.GLOSSARY:
        if term.english is not None:
            assert term.concept in page, term.concept


def test_the_glossary_command_prints_that_the_catalogues_respect_it(capsys) -> None:
    assert i18n_tools.main(["glossary"]) == 0
    assert capsys.readouterr().out.strip() == "glossary respected"
