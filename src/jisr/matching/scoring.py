"""Prepared records and the comparison of two names.

:func:`prepare` parses a record once (names, date of birth, nationality);
:func:`compare_names` aligns the parts of two names and scores the alignment.
The features that turn these into a score are in :mod:`jisr.matching.features`.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Callable, Iterable
from typing import Any, Final

from rapidfuzz.distance import Levenshtein

from .given_names import different_given_names, same_given_name
from .model import Person
from .names import ParsedName, Token, join_tokens, name_variants, parse_name, titles_of
from .phonetic import latin_to_symbols, symbol_similarity, symbol_similarity_above

__all__ = [
    "DEFAULT_CONFIG",
    "Config",
    "NameComparison",
    "PreparedPerson",
    "Rarity",
    "compare_names",
    "prepare",
    "token_similarity",
]


class Config:
    """Tunable weights of the scoring, declared as data.

    ``Config(pair_floor=0.7)`` changes the weights it names and keeps the others.
    (The engine's classes are plain classes, not dataclasses: importing
    ``dataclasses`` and ``inspect`` was 3 % of a small ``jisr screen``.)
    """

    def __init__(
        self,
        *,
        pair_floor: float = 0.62,
        sharpness: float = 1.5,
        unmatched_query: float = 0.45,
        unmatched_candidate: float = 0.3,
        unmatched_middle: float = 0.1,
        unmatched_leading: float = 0.6,
        conflict: float = 0.5,
        strong_part: float = 0.75,
        single_part_factor: float = 0.75,
        birth_date: dict[str, float] | None = None,
        nationality: dict[str, float] | None = None,
        same_person_dates: frozenset[str] = frozenset({"exact", "consistent", "same_year"}),
        relatives: dict[str, float] | None = None,
        weak_evidence: float = 1.5,
        weak_identifier: float = -0.25,
        weak_with_nationality: float = -0.1,
    ) -> None:
        #: Token pairs below this similarity are not aligned.
        self.pair_floor = pair_floor
        #: Exponent applied to pair similarities (punishes weak alignments).
        self.sharpness = sharpness
        #: Weight of query name parts left unmatched, relative to matched ones.
        self.unmatched_query = unmatched_query
        #: Weight of register name parts left unmatched (extra parts at either end).
        self.unmatched_candidate = unmatched_candidate
        #: Weight of unmatched parts that sit between agreeing first and last parts, in
        #: either name: a father's or grandfather's name given in one record only
        #: (*Nabil Zerhouni* / *Nabil Ahmed Mustapha Zerhouni*).
        self.unmatched_middle = unmatched_middle
        #: Weight of unmatched parts in front of one name when the other name's first
        #: part is aligned: a different given name (*Karim Nabil Zerhouni* is Nabil's son).
        self.unmatched_leading = unmatched_leading
        #: Extra weight when both names keep unmatched parts (a different part, not an
        #: omission).
        self.conflict = conflict
        #: A name part matched at least this well counts as agreeing.
        self.strong_part = strong_part
        #: Score multiplier when fewer than two parts agree although both names have several.
        self.single_part_factor = single_part_factor
        #: Date-of-birth verdict -> score adjustment.
        self.birth_date: dict[str, float] = (
            {
                "exact": 0.06,
                "consistent": 0.04,
                "same_year": 0.03,
                "swapped_day_month": 0.02,
                "near_year_1": 0.01,
                "near_year_2": 0.0,
                "day_differs": -0.06,
                "month_differs": -0.08,
                "contradicts": -0.25,
                "unknown": 0.0,
            }
            if birth_date is None
            else birth_date
        )
        #: Nationality verdict -> score adjustment.
        self.nationality: dict[str, float] = (
            {"consistent": 0.02, "differs": -0.04, "unknown": 0.0}
            if nationality is None
            else nationality
        )
        #: Date-of-birth verdicts that make two records one person despite a name that
        #: alone would not (relatives, weak identifiers).
        self.same_person_dates = same_person_dates
        #: Relation found by the name comparison -> adjustment when the dates do not
        #: agree: an extra given name in front (a son or father), a different one (a brother).
        self.relatives: dict[str, float] = (
            {"extra_given_name": -0.2, "different_given_name": -0.25}
            if relatives is None
            else relatives
        )
        #: Evidence (agreeing parts, common ones counting half) under which a name match
        #: is a weak identifier, and what it then costs without / with a consistent
        #: nationality.
        self.weak_evidence = weak_evidence
        self.weak_identifier = weak_identifier
        self.weak_with_nationality = weak_with_nationality


DEFAULT_CONFIG: Final = Config()


# --- prepared records --------------------------------------------------------


class PreparedPerson:
    """A person with names, date and nationality parsed once, for repeated comparisons."""

    __slots__ = ("birth", "labels", "names", "nationality", "person")

    def __init__(
        self,
        person: Person,
        names: tuple[ParsedName, ...],
        birth: tuple[int, int | None, int | None] | None,
        nationality: frozenset[str],
        labels: tuple[str, ...] = (),
    ) -> None:
        self.person = person
        self.names = names
        self.birth = birth
        self.nationality = nationality
        #: The written form of each parsed name (a bilingual field gives two).
        self.labels = labels


def parse_date(value: str | None) -> tuple[int, int | None, int | None] | None:
    """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; raise ValueError if impossible."""
    if value is None or value == "":
        return None
    parts = value.strip().split("-")
    if len(parts) > 3 or not all(p.isdigit() for p in parts) or len(parts[0]) != 4:
        raise ValueError(f"birth date {value!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    year = int(parts[0])
    if not 1800 <= year <= 2200:
        raise ValueError(f"birth year {year} is impossible")
    month = int(parts[1]) if len(parts) > 1 else None
    day = int(parts[2]) if len(parts) > 2 else None
    if month is not None and not 1 <= month <= 12:
        raise ValueError(f"birth month {month} is impossible in {value!r}")
    if day is not None and month is not None:
        try:
            dt.date(year, month, day)
        except ValueError:
            raise ValueError(f"birth date {value!r} does not exist") from None
    return (year, month, day)


_NATIONALITY_ALIASES: Final[dict[str, str]] = {}
for _code, _aliases in {
    "MA": "ma mar morocco maroc marocain marocaine moroccan المغرب مغربي",
    "FR": "fr fra france francais francaise french فرنسا فرنسي",
    "DZ": "dz dza algeria algerie algerien algerienne algerian الجزائر جزائري",
    "TN": "tn tun tunisia tunisie tunisien tunisienne tunisian تونس تونسي",
    "ES": "es esp spain espagne espagnol espagnole spanish",
    "BE": "be bel belgium belgique belge belgian",
    "NL": "nl nld netherlands pays-bas neerlandais dutch",
    "DE": "de deu germany allemagne allemand allemande german",
    "IT": "it ita italy italie italien italienne italian",
    "EG": "eg egy egypt egypte egyptien egyptienne egyptian مصر مصري",
    "LY": "ly lby libya libye libyen libyenne libyan ليبيا ليبي",
    "MR": "mr mrt mauritania mauritanie mauritanien mauritanienne mauritanian",
    "SY": "sy syr syria syrie syrien syrienne syrian سوريا سوري",
    "IQ": "iq irq iraq irak irakien irakienne iraqi العراق عراقي",
    "GB": "gb gbr uk united-kingdom royaume-uni britannique british",
    "SN": "sn sen senegal senegalais senegalaise senegalese",
    "ML": "ml mli mali malien malienne malian",
}.items():
    for _alias in _aliases.split():
        _NATIONALITY_ALIASES[_alias] = _code


def normalize_nationality(value: str) -> str:
    import unicodedata

    v = unicodedata.normalize("NFKD", value.strip().casefold())
    v = "".join(ch for ch in v if not unicodedata.combining(ch)).replace(" ", "-")
    return _NATIONALITY_ALIASES.get(v, v.upper())


def prepare(person: Person) -> PreparedPerson:
    """Parse names, date and nationality once, for repeated comparisons."""
    parsed = [(v, parse_name(v)) for n in person.names for v in name_variants(n)]
    parsed = [(v, p) for v, p in parsed if p]
    try:
        birth = parse_date(person.birth_date)
    except ValueError:
        birth = None
    nats = frozenset(normalize_nationality(n) for n in person.nationality if n.strip())
    return PreparedPerson(
        person, tuple(p for _, p in parsed), birth, nats, tuple(v for v, _ in parsed)
    )


# --- name feature ------------------------------------------------------------

#: Token pairs whose coarse consonant skeletons are less similar than this are not
#: compared in detail (the weighted edit distance could not reach the pair floor).
_PRUNE: Final = 0.6

_TokenPairCache = dict[tuple[int, int], tuple[float, str]]
_TOKEN_CACHE: Final[_TokenPairCache] = {}
#: Entries kept in each token-pair cache before it is emptied. A query's comparisons
#: touch a few thousand pairs; on a large register pairs seldom come back from one query
#: to the next, and a full cache of 1,000,000 pairs held some 100-200 MB per worker.
_PAIR_CACHE_SIZE: Final = 200_000


def _initial_similarity(initial: Token, other: Token) -> tuple[float, str]:
    if other.kind == "initial":
        return (1.0, "initial") if initial.main == other.main else (0.0, "different initials")
    letter = initial.text[0]
    if other.script == "lat":
        if other.text.startswith(letter) or (other.main[:1] and other.main[0] == initial.main):
            return 0.9, "initial"
        return 0.0, "different initial"
    first = other.main.lstrip("aeiu'")[:1]
    if first and symbol_similarity(first, initial.main.lstrip("aeiu")[:1] or "a", True) >= 0.7:
        return 0.85, "initial"
    return 0.0, "different initial"


_LATIN_LAST_SYLLABLE: Final = re.compile(r"([aeiouy]+)([^aeiouy]{1,2})$")
_LATIN_VOWEL_GROUP: Final = re.compile(r"[aeiouy]+")
_ARABIC_CONSONANT_END: Final = frozenset("bftdszxjgqkclmnrTD")
#: Similarity at most of two words whose written long vowels disagree (see below),
#: or that the given-name table reads as two names: the latter are explained as
#: another name and scored as two different parts (:func:`compare_names`).
_LONG_VOWEL_CLASH: Final = 0.65
_ANOTHER_NAME: Final = "another name"


def _long_vowel_clash(ar: Token, lat: Token) -> bool:
    """Whether an Arabic and a Latin word disagree on a long vowel both scripts write.

    Arabic writes long vowels; Latin spellings write a final-syllable *ou*/*u* for a
    written و and a final *-i* for a written ي. *Mahmoud* (محمود) is not محمد, and
    *Mohamed* not محمود; *Hamadi* (حمادي) is not أحمد. Short vowels stay free.
    """
    if ar.kind not in ("word", "article") or lat.kind not in ("word", "article"):
        return False
    sym = ar.main
    text = lat.text.rsplit(" ", 1)[-1]
    if len(sym) < 3 or len(text) < 4:
        return False
    last = _LATIN_LAST_SYLLABLE.search(text)
    if sym[-1] in _ARABIC_CONSONANT_END:
        if (
            sym[-2] == "u"
            and last is not None
            and not any(set(g) & {"o", "u"} for g in _LATIN_VOWEL_GROUP.findall(text)[-2:])
            and "w" not in text  # و read as w: Anwar, Awad, Powell
        ):
            return True  # محمود / Mohamed (but هيرفونن / Hirvonen)
        if text[-1] in "iy" and sym[-2] != "i":
            return True  # أحمد / Hamadi
        if (
            last is not None
            and last.group(1) in ("ou", "oo", "uu")
            and "u" not in sym
            and "w" not in sym
        ):
            return True  # محمد / Mahmoud
    return False


#: The last vowel group of a Latin word that writes a long vowel, and the letters
#: the other spelling's last vowel group must then hold: *Mahmoud* (ou) is not
#: *Mohamed* (e), *Saleem* (ee) is not *Salem*, *Jamaal* (aa) is not *Jamil*.
_LATIN_LONG_VOWELS: Final = (
    ("ou", "ou"),
    ("oo", "ou"),
    ("uu", "ou"),
    ("ii", "iy"),
    ("ee", "iy"),
    ("aa", "ae"),  # Jamaal / Jamel: French e writes a long a
)
_LATIN_VOWELS: Final = frozenset("aeiouy")


class _LatinShape:
    """The vowels of a Latin word's ending."""

    __slots__ = ("consonant", "final_i", "groups", "last", "written_consonant")

    def __init__(
        self, last: str, groups: int, consonant: bool, written_consonant: bool, final_i: bool
    ) -> None:
        #: The last vowel group, a French mute final *e* dropped (*Abderrahmane*).
        self.last = last
        #: How many vowel groups the word has (the mute *e* dropped).
        self.groups = groups
        #: Ends in a consonant once a mute *e* is dropped / ends in a written consonant.
        self.consonant = consonant
        self.written_consonant = written_consonant
        #: Ends in *-i* or *-y* after a consonant (a nisba: *Hamadi*, *Ahmadi*).
        self.final_i = final_i


def _latin_shape(text: str) -> _LatinShape:
    word = text.rsplit(" ", 1)[-1]
    written_consonant = word[-1:] not in _LATIN_VOWELS
    if len(word) > 4 and word[-1] == "e" and word[-2] not in _LATIN_VOWELS:
        word = word[:-1]
    groups = _LATIN_VOWEL_GROUP.findall(word)
    return _LatinShape(
        groups[-1] if groups else "",
        len(groups),
        word[-1:] not in _LATIN_VOWELS,
        written_consonant,
        word[-1:] in ("i", "y") and len(word) > 1 and word[-2] not in _LATIN_VOWELS,
    )


def _latin_long_vowel_clash(a: Token, b: Token) -> str:
    """How two Latin spellings write different vowel patterns of one consonant skeleton.

    Arabic names of one root differ by their long vowels (محمد / محمود, أحمد / حامد /
    حمادي). Another name, returned as the reason: ``long_vowel``, a long vowel written
    in one spelling's last syllable (*ou*, *oo*, *ii*, *ee*, *aa*) where the other
    writes another vowel; ``a_u``, a last syllable in *a* against one in *o*/*u*
    (*Muhammad* / *Mahmud*); ``final_i``, a final *-i* against a final consonant of
    another word (*Hamdi* / *Hamid*); ``vowel_h``, an initial vowel before *h* against
    an initial *h* and a vowel (*Ahmed* / *Hamid*). ``""`` when none holds. The
    Latin-and-Arabic case is :func:`_long_vowel_clash`.
    """
    if a.kind != "word" or b.kind != "word":
        return ""
    ta, tb = a.text, b.text
    if len(ta) < 4 or len(tb) < 4:
        return ""
    if latin_to_symbols(ta) != a.main or latin_to_symbols(tb) != b.main:
        return ""  # a shorthand read as a full name (Mohd = Muhammad)
    sha, shb = _latin_shape(ta), _latin_shape(tb)
    for x, y, tx, ty in ((sha, shb, ta, tb), (shb, sha, tb, ta)):
        if x.final_i and y.written_consonant and tx[:-1] != ty:
            # Hamadi / Ahmed, Ahmadi / Hamid; a family name with or without its nisba
            # (Zeroual / Zerouali) is left to the spelling distance, and so is a final
            # e that many spellings write for an -i (Salhe / Salhi)
            return "final_i"
    if sha.consonant and shb.consonant:
        for x, y in ((sha, shb), (shb, sha)):
            mine, theirs = x.last, y.last
            for marker, letters in _LATIN_LONG_VOWELS:
                if (
                    mine.endswith(marker)
                    and not theirs.endswith(marker)
                    and not set(theirs) & set(letters)
                ):
                    return "long_vowel"
            if (
                x.groups != y.groups
                and mine
                and theirs
                and set(mine) <= {"a"}
                and set(theirs) <= {"o", "u"}
            ):
                return "a_u"  # Muhammad / Mahmud, not Jonathan / Jonathon
    for sx, sy in ((a.main, b.main), (b.main, a.main)):
        if (
            len(sx) > 2
            and sx[0] in "aeiu"
            and sx[1] == "h"
            and sx[2] not in "aeiuh"
            and sy[:1] == "h"
            and sy[1:2] in ("a", "e", "i", "u")
        ):
            return "vowel_h"  # Ahmed / Hamid, Hamed
    return ""


#: Last letters that may hide or write a final vowel: never a plain consonant ending.
#: Arabic final ح ع ء ه are written *-ah*, *-a* in Latin (*Salah*, *Rabia*, *Taha*).
_ARABIC_OPEN_END: Final = frozenset("ةاىهعءويئؤح")
#: A Latin final t or h may write a ة (*Izzat*, *Hayat*, *Karimah*).
_LATIN_OPEN_END: Final = frozenset("aeiouyht")
_SLAVIC_FEMININE: Final = ("ova", "eva", "ska")


def _ending(tok: Token) -> str:
    """``"f"``: a feminine ending (ة; a Latin *-a* or *-ah* after a consonant); ``"m"``:
    a final consonant that cannot stand for one; ``""``: neither, or not a plain word."""
    if tok.kind != "word" and tok.kind != "article":
        return ""
    text = tok.text.rsplit(" ", 1)[-1]
    if len(text) < 3:
        return ""
    last = text[-1]
    if tok.script == "ar":
        if last == "ة":
            return "f"
        return "" if last in _ARABIC_OPEN_END else "m"
    if text.endswith("ah"):
        text, last = text[:-1], "a"
    if last == "a":
        if text.endswith(_SLAVIC_FEMININE):
            return ""  # Kozlova: Arabic spellings often drop the a (كوزلوف)
        return "f" if text[-2] not in _LATIN_VOWELS else ""
    return "" if last in _LATIN_OPEN_END else "m"


def _feminine_of(a: Token, b: Token) -> bool:
    """Whether one word has a feminine ending where the other ends in a plain consonant.

    In any scripts: *Karima* / *Karim*, *Karima* / كريم, كريمة / *Karim*, كريمة / كريم.
    Spellings of one name almost never differ so (the Wikidata pairs hold a handful
    among 80,000 words): a Latin final *a* renders ة, ا, ى or a vowel after ح, ع, ء.
    """
    ea = _ending(a)
    if not ea:
        return False
    eb = _ending(b)
    # West African spellings add a final a to names that have no feminine form
    # (Ibrahima, Idrissa, Yacouba): the table lists them with the name
    return bool(eb) and ea != eb and not same_given_name(a, b)


def _hopeless(a: Token, b: Token, floor: float) -> bool:
    """Whether two tokens cannot reach ``floor`` in :func:`token_similarity`, by length alone.

    Every pair of their consonant skeletons is too different in length to pass the
    pruning there, and (same script) the spellings too different in length for a
    typing error: the comparison would give less than ``floor``. Initials and
    one-consonant skeletons are never hopeless here.
    """
    if a.kind == "initial" or b.kind == "initial":
        return False
    for ca in a.coarse:
        la = len(ca)
        if la < 2:
            return False
        for cb in b.coarse:
            lb = len(cb)
            if lb < 2:
                return False
            low, high = (la, lb) if la <= lb else (lb, la)
            if low >= (_PRUNE if low > 2 else 0.5) * high:
                return False
    if a.script == b.script:
        ta = len(a.text) - a.text.count(" ")
        tb = len(b.text) - b.text.count(" ")
        if 0.95 * min(ta, tb) >= floor * max(ta, tb, 1):
            return False
    return True


#: For each letter seen so far, its counts as bits: ``masks[c]`` sets the letter's
#: first ``c`` bits, in its own byte (a letter's k-th occurrence is bit ``8 * index + k``).
_LETTER_MASKS: Final[dict[str, list[int]]] = {}
#: A token's letter counts: (no filter applies, coarse-skeleton bits, shortest skeleton,
#: spelling bits, spelling length), by token (hashed by identity).
_LETTERS: Final[dict[Token, tuple[bool, int, int, int, int]]] = {}


def _count_bits(text: str) -> int | None:
    """The letters of ``text`` with their counts as bits (None past 7 of one letter).

    ``(x & y).bit_count()`` of two such values is how many letters two words share,
    repeated letters counted as often as both hold them.
    """
    bits = 0
    for ch in set(text):  # one big-int OR per letter, not per occurrence
        count = text.count(ch)
        if count > 7:
            return None
        masks = _LETTER_MASKS.get(ch)
        if masks is None:
            base = 8 * len(_LETTER_MASKS)
            masks = _LETTER_MASKS[ch] = [((1 << c) - 1) << base for c in range(8)]
        bits |= masks[count]
    return bits


def _letters(tok: Token) -> tuple[bool, int, int, int, int]:
    hit = _LETTERS.get(tok)
    if hit is not None:
        return hit
    text = tok.text.replace(" ", "")
    coarse = 0
    for key in tok.coarse:
        bits = _count_bits(key)
        if bits is None:
            break
        coarse |= bits
    else:
        spelling = _count_bits(text)
        if spelling is not None and tok.kind != "initial":
            shortest = min(map(len, tok.coarse))
            if shortest >= 2:
                hit = (False, coarse, shortest, spelling, len(text))
    if hit is None:
        hit = (True, 0, 0, 0, 0)
    if len(_LETTERS) > 50_000:  # (a search touches a few hundred tokens)
        _LETTERS.clear()
    _LETTERS[tok] = hit
    return hit


def _too_few_shared(a: Token, b: Token, floor: float) -> bool:
    """Whether two tokens share too few letters to reach ``floor`` in :func:`token_similarity`.

    A Levenshtein similarity is at most the share of the longer word's letters the
    other word holds. For every pair of forms, the consonant skeletons then stay
    under the pruning bar there (0.6, or 0.5 for a two-consonant skeleton), and (same
    script) the spellings too far apart for a typing error. Initials and
    one-consonant skeletons are never filtered here.
    """
    return _shares_too_few(_letters(a), _letters(b), a.script == b.script, floor)


def _shares_too_few(
    a: tuple[bool, int, int, int, int],
    b: tuple[bool, int, int, int, int],
    same_script: bool,
    floor: float,
) -> bool:
    """:func:`_too_few_shared` from the tokens' :func:`_letters`."""
    fa, ca, la, sa, na = a
    fb, cb, lb, sb, nb = b
    if fa or fb:
        return False
    shared = (ca & cb).bit_count()
    longest = la if la > lb else lb
    if la > 2 and lb > 2:  # every skeleton has three consonants or more: the bar is 0.6
        if 5 * shared >= 3 * longest:
            return False
    elif 2 * shared >= longest:
        return False
    return not same_script or 0.95 * (sa & sb).bit_count() < floor * (na if na > nb else nb) - _EPS


