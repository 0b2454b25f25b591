"""Name structure: words, particles and compounds, turned into comparable tokens.

A full name becomes a tuple of :class:`Token`. Each token carries one or more
phonetic *forms* (symbol strings, see :mod:`jisr.matching.phonetic`) with a factor
that says how much a match on that form is worth:

* ``abd``/``abdel``/``abdul``/``عبد`` + the following word are one token
  (*Abdellatif*, *Abdel Latif*, *Abd al-Latif* and *عبد اللطيف* are one name);
  the bare second word is a secondary form (*Latif*), worth less;
* ``abu``/``abou``/``bou``/``أبو`` + next word are one token;
* ``ben``/``bin``/``ibn``/``بن``, ``ould``/``ولد``, ``ait``/``آيت``, Tuareg ``ag``/``اغ`` + next word are
  one token, with the bare next word as a secondary form (the particle is
  often dropped);
* the article ``al``/``el``/``ال`` (and assimilated ``ech-``, ``es-``, ``er-``…) is
  optional: both the word with and without it are forms;
* a single Latin letter is an initial;
* titles and honorifics in front of a name (*Mullah*, *Haji*, *Sheikh*, *Dr.*,
  الشيخ…) are set aside (:func:`titles_of`), not compared;
* a compound given name ending in *-allah* or *-al-Din* is one token, written
  joined or split, with the connecting particle in any form (*Seifallah* = *Sayf
  Allah*, *Nasreddine* = *Nasr al-Din* = *Nasiruddin* = نصر الدين);
* a field holding two names (*Karim Tazi (كريم التازي)*, *Tazi, Karim A.*) is
  read as the names it holds (:func:`name_variants`).
"""

from __future__ import annotations

import itertools
import re
from functools import lru_cache
from typing import Final

from .phonetic import arabic_to_symbols, coarse_key, latin_to_symbols
from .text import is_arabic, split_words

__all__ = ["ParsedName", "Token", "join_tokens", "name_variants", "parse_name", "titles_of"]

_LATIN_ARTICLES: Final = frozenset({"al", "el", "ul", "il", "l", "ol"})
_LATIN_ABD: Final = frozenset(
    {"abd", "abdel", "abdal", "abdul", "abdoul", "abdol", "abdil", "abde"}
)
_LATIN_ABU: Final = frozenset({"abu", "abou", "abo", "bou", "bu", "aboul", "abul", "abi"})
#: The particles of a kunya ("father of"), as opposed to the Maghreb *Bou-* of
#: family names (*Bou Taleb*): a kunya is compared with a kunya, never with a given name.
_LATIN_KUNYA: Final = frozenset({"abu", "abou", "abo", "aboul", "abul", "abi"})
_ARABIC_KUNYA: Final = frozenset({"ابو", "ابي", "ابا"})
#: Titles and honorifics written in front of a name: not part of the name.
_LATIN_TITLES: Final = frozenset(
    {
        "mullah", "mulla", "molla", "mollah", "maulana", "mawlana", "moulana", "mawlawi",
        "maulvi", "mawlvi", "molvi", "moulvi", "haji", "hajji", "hadj", "hadji", "haj",
        "hajj", "alhaj", "alhajj", "elhadj", "sheikh", "shaikh", "shaykh", "cheikh",
        "cheick", "chaikh", "cheik", "sheik", "sayyid", "sayyed", "seyyed", "sayid",
        "imam", "qari", "emir", "dr", "doctor", "docteur", "prof", "professor", "ustadh",
        "ustaz", "mr", "mrs", "mme", "mlle", "monsieur", "madame", "general", "colonel",
        "mawlavi", "maulavi", "moulavi", "mowlavi", "maulawi", "alhaji", "alhadji",
        "elhadji", "mufti", "ustad", "ostad", "engr", "engineer", "ingenieur",
        # ranks, as lists write them in front of officers' names (Major General, Lt. Col.)
        "gen", "col", "lt", "lieutenant", "maj", "major", "brig", "brigadier", "capt",
        "captain", "commander", "cmdr", "marshal", "sgt", "sergeant",
    }
)  # fmt: skip
_ARABIC_TITLES: Final = frozenset(
    {"الشيخ", "شيخ", "الحاج", "حاج", "الحاجة", "ملا", "الملا", "مولانا", "المولوي", "مولوي",
     "السيد", "السيدة", "الامام", "امام", "الدكتور", "د", "القاري", "قاري", "الامير",
     "المفتي", "مفتي", "المهندس", "مهندس", "الاستاذ", "استاذ",
     # ranks (اللواء الركن: a staff major general); the bare forms of those that are
     # also given names (رائد, عماد) stay names
     "اللواء", "لواء", "العميد", "العقيد", "المقدم", "الرائد", "النقيب", "الملازم",
     "الفريق", "العماد", "المشير", "الركن"}
)  # fmt: skip
# A bare امير is the given name Amir, as the Latin Amir is (the title is الامير or
# Emir); a bare سيد the given name Sayed (the title is السيد or Sayyid).
#: Latin endings of a compound given name ending in *al-Din* and in *Allah*.
_DIN_ENDINGS: Final = tuple(
    sorted(
        {
            f"{v}{c}{w}"
            for v in ("e", "u", "o", "a", "i")
            for c in ("ddin", "din", "ldin")
            for w in ("e", "")
        }
        | {"deen", "uddeen", "eddeen"}
        # Turkish: Nurettin, Necmettin, Alaattin, Muhittin
        | {f"{v}ttin" for v in ("e", "a", "i", "u")},
        key=len,
        reverse=True,
    )
)
_ALLAH_ENDINGS: Final = ("allah", "ullah", "ollah", "illah", "ellah", "alla", "ulla", "olla")
_DIN_WORDS: Final = frozenset({"din", "dine", "deen", "eddine", "eddin", "uddin", "uddine", "oddine",
                        "oddin", "addin", "addine", "iddin", "eldin", "aldin", "edine", "udin"})  # fmt: skip
