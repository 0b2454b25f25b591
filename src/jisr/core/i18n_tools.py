"""Translation catalogues: refresh them, and check they are complete.

Every Jisr app keeps its own catalogue (``src/jisr/<app>/locale``); strings outside
the apps (settings, API) live in ``src/jisr/locale``. Usage:
``python -m jisr.core.i18n_tools refresh`` or ``... check``.

``refresh`` extracts, applies French typography to every French ``msgstr`` and compiles
(``typeset`` does only the typography and compiling, ``glossary`` runs only that check);
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
            if (result and result[-1] != "\n") or (not result and before_protected):
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


@dataclass(frozen=True)
class Term:
    """One concept of the glossary (``docs/glossary.md``) and how to recognise its misuse.

    ``english`` finds the entries whose msgid names the concept (``None``: every entry). In
    those entries the Arabic and French translations must match ``ar_required``/``fr_required``
    (when set) and must not match any of ``ar_forbidden``/``fr_forbidden``. ``exempt`` lists
    msgids that use the English word for another concept. A translator comment containing
    ``glossary-ok`` silences the check for one entry.
    """

    concept: str
    english: str | None
    ar: str
    fr: str
    ar_required: str | None = None
    fr_required: str | None = None
    ar_forbidden: tuple[str, ...] = ()
    fr_forbidden: tuple[str, ...] = ()
    exempt: str | None = None


GLOSSARY: tuple[Term, ...] = (
    # الإشعار reads as "notification" to every Arabic reader: it names neither alerts nor notices.
    Term("alert or notice", None, "—", "—", ar_forbidden=("إشعار",)),
    Term(
        "alert",
        r"(?i)\balerts?\b",
        "مذكرة البحث (ج. مذكرات البحث)",
        "signalement",
        ar_required="مذكر",
        fr_required=r"(?i)signalement",
        ar_forbidden=("نشر(ة|ات)", "تنبيه"),
        fr_forbidden=(r"(?i)\balertes?\b", r"(?i)avis de recherche"),
        # An "alert bulletin" is a kind of bulletin (an immediate danger), not a wanted-person
        # alert: نشرة إنذار / bulletin d'alerte.
        exempt=r"(?i)\balert bulletins?\b",
    ),
    Term(
        "notice (notification)",
        r"(?i)\bnotices?\b|\bnotifications?\b",
        "التنبيه (ج. التنبيهات)",
        "notification",
        ar_required="تنبيه",
        fr_required=r"(?i)notification",
        ar_forbidden=("إخطار",),
        fr_forbidden=(r"(?i)\bavis\b", r"(?i)\balertes?\b"),
    ),
    Term(
        "hit",
        r"(?i)\bhits?\b",
        "التطابق (ج. التطابقات)",
        "concordance",
        ar_required="تطابق",
        fr_required=r"(?i)concordance",
        fr_forbidden=(r"(?i)correspondance", r"(?i)résultat positif"),
    ),
    Term(
        "case",
        r"(?i)\bcases?\b",
        "الملف (ج. الملفات)",
        "dossier",
        ar_required="ملف",
        fr_required=r"(?i)dossier",
        ar_forbidden=("قضية", "قضايا"),
        fr_forbidden=(r"(?i)\baffaires?\b",),
        exempt=r"(?i)\bin (any )?case\b|case[- ]?(in)?sensitive|\b(upper|lower) ?case",
    ),
    Term(
        "request",
        r"(?i)\brequests?\b",
        "الطلب (ج. الطلبات)",
        "demande",
        ar_required="طلب",
        ar_forbidden=("التماس",),
    ),
    Term("message", r"(?i)\bmessages?\b", "الرسالة (ج. الرسائل)", "message"),
    Term(
        "bulletin",
        r"(?i)\bbulletins?\b",
        "النشرة (ج. النشرات)",
        "bulletin",
        ar_required="نشر",
        fr_required=r"(?i)bulletin",
    ),
    Term(
        "handling code",
        r"(?i)handling codes?",
        "رمز التداول",
        "code de traitement",
        ar_required="تداول",
        fr_required=r"(?i)codes? de traitement",
        ar_forbidden=(r"رموز\s*(ال)?معالجة", r"رمز\s*(ال)?معالجة"),
        fr_forbidden=(r"(?i)code de diffusion",),
    ),
    Term(
        "screening",
        r"(?i)\bscreen(s|ed|ing|ings)?\b",
        "الفحص",
        "criblage",
        ar_required="فح[صو]",
        fr_required=r"(?i)crib",
        ar_forbidden=("غربلة", "تصفية"),
        fr_forbidden=(r"(?i)filtrage",),
        exempt=r"(?i)screen[- ]?readers?|\b(on|full|small|phone|wide) screens?\b",
    ),
    Term(
        "working group",
        r"(?i)working groups?",
        "مجموعة العمل (ج. مجموعات العمل)",
        "groupe de travail",
        ar_required=r"مجموع(ة|ات)\s+(ال)?عمل",
        fr_required=r"(?i)groupes? de travail",
        ar_forbidden=(r"فر(يق|ق)\s+(ال)?عمل",),
    ),
    Term(
        "target",
        r"(?i)\btargets?\b",
        "الهدف (ج. الأهداف)؛ القيمة المستهدفة",
        "cible",
        ar_required="هدف|أهداف",
        fr_required=r"(?i)cible",
        fr_forbidden=(r"(?i)\bobjectifs?\b",),
    ),
    Term(
        "lead",
        r"(?i)\bleads?\b",
        "خيط البحث (ج. خيوط البحث)",
        "piste",
        ar_forbidden=("أدلة", "دليل"),
        fr_forbidden=(r"(?i)\bindices?\b",),
        exempt=r"(?i)\bleads? to\b|\blead (agency|service|officer|time)",
    ),
    Term(
        "task",
        r"(?i)\btasks?\b",
        "المهمة (ج. المهام)",
        "tâche",
        ar_required="مهم|مهام",
        fr_required=r"(?i)tâche",
    ),
    Term(
        "operation",
        r"(?i)\boperations?\b",
        "العملية (ج. العمليات)",
        "opération",
        ar_required="عملي",
        fr_required=r"(?i)opération",
    ),
    Term(
        "training",
        r"(?i)\btraining\b",
        "التكوين",
        "formation",
        ar_required="تكوين",
        fr_required=r"(?i)formation",
        ar_forbidden=("تدريب",),
        fr_forbidden=(r"(?i)entraînement",),
        exempt=r"(?i)training (site|ground|pitch|camp)",
    ),
    Term(
        "assistance",
        r"(?i)\bassistance\b",
        "المساعدة",
        "assistance",
        ar_required="مساعد",
        fr_required=r"(?i)assistance",
        ar_forbidden=("مساندة", "إعانة"),
    ),
    Term(
        "action plan",
        r"(?i)action plans?",
        "خطة العمل",
        "plan d'action",
        ar_required=r"خط(ة|ط)\s+(ال)?عمل",
        fr_required=r"(?i)plans? d['’]action",
        ar_forbidden=(r"برنامج\s+(ال)?عمل",),
        fr_forbidden=(r"(?i)programme d['’]action",),
    ),
    Term(
        "indicator",
        r"(?i)\bindicators?\b",
        "المؤشر (ج. المؤشرات)",
        "indicateur",
        ar_required="مؤشر",
        fr_required=r"(?i)indicateur",
    ),
    Term(
        "retention (of personal data)",
        r"(?i)\bretention\b",
        "الاحتفاظ (مدة الاحتفاظ)",
        "conservation (durée de conservation)",
        ar_required="احتفاظ",
        fr_required=r"(?i)conservation",
        ar_forbidden=("تخزين",),
        fr_forbidden=(r"(?i)rétention",),
    ),
    Term(
        "data-subject request",
        r"(?i)data[- ]subject",
        "طلب الشخص المعني",
        "demande de la personne concernée",
        ar_required=r"(ال)?(شخص|أشخاص)\s+(ال)?معني",
        fr_required=r"(?i)personnes? concernées?",
        ar_forbidden=(r"صاحب\s+(ال)?(معطيات|بيانات)",),
        fr_forbidden=(r"(?i)sujet des données", r"(?i)personne fichée"),
    ),
    Term(
        "personal data",
        r"(?i)\bdata\b",
        "المعطيات الشخصية",
        "données personnelles",
        ar_forbidden=("بيانات",),
    ),
    Term(
        "agency",
        r"(?i)\bagenc(y|ies)\b",
        "الجهاز (ج. الأجهزة)؛ الجهاز المالك",
        "service",
        # The plural takes a pronoun as أجهزت- (أجهزتها, أجهزتنا).
        ar_required="جهاز|أجهز(ة|ت)",
        fr_required=r"(?i)service",
        # جهة is "a party" (the provider, an issuing authority), not an agency; not الواجهة.
        ar_forbidden=("(?<![\u0600-\u06ff])(ال|لل|ل|ب|و)?جه(ة|ات|ت)",),
        fr_forbidden=(r"(?i)\bagences?\b",),
    ),
    Term(
        "major event",
        r"(?i)major events?",
        "التظاهرات الكبرى",
        "grands événements",
        ar_required="تظاهر",
        fr_required=r"(?i)grands? événements?",
    ),
)


_ARABIC_MARKS = re.compile("[\u064b-\u0652\u0670\u0640]")


def glossary_problems_in(
    entries: list[polib.POEntry], lang: str, where: str, glossary: tuple[Term, ...] = GLOSSARY
) -> list[str]:
    """Translations in ``entries`` (one catalogue, ``lang``) that break the glossary."""
    found: list[str] = []
    for entry in entries:
        # Arabic short vowels and tatweel do not change the word (فُحص is فحص).
        texts = [
            _ARABIC_MARKS.sub("", t) for t in (entry.msgstr, *entry.msgstr_plural.values()) if t
        ]
        if entry.obsolete or not texts or "glossary-ok" in (entry.tcomment or ""):
            continue
        # Placeholder names (``%(notice)s``) are not words of the sentence.
        complaints = len(found)
        english = re.sub(r"%\(\w+\)|\{\w*\}", " ", f"{entry.msgid} {entry.msgid_plural or ''}")
        for term in glossary:
            if term.english is not None and not re.search(term.english, english):
                continue
            if term.exempt and re.search(term.exempt, english):
                continue
            preferred = term.ar if lang == "ar" else term.fr
            required = term.ar_required if lang == "ar" else term.fr_required
            forbidden = term.ar_forbidden if lang == "ar" else term.fr_forbidden
            for text in texts:
                bad = next((p for p in forbidden if re.search(p, text)), None)
                if bad is not None:
                    word = re.search(bad, text).group(0)  # type: ignore[union-attr]
                    found.append(
                        f"{where}: glossary: {term.concept}: {word!r} is forbidden, "
                        f"use {preferred!r}: {entry.msgid!r}"
                    )
                    break
                if required and not re.search(required, text):
                    found.append(
                        f"{where}: glossary: {term.concept}: the translation does not say "
                        f"{preferred!r}: {entry.msgid!r}"
                    )
                    break
            if len(found) > complaints:
                break  # one complaint per entry is enough to send a translator to it
    return found


def glossary_problems() -> list[str]:
    """Arabic and French translations that use a word the glossary forbids for a concept."""
    import polib

    found: list[str] = []
    for catalogue in catalogues():
        for lang in LANGUAGES:
            po_path = _po_path(catalogue, lang)
            if po_path.exists():
                rel = str(po_path.relative_to(PACKAGE_DIR))
                found += glossary_problems_in(list(polib.pofile(str(po_path))), lang, rel)
    return found


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
                elif entry.msgid_plural:
                    found += _plural_problems(entry, _nplurals(po), rel)
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


def _nplurals(po: polib.POFile) -> int:
    match = re.search(r"nplurals\s*=\s*(\d+)", po.metadata.get("Plural-Forms", ""))
    return int(match.group(1)) if match else 2


def _plural_problems(entry: polib.POEntry, nplurals: int, rel: object) -> list[str]:
    """Every plural form written (Arabic has six), and not one sentence copied into all."""
    forms = [entry.msgstr_plural.get(i, "") for i in range(nplurals)]
    if not all(forms):
        return [f"{rel}: plural forms missing: {entry.msgid!r}"]
    if nplurals > 2 and len(set(forms)) == 1:
        return [f"{rel}: plural forms all identical (write each form): {entry.msgid!r}"]
    return []


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


def typeset() -> int:
    """Apply French typography to every French catalogue and compile (no extraction)."""
    _setup()
    from django.core.management import call_command

    changed = 0
    for catalogue in catalogues():
        po_path = _po_path(catalogue, "fr")
        if po_path.exists():
            changed += apply_typography(po_path)
            here = Path.cwd()
            os.chdir(catalogue.folder)
            try:
                call_command("compilemessages", locale=["fr"], verbosity=0)
            finally:
                os.chdir(here)
    return changed


def main(argv: list[str]) -> int:
    if argv[:1] == ["refresh"]:
        refresh()
        return 0
    if argv[:1] == ["typeset"]:
        print(f"{typeset()} French entries typeset")
        return 0
    if argv[:1] == ["glossary"]:
        issues = glossary_problems()
        print("\n".join(issues) or "glossary respected")
        return 1 if issues else 0
    if argv[:1] == ["check"]:
        issues = (
            problems() + typography_problems() + glossary_problems() + missing_from_catalogues()
        )
        print("\n".join(issues) or "catalogues complete")
        return 1 if issues else 0
    print("usage: python -m jisr.core.i18n_tools refresh|check|typeset|glossary", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