def token_similarity(a: Token, b: Token) -> tuple[float, str]:
    """Similarity of two name tokens in [0, 1] and how they matched."""
    key = (a.uid, b.uid)
    hit = _TOKEN_CACHE.get(key)
    if hit is not None:
        return hit
    result = _token_similarity(a, b, 0.0)
    if len(_TOKEN_CACHE) > _PAIR_CACHE_SIZE:
        _TOKEN_CACHE.clear()
    _TOKEN_CACHE[key] = result
    return result


#: Token pairs known to be less similar than a floor: uid << 64 | uid -> that floor.
_BELOW_CACHE: Final[dict[int, float]] = {}


def _pair_similarity(a: Token, b: Token, floor: float) -> tuple[float, str] | None:
    """:func:`token_similarity` when it reaches ``floor``, else None (the same decisions).

    Name comparisons only keep pairs at or above the floor: form pairs whose
    factors cannot beat the best so far are not compared, and the edit distance
    of the others stops as soon as the floor (or the best so far) is out of reach.
    """
    below = (a.uid << 64) | b.uid  # an int key: nothing for the cycle collector to walk
    known = _BELOW_CACHE.get(below)
    if known is not None and floor >= known:
        return None
    key = (a.uid, b.uid)
    hit = _TOKEN_CACHE.get(key)
    if hit is not None:
        return hit if hit[0] >= floor else None
    result = _token_similarity(a, b, floor)
    if result[0] >= floor:
        if len(_TOKEN_CACHE) > _PAIR_CACHE_SIZE:
            _TOKEN_CACHE.clear()
        _TOKEN_CACHE[key] = result
        return result
    if len(_BELOW_CACHE) > _PAIR_CACHE_SIZE:
        _BELOW_CACHE.clear()
    _BELOW_CACHE[below] = floor
    return None