_ALLAH_WORDS: Final = frozenset({"allah", "ullah", "ollah", "illah", "ellah"})
_LATIN_BEN: Final = frozenset(
    {"ben", "bin", "ibn", "ebn", "bent", "bint", "ould", "uld", "wuld", "ait", "aith", "ag"}
)
_LATIN_MUHAMMAD_ABBREVIATIONS: Final = frozenset({"mohd", "muhd", "mhd", "md", "mhmd"})
#: Letters read another way in Persian, Turkish and Levantine spellings, each group
#: giving one extra form: ض = z (Reza, Ramazan), ظ ذ = z (Hafez, Nazem), ث = s (Osman).
_ARABIC_OTHER_READINGS: Final = (("ض", "ز"), ("ظذ", "ز"), ("ث", "س"))
_ARABIC_ABD: Final = "عبد"
_ARABIC_ABU: Final = frozenset({"ابو", "ابي", "ابا", "بو"})
_ARABIC_BEN: Final = frozenset({"بن", "ابن", "بنت", "ولد", "ايت", "اغ"})  # اغ: Tuareg ag
_NOT_ARTICLE_PREFIXED: Final = frozenset(
    {
        "ali",
        "alain",
        "alan",
        "albert",
        "alex",
        "alexandre",
        "alexander",
        "alexis",
        "alfred",
        "alice",
        "alicia",
        "aline",
        "alia",
        "aliya",
        "alya",
        "elias",
        "elie",
        "elise",
        "eliane",
        "elisa",
        "ella",
        "ellen",
        "elena",
        "ilyas",
        "ilias",
        "alma",
        "alpha",
    }
)

_uid = itertools.count(1)


class Token:
    """One comparable unit of a name (a word, or a particle compound).

    Read-only (``Final`` attributes), compared and hashed by identity. A plain class
    rather than a frozen dataclass: mypyc compiles this constructor, while it leaves a
    dataclass's generated ``__init__`` to run as Python (a fifth of parsing a name).
    """

    __slots__ = ("coarse", "forms", "keys", "kind", "script", "text", "uid", "weight")

    def __init__(
        self,
        text: str,
        script: str,  # "ar" or "lat"
        forms: tuple[tuple[str, float], ...],
        kind: str,  # "word", "abd", "abu", "ben", "article", "initial", "joined"
        weight: float,
        keys: tuple[str, ...],
        coarse: tuple[str, ...] = (),
        uid: int | None = None,
    ) -> None:
        self.text: Final = text
        self.script: Final = script
        self.forms: Final = forms
        self.kind: Final = kind
        self.weight: Final = weight
        self.keys: Final = keys
        self.coarse: Final = coarse
        self.uid: Final = next(_uid) if uid is None else uid

    def __repr__(self) -> str:
        return (
            f"Token(text={self.text!r}, script={self.script!r}, forms={self.forms!r}, "
            f"kind={self.kind!r}, weight={self.weight!r}, keys={self.keys!r}, "
            f"coarse={self.coarse!r}, uid={self.uid!r})"
        )

    @property
    def main(self) -> str:
        return self.forms[0][0]


ParsedName = tuple[Token, ...]


def _weight(symbols: str) -> float:
    n = len(coarse_key(symbols))
    if n == 0:
        return 0.4
    if n == 1:
        return 0.6
    if n == 2:
        return 0.85
    return 1.0


