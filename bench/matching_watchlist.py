"""Watch-list-style records: relatives, weak identifiers, aliases in real lists' forms.

    .venv/bin/python bench/matching_watchlist.py [--systems jisr,name-based,logic-v1] [--show-errors]

Reads bench/data/watchlist_register.jsonl and bench/data/watchlist_queries.jsonl
(fictitious people written for Jisr, in the published ``jisr screen`` format, each
query with its expected record or null for a person absent from the register) and
prints, for jisr and nomenklatura in one run: recall at each system's threshold,
share of present-person queries with any false hit and false-hit rate of absent
persons, then jisr per class of name (families, weak identifiers, titles…).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from jisr.matching import Person
from matching_accuracy import make_systems
from matching_common import REPO, Case, Dataset, JisrSystem, evaluate, fmt


def load(folder: Path) -> Dataset:
    def rows(name: str) -> list[dict[str, object]]:
        with (folder / name).open(encoding="utf-8") as fh:
            return [json.loads(line) for line in fh if line.strip()]

    register = [Person.from_dict(d) for d in rows("watchlist_register.jsonl")]
    cases = [
        Case(Person.from_dict(d), d.get("expect"), str(d.get("category", "")))  # type: ignore[arg-type]
        for d in rows("watchlist_queries.jsonl")
    ]
    return Dataset("watchlist", register, cases)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--systems", default="jisr,name-based,logic-v1")
    ap.add_argument("--show-errors", action="store_true", help="list jisr's misses and false hits")
    args = ap.parse_args(argv)
    data = load(REPO / "bench" / "data")
    systems = make_systems(args.systems.split(","), None)
    n_present = sum(1 for c in data.cases if c.expect is not None)
    print(
        f"\n### watchlist (bench/data/watchlist_*.jsonl): register {len(data.register)}, "
        f"{n_present} present-person queries, {len(data.cases) - n_present} absent-person queries\n"
    )
    print("| system | threshold | recall | queries with any false hit | absent: false-hit rate |")
    print("|---|---:|---:|---:|---:|")
    for s in systems:
        m = evaluate(s, data)
        print(
            f"| {s.name} | {s.threshold:.2f} | {fmt(m.recall)} | {fmt(m.false_share)} | "
            f"{fmt(m.absent_rate)} |"
        )
        if args.show_errors and isinstance(s, JisrSystem):
            for line in m.misses:
                print(f"  miss: {line}", file=sys.stderr)
            for line in m.false_hits:
                print(f"  false: {line}", file=sys.stderr)
        sys.stdout.flush()
    jisr = next((s for s in systems if isinstance(s, JisrSystem)), None)
    if jisr is None:
        return 0
    jisr.prepare(data.register)
    stats: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for c in data.cases:
        hits = jisr.search(c.query)
        st = stats[c.category]
        st[0] += 1
        st[1] += (c.expect in hits) if c.expect else not hits
        st[2] += all(h == c.expect for h in hits)
    print(f"\njisr on the watch-list set by class (threshold {jisr.threshold:.2f}):\n")
    print("| class | queries | correct | no false hit |")
    print("|---|---:|---:|---:|")
    for cat, (n, ok, clean) in sorted(stats.items()):
        print(f"| {cat} | {n} | {ok} | {clean} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
