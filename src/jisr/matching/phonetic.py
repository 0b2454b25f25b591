"""A common phonetic alphabet for Arabic-script and Latin-script name words.

Both scripts are rewritten into one small alphabet of sound classes:

* consonants ``b f t d s z x j g q k c h l m n r w y`` plus ``T`` (ث: th/t/s) and
  ``D`` (ذ ظ and Latin dh: dh/d/z); ``x`` is the sh sound (ش, sh, ch), ``c`` is kh
  (خ, kh), ``g`` is gh (غ, gh, g, Maghreb rh-), ``q`` is ق;
* vowels ``a e i u`` (``e`` is the unwritten short vowel of French spellings);
* ``'`` for ع and the hamza, which Latin spellings usually drop.

Latin digraphs (ou, ch, dj, kh, gh, sh, th, dh, ph) become one symbol and doubled
letters collapse, so *Youssef*, *Youcef*, *Yusuf* and *يوسف* all come out close.
Two words are then compared with a weighted edit distance whose costs encode
the writing conventions: short vowels are nearly free between scripts (Arabic
does not write them), ق/q/k/g, ج/j/dj/g, ث/th/t/s, ذ/dh/d/z are cheap
substitutions, and only genuine consonant differences are expensive.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Final

__all__ = [
    "VOWELS",
    "arabic_to_symbols",
    "coarse_key",
    "latin_to_symbols",
    "symbol_similarity",
]

VOWELS: Final = frozenset("aeiu")
_SEMI: Final = frozenset("wy")
_GLOTTAL: Final = "'"

_ARABIC_MAP: Final[dict[str, str]] = {
    "ب": "b",
    "پ": "b",
    "ت": "t",
    "ط": "t",
    "ث": "T",
    "ج": "j",
    "چ": "x",
    "ژ": "j",
    "ح": "h",
    "خ": "c",
    "د": "d",
    "ض": "d",
    "ذ": "D",
    "ظ": "D",
    "ر": "r",
    "ز": "z",
    "س": "s",
    "ص": "s",
    "ش": "x",
    "ع": "'",
    "ء": "'",
    "ئ": "'",
    "ؤ": "'",
    "غ": "g",
    "گ": "g",
    "ف": "f",
    "ڤ": "f",
    "ق": "q",
    "ك": "k",
    "ل": "l",
    "م": "m",
    "ن": "n",
    "ه": "h",
    "ى": "a",
    "ة": "a",
    "ا": "a",
}


def _collapse(symbols: list[str]) -> str:
    out: list[str] = []
    for s in symbols:
        if not out or out[-1] != s:
            out.append(s)
    return "".join(out)


@lru_cache(maxsize=262144)
def arabic_to_symbols(word: str) -> str:
    """Rewrite a normalised Arabic word (see ``text.normalize_arabic``)."""
    out: list[str] = []
    n = len(word)
    skip = False
    for i, ch in enumerate(word):
        if skip:
            skip = False
            continue
        nxt = word[i + 1] if i + 1 < n else ""
        if ch == "ت" and nxt == "ش":
            out.append("x")
            skip = True
        elif ch == "د" and nxt == "ج":
            out.append("j")
            skip = True
        elif ch == "ه" and i == n - 1 and i > 0:
            out.append("H")
        elif ch == "و":
            out.append("w" if i == 0 or nxt == "ا" else "u")
        elif ch == "ي":
            out.append("y" if i == 0 or nxt in ("ا", "و") else "i")
        else:
            sym = _ARABIC_MAP.get(ch)
            if sym is not None:
                out.append(sym)
    return _collapse(out)


_LATIN_VOWELS: Final = frozenset("aeiouy")
_SIMPLE: Final = {
    "a": "a",
    "e": "e",
    "i": "i",
    "o": "u",
    "u": "u",
    "b": "b",
    "p": "b",
    "d": "d",
    "f": "f",
    "v": "f",
    "g": "g",
    "h": "h",
    "j": "j",
    "k": "k",
    "l": "l",
    "m": "m",
    "n": "n",
    "q": "q",
    "r": "r",
    "s": "s",
    "t": "t",
    "w": "w",
    "z": "z",
}


#: Two letters written as one sound (or, for "tz", two symbols). None of them ends in a lone
#: final "h", so the order against the final-h rule below does not matter.
_DIGRAPHS: Final = {
    "ch": "x",
    "sh": "x",
    "kh": "c",
    "gh": "g",
    "xh": "j",
    "zh": "j",
    "tz": "ts",
    "dj": "j",
    "dh": "D",
    "th": "T",
    "ph": "f",
    "ck": "k",
    "cq": "k",
}

_DOUBLED_DIGRAPHS: Final = {"tth": "T", "ddh": "D", "ssh": "x", "kkh": "c", "ggh": "g"}


@lru_cache(maxsize=262144)
def latin_to_symbols(word: str) -> str:
    """Rewrite a normalised lowercase ASCII word (see ``text.normalize_latin``)."""
    out: list[str] = []
    i = 0
    n = len(word)
    while i < n:
        ch = word[i]
        two = word[i : i + 2]
        three = word[i : i + 3]
        nxt = word[i + 1] if i + 1 < n else ""
        prev_vowel = i > 0 and word[i - 1] in _LATIN_VOWELS
        if three in ("sch", "tch", "tsh"):
            out.append("x")
            i += 3
        elif three in _DOUBLED_DIGRAPHS:  # Matthew, Haddhad, Rashshid: a doubled letter
            out.append(_DOUBLED_DIGRAPHS[three])
            i += 3
        elif two in _DIGRAPHS:
            out.extend(_DIGRAPHS[two])
            i += 2
        elif ch == "h" and i == n - 1 and prev_vowel:
            out.append("H")
            i += 1
        elif two == "rh" and i == 0:
            out.append("g")
            i += 2
        elif two == "qu" and i + 2 < n and word[i + 2] in "aeio":
            out.append("q")
            i += 2
        elif two == "gu" and i + 2 < n and word[i + 2] in "eiy":
            out.append("g")
            i += 2
        elif ch == "c":
            out.append("s" if nxt in ("e", "i", "y") else "k")
            i += 1
        elif ch == "x":
            out.extend(("k", "s"))
            i += 1
        elif two == "ou" or two == "oo":
            after = word[i + 2 : i + 3]
            if two == "ou" and after in ("a", "e", "i", "o") and (i == 0 or prev_vowel):
                out.append("w")
            else:
                out.append("u")
            i += 2
        elif two == "ee":
            out.append("i")
            i += 2
        elif ch == "y":
            if (i == 0 and nxt in _LATIN_VOWELS) or (prev_vowel and nxt in _LATIN_VOWELS):
                out.append("y")
            else:
                out.append("i")
            i += 1
        else:
            sym = _SIMPLE.get(ch)
            if sym is not None:
                out.append(sym)
            i += 1
    return _collapse(out)


# --- coarse key for blocking -------------------------------------------------

_COARSE: Final = {
    "b": "b",
    "f": "f",
    "t": "t",
    "T": "t",
    "d": "t",
    "D": "t",
    "s": "s",
    "z": "s",
    "x": "s",
    "j": "k",
    "g": "k",
    "q": "k",
    "k": "k",
    "c": "k",
    "h": "h",
    "l": "l",
    "m": "m",
    "n": "n",
    "r": "r",
}


@lru_cache(maxsize=262144)
def coarse_key(symbols: str) -> str:
    """Consonant skeleton in broad classes: the blocking key of a word.

    Vowels, glottal stops, w/y and a final h are dropped; confusable consonants
    share one class. *Mohamed*, *Mhamed*, *Muhammad* and *محمد* give ``mhmt``.
    """
    out: list[str] = []
    last = len(symbols) - 1
    for i, s in enumerate(symbols):
        c = _COARSE.get(s)
        if c is None:
            continue
        if c == "h" and i == last:
            continue
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)


# --- weighted edit distance --------------------------------------------------

_CONFUSABLE: Final[dict[frozenset[str], float]] = {}


def _pair(a: str, b: str, cost: float) -> None:
    _CONFUSABLE[frozenset((a, b))] = cost


for _a, _b, _c in (
    ("q", "k", 0.15),
    ("q", "g", 0.25),
    ("g", "j", 0.15),  # ج = g in Egypt and Yemen (Gamal, Aggag)
    ("k", "g", 0.45),
    ("c", "k", 0.35),
    ("c", "h", 0.45),
    ("c", "g", 0.5),
    ("c", "j", 0.3),
    ("T", "t", 0.1),
    ("T", "s", 0.25),
    ("T", "D", 0.4),
    ("D", "d", 0.1),
    ("D", "z", 0.25),
    ("d", "z", 0.4),
    ("t", "d", 0.5),
    ("s", "z", 0.35),
    ("s", "x", 0.5),
    ("x", "k", 0.5),
    ("x", "j", 0.6),
    ("h", "'", 0.4),
    ("b", "f", 0.6),
    ("y", "j", 0.5),
    ("w", "f", 0.4),
    ("x", "c", 0.4),
    ("g", "r", 0.6),
    ("h", "H", 0.05),
    ("u", "w", 0.1),
    ("i", "y", 0.1),
    ("H", "a", 0.1),  # final ه read as ta marbuta: عطيه = Attiya, نايفه = Nayfa
    ("H", "e", 0.1),
):
    _pair(_a, _b, _c)


def _indel(sym: str, cross: bool) -> float:
    if sym in VOWELS:
        return 0.05 if cross else 0.3
    if sym == _GLOTTAL:
        return 0.05 if cross else 0.15
    if sym == "h":
        return 0.5
    if sym == "H":
        return 0.15
    if sym in _SEMI:
        return 0.2 if cross else 0.45
    return 1.0


def _sub(a: str, b: str, cross: bool) -> float:
    if a == b:
        return 0.0
    av = a in VOWELS or a == _GLOTTAL
    bv = b in VOWELS or b == _GLOTTAL
    if av and bv:
        if cross or a == "e" or b == "e" or a == _GLOTTAL or b == _GLOTTAL:
            return 0.05
        return 0.2  # e/i, o/u, a/e between two Latin spellings: Mohamed/Muhamad, Karim/Kerim
    if cross and a + b in ("TD", "DT"):
        return 0.15  # English spellings write ذ and ظ th as well: Theeb (ذيب), Thafer (ظافر)
    c = _CONFUSABLE.get(frozenset((a, b)))
    if c is not None:
        return c
    return 1.0


_ALPHABET: Final = "aeiubftdszxjgqkchlmnrwyTDH'"
_INDEL: Final = {cross: {s: _indel(s, cross) for s in _ALPHABET} for cross in (False, True)}
#: An Arabic long vowel (ا و ي written in the word) that the Latin spelling lacks.
#: Arabic leaves short vowels unwritten, so a written one is nearly always
#: rendered in Latin: *Hasna* (حسناء) is not *Hosein* (حسين).
_ARABIC_LONG_VOWEL_DROPPED: Final = 0.35
_INDEL_ARABIC: Final = {
    s: (_ARABIC_LONG_VOWEL_DROPPED if s in VOWELS else _indel(s, True)) for s in _ALPHABET
}
#: A written Arabic long vowel rendered by another Latin vowel: ا as o/u, و as a/i,
#: ي as a/o/u (*Dan* is not *Din*, دين). Latin e stands for any short vowel.
_ARABIC_LONG_VOWEL_CHANGED: Final = 0.3
_SUB_ARABIC: Final = {
    a: {
        b: (
            _ARABIC_LONG_VOWEL_CHANGED if a in "aiu" and b in "aiu" and a != b else _sub(a, b, True)
        )
        for b in _ALPHABET
    }
    for a in _ALPHABET
}
_SUB_ROWS: Final = {
    cross: {a: {b: _sub(a, b, cross) for b in _ALPHABET} for a in _ALPHABET}
    for cross in (False, True)
}


_BIT: Final = {s: 1 << k for k, s in enumerate(_ALPHABET)}
#: A symbol's own cost counts in the lower bound below only from this much (vowels and
#: the glottal stop cost next to nothing: checking them is not worth it).
_BOUND_FROM: Final = 0.15


def _least_costs(cross: bool) -> dict[str, tuple[float, tuple[tuple[float, int], ...]]]:
    """For each symbol: the least it costs deleted or inserted (any position, either
    word), and the symbols a substitution with costs less, cheapest first (cost, bit)."""
    out: dict[str, tuple[float, tuple[tuple[float, int], ...]]] = {}
    tables = (_SUB_ROWS[cross], _SUB_ARABIC) if cross else (_SUB_ROWS[cross],)
    for s in _ALPHABET:
        base = min(_INDEL[cross][s], _INDEL_ARABIC[s]) if cross else _INDEL[cross][s]
        partners = []
        for t in _ALPHABET:
            if t != s:
                cost = min(min(table[s][t], table[t][s]) for table in tables)
                if cost < base:
                    partners.append((cost, _BIT[t]))
        out[s] = (base, tuple(sorted(partners)))
    return out


_LEAST: Final = {cross: _least_costs(cross) for cross in (False, True)}


def _bound_items(
    word: str, cross: bool
) -> tuple[int, tuple[tuple[int, float, tuple[tuple[float, int], ...]], ...]]:
    """The symbols ``word`` holds (bits), and each costly symbol's bit and least costs."""
    least = _LEAST[cross]
    bits = 0
    items = []
    for ch in word:
        bits |= _BIT[ch]
        base, partners = least[ch]
        if base >= _BOUND_FROM:
            items.append((_BIT[ch], base, partners))
    return bits, tuple(items)


