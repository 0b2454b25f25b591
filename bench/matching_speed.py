"""Speed of jisr.matching on synthetic registers, side by side with the baselines.

    .venv/bin/python bench/matching_speed.py [--sizes 10000,100000,1000000] [--queries 1000]

Each register size runs in a fresh process, so that the peak memory (max RSS)
is that of one register and its index. Names are drawn, by frequency, from the
development pairs (Arabic or Latin script, 2-4 parts); queries are half
re-spelled/cross-script copies of register records, half absent persons.
The baselines have no index: they are timed on a small register.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from jisr.matching import Index, Person
from matching_common import (
    JisrSystem,
    NomenklaturaSystem,
    RapidfuzzSystem,
    System,
    load_pairs,
    translit_dir,
)

NATIONALITIES = ["MA", "FR", "DZ", "TN", "BE", "ES"]


class Generator:
    def __init__(self, translit: str | None, seed: int = 11) -> None:
        self.rng = random.Random(seed)
        folder = translit_dir(translit)
        pairs = load_pairs(folder)
        self.tokens = pairs.cross
        self.weights = [pairs.weight.get(ar, 1.0) for ar, _ in self.tokens]
        # cumulative weights make random.choices fast for big k
        acc = 0.0
        self.cum: list[float] = []
        for w in self.weights:
            acc += w
            self.cum.append(acc)

    def person(
        self, pid: str, script_ar: bool | None = None
    ) -> tuple[Person, list[tuple[str, str]]]:
        rng = self.rng
        k = rng.choice((2, 2, 3, 3, 4))
        toks = rng.choices(self.tokens, cum_weights=self.cum, k=k)
        ar = rng.random() < 0.4 if script_ar is None else script_ar
        name = " ".join(t[0] if ar else t[1] for t in toks)
        r = rng.random()
        year = rng.randint(1940, 2006)
        birth = (
            None
            if r < 0.2
            else str(year)
            if r < 0.5
            else f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        )
        nat = [rng.choice(NATIONALITIES)] if rng.random() < 0.6 else []
        return Person(pid, [name], birth, nat), toks

    def register(self, n: int) -> tuple[list[Person], list[list[tuple[str, str]]]]:
        people: list[Person] = []
        toks: list[list[tuple[str, str]]] = []
        for i in range(n):
            p, t = self.person(f"R{i:07d}")
            people.append(p)
            toks.append(t)
        return people, toks

    def queries(
        self, register: list[Person], toks: list[list[tuple[str, str]]], n: int
    ) -> list[Person]:
        rng = self.rng
        out: list[Person] = []
        for i in range(n):
            if i % 2 == 0:
                j = rng.randrange(len(register))
                src = register[j]
                # the same person written in the other script, parts maybe reordered
                from jisr.matching.text import is_arabic

                ar = not is_arabic(src.names[0])
                parts = [t[0] if ar else t[1] for t in toks[j]]
                if rng.random() < 0.3:
                    parts = parts[1:] + parts[:1]
                out.append(
                    Person(f"Q{i}={src.id}", [" ".join(parts)], src.birth_date, src.nationality)
                )
            else:
                p, _ = self.person(f"Q{i}")
                out.append(p)
        return out


def child(size: int, n_queries: int, translit: str | None, save: bool, workers: int) -> None:
    gen = Generator(translit)
    register, toks = gen.register(size)
    queries = gen.queries(register, toks, n_queries)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.perf_counter()
    index = Index.build(register)
    build = time.perf_counter() - t0
    rss_after_build = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    n_seq = min(500, n_queries)
    t0 = time.perf_counter()
    for q in queries[:n_seq]:
        index.search(q)
    seq = time.perf_counter() - t0
    t0 = time.perf_counter()
    results = index.search_many(queries, workers=workers)
    search = time.perf_counter() - t0
    hits = sum(len(r) for r in results)
    copies = [(q, r) for q, r in zip(queries, results, strict=True) if "=" in q.id]
    found = sum(1 for q, r in copies if q.id.split("=")[1] in {m.id for m in r})
    absent = [r for q, r in zip(queries, results, strict=True) if "=" not in q.id]
    rss_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result = {
        "size": size,
        "queries": n_queries,
        "build_s": build,
        "search_s": search,
        "qps": n_queries / search,
        "qps_one_core": n_seq / seq,
        "workers": workers,
        "rss_children_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
        "hits": hits,
        "recall_copies": found / max(1, len(copies)),
        "absent_with_hit": sum(1 for r in absent if r) / max(1, len(absent)),
        "rss_before_build_mb": rss_before / 1024,
        "rss_after_build_mb": rss_after_build / 1024,
        "rss_peak_mb": rss_peak / 1024,
    }
    if save:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "index.jsrx"
            t0 = time.perf_counter()
            index.save(path)
            result["save_s"] = time.perf_counter() - t0
            result["file_mb"] = path.stat().st_size / 1e6
            del index
            t0 = time.perf_counter()
            loaded = Index.load(path)
            result["load_s"] = time.perf_counter() - t0
            t0 = time.perf_counter()
            for q in queries[: min(1000, n_queries)]:
                loaded.search(q)
            result["qps_after_load"] = min(1000, n_queries) / (time.perf_counter() - t0)
    print(json.dumps(result))


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def screen_process_qps(register: list[Person], queries: list[Person]) -> tuple[float, float]:
    """Queries per second of a whole ``jisr screen`` process (start-up and index build
    included): per second of wall time, and per second of the CPU time it used."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for name, rows in (("register.jsonl", register), ("queries.jsonl", queries)):
            with (folder / name).open("w", encoding="utf-8") as fh:
                for p in rows:
                    fh.write(json.dumps(p.to_dict(), ensure_ascii=False) + "\n")
        cmd = [sys.executable, "-m", "jisr.cli", "screen", "register.jsonl", "queries.jsonl"]
        t0, c0 = time.perf_counter(), _children_cpu()
        subprocess.run([*cmd, "-o", "out.jsonl"], cwd=folder, check=True, capture_output=True)
        wall, cpu = time.perf_counter() - t0, _children_cpu() - c0
        return len(queries) / wall, len(queries) / cpu