#: Margin under a bar when asking for similarities above it (float rounding).
_EPS: Final = 1e-9


def _token_similarity(a: Token, b: Token, need: float) -> tuple[float, str]:
    """Compute :func:`token_similarity`; exact whenever the result reaches ``need``.

    A result under ``need`` (0.0: always exact) may be any value under ``need``.
    """
    if (a.kind == "kunya") != (b.kind == "kunya") and not (
        a.kind == "joined" or b.kind == "joined"
    ):
        # a kunya (Abou Walid) is compared with a kunya, never with a given name;
        # a run-together one (Abouwalid) is still a kunya
        other = b if a.kind == "kunya" else a
        if not other.main.startswith(("ab", "b", "'b")):
            return 0.0, "kunya and name"
    if a.kind == "initial":
        return _initial_similarity(a, b)
    if b.kind == "initial":
        return _initial_similarity(b, a)
    if a.text == b.text:
        return 1.0, "exact"
    cross = a.script != b.script
    best = 0.0
    primary = True
    swap = cross and a.script != "ar"  # the Arabic-script word goes first
    b_coarse = b.coarse
    for i, (sa, fa) in enumerate(a.forms):
        ca = a.coarse[i]
        la = len(ca)
        for j, (sb, fb) in enumerate(b.forms):
            factor = fa * fb  # (the score below multiplies in the same order as before)
            if factor <= best:
                continue  # this form pair cannot beat the best one so far
            cb = b_coarse[j]
            lb = len(cb)
            if (
                la >= 2
                and lb >= 2
                # two-consonant skeletons one class apart (Reza/رضا) get the detailed costs
                and Levenshtein.normalized_similarity(ca, cb)
                < (_PRUNE if la > 2 and lb > 2 else 0.5)
            ):
                continue  # consonant skeletons too far apart: skip the slow DP
            bar = (need if need > best else best) / factor - _EPS
            if swap:
                s = symbol_similarity_above(sb, sa, True, True, bar) * fa * fb
            else:
                s = symbol_similarity_above(sa, sb, cross, cross, bar) * fa * fb
            if s > best:
                best = s
                # a plain word's other forms are spellings, not a dropped particle
                primary = (i == 0 or a.kind == "word") and (j == 0 or b.kind == "word")
    if best > _LONG_VOWEL_CLASH and different_given_names(a, b):
        # in any scripts (محمد / محمود differ by one letter in Arabic, and so do
        # spellings of one name, داود / داوود); scored as two different parts
        return _LONG_VOWEL_CLASH, _ANOTHER_NAME
    if cross and best > _LONG_VOWEL_CLASH:
        ar_tok, lat_tok = (a, b) if a.script == "ar" else (b, a)
        if _long_vowel_clash(ar_tok, lat_tok):
            best, primary = _LONG_VOWEL_CLASH, True
    how = ""
    if not cross:
        typo = 0.95 * Levenshtein.normalized_similarity(
            a.text.replace(" ", ""), b.text.replace(" ", "")
        )
        if typo > best:
            best, how = typo, "typing error"
    if (
        not cross
        and a.script == "lat"
        and best > _LONG_VOWEL_CLASH
        and _latin_long_vowel_clash(a, b)
    ):
        # the vowels suggest another name, less surely than the table: still "similar"
        best, how = _LONG_VOWEL_CLASH, ""
        primary = True
    if best > _LONG_VOWEL_CLASH and _feminine_of(a, b):
        # Karima is Karim's sister, not a spelling of his name (كريمة / Karim, Karima / كريم)
        best, how = _LONG_VOWEL_CLASH, ""
        primary = True
    if not how:
        if best >= 0.999:
            how = "transliteration" if cross else "same pronunciation"
        elif not primary:
            how = "particle or article (al, ben…) ignored"
        elif best >= 0.85:
            how = "transliteration variant" if cross else "spelling variant"
        else:
            how = "similar"
    return best, how