def _make(text: str, script: str, forms: list[tuple[str, float]], kind: str) -> Token:
    clean: list[tuple[str, float]] = []
    seen: set[str] = set()
    for sym, factor in forms:
        if sym and sym not in seen:
            seen.add(sym)
            clean.append((sym, factor))
    if not clean:
        clean = [("", 1.0)]
    keys: list[str] = []
    for sym, factor in clean:
        k = coarse_key(sym)
        if k and factor >= 0.8 and k not in keys:
            keys.append(k)
    weight = 0.3 if kind == "initial" else _weight(clean[0][0])
    coarse = tuple(coarse_key(sym) for sym, _ in clean)
    return Token(text, script, tuple(clean), kind, weight, tuple(keys), coarse)


#: What follows *abd* in West African and Hausa spellings of *Abdallah* (*Abdoulaye*,
#: *Abdoulahi*, *Abdullahi*), where a final vowel or *-ye* is added to *-llah*.
_ABD_ALLAH_VOWELLED: Final = re.compile(r"[aeiou]{0,2}l{1,2}a{1,2}(?:ye?|hi)")


def _latin_abd_stem(rest: str) -> str:
    """Strip the article from what follows *abd* in a run-together Latin word."""
    if _ABD_ALLAH_VOWELLED.fullmatch(rest):
        return "lah"  # as Abdallah reads
    k = 0
    while k < 2 and rest[k : k + 1] in ("a", "e", "u", "o", "i"):
        k += 1
    rest = rest[k:]
    if rest.startswith("l") and len(rest) > 3:
        rest = rest[1:]
    return rest


def _strip_arabic_article(word: str) -> str:
    if word.startswith("ال") and len(word) >= 4:
        return word[2:]
    return word


_DIN_SYMBOLS: Final = {"lat": latin_to_symbols("din"), "ar": arabic_to_symbols("دين")}
_ALLAH_SYMBOLS: Final = {"lat": latin_to_symbols("allah"), "ar": arabic_to_symbols("الله")}


@lru_cache(maxsize=65536)
def _tail_compound(stem: str, tail: str, text: str) -> Token:
    """*Nasr* + *al-Din*, *Sayf* + *Allah*: one given name, however it is written.

    The first form is the stem followed by the tail without its article, the same
    for every spelling (*Nasreddine*, *Nasr ed-Din*, *Nasiruddin*, نصر الدين).
    """
    arabic = is_arabic(stem)
    script = "ar" if arabic else "lat"
    to_sym = arabic_to_symbols if arabic else latin_to_symbols
    canon = (_DIN_SYMBOLS if tail == "din" else _ALLAH_SYMBOLS)[script]
    if arabic and stem.endswith("ة"):
        stem = stem[:-1] + "ت"  # read as t before the tail: هداية الله = Hidayatullah
    forms = [(to_sym(stem) + canon, 1.0)]
    if arabic:
        # the Persian and Urdu readings of the stem: ذبيح الله = Zabihullah, ضياء الدين = Ziauddin
        forms += [(sym + canon, f) for sym, f in _other_readings(stem)]
    else:
        forms.append((latin_to_symbols(text.replace(" ", "")), 0.99))
        if tail == "allah" and stem[-1:] in ("i", "u"):
            # Afghan spellings drop a ح before -ullah: Zabiullah = ذبيح الله
            forms.append((latin_to_symbols(stem + "h") + canon, 0.95))
        turkish = _turkish_c(stem)
        if turkish:
            forms.append((latin_to_symbols(turkish) + canon, 0.9))  # Necmettin = Najm al-Din
        indonesian = _indonesian(stem)
        if indonesian:
            forms.append((latin_to_symbols(indonesian) + canon, 0.9))  # Syamsuddin
    return _make(text, script, forms, "word")


#: A c read as j the Turkish way: before a vowel, outside ch, ck and sc.
_TURKISH_C: Final = re.compile(r"(?<!s)c(?=[aeiou])")


def _turkish_c(word: str) -> str | None:
    """The word with c read as j, the Turkish way (Cemal = Jamal, Recep = Rajab), or None.

    An extra form, never the main one.
    """
    turkish, changed = _TURKISH_C.subn("j", word)
    return turkish if changed else None


#: Indonesian and Malay spellings: sy = ش (Syarif, Hasyim), dz = ذ (Dzulkifli).
_INDONESIAN: Final = re.compile(r"sy(?=[aiou])|dz")


