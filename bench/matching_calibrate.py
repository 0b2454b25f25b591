"""Threshold sweep for jisr.matching on the development data (calibration aid).

.venv/bin/python bench/matching_calibrate.py [--translit DIR]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from jisr.matching import Index
from matching_common import (
    REPO,
    build_alias_datasets,
    build_translit_datasets,
    load_hard_cases,
    load_pairs,
    translit_dir,
)

THRESHOLDS = (0.7, 0.75, 0.78, 0.8, 0.82, 0.84, 0.86, 0.88, 0.9)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--translit")
    ap.add_argument("--register-size", type=int, default=600)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--present", type=int, default=200)
    ap.add_argument("--absent", type=int, default=100)
    ap.add_argument("--only", help="only the data sets whose name contains this")
    args = ap.parse_args()
    sets = [load_hard_cases(REPO / "bench" / "data")]
    sets += build_translit_datasets(
        load_pairs(translit_dir(args.translit)),
        register_size=args.register_size,
        present=args.present,
        absent=args.absent,
        seed=args.seed,
    )
    sets += build_translit_datasets(
        load_pairs(translit_dir(args.translit)),
        register_size=args.register_size,
        present=args.present,
        absent=args.absent,
        seed=args.seed,
        arabic_names_only=True,
    )
    sets += build_alias_datasets(
        load_pairs(translit_dir(args.translit)),
        register_size=args.register_size * 3,
        present=args.present,
        absent=args.absent * 2,
    )
    for data in sets:
        if args.only and args.only not in data.name:
            continue
        index = Index.build(data.register)
        results = [
            (c, index.search(c.query, threshold=min(THRESHOLDS), top=50)) for c in data.cases
        ]
        print(f"\n{data.name}")
        print("threshold  recall  any-false  absent-false")
        for t in THRESHOLDS:
            pres = found = pf = ab = af = 0
            for c, ms in results:
                ids = [m.id for m in ms if m.score >= t]
                if c.expect is None:
                    ab += 1
                    af += bool(ids)
                else:
                    pres += 1
                    found += c.expect in ids
                    pf += any(i != c.expect for i in ids)
            print(f"{t:9.2f}  {found / pres:6.3f}  {pf / pres:9.3f}  {af / max(ab, 1):12.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
