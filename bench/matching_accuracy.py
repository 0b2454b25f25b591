"""Accuracy of jisr.matching side by side with nomenklatura and a rapidfuzz baseline.

    .venv/bin/python bench/matching_accuracy.py [--translit DIR] [--systems jisr,...]

Prints one table per data set: recall at each system's default threshold, share
of present-person queries with any false hit, false-hit rate for absent persons.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

from matching_common import (
    LICENCE_NOTE,
    NK_THRESHOLD,
    REPO,
    Dataset,
    JisrSystem,
    NomenklaturaSystem,
    RapidfuzzSystem,
    System,
    build_alias_datasets,
    build_translit_datasets,
    evaluate,
    fmt,
    load_hard_cases,
    load_pairs,
    translit_dir,
)


def make_systems(names: list[str], threshold: float | None) -> list[System]:
    out: list[System] = []
    for n in names:
        if n == "jisr":
            out.append(JisrSystem(threshold))
        elif n == "name-based":
            out.append(NomenklaturaSystem("name-based"))
        elif n == "logic-v1":
            out.append(NomenklaturaSystem("logic-v1"))
        elif n == "rapidfuzz":
            out.append(RapidfuzzSystem())
        else:
            raise SystemExit(f"unknown system {n}")
    return out


def table(data: Dataset, systems: list[System], show_errors: int) -> None:
    n_present = sum(1 for c in data.cases if c.expect is not None)
    n_absent = len(data.cases) - n_present
    print(
        f"\n### {data.name}: register {len(data.register)}, "
        f"{n_present} present-person queries, {n_absent} absent-person queries\n"
    )
    print(
        "| system | threshold | recall | queries with any false hit | absent: false-hit rate | seconds |"
    )
    print("|---|---:|---:|---:|---:|---:|")
    for s in systems:
        m = evaluate(s, data)
        print(
            f"| {s.name} | {s.threshold:.2f} | {fmt(m.recall)} | {fmt(m.false_share)} | "
            f"{fmt(m.absent_rate)} | {m.seconds:.1f} |"
        )
        if show_errors and isinstance(s, JisrSystem):
            for line in m.misses[:show_errors]:
                print(f"  miss: {line}", file=sys.stderr)
            for line in m.false_hits[:show_errors]:
                print(f"  false: {line}", file=sys.stderr)
        sys.stdout.flush()


def per_category(data: Dataset, system: JisrSystem) -> None:
    system.prepare(data.register)
    stats: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for c in data.cases:
        hits = system.search(c.query)
        st = stats[c.category]
        st[0] += 1
        ok = (c.expect in hits) if c.expect else not hits
        clean = all(h == c.expect for h in hits)
        st[1] += ok
        st[2] += clean
    print(f"\njisr on hard cases by category (threshold {system.threshold:.2f}):\n")
    print("| category | queries | correct | no false hit |")
    print("|---|---:|---:|---:|")
    for cat, (n, ok, clean) in sorted(stats.items()):
        print(f"| {cat} | {n} | {ok} | {clean} |")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument(
        "--translit", help="folder of the development pairs (default ../shared/datasets/translit)"
    )
    ap.add_argument("--systems", default="jisr,name-based,logic-v1,rapidfuzz")
    ap.add_argument("--register-size", type=int, default=600)
    ap.add_argument("--present", type=int, default=200)
    ap.add_argument("--absent", type=int, default=100)
    ap.add_argument("--threshold", type=float, default=None, help="override jisr's threshold")
    ap.add_argument("--show-errors", type=int, default=0, help="print N jisr errors per table")
    ap.add_argument("--skip-translit", action="store_true")
    args = ap.parse_args(argv)
    systems = make_systems(args.systems.split(","), args.threshold)
    print("## Matching accuracy\n")
    print(LICENCE_NOTE)
    print(
        "\nnomenklatura algorithms compare every query with every register record "
        f"(no index), hit at score >= {NK_THRESHOLD}; the rapidfuzz baseline hits at "
        f"token_sort_ratio >= {RapidfuzzSystem.threshold * 100:.0f} after unidecode."
    )
    hard = load_hard_cases(REPO / "bench" / "data")
    table(hard, systems, args.show_errors)
    jisr = [s for s in systems if isinstance(s, JisrSystem)]
    if jisr:
        per_category(hard, jisr[0])
    if not args.skip_translit:
        folder = translit_dir(args.translit)
        if not (folder / "google_ar2en.tsv").exists():
            print(f"\n(development pairs not found in {folder}; use --translit DIR)")
            return 0
        pairs = load_pairs(folder)
        print(
            "\nFull names built from the development pairs (2-3 parts drawn by frequency; "
            "a third share a part with another person). `_arabic_names`: only parts whose "
            "Arabic spelling uses letters foreign names never need (ع ح خ ق ص ض ط ظ غ ث ذ ة ء), "
            "closer to Jisr's users' data."
        )
        for only_arabic in (False, True):
            for data in build_translit_datasets(
                pairs,
                register_size=args.register_size,
                present=args.present,
                absent=args.absent,
                arabic_names_only=only_arabic,
            ):
                table(data, systems, args.show_errors)
        print(
            "\nAliases: Arab-style full names (given, father's, sometimes grandfather's and "
            "family name) drawn from Arabic-origin development tokens, given names by raw "
            "frequency; each query is an alias (other real spellings, middle names dropped "
            "half of the time, family name first a sixth of the time). Larger register, "
            "many shared given names: the false-hit pressure of a real watch list."
        )
        for data in build_alias_datasets(
            pairs,
            register_size=args.register_size * 3,
            present=args.present,
            absent=args.absent * 2,
        ):
            table(data, systems, args.show_errors)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    raise SystemExit(main())