class NameComparison:
    """How two parsed names align: the score, the aligned pairs, the parts left over."""

    __slots__ = (
        "evidence",
        "pairs",
        "relation",
        "score",
        "unmatched_candidate",
        "unmatched_query",
        "weights",
    )

    def __init__(
        self,
        score: float,
        pairs: list[tuple[tuple[Token, ...], tuple[Token, ...], float, str]],
        unmatched_query: list[Token],
        unmatched_candidate: list[Token],
        weights: list[float] | None = None,
        relation: str = "",
        evidence: float = 0.0,
    ) -> None:
        self.score = score
        self.pairs = pairs
        self.unmatched_query = unmatched_query
        self.unmatched_candidate = unmatched_candidate
        #: How much each aligned pair counted (its parts' length and rarity).
        self.weights: list[float] = [] if weights is None else weights
        #: ``extra_given_name`` or ``different_given_name`` when the names look like
        #: two relatives' (see :func:`jisr.matching.features.relatives_feature`).
        self.relation = relation
        #: How much the agreeing parts identify a person (see the weak-identifier feature).
        self.evidence = evidence

    def _values(self) -> tuple[object, ...]:
        return (
            self.score,
            self.pairs,
            self.unmatched_query,
            self.unmatched_candidate,
            self.weights,
            self.relation,
            self.evidence,
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, NameComparison):
            return NotImplemented
        return self._values() == other._values()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"NameComparison{self._values()!r}"

    def to_dict(self, query_name: str, candidate_name: str) -> dict[str, Any]:
        out: dict[str, Any] = {
            "query_name": query_name,
            "candidate_name": candidate_name,
            "score": round(self.score, 4),
            "parts": [
                {
                    "query": " ".join(t.text for t in q),
                    "candidate": " ".join(t.text for t in c),
                    "similarity": round(s, 3),
                    "how": how,
                    "weight": round(w, 2),
                }
                for (q, c, s, how), w in zip(self.pairs, self.weights, strict=True)
            ],
            "unmatched_query": [t.text for t in self.unmatched_query],
            "unmatched_candidate": [t.text for t in self.unmatched_candidate],
        }
        titles = {
            "query_titles": titles_of(query_name),
            "candidate_titles": titles_of(candidate_name),
        }
        out.update({k: list(v) for k, v in titles.items() if v})
        return out