def _indonesian(word: str) -> str | None:
    """The word with sy read as sh and dz as dh, the Indonesian way, or None.

    An extra form, never the main one: *Syed* keeps its *sy*.
    """
    indonesian, changed = _INDONESIAN.subn(lambda m: m.group()[0] + "h", word)
    return indonesian if changed else None


def _other_readings(word: str) -> list[tuple[str, float]]:
    """Forms of an Arabic word with its letters read the Persian, Turkish or Levantine way."""
    forms: list[tuple[str, float]] = []
    for letters, reading in _ARABIC_OTHER_READINGS:
        if any(ch in word for ch in letters):
            other = word.translate({ord(ch): reading for ch in letters})
            forms.append((arabic_to_symbols(other), 0.97))
    return forms


def _latin_tail(word: str) -> tuple[str, str] | None:
    """Split a run-together Latin compound (*Nasreddine*, *Seifallah*) into stem and tail."""
    for endings, tail in ((_DIN_ENDINGS, "din"), (_ALLAH_ENDINGS, "allah")):
        for ending in endings:
            if word.endswith(ending) and len(word) - len(ending) >= 3:
                return word[: -len(ending)], tail
    return None


@lru_cache(maxsize=262144)
def _word_token(word: str) -> Token:
    """Token for one normalised word, no particle context."""
    if is_arabic(word):
        if word.startswith(_ARABIC_ABD) and word[3:].startswith("ال") and len(word) > 5:
            stem = _strip_arabic_article(word[3:])
            s = arabic_to_symbols(stem)
            return _make(word, "ar", [(arabic_to_symbols("عبد") + s, 1.0), (s, 0.8)], "abd")
        stripped = _strip_arabic_article(word)
        if stripped != word:
            return _make(
                word,
                "ar",
                [(arabic_to_symbols(stripped), 1.0), (arabic_to_symbols(word), 0.99)],
                "article",
            )
        if word.startswith("ذوال") and len(word) >= 7:
            # ذو الفقار = Zulfiqar, Dhulfiqar: the article's vowel goes unspoken
            read = "ذول" + word[4:]
            return _make(
                word, "ar", [(arabic_to_symbols(read), 1.0), *_other_readings(read)], "word"
            )
        if word.endswith("الدين") and len(word) >= 7:
            # written as one word (صدرالدين, نورالدين), as Persian and Maghreb records do
            return _tail_compound(word[:-5], "din", word)
        forms = [(arabic_to_symbols(word), 1.0)]
        if word.endswith("ة") and len(word) >= 3:
            forms.append((arabic_to_symbols(word[:-1] + "ت"), 0.97))  # Hayat, Izzat
        forms += _other_readings(word)
        return _make(word, "ar", forms, "word")
    if len(word) == 1:
        return _make(word, "lat", [(latin_to_symbols(word), 1.0)], "initial")
    if word.startswith("abd") and len(word) > 5 and word not in _LATIN_ABD:
        stem = latin_to_symbols(_latin_abd_stem(word[3:]))
        return _make(word, "lat", [(latin_to_symbols("abd") + stem, 1.0), (stem, 0.8)], "abd")
    for prefix in ("ben", "ould", "ait"):
        if word.startswith(prefix) and len(word) >= len(prefix) + 3:
            rest = latin_to_symbols(word[len(prefix) :])
            return _make(word, "lat", [(latin_to_symbols(word), 1.0), (rest, 0.85)], "ben")
    if word[:2] in ("al", "el") and len(word) >= 5 and word not in _NOT_ARTICLE_PREFIXED:
        return _make(
            word,
            "lat",
            [(latin_to_symbols(word), 1.0), (latin_to_symbols(word[2:]), 0.99)],
            "article",
        )
    if word in _LATIN_ABD:
        return _make(word, "lat", [("abd", 1.0)], "word")
    if word in _LATIN_MUHAMMAD_ABBREVIATIONS:  # Mohd, Md on passports and in the Gulf
        return _make(word, "lat", [(latin_to_symbols("mohammed"), 1.0)], "word")
    tail = _latin_tail(word)
    if tail is not None:
        return _tail_compound(tail[0], tail[1], word)
    forms = [(latin_to_symbols(word), 1.0)]
    if (
        word[0] == "a"
        and word[1:2] not in ("", "a", "e", "i", "o", "u", "h", "l")
        and len(word) >= 4
    ):
        # French spellings drop the h: Abib = Habib, Assan = Hassan, Akim = Hakim
        forms.append((latin_to_symbols("h" + word), 0.9))
    split = word
    for digraph in ("th", "dh", "kh", "sh", "gh", "zh"):
        # Fathi = ف ت ح ي, not ث; Adham, Ishaq, Izhar, Mazhar: two letters, not one sound
        split = split.replace(digraph, digraph[0] + "-h")
    if split != word:
        forms.append((latin_to_symbols(split), 0.97))
    if "ch" in word and "sch" not in word:  # Greek/English ch = k: Michael, Nicholas, Christian
        forms.append((latin_to_symbols(word.replace("ch", "k")), 0.9))
    if "v" in word:  # Persian/Turkish v = و: Saadavi = سعداوي, Pahlavi, Mevlüt
        forms.append((latin_to_symbols(word.replace("v", "w")), 0.95))
    turkish = _turkish_c(word)
    if turkish:  # Cemal = جمال, Cevdet = جودت (with v = w as well)
        forms.append((latin_to_symbols(turkish.replace("v", "w")), 0.9))
    indonesian = _indonesian(word)
    if indonesian:
        forms.append((latin_to_symbols(indonesian), 0.9))
    if word.startswith("rh"):  # rh- is غ in Maghreb spellings (Rharbi) but r in Rhys, Rhodes
        forms.append((latin_to_symbols("r" + word[2:]), 0.95))
    silent = _french_silent_ending(word)
    if silent:
        forms.append((latin_to_symbols(silent), 0.95))
    return _make(word, "lat", forms, "word")


