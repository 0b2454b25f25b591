"""Translation catalogues: refresh them, and check they are complete.

Every Jisr app keeps its own catalogue (``src/jisr/<app>/locale``); strings outside
the apps (settings, API) live in ``src/jisr/locale``. Usage:
``python -m jisr.core.i18n_tools refresh`` or ``... check``.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent.parent
LANGUAGES = ("ar", "fr")


@dataclass(frozen=True)
class Catalogue:
    """A folder whose strings are extracted into its own ``locale`` folder."""

    folder: Path
    ignore: tuple[str, ...] = ()


def catalogues() -> list[Catalogue]:
    apps = sorted(p.parent for p in PACKAGE_DIR.glob("*/apps.py"))
    root_ignore = (*tuple(f"{app.name}/*" for app in apps), "matching/*", "locale/*")
    return [Catalogue(PACKAGE_DIR, root_ignore), *(Catalogue(app) for app in apps)]


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jisr.settings.dev")
    os.environ.setdefault("JISR_HOME", tempfile.mkdtemp(prefix="jisr-i18n-"))
    import django

    django.setup()


def _makemessages(catalogue: Catalogue, *, locale_dir: Path | None = None) -> None:
    from django.core.management import call_command

    here = Path.cwd()
    os.chdir(catalogue.folder)
    try:
        (catalogue.folder / "locale").mkdir(exist_ok=True)
        call_command(
            "makemessages",
            locale=list(LANGUAGES),
            domain="django",
            no_location=True,
            ignore_patterns=list(catalogue.ignore),
            verbosity=0,
        )
    finally:
        os.chdir(here)


def refresh() -> None:
    """Extract new strings into every catalogue and compile them."""
    _setup()
    from django.core.management import call_command

    for catalogue in catalogues():
        _makemessages(catalogue)
        here = Path.cwd()
        os.chdir(catalogue.folder)
        try:
            call_command("compilemessages", verbosity=0)
        finally:
            os.chdir(here)


def problems() -> list[str]:
    """Everything wrong with the catalogues: missing, untranslated, fuzzy, stale or uncompiled."""
    import polib

    found: list[str] = []
    for catalogue in catalogues():
        for lang in LANGUAGES:
            po_path = catalogue.folder / "locale" / lang / "LC_MESSAGES" / "django.po"
            if not po_path.exists():
                if _has_strings(catalogue):
                    found.append(f"{po_path.relative_to(PACKAGE_DIR)}: missing")
                continue
            po = polib.pofile(str(po_path))
            rel = po_path.relative_to(PACKAGE_DIR)
            for entry in po:
                if entry.obsolete:
                    continue
                if "fuzzy" in entry.flags:
                    found.append(f"{rel}: fuzzy: {entry.msgid!r}")
                elif not entry.translated():
                    found.append(f"{rel}: untranslated: {entry.msgid!r}")
            mo_path = po_path.with_suffix(".mo")
            if not mo_path.exists():
                found.append(f"{rel}: not compiled")
                continue
            compiled = {
                (e.msgctxt, e.msgid): (e.msgstr, tuple(sorted(e.msgstr_plural.items())))
                for e in polib.mofile(str(mo_path))
            }
            for entry in po.translated_entries():
                key = (entry.msgctxt, entry.msgid)
                if key not in compiled or compiled[key] != (
                    entry.msgstr,
                    tuple(sorted(entry.msgstr_plural.items())),
                ):
                    found.append(f"{rel}: .mo is out of date for {entry.msgid!r}")
                    break
    return found


def _has_strings(catalogue: Catalogue) -> bool:
    return any(
        "gettext" in path.read_text(encoding="utf-8", errors="ignore")
        or "translate" in path.read_text(encoding="utf-8", errors="ignore")
        for path in catalogue.folder.glob("*.py")
    )


def missing_from_catalogues() -> list[str]:
    """Strings in the code that are not in the catalogues (runs makemessages on a copy)."""
    import polib

    _setup()
    found: list[str] = []
    for catalogue in catalogues():
        with tempfile.TemporaryDirectory() as tmp:
            copy = Path(tmp) / catalogue.folder.name
            shutil.copytree(catalogue.folder, copy, ignore=shutil.ignore_patterns("__pycache__"))
            _makemessages(Catalogue(copy, catalogue.ignore))
            for lang in LANGUAGES:
                fresh_path = copy / "locale" / lang / "LC_MESSAGES" / "django.po"
                committed_path = catalogue.folder / "locale" / lang / "LC_MESSAGES" / "django.po"
                if not fresh_path.exists():
                    continue
                fresh = {
                    (e.msgctxt, e.msgid) for e in polib.pofile(str(fresh_path)) if not e.obsolete
                }
                committed = (
                    {
                        (e.msgctxt, e.msgid)
                        for e in polib.pofile(str(committed_path))
                        if not e.obsolete
                    }
                    if committed_path.exists()
                    else set()
                )
                for _ctx, msgid in sorted(fresh - committed, key=lambda k: k[1]):
                    rel = committed_path.relative_to(PACKAGE_DIR)
                    found.append(f"{rel}: not in catalogue: {msgid!r}")
    return found


def main(argv: list[str]) -> int:
    if argv[:1] == ["refresh"]:
        refresh()
        return 0
    if argv[:1] == ["check"]:
        issues = problems() + missing_from_catalogues()
        print("\n".join(issues) or "catalogues complete")
        return 1 if issues else 0
    print("usage: python -m jisr.core.i18n_tools refresh|check", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