def _well_matched(
    pool: list[tuple[float, tuple[int, ...], tuple[int, ...], str]],
) -> tuple[set[int], set[int]]:
    """Positions of the query's and the candidate's parts that already have a good partner.

    Run-together/split parts are only tried for parts without one: a joined pair
    of a name is compared only with the other name's parts that lack a good
    partner, and only when one of the two joined parts lacks one too.
    """
    good_q = {e[1][0] for e in pool if e[0] >= 0.85}
    good_c = {e[2][0] for e in pool if e[0] >= 0.85}
    return good_q, good_c


class _Leftovers:
    """Where the unmatched parts of each name sit, relative to the aligned ones."""

    __slots__ = (
        "different_front",
        "front_clash",
        "leading_c",
        "leading_q",
        "middle_c",
        "middle_q",
    )

    def __init__(
        self,
        middle_q: range = range(0),
        middle_c: range = range(0),
        leading_q: range = range(0),
        leading_c: range = range(0),
        different_front: tuple[range, range] | None = None,
        front_clash: bool = False,
    ) -> None:
        self.middle_q = middle_q
        self.middle_c = middle_c
        self.leading_q = leading_q
        self.leading_c = leading_c
        #: Both names keep unmatched parts in front of two or more agreeing parts, in
        #: order: different given names before the same father's and family names.
        self.different_front = different_front
        #: The first parts are aligned to each other but barely agree (*Mohamed* /
        #: *Mahmoud*): two given names, neither of them left out.
        self.front_clash = front_clash