def _french_silent_ending(word: str) -> str | None:
    """French spelling without its silent final letters (Darboux, Noiret, Bernard)."""
    if len(word) < 5:
        return None
    for ending, repl in (
        ("eaux", "o"),
        ("aux", "o"),
        ("oux", "ou"),
        ("ault", "o"),
        ("er", "e"),
        ("et", "e"),
        ("ez", "e"),
        ("ert", "er"),
        ("ard", "ar"),
        ("ent", "an"),
        ("ant", "an"),
        ("ois", "oi"),
        ("ais", "e"),
        ("ot", "o"),
        ("ier", "ie"),
        ("eu", "e"),
        ("oit", "oi"),  # Benoit = بينوا
        ("aud", "o"),  # Arnaud = أرنو, Renaud
        ("aut", "o"),
        ("ond", "on"),  # Raymond = ريمون
        ("and", "an"),  # Bertrand, Durand
    ):
        if word.endswith(ending):
            return word[: -len(ending)] + repl
    return None


def _after_particle(sym: str) -> str:
    """An Arabic word's symbols once a particle goes in front (أبو إلياس, بن إبراهيم).

    A word-initial alef only carries the hamza and a short vowel (إلياس = *Ilyas*): the
    edit distance lets any vowel stand for it at the start of a word, not in the middle
    of a compound, so it is written as the hamza there.
    """
    return "'" + sym[1:] if sym[:1] == "a" else sym


@lru_cache(maxsize=262144)
def _compound(kind: str, particle: str, word: str) -> Token:
    """Token for particle + word (e.g. ``ben`` + ``ali``, ``عبد`` + ``اللطيف``)."""
    arabic = is_arabic(word)
    script = "ar" if arabic else "lat"
    to_sym = arabic_to_symbols if arabic else latin_to_symbols
    if arabic:
        stem_word = _strip_arabic_article(word)
    elif (
        kind == "abu" and word[:2] == "al" and len(word) >= 5 and word not in _NOT_ARTICLE_PREFIXED
    ):
        stem_word = word[2:]  # Abu al-Walid: the article goes, as it does from أبو الوليد
    else:
        stem_word = word
    stem = to_sym(stem_word)
    # the word read with what looked like an article: الياس is Ilyas, not al-Yas
    whole = [] if stem_word == word else [to_sym(word)]
    if arabic and kind != "abd":
        stem = _after_particle(stem)
        whole = [_after_particle(sym) for sym in whole]
    if kind == "abd":
        head = arabic_to_symbols("عبد") if arabic else "abd"
        if not arabic:
            stem = latin_to_symbols(_latin_abd_stem(particle[3:] + word))
        return _make(f"{particle} {word}", script, [(head + stem, 1.0), (stem, 0.8)], kind)
    part_sym = (arabic_to_symbols if is_arabic(particle) else latin_to_symbols)(particle)
    if kind == "abu" and (particle in _LATIN_KUNYA or particle in _ARABIC_KUNYA):
        # a kunya (Abou Walid): compared as a whole, never as the bare given name
        forms = [(part_sym + stem, 1.0), *((part_sym + sym, 0.99) for sym in whole)]
        return _make(f"{particle} {word}", script, forms, "kunya")
    factor = 0.8 if kind == "abu" else 0.85
    forms = [(part_sym + stem, 1.0), (stem, factor)]
    forms += [(part_sym + sym, 0.99) for sym in whole] + [(sym, factor * 0.99) for sym in whole]
    return _make(f"{particle} {word}", script, forms, kind)


