"""Look-alike given names: how often two different names match, and what that costs real pairs.

    .venv/bin/python bench/matching_lookalikes.py [--translit DIR] [--show N]

Two measures of the name-part similarity (``jisr.matching.scoring.token_similarity``):

* **different names**: common Arab given names that differ from another by a vowel, a
  doubled consonant or a silent letter (حسن / حسين, *Omar* / عمار…), each with its
  Arabic spelling and the Latin spellings in use for it. Every pair of two different
  names is compared, Arabic against Latin and Latin against Latin; the figure is how
  many reach 0.80. The list overlaps the given-name table on purpose (it was written
  first, and the table was written from it), so it shows what the table does, not how
  it generalises;
* **real pairs**: the 80,809 Arabic/Latin word pairs of the development data (the same
  person's name in two scripts, from Wikidata and Wikipedia), and how many fall under
  0.80. This one is independent of the table: a pair the table reads as two names
  shows here.

Licences of the development data: see ``bench/matching_common.py``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from jisr.matching.names import Token, parse_name
from jisr.matching.scoring import token_similarity
from matching_common import translit_dir

# name: (Arabic spelling, Latin spellings in use for that name only)
NAMES: dict[str, tuple[str, list[str]]] = {
    "muhammad": ("محمد", ["Mohamed", "Muhammad", "Mohammed", "Mohamad", "Mohammad", "Muhamad"]),
    "mahmud": ("محمود", ["Mahmoud", "Mahmud", "Mahmood", "Mahmut"]),
    "hasan": ("حسن", ["Hasan", "Hacen", "Assan"]),
    "husayn": ("حسين", ["Hussein", "Husayn", "Hossein", "Houcine", "Hussain", "Husain", "Hocine"]),
    "sad": ("سعد", ["Saad", "Sa'd", "Saâd"]),
    "said": ("سعيد", ["Said", "Saeed", "Sa'id", "Saïd", "Saied"]),
    "umar": ("عمر", ["Omar", "Umar", "Omer"]),
    "ammar": ("عمار", ["Ammar", "Amar"]),
    "amir": ("عامر", ["Amer", "Aamer", "Aamir"]),
    "salman": ("سلمان", ["Salman", "Selmane"]),
    "sulayman": (
        "سليمان",
        ["Sulayman", "Soliman", "Slimane", "Suleiman", "Sulaiman", "Souleymane"],
    ),
    "ahmad": ("أحمد", ["Ahmed", "Ahmad"]),
    "hamid": ("حامد", ["Hamed"]),
    "hamadi": ("حمادي", ["Hamadi", "Hammadi"]),
    "karim": ("كريم", ["Karim", "Kareem", "Krim"]),
    "karam": ("كرم", ["Karam"]),
    "nur": ("نور", ["Nour", "Nur", "Noor"]),
    "nuri": ("نوري", ["Nouri", "Nuri", "Noori"]),
    "jamal": ("جمال", ["Jamal", "Djamel", "Jamel", "Gamal"]),
    "jamil": ("جميل", ["Jamil", "Djamil", "Jameel", "Gamil"]),
    "khalid": ("خالد", ["Khaled", "Khalid"]),
    "khalil": ("خليل", ["Khalil"]),
    "adil": ("عادل", ["Adel", "Adil"]),
    "adli": ("عدلي", ["Adly", "Adli"]),
    "fathi": ("فتحي", ["Fathi", "Fethi", "Fathy"]),
    "fath": ("فتح", ["Fath"]),
    "yunus": ("يونس", ["Younes", "Yunus", "Younis"]),
    "yusuf": ("يوسف", ["Youssef", "Yusuf", "Yousef", "Youcef"]),
    "ali": ("علي", ["Ali"]),
    "aliya": ("عالية", ["Alia", "Aliya"]),
    "rida": ("رضا", ["Reda", "Rida", "Ridha"]),
    "radi": ("راضي", ["Radi", "Radhi"]),
    "jalal": ("جلال", ["Jalal", "Djalal"]),
    "jalil": ("جليل", ["Jalil", "Djalil"]),
    "halim": ("حليم", ["Halim"]),
    "hilmi": ("حلمي", ["Helmi", "Hilmi", "Helmy"]),
    "nasir": ("ناصر", ["Nasser", "Nacer", "Nasir"]),
    "nasr": ("نصر", ["Nasr"]),
    "anas": ("أنس", ["Anas"]),
    "anis": ("أنيس", ["Anis"]),
    "ziyad": ("زياد", ["Ziad", "Ziyad"]),
    "zayd": ("زيد", ["Zaid", "Zayd", "Zeid"]),
}
THRESHOLD = 0.80


def _word(text: str) -> Token:
    return parse_name(text)[0]


def different_names(show: int) -> None:
    cross: list[tuple[str, str, float]] = []
    latin: list[tuple[str, str, float]] = []
    n_cross = n_latin = 0
    keys = list(NAMES)
    for i, x in enumerate(keys):
        for y in keys[i + 1 :]:
            (ar_x, lat_x), (ar_y, lat_y) = NAMES[x], NAMES[y]
            for ar, spellings in ((ar_x, lat_y), (ar_y, lat_x)):
                for lat in spellings:
                    n_cross += 1
                    s = token_similarity(_word(ar), _word(lat))[0]
                    if s >= THRESHOLD:
                        cross.append((ar, lat, s))
            for a in lat_x:
                for b in lat_y:
                    n_latin += 1
                    s = token_similarity(_word(a), _word(b))[0]
                    if s >= THRESHOLD:
                        latin.append((a, b, s))
    same = [
        (ar, lat, s)
        for ar, spellings in NAMES.values()
        for lat in spellings
        if (s := token_similarity(_word(ar), _word(lat))[0]) < THRESHOLD
    ]
    print(f"## Different names at {THRESHOLD:.2f} or more ({len(NAMES)} names)\n")
    print("| pairs | compared | at 0.80 or more |\n|---|---:|---:|")
    print(f"| Arabic / Latin | {n_cross} | {len(cross)} |")
    print(f"| Latin / Latin | {n_latin} | {len(latin)} |")
    print(f"\nSame name, Arabic / Latin, under {THRESHOLD:.2f}: {len(same)}")
    for a, b, s in (cross + latin + same)[:show]:
        print(f"  {a} / {b}: {s:.3f}")


def real_pairs(folder: Path, show: int) -> None:
    pairs: list[tuple[str, str]] = []
    with (folder / "wikidata_ar_latin_tokens.tsv").open(encoding="utf-8") as fh:
        for line in fh:
            lat, ar, _count = line.rstrip("\n").split("\t")
            pairs.append((ar.replace(" ", ""), lat))
    with (folder / "google_ar2en.tsv").open(encoding="utf-8") as fh:
        for line in fh:
            ar, lat = line.rstrip("\n").split("\t")
            pairs.append((ar, lat))
    compared = 0
    low: list[tuple[str, str, float]] = []
    for ar, lat in pairs:
        a, b = parse_name(ar), parse_name(lat)
        if len(a) != 1 or len(b) != 1:
            continue
        compared += 1
        s = token_similarity(a[0], b[0])[0]
        if s < THRESHOLD:
            low.append((ar, lat, s))
    print(f"\n## Development pairs ({folder.name})\n")
    print(f"One-word pairs compared: {compared}; under {THRESHOLD:.2f}: {len(low)}")
    for a, b, s in sorted(low, key=lambda x: x[2])[:show]:
        print(f"  {a} / {b}: {s:.3f}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--translit", help="folder of the development pairs")
    ap.add_argument("--show", type=int, default=0, help="print N of the pairs counted")
    args = ap.parse_args()
    different_names(args.show)
    folder = translit_dir(args.translit)
    if (folder / "wikidata_ar_latin_tokens.tsv").exists():
        real_pairs(folder, args.show)
    else:
        print(f"\n(development pairs not found in {folder}: skipped)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