def _missing_cost(
    items: tuple[tuple[int, float, tuple[tuple[float, int], ...]], ...], other: int
) -> float:
    """At least what the edit distance spends on the symbols of one word the other lacks.

    Each such symbol is deleted or substituted, one operation per symbol: at least
    its deletion cost or its cheapest substitution by a symbol the other word holds
    (``other``, bits). Order and repeats are ignored, so this never exceeds the
    distance; it is compared with the budget before the dynamic programme runs.
    """
    total = 0.0
    for bit, base, partners in items:
        if bit & other:
            continue
        for cost, partner in partners:
            if partner & other:
                base = cost
                break
        total += base
    return total


#: Similarities below this are reported as 0.0 (the DP stops early): they are far
#: below any useful alignment of name parts.
MIN_SIMILARITY: Final = 0.6


@lru_cache(maxsize=1 << 19)
def symbol_similarity(a: str, b: str, cross: bool, a_arabic: bool = False) -> float:
    """Similarity in [0, 1] of two symbol strings under the weighted edit distance.

    ``cross`` is True when one word was written in Arabic script and the other
    in Latin script: unwritten short vowels then cost almost nothing. With
    ``a_arabic`` (``a`` is the Arabic-script word), a vowel written in ``a``
    but missing from ``b`` costs more, except a word-initial alef (*Driss* /
    إدريس). Values below :data:`MIN_SIMILARITY` come out as 0.0.
    """
    return _weighted_similarity(a, b, cross, a_arabic, MIN_SIMILARITY)


