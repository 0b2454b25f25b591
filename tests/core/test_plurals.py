"""Counts are shown with the plural form their number needs, in every language."""

from __future__ import annotations

import re
import uuid
from types import SimpleNamespace

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from jisr.core import i18n_tools


def _screening_progress(lang: str, done: int, total: int) -> str:
    screening = SimpleNamespace(
        pk=uuid.uuid4(),
        kind="batch",
        status="failed",
        failure_reason="x",
        progress=done,
        total=total,
        percent=0,
    )
    with translation.override(lang):
        html = render_to_string("wanted/_screening_body.html", {"screening": screening})
    paragraph = re.search(r'data-testid="batch-progress"></progress>\s*(.*?) \(', html, re.S)
    assert paragraph is not None
    return " ".join(paragraph.group(1).split())


@pytest.mark.parametrize(
    ("lang", "done", "shown"),
    [
        ("fr", 1, "1 personne criblée sur 3"),
        ("fr", 2, "2 personnes criblées sur 3"),
        ("en", 1, "1 person screened out of 3"),
        ("en", 2, "2 persons screened out of 3"),
        ("ar", 0, "لم يُفحص أي شخص من أصل 3"),
        ("ar", 1, "فُحص شخص واحد من أصل 3"),
        ("ar", 2, "فُحص شخصان من أصل 3"),
        ("ar", 3, "فُحص 3 أشخاص من أصل 3"),
    ],
)
def test_the_batch_progress_agrees_with_the_number_of_people_screened(
    lang: str, done: int, shown: str
) -> None:
    assert _screening_progress(lang, done, 3) == shown


def test_arabic_uses_its_eleven_to_ninety_nine_and_hundred_forms() -> None:
    assert _screening_progress("ar", 11, 200) == "فُحص 11 شخصًا من أصل 200"
    assert _screening_progress("ar", 100, 200) == "فُحص 100 شخص من أصل 200"


def test_the_checker_reports_arabic_plural_forms_copied_into_all_six(tmp_path, monkeypatch) -> None:
    import polib

    app = tmp_path / "demoapp"
    for lang, forms in (("ar", {i: "%(n)s ملف" for i in range(6)}), ("fr", {0: "a", 1: "b"})):
        folder = app / "locale" / lang / "LC_MESSAGES"
        folder.mkdir(parents=True)
        po = polib.POFile()
        po.metadata = {
            "Plural-Forms": "nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : 3;"
            if lang == "ar"
            else "nplurals=2; plural=(n > 1);"
        }
        po.append(
            polib.POEntry(msgid="%(n)s case", msgid_plural="%(n)s cases", msgstr_plural=forms)
        )
        po.save(str(folder / "django.po"))
        po.save_as_mofile(str(folder / "django.mo"))
    (app / "apps.py").write_text("")
    monkeypatch.setattr(i18n_tools, "PACKAGE_DIR", tmp_path)
    assert i18n_tools.problems() == [
        "demoapp/locale/ar/LC_MESSAGES/django.po: plural forms all identical (write each form): "
        "'%(n)s case'"
    ]
