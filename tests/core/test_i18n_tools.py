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