def symbol_similarity_above(a: str, b: str, cross: bool, a_arabic: bool, cutoff: float) -> float:
    """:func:`symbol_similarity` when it is at least ``cutoff``, else 0.0 (or less than ``cutoff``).

    For callers that only need similarities above a bar: the edit distance stops as
    soon as the bar is out of reach. Not cached (the bar changes from call to call).
    """
    if cutoff <= MIN_SIMILARITY:
        return symbol_similarity(a, b, cross, a_arabic)
    return _weighted_similarity(a, b, cross, a_arabic, cutoff)


#: Each symbol's position in :data:`_ALPHABET`: the DP reads its costs by position.
_CODE: Final = {s: k for k, s in enumerate(_ALPHABET)}
#: The substitution rows by position (the same costs as :data:`_SUB_ROWS`, _SUB_ARABIC).
_SUB_CODED: Final = {
    cross: {a: tuple(row[b] for b in _ALPHABET) for a, row in _SUB_ROWS[cross].items()}
    for cross in (False, True)
}
_SUB_ARABIC_CODED: Final = {a: tuple(row[b] for b in _ALPHABET) for a, row in _SUB_ARABIC.items()}

_BoundItems = tuple[tuple[int, float, tuple[tuple[float, int], ...]], ...]
#: The DP's rows for a word: deletion costs, their sum, substitution costs by the
#: other symbol's position; then :func:`_bound_items` of the word.
RowSide = tuple[tuple[float, ...], float, tuple[tuple[float, ...], ...], int, _BoundItems]
#: The DP's columns for a word: insertion costs, their sum, its symbols' positions;
#: then :func:`_bound_items` of the word.
ColumnSide = tuple[tuple[float, ...], float, tuple[int, ...], int, _BoundItems]
#: Cached sides, by word: rows for (cross, a_arabic) = (F, F), (F, T), (T, F), (T, T);
#: columns for cross = False, True. Plain dicts, emptied when full: an lru_cache
#: costs more per call than the look-up itself.
_ROW_SIDES: Final[tuple[dict[str, RowSide], ...]] = ({}, {}, {}, {})
_COLUMN_SIDES: Final[tuple[dict[str, ColumnSide], ...]] = ({}, {})
#: At most 65,536 words on each side in all, as the lru_caches these replace held
#: (a search worker on a 1,000,000-record register stays under 1.5 GiB).
_ROWS_KEPT: Final = 1 << 14
_COLUMNS_KEPT: Final = 1 << 15


