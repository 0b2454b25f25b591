"""Print jisr's misses with their token alignments (development aid).

.venv/bin/python bench/matching_debug.py [--set NAME] [--n 30]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from jisr.matching import DEFAULT_THRESHOLD, Index, score_pair
from matching_common import (
    REPO,
    build_alias_datasets,
    build_translit_datasets,
    load_hard_cases,
    load_pairs,
    translit_dir,
)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--set", default="lat_query_ar_register")
    ap.add_argument("--n", type=int, default=30)
    ap.add_argument("--translit")
    ap.add_argument("--false", action="store_true", help="show false hits instead of misses")
    args = ap.parse_args()
    if args.set == "hard_cases":
        data = load_hard_cases(REPO / "bench" / "data")
    else:
        pairs = load_pairs(translit_dir(args.translit))
        sets = build_translit_datasets(pairs, register_size=600, present=200, absent=100)
        sets += build_translit_datasets(
            pairs, register_size=600, present=200, absent=100, arabic_names_only=True
        )
        sets += build_alias_datasets(pairs, register_size=1800, present=200, absent=200)
        data = next(d for d in sets if d.name == args.set)
    index = Index.build(data.register)
    by_id = {p.id: p for p in data.register}
    shown = 0
    for c in data.cases:
        hits = index.search(c.query, threshold=DEFAULT_THRESHOLD)
        ids = [m.id for m in hits]
        if args.false:
            bad = [m for m in hits if m.id != c.expect]
            for m in bad[:1]:
                print(json.dumps(m.explanation["name"], ensure_ascii=False), round(m.score, 3))
                shown += 1
        elif c.expect and c.expect not in ids:
            # scored as the index scores it (with the register's name-part rarity)
            pos = index.candidates(c.query)
            found = [m for m in index.search(c.query, threshold=0.0, top=0) if m.id == c.expect]
            m = found[0] if found else score_pair(c.query, by_id[c.expect])
            if not found:
                print("  (not among the candidates)", len(pos))
            parts = [
                (p["query"], p["candidate"], p["similarity"])
                for p in m.explanation["name"]["parts"]
            ]
            print(
                f"{m.score:.3f} {c.query.names} | {by_id[c.expect].names} {parts} "
                f"unmatched {m.explanation['name']['unmatched_query']} / "
                f"{m.explanation['name']['unmatched_candidate']}"
            )
            shown += 1
        if shown >= args.n:
            break
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
