"""Translation catalogues: refresh them, and check they are complete.

Every Jisr app keeps its own catalogue (``src/jisr/<app>/locale``); strings outside
the apps (settings, API) live in ``src/jisr/locale``. Usage:
``python -m jisr.core.i18n_tools refresh`` or ``... check``.

``refresh`` extracts, applies French typography to every French ``msgstr`` and compiles;
``check`` reports untranslated, fuzzy, stale or uncompiled entries, French typography that
``refresh`` would change, and words the glossary forbids (``docs/glossary.md``, table
``GLOSSARY`` below).
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import polib

PACKAGE_DIR = Path(__file__).resolve().parent.parent
LANGUAGES = ("ar", "fr")


@dataclass(frozen=True)
class Catalogue:
    """A folder whose strings are extracted into its own ``locale`` folder."""

    folder: Path
    ignore: tuple[str, ...] = ()


NBSP = "\u00a0"
NNBSP = "\u202f"
_SPACES = " \u00a0\u202f\t"
# Spans French typography never touches: URLs and e-mail-like schemes, printf and brace
# placeholders, template syntax, HTML tags and entities, times and clock offsets (12:30).
_PROTECTED = re.compile(
    r"""(?x)
      (?:https?|ftp|mailto|urn):[^\s<>"']*[^\s<>"':;!?.,)]
    | %\([^)]*\)[-#0 +]*\d*(?:\.\d+)?[sdifrxXeEgG%]
    | %[-#0 +]*\d*(?:\.\d+)?[sdifrxXeEgG%]
    | \{\{.*?\}\} | \{%.*?%\} | \{[\w.\[\]:!]*\}
    | <[^<>]*>
    | &(?:\w+|\#\d+|\#x[0-9a-fA-F]+);
    | \d{1,2}(?::\d{2}){1,2}
    | `[^`]*`
    | ::
    """
)


def french_typography(text: str) -> str:
    """French spacing: a no-break space before ``:`` and inside « », a narrow one before ``; ! ?``.

    An existing plain or no-break space before the sign is replaced, a missing one is added.
    Placeholders, URLs, template tags, HTML and times such as 12:30 are left alone, as is a
    sign at the start of a line or right after another such sign (``?!``).
    """
    out: list[str] = []
    pos = 0
    for match in _PROTECTED.finditer(text):
        out.append(_fix_plain(text[pos : match.start()], before_protected=bool(out)))
        out.append(match.group(0))
        pos = match.end()
    out.append(_fix_plain(text[pos:], before_protected=bool(out)))
    return "".join(out)


def _fix_plain(chunk: str, *, before_protected: bool) -> str:
    result: list[str] = []
    for index, char in enumerate(chunk):
        if char in ":;!?":
            space = NBSP if char == ":" else NNBSP
            # Drop the spaces already typed before the sign, then decide.
            stripped = 0
            while result and result[-1] in _SPACES:
                result.pop()
                stripped += 1
            previous = result[-1] if result else ("x" if before_protected else "")
            if (
                previous
                and previous not in "\n:;!?(«"
                and not (char in ":;" and not stripped and _glued(chunk, index))
            ):
                result.append(space)
            elif stripped:
                result.append(" " if previous else "")
            result.append(char)
        elif char == "»":
            while result and result[-1] in _SPACES:
                result.pop()
            if result and result[-1] != "\n":
                result.append(NBSP)
            result.append(char)
        elif char in _SPACES and result and result[-1] == "«":
            continue
        else:
            if result and result[-1] == "«" and char != "\n":
                result.append(NBSP)
            result.append(char)
    if result and result[-1] == "«":
        result.append(NBSP)
    return "".join(result)


def _glued(chunk: str, index: int) -> bool:
    """A colon or semicolon inside a token (``a:b``, ``type;number``), not French punctuation."""
    after = chunk[index + 1 : index + 2]
    return bool(after) and not after.isspace()


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


def _po_path(catalogue: Catalogue, lang: str) -> Path:
    return catalogue.folder / "locale" / lang / "LC_MESSAGES" / "django.po"


def _typeset_entry(entry: polib.POEntry) -> bool:
    """Apply French typography to one entry's translations; True when something changed."""
    changed = False
    if entry.msgstr:
        fixed = french_typography(entry.msgstr)
        changed |= fixed != entry.msgstr
        entry.msgstr = fixed
    for index, text in entry.msgstr_plural.items():
        fixed = french_typography(text)
        changed |= fixed != text
        entry.msgstr_plural[index] = fixed
    return changed


def apply_typography(po_path: Path) -> int:
    """Rewrite a French catalogue with French typography; returns how many entries changed."""
    import polib

    po = polib.pofile(str(po_path), wrapwidth=79)
    changed = sum(_typeset_entry(entry) for entry in po if not entry.obsolete)
    if changed:
        po.save()
    return changed


def typography_problems() -> list[str]:
    """French entries whose spacing ``refresh`` would change."""
    import polib

    found: list[str] = []
    for catalogue in catalogues():
        po_path = _po_path(catalogue, "fr")
        if not po_path.exists():
            continue
        rel = po_path.relative_to(PACKAGE_DIR)
        for entry in polib.pofile(str(po_path)):
            if not entry.obsolete and _typeset_entry(entry):
                found.append(f"{rel}: French typography: {entry.msgid!r}")
    return found


def refresh() -> None:
    """Extract new strings into every catalogue, apply French typography, and compile."""
    _setup()
    from django.core.management import call_command

    for catalogue in catalogues():
        _makemessages(catalogue)
        if _po_path(catalogue, "fr").exists():
            apply_typography(_po_path(catalogue, "fr"))
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
        issues = problems() + typography_problems() + missing_from_catalogues()
        print("\n".join(issues) or "catalogues complete")
        return 1 if issues else 0
    print("usage: python -m jisr.core.i18n_tools refresh|check", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