def _row_side(a: str, cross: bool, a_arabic: bool) -> RowSide:
    """:data:`RowSide` of ``a`` (cached)."""
    cache = _ROW_SIDES[(2 if cross else 0) + (1 if a_arabic else 0)]
    hit = cache.get(a)
    if hit is not None:
        return hit
    indel = _INDEL[cross]
    ia = [(_INDEL_ARABIC if a_arabic else indel)[ch] for ch in a]
    if a_arabic and a[0] in VOWELS:
        ia[0] = indel[a[0]]
    rows = _SUB_CODED[cross]
    arows = tuple((_SUB_ARABIC_CODED if a_arabic and k else rows)[ch] for k, ch in enumerate(a))
    bits, items = _bound_items(a, cross)
    side = (tuple(ia), sum(ia), arows, bits, items)
    if len(cache) >= _ROWS_KEPT:
        cache.clear()
    cache[a] = side
    return side


def _column_side(b: str, cross: bool) -> ColumnSide:
    """:data:`ColumnSide` of ``b`` (cached)."""
    cache = _COLUMN_SIDES[1 if cross else 0]
    hit = cache.get(b)
    if hit is not None:
        return hit
    indel = _INDEL[cross]
    ib = [indel[ch] for ch in b]
    bits, items = _bound_items(b, cross)
    side = (tuple(ib), sum(ib), tuple(_CODE[ch] for ch in b), bits, items)
    if len(cache) >= _COLUMNS_KEPT:
        cache.clear()
    cache[b] = side
    return side