def _swapped_front(
    ordered: list[tuple[tuple[int, ...], tuple[int, ...], float]],
    size_q: int,
    size_c: int,
    strong: float,
) -> bool:
    """The first two parts agree crosswise and the last parts agree: given name and
    father's name exchanged before the same family name, two generations of a family.
    """
    if size_q < 3 or size_c < 3 or len(ordered) < 3:
        return False
    if any(len(qi) != 1 or len(cj) != 1 or s < strong for qi, cj, s in ordered):
        return False
    moved = [cj[0] for _, cj, _ in ordered]
    if ordered[0][0][0] != 0 or ordered[1][0][0] != 1 or moved[:2] != [1, 0]:
        return False
    if ordered[-1][0][0] != size_q - 1 or moved[-1] != size_c - 1:
        return False
    return all(x < y for x, y in itertools.pairwise(moved[1:]))


def _leftovers(
    aligned: list[tuple[tuple[int, ...], tuple[int, ...], float]],
    strong: float,
    size_q: int = 0,
    size_c: int = 0,
) -> _Leftovers:
    """Classify unmatched positions when the alignment keeps the order of both names.

    Between two strongly agreeing parts, a leftover is a middle name one record
    omits. Before the first aligned part of one name, while the other name's
    first part is aligned, a leftover is a different given name: the other
    record's given name matched this one's father's name.
    """
    if len(aligned) < 2:
        return _Leftovers()
    ordered = sorted(aligned, key=lambda a: a[0][0])
    cs = [a[1][0] for a in ordered]
    if any(x >= y for x, y in itertools.pairwise(cs)):
        if _swapped_front(ordered, size_q, size_c, strong):
            # Karim Nabil Zerhouni / Nabil Karim Zerhouni: a father and his son
            return _Leftovers(different_front=(range(1), range(1)), front_clash=True)
        return _Leftovers()
    first, last = ordered[0], ordered[-1]
    q0, c0 = first[0][0], first[1][0]
    leading_q = range(q0) if c0 == 0 else range(0)
    leading_c = range(c0) if q0 == 0 else range(0)
    if q0 == 0 and c0 == 0 and first[2] < strong and len(ordered) >= 3:
        # the given names barely agree (Mohamed / Ahmed) before agreeing father's
        # and family names: two brothers rather than one person
        if all(a[2] >= strong for a in ordered[1:]):
            return _Leftovers(different_front=(range(1), range(1)), front_clash=True)
    if first[2] < strong or last[2] < strong:
        return _Leftovers(leading_q=leading_q, leading_c=leading_c)
    different = (range(q0), range(c0)) if q0 > 0 and c0 > 0 else None
    return _Leftovers(
        range(first[0][-1] + 1, last[0][0]),
        range(first[1][-1] + 1, last[1][0]),
        leading_q,
        leading_c,
        different,
    )


#: First parts that records routinely leave out: the first half of a compound given
#: name (*Mohamed Amine*, *Fatima Zahra*) and honorifics (*Moulay*, *Sidi*, *Lalla*,
#: *Hadj*). Left out in front of an agreeing given name, they cost as little as an
#: omitted middle name.
_OFTEN_DROPPED: Final = {
    tok.keys[0]: tok for name in ("Mohamed", "Fatima") for tok in parse_name(name) if tok.keys
}
#: Honorifics compared by spelling, not by consonant skeleton (*Lalla* has the
#: skeleton of *Ali*, *Sidi* that of *Said*).
_OFTEN_DROPPED_WORDS: Final = frozenset(
    {"moulay", "moulaye", "mulay", "mawlay", "sidi", "lalla", "lala", "hadj", "haj", "hajj"}
    | {"sayed", "syed", "seyed"}  # Sayed / Syed: a title in some lists, a name in others
    | {"مولاي", "سيدي", "لالة", "للا", "الحاج", "حاج", "سيد"}
)


def _often_dropped(tok: Token) -> bool:
    if tok.text in _OFTEN_DROPPED_WORDS:
        return True
    # by consonant skeleton (any spelling of Mohamed), but Mahmoud is another name
    ref = _OFTEN_DROPPED.get(tok.keys[0]) if tok.keys else None
    return ref is not None and not different_given_names(tok, ref)


def _reference_tokens(names: str) -> dict[str, list[Token]]:
    out: dict[str, list[Token]] = {}
    for name in names.split(","):
        for tok in parse_name(name):
            if tok.keys:
                out.setdefault(tok.keys[0], []).append(tok)
    return out


#: Given names so common in Arab naming that agreeing on one identifies little,
#: whatever the register (a small register cannot show how common they are).
_COMMON_GIVEN: Final = _reference_tokens(
    "Mohamed,Ahmed,Ali,Mahmoud,Mustapha,Hassan,Hussein,Omar,Abdallah,Youssef,Ibrahim,"
    "Khalid,Said,Rachid,Abdelkader,Abderrahmane,Abdelaziz,Abdelkarim,Abdelhamid,Hamid,"
    "Ismail,Moussa,Othman,Yahya,Fatima,Aicha,Khadija,Zahra,Amina,Maryam,Salah"
)
#: Place epithets (nisba of a country or region): a laqab shared by many.
_PLACE_EPITHETS: Final = _reference_tokens(
    "al-Maghribi,al-Tunisi,al-Tounsi,al-Jazairi,al-Masri,al-Libi,al-Suri,al-Iraqi,"
    "al-Afghani,al-Shami,al-Yamani,al-Sudani,al-Filastini,al-Urduni,al-Lubnani,"
    "al-Muritani,al-Sumali,al-Baghdadi,al-Hijazi,al-Andalusi,al-Faransi,al-Belgiki"
)
_COMMON_CACHE: Final[dict[int, bool]] = {}