def _is_assimilated_article(word: str, nxt: str) -> bool:
    # ech-chaoui, es-saadi, er-rachidi, ad-dib, an-nasri, at-tazi ...
    if len(word) not in (2, 3) or word[0] not in "aeu" or is_arabic(nxt):
        return False
    cons = word[1:]
    return nxt.startswith(cons) and len(nxt) > len(cons) + 1


def _merge_article(word: str) -> Token:
    tok = _word_token("al" + word) if not is_arabic(word) else _word_token(word)
    if tok.kind == "article":
        return Token(
            f"al {word}", tok.script, tok.forms, tok.kind, tok.weight, tok.keys, tok.coarse
        )
    return tok


#: "Son of" between two parts of a lineage (*Hamad bin Salih bin Nasir al-Ruwaydi*),
#: which spellings of the same chain often leave out (*Hamad Saleh Nasser Al-Ruwaidi*).
_LINEAGE_PARTICLES: Final = frozenset(
    {"bin", "ibn", "ben", "ebn", "bint", "bent", "ould", "uld", "wuld", "ag",
     "بن", "ابن", "بنت", "ولد", "اغ"}
)  # fmt: skip


@lru_cache(maxsize=262144)
def _prefixed(particle: str, tok: Token, in_chain: bool = False) -> Token:
    """``ben``/``ould``/``ait``/``بن``… in front of an already built token.

    ``in_chain``: more of the name follows, so the particle links two generations and
    its absence costs little; a final *Ben Ali* is a family name, not *Ali*.
    """
    part_sym = (arabic_to_symbols if is_arabic(particle) else latin_to_symbols)(particle)
    bare = 0.97 if in_chain and particle in _LINEAGE_PARTICLES else 0.85
    # the particle before each form of the word: Arabic drops the article of بن الطاهر
    # from its main form, Latin keeps it (bin al-Tahar), and each has the other as a form
    inner = _after_particle if tok.script == "ar" else str
    forms = [(part_sym + inner(sym), f) for sym, f in tok.forms]
    forms += [(sym, f * bare) for sym, f in tok.forms]
    return _make(f"{particle} {tok.text}", tok.script, forms, "ben")


def _is_ben(w: str) -> bool:
    return w in _ARABIC_BEN if is_arabic(w) else w in _LATIN_BEN


def _is_title(word: str) -> bool:
    return word in _ARABIC_TITLES if is_arabic(word) else word in _LATIN_TITLES