def baselines(
    register_size: int, n_queries: int, translit: str | None, names: list[str]
) -> list[tuple[str, float, float]]:
    gen = Generator(translit, seed=5)
    register, toks = gen.register(register_size)
    queries = gen.queries(register, toks, n_queries)
    every: dict[str, System] = {
        "jisr": JisrSystem(),
        "name-based": NomenklaturaSystem("name-based"),
        "logic-v1": NomenklaturaSystem("logic-v1"),
        "rapidfuzz": RapidfuzzSystem(),
    }
    systems = [every[n] for n in names]
    out = [("jisr screen (whole process)", *screen_process_qps(register, queries))]
    for s in systems:
        s.prepare(register)
        t0, c0 = time.perf_counter(), time.process_time()
        for q in queries:
            s.search(q)
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        out.append((s.name, n_queries / wall, n_queries / cpu))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sizes", default="10000,100000,1000000")
    ap.add_argument("--queries", default="1000,1000,10000", help="queries per size")
    ap.add_argument("--translit")
    ap.add_argument("--baseline-register", type=int, default=700)
    ap.add_argument("--baseline-queries", type=int, default=1800)
    ap.add_argument(
        "--baseline-systems",
        default="jisr,name-based,logic-v1,rapidfuzz",
        help="systems timed on the small register",
    )
    ap.add_argument("--workers", type=int, default=2, help="search worker processes")
    ap.add_argument("--no-save", action="store_true", help="skip the save/load timing")
    ap.add_argument("--child", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--child-queries", type=int, default=1000, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.child, args.child_queries, args.translit, not args.no_save, args.workers)
        return 0
    sizes = [int(s) for s in args.sizes.split(",") if s]
    nq = [int(s) for s in args.queries.split(",")]
    nq = (nq + [nq[-1]] * len(sizes))[: len(sizes)]  # --sizes "": only the small-register table
    print("## Matching speed\n")
    print(
        "Synthetic registers drawn from the development pairs; one process per size "
        "(peak memory = max RSS of that process, register records included). "
        "Queries: half cross-script copies of register records (the recall column: "
        "share of them finding their source record), half absent persons (share with any hit: "
        "synthetic persons drawn from the same names, so some are genuine namesakes).\n"
    )
    print(
        "| register | index build (s) | peak memory (MB) | queries | search, "
        f"{args.workers} workers (s) | queries/s | queries/s, 1 core | worker peak memory (MB) "
        "| save (s) | file (MB) | load (s) | recall (copies) | absent with a hit |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for size, q in zip(sizes, nq, strict=True):
        cmd = [sys.executable, __file__, "--child", str(size), "--child-queries", str(q)]
        if args.translit:
            cmd += ["--translit", args.translit]
        if args.no_save:
            cmd.append("--no-save")
        cmd += ["--workers", str(args.workers)]
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            print(f"| {size:,} | failed: {proc.stderr.strip()[-200:]} |")
            continue
        r = json.loads(proc.stdout.strip().splitlines()[-1])
        print(
            f"| {size:,} | {r['build_s']:.1f} | {r['rss_peak_mb']:.0f} | {q:,} | "
            f"{r['search_s']:.1f} | {r['qps']:.0f} | {r['qps_one_core']:.0f} | "
            f"{r['rss_children_mb']:.0f} | {r.get('save_s', float('nan')):.1f} | "
            f"{r.get('file_mb', float('nan')):.0f} | {r.get('load_s', float('nan')):.1f} | "
            f"{r['recall_copies']:.3f} | {r['absent_with_hit']:.3f} |"
        )
        sys.stdout.flush()
    print(
        f"\n### Throughput on the same small register ({args.baseline_register:,} records, "
        f"{args.baseline_queries} queries; baselines compare every pair; speed-up relative to "
        "the whole `jisr screen` process, start-up and index build included)\n"
    )
    print(
        "On a shared machine the wall-clock rate depends on what else runs at that moment; "
        "the rate per CPU-second of each system's own process does much less.\n"
    )
    print("| system | queries/s | jisr speed-up | queries per CPU-second | jisr speed-up (CPU) |")
    print("|---|---:|---:|---:|---:|")
    res = baselines(
        args.baseline_register,
        args.baseline_queries,
        args.translit,
        args.baseline_systems.split(","),
    )
    jisr_qps, jisr_cpu = res[0][1], res[0][2]  # the whole jisr screen process is the reference
    for name, qps, cpu in res:
        print(
            f"| {name} | {qps:,.1f} | {jisr_qps / qps:,.0f}x | {cpu:,.1f} | {jisr_cpu / cpu:,.0f}x |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