def _identifies_little(tok: Token) -> bool:
    """A kunya, a very common given name or a place epithet (by spelling, any script)."""
    hit = _COMMON_CACHE.get(tok.uid)
    if hit is not None:
        return hit
    value = tok.kind == "kunya"
    if not value and tok.keys:
        refs = [*_COMMON_GIVEN.get(tok.keys[0], ()), *_PLACE_EPITHETS.get(tok.keys[0], ())]
        value = any(token_similarity(tok, ref)[0] >= 0.96 for ref in refs)
    if len(_COMMON_CACHE) > 500_000:
        _COMMON_CACHE.clear()
    _COMMON_CACHE[tok.uid] = value
    return value


#: A lone *Abd*/*Abdul* left behind when a name is reordered (*Majid Chaudhry Abdul*).
_LONE_ABD: Final = frozenset({"abd", "'bd"})


#: How much a name part weighs given how common it is in the register (1.0 = rare).
Rarity = Callable[[Token], float]


def _plain(token: Token) -> float:
    return 1.0


_Joined = list[tuple[Token, Token, tuple[int, ...], tuple[int, ...]]]


def _joined_pairs(
    q: ParsedName, c: ParsedName, good_q: set[int], good_c: set[int], floor: float, side: int
) -> _Joined:
    """The run-together/split pairs worth comparing (see :func:`_well_matched`) that
    can reach ``floor``: two adjacent parts of the query joined (``side`` 0) or of the
    candidate (``side`` 1), each with a part of the other name."""
    out: _Joined = []
    if side == 0:
        open_c = [j for j in range(len(c)) if j not in good_c]
        for i in range(len(q) - 1):
            if i in good_q and i + 1 in good_q:
                continue
            joined = join_tokens(q[i], q[i + 1])
            out.extend(
                (joined, c[j], (i, i + 1), (j,))
                for j in open_c
                if not _too_few_shared(joined, c[j], floor) and not _hopeless(joined, c[j], floor)
            )
    else:
        open_q = [i for i in range(len(q)) if i not in good_q]
        for j in range(len(c) - 1):
            if j in good_c and j + 1 in good_c:
                continue
            joined = join_tokens(c[j], c[j + 1])
            out.extend(
                (q[i], joined, (i,), (j, j + 1))
                for i in open_q
                if not _too_few_shared(q[i], joined, floor) and not _hopeless(q[i], joined, floor)
            )
    return out


def _crossed_joins(joined: _Joined) -> bool:
    """Whether a join of the query's parts and a join of the candidate's parts can
    both stand in one alignment (each pairs with a part outside the other join)."""
    for _, _, qi, cj in joined:
        if len(qi) != 2:
            continue
        for _, _, qi2, cj2 in joined:
            if len(cj2) == 2 and cj[0] not in cj2 and qi2[0] not in qi:
                return True
    return False


def _unmatched_cost(tok: Token, pos: int, size: int, other: float, config: Config) -> float:
    """The least an unmatched part can cost in :func:`compare_names` (see ``cost`` there)."""
    least = other
    if 0 < pos < size - 1 or (tok.kind == "word" and tok.main in _LONE_ABD):
        least = min(least, config.unmatched_middle)  # maybe a middle name
    if pos < size - 1:  # maybe in front of the first aligned part
        leading = config.unmatched_middle if _often_dropped(tok) else config.unmatched_leading
        least = min(least, leading)
    return least


def _bound_side(
    name: ParsedName, weights: list[float], best: list[float], other: float, config: Config
) -> tuple[float, float, float]:
    """One name's share of :func:`_score_bound`: the weight of the parts that can be
    aligned, of those that cannot, and the least those cost unmatched."""
    aligned = lost = cost = 0.0
    for i, x in enumerate(best):
        if x:
            aligned += weights[i]
        else:
            lost += weights[i]
            cost += weights[i] * _unmatched_cost(name[i], i, len(name), other, config)
    return aligned, lost, cost


def _score_bound(
    q: ParsedName,
    c: ParsedName,
    wq: list[float],
    wc: list[float],
    best_q: list[float],
    best_c: list[float],
    config: Config,
) -> float:
    """An upper bound of the score :func:`compare_names` gives, from each part's best pair.

    ``best_q[i]`` is at least the similarity of any pair query part ``i`` can be
    aligned in (0.0: it stays unmatched), likewise ``best_c``. Every aligned part
    counts as matched at similarity 1; every part that cannot be aligned costs at
    least what its position allows.
    """
    aligned_q, lost_q, cost_q = _bound_side(q, wq, best_q, config.unmatched_query, config)
    aligned_c, lost_c, cost_c = _bound_side(c, wc, best_c, config.unmatched_candidate, config)
    half = (aligned_q + aligned_c) / 2
    if not half:
        return 0.0
    den = cost_q + cost_c
    bound = half / (half + den + max(config.conflict, 0.0) * min(lost_q, lost_c))
    strong = config.strong_part - 1e-6
    if (
        len(q) >= 2
        and len(c) >= 2
        and (sum(1 for x in best_q if x >= strong) < 2 or sum(1 for x in best_c if x >= strong) < 2)
    ):
        bound *= config.single_part_factor
    return bound