@lru_cache(maxsize=65536)
def _split_titles(name: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The leading titles of a name and its remaining words (at least one).

    A Latin article and the title after it are one title (*El Hadj*, *al-Hajj*).
    """
    words = split_words(name)
    titles: list[str] = []
    k = 0
    last = len(words) - 1
    while k < last:
        if _is_title(words[k]):
            titles.append(words[k])
            k += 1
        elif words[k] in _LATIN_ARTICLES and k + 1 < last and _is_title(words[k + 1]):
            titles.append(f"{words[k]} {words[k + 1]}")
            k += 2
        else:
            break
    return tuple(titles), tuple(words[k:])


def titles_of(name: str) -> tuple[str, ...]:
    """Titles and honorifics in front of ``name`` (*Sheikh*, *Haji*, *Dr*…), normalised."""
    return _split_titles(name)[0]


def _tail_after(words: tuple[str, ...], i: int) -> tuple[str, int] | None:
    """Whether the words after ``words[i]`` are *al-Din* / *Allah* (tail, words used)."""
    nxt = words[i + 1] if i + 1 < len(words) else ""
    if not nxt or is_arabic(nxt) != is_arabic(words[i]):
        return None
    if is_arabic(nxt):
        if nxt == "الدين":
            return "din", 1
        if nxt == "الله":
            return "allah", 1
        return None
    if nxt in _DIN_WORDS:
        return "din", 1
    if nxt in _ALLAH_WORDS:
        return "allah", 1
    after = words[i + 2] if i + 2 < len(words) else ""
    if nxt in ("al", "el", "ad", "ed", "ud", "ul", "od", "uddin") and after in (
        "din",
        "dine",
        "deen",
    ):
        return "din", 2
    return None


@lru_cache(maxsize=262144)
def parse_name(name: str) -> ParsedName:
    """Parse a full name into tokens, merging particles and compounds (titles set aside)."""
    words = _split_titles(name)[1]
    # Pass 1: articles, abd- and abu- compounds; ben-like particles kept as strings.
    items: list[Token | str] = []
    i = 0
    n = len(words)
    while i < n:
        w = words[i]
        nxt = words[i + 1] if i + 1 < n else None
        arabic = is_arabic(w)
        if nxt is None:
            if out_particle(w) and items:
                i += 1  # trailing particle: ignore
                continue
            items.append(_word_token(w))
            i += 1
            continue
        if (not arabic and w in _LATIN_ABD) or (arabic and w == _ARABIC_ABD):
            j = i + 1
            if (
                not arabic
                and j + 1 < n
                and (words[j] in _LATIN_ARTICLES or _is_assimilated_article(words[j], words[j + 1]))
            ):
                items.append(_compound("abd", w + words[j], words[j + 1]))
                i = j + 2
                continue
            items.append(_compound("abd", w, words[j]))
            i = j + 1
            continue
        if (not arabic and w in _LATIN_ABU) or (arabic and w in _ARABIC_ABU):
            if not arabic and nxt in _LATIN_ARTICLES and i + 2 < n:
                items.append(_compound("abu", w, "al" + words[i + 2]))  # Abu al-Walid
                i += 3
                continue
            items.append(_compound("abu", w, nxt))
            i += 2
            continue
        if (
            not arabic
            and len(w) >= 5
            and w.endswith("ur")
            and nxt.startswith("r")
            and not is_arabic(nxt)
        ):
            # Matiur Rahman = Mati ur-Rahman: the article run into the word before
            items.append(_word_token(w[:-2]))
            items.append(_merge_article(nxt))
            i += 2
            continue
        if arabic and w == "ذو" and nxt.startswith("ال"):
            items.append(_word_token(w + nxt))  # ذو الفقار is one name, as ذوالفقار
            i += 2
            continue
        if _is_ben(w):
            items.append(w)
            i += 1
            continue
        tail = None if out_particle(w) else _tail_after(words, i)
        if tail is not None:
            used = words[i + 1 : i + 1 + tail[1]]
            items.append(_tail_compound(w, tail[0], " ".join((w, *used))))
            i += 1 + tail[1]
            continue
        if not arabic and (w in _LATIN_ARTICLES or _is_assimilated_article(w, nxt)):
            items.append(_merge_article(nxt))
            i += 2
            continue
        items.append(_word_token(w))
        i += 1
    # Pass 2: attach ben-like particles to the token that follows them.
    out: list[Token] = []
    pending: list[str] = []
    for k, item in enumerate(items):
        if isinstance(item, str):
            pending.append(item)
            continue
        tok = item
        in_chain = k + 1 < len(items)
        for particle in reversed(pending):
            tok = _prefixed(particle, tok, in_chain)
        pending = []
        out.append(tok)
    if pending and not out:
        out.extend(_word_token(p) for p in pending)
    return tuple(out)


def out_particle(w: str) -> bool:
    """True for a particle that means nothing on its own (al, ben, ould…)."""
    return w in _LATIN_ARTICLES or _is_ben(w)


@lru_cache(maxsize=65536)
def _joined(a: Token, b: Token) -> Token:
    sym = a.main + b.main
    return _make(f"{a.text}{b.text}", a.script, [(sym, 1.0)], "joined")


def join_tokens(a: Token, b: Token) -> Token:
    """A token for two adjacent words written as one (run-together names)."""
    return _joined(a, b)


_BRACKETED: Final = re.compile(r"[(\[{]([^)\]}]*)[)\]}]")
#: A nickname in double quotes or guillemets inside a name (*Karim "Abou Walid" Tazi*).
#: Only a whole word or words in quotes: a quote inside a word is not one.
_QUOTED: Final = re.compile(r"(?:^|(?<=\s))[\"“«]\s*([^\"“”«»]+?)\s*[\"”»](?=\s|$)")
#: Between two names of one field: *;*, a spaced */* or *@* (lists in South Asia).
_NAME_SEPARATORS: Final = re.compile(r"\s*[;؛]\s*|\s+/\s+|\s+@\s+")
#: Words that introduce another name of the same person, in the three scripts' lists.
_ALIAS_WORD: Final = (
    r"(?:alias|aliases|aka|a\.k\.a\.?|a/k/a|f\.?k\.?a\.?|also\s+known\s+as|"
    r"formerly\s+known\s+as|known\s+as|dit|dite|surnommée?|surnommee?|"
    r"connue?\s+sous\s+le\s+nom\s+de|"
    r"الملقب|الملقبة|ويلقب|المكنى|المكناة|ويكنى|المعروف|المعروفة|ويعرف|الشهير|"
    r"الشهيرة|المدعو|المدعوة|ويدعى|وشهرته|شهرته|وشهرتها|شهرتها|"
    r"(?:و?اسمه|و?اسمها|الاسم)\s+الحركي)"
)
# (an Arabic alias word may follow "and" written apart: كريم التازي و شهرته أبو الوليد)
_ALIAS_WORDS: Final = re.compile(rf"\s+(?:و\s+)?{_ALIAS_WORD}:?\s+", re.IGNORECASE)
#: An alias word opening a bracket: *Karim Tazi (alias Abou Walid)*.
_LEADING_ALIAS_WORD: Final = re.compile(rf"^\s*{_ALIAS_WORD}:?\s+", re.IGNORECASE)
#: A married or maiden family name: *Fatima Tazi née Bennani* is also *Fatima Bennani*.
_OTHER_FAMILY_NAME: Final = re.compile(
    r"\s+(?:née|nee|épouse|epouse|ép\.|ep\.|veuve|vve)\s+", re.IGNORECASE
)
#: The "by" glued to the name after an Arabic alias word (المعروف بأبي الوليد).
_ARABIC_BY: Final = re.compile(r"^بـ?\s*(?=ال|ابو|ابي|ابا|أبو|أبي|أبا)|^بـ\s*")
_SCRIPT_RUN: Final = re.compile(
    r"[\u0600-\u06ff\u0750-\u077f]+(?:[\s\-]+[\u0600-\u06ff\u0750-\u077f]+)*"
)


def _names_in(chunk: str, bracketed: bool) -> list[str]:
    """The names of one chunk of a field, split at separators and alias words."""
    if bracketed:
        opened = _LEADING_ALIAS_WORD.sub("", chunk)
        if opened != chunk:  # (بالقاسم in brackets is a name; after المعروف, ب is "by")
            chunk = _ARABIC_BY.sub("", opened.strip())
    out: list[str] = []
    for part in _NAME_SEPARATORS.split(_arabic_commas(chunk)):
        for k, piece in enumerate(_ALIAS_WORDS.split(part)):
            if k > 0:
                piece = _ARABIC_BY.sub("", piece.strip())
            if piece.strip():
                out.append(piece)
    return out


def _arabic_commas(chunk: str) -> str:
    """The Arabic comma between names lists them (كريم الزرهوني، أبو نبيل); one
    comma after a single word inverts a name (الزرهوني، كريم), as *Tazi, Karim* does."""
    if "،" not in chunk:
        return chunk
    head, _, rest = chunk.partition("،")
    if "،" not in rest and len(head.split()) == 1:
        return f"{head},{rest}"
    return chunk.replace("،", ";")


def _with_other_family_name(piece: str) -> list[str]:
    """*Fatima Tazi née Bennani*: *Fatima Tazi* and *Fatima Bennani*."""
    own, *others = _OTHER_FAMILY_NAME.split(piece)
    if not others:
        return [piece]
    given = own.split()[:-1]
    return [own, *(" ".join([*given, other]) for other in others if other.strip())]


@lru_cache(maxsize=65536)
def name_variants(field_text: str) -> tuple[str, ...]:
    """The names one name field holds, as watch lists write them.

    *Karim Tazi (كريم التازي)* holds two names, one per script; *Tazi, Karim A.*
    is *Karim A. Tazi*; *Karim Tazi alias Abou Walid*, *Karim "Abou Walid" Tazi*,
    *Karim Tazi; Abou Walid* and *كريم التازي المكنى أبو الوليد* hold two; *Fatima
    Tazi née Bennani* is also *Fatima Bennani*. A plain name is returned as it is.
    """
    pieces: list[str] = []
    quoted = _QUOTED.findall(field_text)
    text = _QUOTED.sub(" ", field_text)
    inner = _BRACKETED.findall(text)
    outer = _BRACKETED.sub(" ", text)
    for k, chunk in enumerate([outer, *inner, *quoted]):
        for piece in _names_in(chunk, k > 0):
            pieces.extend(_with_other_family_name(piece))
    out: list[str] = []
    for piece in pieces:
        # two scripts in one field without brackets: one name per script
        arabic = " ".join(_SCRIPT_RUN.findall(piece))
        latin = _SCRIPT_RUN.sub(" ", piece)
        parts = [arabic, latin] if arabic and any(ch.isalpha() for ch in latin) else [piece]
        for part in parts:
            if part.count(",") == 1:
                family, given = part.split(",")
                if given.strip() and family.strip():
                    part = f"{given.strip()} {family.strip()}"
            part = " ".join(part.replace(",", " ").split())
            if part and any(ch.isalpha() for ch in part) and part not in out:
                out.append(part)
    return tuple(out) or (field_text,)
