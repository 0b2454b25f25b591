"""Text normalisation for names in Arabic and Latin scripts.

Everything here is pure and deterministic: NFKC, case-folding, accent removal,
Arabic orthographic variants (hamza and alef forms, ta marbuta, alef maqsura,
harakat, tatweel, Persian and Urdu letters) and Latin punctuation.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Final

__all__ = [
    "is_arabic",
    "normalize_arabic",
    "normalize_latin",
    "split_words",
]

# Harakat, Quranic marks, superscript alef, tatweel.
_ARABIC_MARKS: Final = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")

# The rarer letters of the other Arabic-script alphabets (Sindhi, Kashmiri, Uyghur,
# Kirghiz, West African ajami…), each read as the letter it is built on: the letter
# its Unicode name gives before "WITH" (ڝ SAD WITH TWO DOTS BELOW is ص). Two aligned
# strings, not parsed names, so that start-up stays free of unicodedata look-ups.
_RARE_LETTERS: Final = (
    "ؠػؼؽؾؿٮڂڋڎڐڒڔڗڛڜڝڞڟڡڣڥڮڰڲڴڶڷڸڹڿۂۄۅۉۊۏۑۺۻۼۿݐݑݒݓݔݕݖݗݘݙݚݛݜݝݞݟݠݡݢݣݤݥݦݧݨݩݪݫݬݭݮݯݰݱݲݳݴݵݶݷݸݹݺݻݼݽݾݿ"
)
_RARE_LETTERS_READ_AS: Final = (
    "يككيييبحدددرررسسصصطفففكگگگلللنچهووووويشضغهبببببببححددرسعععففكككممنننلررسححسرحاايييووييحسسك"
)

# Letter variants folded to one letter. Hamza-bearing alefs become bare alef; the
# hamza on waw/yeh stays distinct because it is usually transliterated as a glottal
# stop or nothing. Persian/Urdu letters map to their closest Arabic counterpart, or
# to private markers handled by the phonetic layer (پ چ ژ گ ڤ). Every letter of the
# ranges kept below must end up as a letter the phonetic layer reads: one it does not
# know would vanish from the name (a test walks the ranges).
_ARABIC_FOLD: Final = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ٲ": "ا",
        "ٳ": "ا",
        "ی": "ي",
        "ې": "ي",
        "ۍ": "ي",
        "ے": "ي",
        "ێ": "ي",
        "ک": "ك",
        "ڪ": "ك",
        "ہ": "ه",
        "ھ": "ه",
        "ۀ": "ة",
        "ە": "ه",
        "ۃ": "ة",
        "ٹ": "ت",
        "ڈ": "د",
        "ڑ": "ر",
        "ں": "ن",
        "ۇ": "و",
        "ۆ": "و",
        "ۈ": "و",
        "ۋ": "و",
        "ڨ": "گ",
        "ڭ": "گ",
        "ڧ": "ق",
        "ٯ": "ق",
        "ڢ": "ف",
        # Pashto: names on Afghan and Pakistani records (ګل = Gul, ښ = sh/kh, ږ = zh/g)
        "ګ": "گ",
        "ټ": "ت",
        "ډ": "د",
        "ړ": "ر",
        "ڼ": "ن",
        "ښ": "ش",
        "ږ": "ژ",
        "ځ": "ز",
        "څ": "س",
        "ۓ": "ي",
        # Kurdish (Sorani) and Sindhi letters, by their nearest sound
        "ڵ": "ل",
        "ڕ": "ر",
        "ٻ": "ب",
        "ڀ": "ب",
        "ٺ": "ت",
        "ٽ": "ت",
        "ٿ": "ت",
        "ڊ": "د",
        "ڌ": "د",
        "ڍ": "د",
        "ڏ": "د",
        "ڙ": "ر",
        "ڦ": "ف",
        "ڳ": "گ",
        "ڱ": "ن",
        "ڻ": "ن",
        "ڄ": "ج",
        "ڃ": "ج",
        "ڇ": "چ",
        # Jawi (Malay in Arabic script): ڠ = ng, ڽ = ny, ڬ = g
        "ڠ": "ن",
        "ڽ": "ن",
        "ڬ": "گ",
        "ٴ": "ء",  # high hamza (Urdu, Kazakh)
        "۽": None,  # Sindhi signs: "and", "in"
        "۾": None,
        **dict(zip(_RARE_LETTERS, _RARE_LETTERS_READ_AS, strict=True)),
    }
)
_LATIN_SPECIAL: Final = str.maketrans(
    {
        "ß": "ss",
        "æ": "ae",
        "œ": "oe",
        "ø": "o",
        "đ": "d",
        "ð": "d",
        "þ": "th",
        "ł": "l",
        "ı": "i",
        "ç": "s",
        "č": "ch",
        "ć": "ch",
        "š": "sh",
        "ş": "sh",
        "ș": "sh",
        "ž": "zh",
        "ț": "ts",
        "ţ": "ts",
        "ğ": "gh",
        "ñ": "n",
        "ʿ": "",
        "ʾ": "",
        "'": "",
        "’": "",
        "‘": "",
        "`": "",
        "´": "",
        "ʻ": "",
        "ʼ": "",
    }
)

_SEPARATORS: Final = re.compile(r"[\s\-‐‑‒–—_.,;:/\\()\[\]{}\"«»<>|+&*#!?=~^]+")
_ARABIC_LETTER: Final = re.compile("[\u0620-\u064a\u066e-\u06d3\u06fa-\u06ff\u0750-\u077f]")
#: Anything but an Arabic-script letter (of the ranges above) or a hamza (U+0621).
_NOT_ARABIC_LETTER: Final = re.compile(
    "[^\u0620-\u064a\u066e-\u06d3\u06fa-\u06ff\u0750-\u077f\u0621]"
)
_NOT_LATIN_LETTER: Final = re.compile("[^a-z]")


def is_arabic(word: str) -> bool:
    """True when the word contains at least one Arabic-script letter."""
    return _ARABIC_LETTER.search(word) is not None


@lru_cache(maxsize=65536)
def normalize_arabic(word: str) -> str:
    """Fold Arabic orthographic variants and strip diacritics and tatweel."""
    word = unicodedata.normalize("NFKC", word)
    word = _ARABIC_MARKS.sub("", word)
    word = word.translate(_ARABIC_FOLD)
    return _NOT_ARABIC_LETTER.sub("", word)  # one pass over the word, not a match per letter


@lru_cache(maxsize=65536)
def normalize_latin(word: str) -> str:
    """Case-fold, remove accents and apostrophes; keep ASCII letters only."""
    word = unicodedata.normalize("NFKC", word).casefold().translate(_LATIN_SPECIAL)
    # NFKD splits accents off their letters; keeping a-z alone then drops them (a
    # combining mark is never a-z) with apostrophes, digits and anything else
    return _NOT_LATIN_LETTER.sub("", unicodedata.normalize("NFKD", word))


def split_words(name: str) -> list[str]:
    """Split a full name into words on spaces, hyphens, dots and punctuation.

    Returns the normalised words; Arabic words stay in Arabic script. Digits and
    symbols are dropped.
    """
    text = unicodedata.normalize("NFKC", name)
    out: list[str] = []
    for raw in _SEPARATORS.split(text):
        if not raw:
            continue
        if is_arabic(raw):
            word = normalize_arabic(raw)
        else:
            word = normalize_latin(raw)
        if word:
            out.append(word)
    return out