def _weighted_similarity(a: str, b: str, cross: bool, a_arabic: bool, cutoff: float) -> float:
    """The weighted edit distance as a similarity; values under ``cutoff`` come out as 0.0."""
    if a == b:
        return 1.0
    if not a or not b:
        return 0.0
    ia, wa, arows, bits_a, items_a = _row_side(a, cross, a_arabic)
    ib, wb, codes_b, bits_b, items_b = _column_side(b, cross)
    norm = max(wa, wb, 1.0)
    budget = (1.0 - cutoff) * norm
    limit = budget + 1e-9  # (a margin for float rounding)
    if _missing_cost(items_a, bits_b) > limit or _missing_cost(items_b, bits_a) > limit:
        return 0.0  # the symbols one word lacks already cost more than the budget
    # plain index loops: as fast as the zip/map form under CPython once compiled (mypyc)
    n = len(b)
    prev = [0.0] * (n + 1)
    cur = [0.0] * (n + 1)
    acc = 0.0
    for j in range(n):
        acc += ib[j]
        prev[j + 1] = acc
    for k in range(len(a)):
        dca = ia[k]
        row = arows[k]
        left = prev[0] + dca
        cur[0] = left
        rmin = left
        for j in range(n):
            best = prev[j] + row[codes_b[j]]
            x = prev[j + 1] + dca
            if x < best:
                best = x
            x = left + ib[j]
            if x < best:
                best = x
            cur[j + 1] = best
            left = best
            if best < rmin:
                rmin = best
        if rmin > budget:
            return 0.0
        prev, cur = cur, prev
    sim = 1.0 - prev[n] / norm
    return sim if sim >= cutoff else 0.0