def compare_names(
    q: ParsedName,
    c: ParsedName,
    config: Config = DEFAULT_CONFIG,
    rarity: Rarity | None = None,
    *,
    floor: float = 0.0,
) -> NameComparison:
    """Align the tokens of two parsed names and score the alignment.

    ``rarity`` scales each part's weight by how common it is in the register
    (see :meth:`jisr.matching.Index.rarity`): agreeing on *Mohamed* proves less
    than agreeing on *Zerhouni*, and a rare part left unmatched counts more.
    A comparison that cannot reach ``floor`` stops early: it comes back with a
    score under ``floor`` (an upper bound) and no aligned parts.
    """
    if not q or not c:
        return NameComparison(0.0, [], list(q), list(c))
    rare = rarity or _plain
    wq = [t.weight * rare(t) for t in q]
    wc = [t.weight * rare(t) for t in c]
    pool: list[tuple[float, tuple[int, ...], tuple[int, ...], str]] = []
    pair_floor = config.pair_floor
    best_q = [0.0] * len(q)
    best_c = [0.0] * len(c)
    letters_c = [_letters(b) for b in c]
    for i, a in enumerate(q):
        letters_a = _letters(a)
        for j, b in enumerate(c):
            if _shares_too_few(letters_a, letters_c[j], a.script == b.script, pair_floor):
                continue
            hit = _pair_similarity(a, b, pair_floor)
            if hit is not None:
                pool.append((hit[0], (i,), (j,), hit[1]))
                if hit[0] > best_q[i]:
                    best_q[i] = hit[0]
                if hit[0] > best_c[j]:
                    best_c[j] = hit[0]
    joined: _Joined = []
    if len(q) != len(c) or (len(q) >= 3 and 0.0 in best_q and 0.0 in best_c):
        # as many parts on each side: a join can help only with a split on the other
        # side too, each leaving a part with no partner alone (Gholam Hossein
        # Karimzadeh / غلامحسين كريم زاده)
        good_q, good_c = _well_matched(pool)
        if len(good_q) < len(q) or len(good_c) < len(c):
            joined = _joined_pairs(q, c, good_q, good_c, pair_floor, 0)
            if len(q) != len(c) or joined:
                joined += _joined_pairs(q, c, good_q, good_c, pair_floor, 1)
            if len(q) == len(c) and not _crossed_joins(joined):
                joined = []
    if floor > 0.0:
        if joined:
            # before comparing them, a run-together/split pair may align its parts
            reach_q = best_q[:]
            reach_c = best_c[:]
            for _, _, qi, cj in joined:
                for i in qi:
                    reach_q[i] = 1.0
                for j in cj:
                    reach_c[j] = 1.0
            bound = _score_bound(q, c, wq, wc, reach_q, reach_c, config)
        else:
            bound = _score_bound(q, c, wq, wc, best_q, best_c, config)
        if bound < floor - _EPS:
            return NameComparison(bound, [], list(q), list(c))
    for a, b, qi, cj in joined:
        hit = _pair_similarity(a, b, pair_floor)
        if hit is not None:
            s = hit[0] + 1e-6
            pool.append((s, qi, cj, "written as one word / split"))
            for i in qi:
                if s > best_q[i]:
                    best_q[i] = s
            for j in cj:
                if s > best_c[j]:
                    best_c[j] = s
    if floor > 0.0 and joined:
        bound = _score_bound(q, c, wq, wc, best_q, best_c, config)
        if bound < floor - _EPS:
            return NameComparison(bound, [], list(q), list(c))
    pool.sort(key=lambda e: (-e[0], len(e[1]) + len(e[2])))
    used_q: set[int] = set()
    used_c: set[int] = set()
    num = 0.0
    den = 0.0
    pairs: list[tuple[tuple[Token, ...], tuple[Token, ...], float, str]] = []
    aligned: list[tuple[tuple[int, ...], tuple[int, ...], float]] = []
    weights: list[float] = []
    # parts aligned as another name (Omar / عمار): shown in the explanation, scored as
    # two different parts, as unmatched on both sides (never as half an agreement)
    other_q: set[int] = set()
    other_c: set[int] = set()
    sharp = config.sharpness
    for s, qi, cj, how in pool:
        if used_q.intersection(qi) or used_c.intersection(cj):
            continue
        used_q.update(qi)
        used_c.update(cj)
        s = min(s, 1.0)
        w = (sum((wq[i] for i in qi), 0.0) + sum((wc[j] for j in cj), 0.0)) / 2
        pairs.append((tuple(q[i] for i in qi), tuple(c[j] for j in cj), s, how))
        weights.append(w)
        if how == _ANOTHER_NAME:
            other_q.update(qi)
            other_c.update(cj)
            continue
        num += w * s**sharp
        den += w
        aligned.append((qi, cj, s))
    un_q = [t for i, t in enumerate(q) if i not in used_q]
    un_c = [t for j, t in enumerate(c) if j not in used_c]
    if other_q:
        used_q -= other_q
        used_c -= other_c
    left = _leftovers(aligned, config.strong_part, len(q), len(c))

    def cost(tok: Token, pos: int, middle: range, leading: range, other: float) -> float:
        if pos in middle or (tok.kind == "word" and tok.main in _LONE_ABD):
            return config.unmatched_middle
        if pos in leading:
            if _often_dropped(tok):
                return config.unmatched_middle
            return config.unmatched_leading
        return other

    den += sum(
        (
            wq[i] * cost(q[i], i, left.middle_q, left.leading_q, config.unmatched_query)
            for i in range(len(q))
            if i not in used_q
        ),
        0.0,
    )
    den += sum(
        (
            wc[j] * cost(c[j], j, left.middle_c, left.leading_c, config.unmatched_candidate)
            for j in range(len(c))
            if j not in used_c
        ),
        0.0,
    )
    den += config.conflict * min(
        sum((wq[i] for i in range(len(q)) if i not in used_q), 0.0),
        sum((wc[j] for j in range(len(c)) if j not in used_c), 0.0),
    )
    score = num / den if den else 0.0
    strong = sum(1 for p in pairs if p[2] >= config.strong_part)
    if strong < 2 and len(q) >= 2 and len(c) >= 2:
        score *= config.single_part_factor
    return NameComparison(
        score,
        pairs,
        un_q,
        un_c,
        weights,
        _relation(q, c, left),
        _evidence(pairs, config),
    )


def _dropped(tokens: Iterable[Token]) -> bool:
    """All these unmatched front parts are routinely left out (*Mohamed* Amine, *Sidi*)."""
    return all(_often_dropped(t) or t.kind == "initial" or t.main in _LONE_ABD for t in tokens)


def _relation(q: ParsedName, c: ParsedName, left: _Leftovers) -> str:
    """Whether two names look like two relatives' rather than one person's."""
    if left.different_front is not None:
        rq, rc = left.different_front
        if left.front_clash or not (_dropped(q[i] for i in rq) and _dropped(c[j] for j in rc)):
            return "different_given_name"
    if (left.leading_q and not _dropped(q[i] for i in left.leading_q)) or (
        left.leading_c and not _dropped(c[j] for j in left.leading_c)
    ):
        return "extra_given_name"
    return ""


def _evidence(
    pairs: list[tuple[tuple[Token, ...], tuple[Token, ...], float, str]], config: Config
) -> float:
    """Agreeing parts, each counting half when it identifies little.

    How common a part is in the register already scales its weight in the name
    score; here only what Arab naming makes common counts (a register of
    namesakes would otherwise turn every two-part name into a weak identifier).
    """
    total = 0.0
    for qt, ct, s, _how in pairs:
        if s < config.strong_part:
            continue
        weak = any(_identifies_little(t) for t in (*qt, *ct))
        total += 0.5 if weak else 1.0
    return total
