"""``jisr screen``: screen query records against a register, offline.

    jisr screen REGISTER QUERIES [-o RESULTS] [--threshold T] [--top K] [--explain]
                [--workers N] [--index FILE]

Inputs are JSONL (or ``.csv``) person records; output is JSONL, one line per
query in input order. Needs no database and no node.
"""

from __future__ import annotations

import argparse
import errno
import gc
import json
import os
import stat
import sys
import time
from collections.abc import Sequence
from typing import IO, NoReturn

from .index import Index
from .io import RecordError, read_records
from .model import DEFAULT_THRESHOLD, Match, Person

__all__ = ["main", "screen_main"]


#: From this many queries, ``jisr screen`` searches with two processes by default.
_MANY_QUERIES = 1000
#: Chunks of queries per process when several search: small enough to even out the work.
_CHUNKS_PER_WORKER = 64


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="jisr screen",
        description="Screen person records against a register (Arabic and Latin names).",
    )
    p.add_argument("register", help="register records, JSONL or .csv")
    p.add_argument("queries", help="query records, JSONL or .csv")
    p.add_argument("-o", "--output", help="results file (JSONL); default: stdout")
    p.add_argument(
        "--threshold",
        type=float,
        default=DEFAULT_THRESHOLD,
        help=f"minimum score of a hit, in [0, 1] (default {DEFAULT_THRESHOLD})",
    )
    p.add_argument("--top", type=int, default=10, help="at most K hits per query (default 10)")
    p.add_argument("--explain", action="store_true", help="include an explanation per hit")
    p.add_argument(
        "--workers",
        type=int,
        default=None,
        help="worker processes for the search (default: 2 when this process may use two "
        f"cores or more and there are at least {_MANY_QUERIES:,} queries, else 1)",
    )
    p.add_argument(
        "--index",
        metavar="FILE",
        help="reuse the index saved in FILE if it was built from this REGISTER; "
        "otherwise build it and save it there (for large registers screened often)",
    )
    return p


def _default_workers(n_queries: int) -> int:
    """Two worker processes for a large query file when two cores are free to use.

    Not more by default: each worker fills its own caches (some hundred MB on a
    1,000,000-record register); ``--workers`` asks for more.
    """
    if n_queries < _MANY_QUERIES:
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return 2 if (cores or 1) >= 2 else 1


def _file_digest(path: str) -> str:
    import hashlib  # (with --index only: imports are a tenth of a small screening)

    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return f"sha256:{digest.hexdigest()}"


def _saved_index(path: str, digest: str) -> Index | None:
    """The index in ``path`` if it was built from the register with ``digest``."""
    import zipfile

    if not os.path.exists(path):
        return None
    try:
        index = Index.load(path)
    except (ValueError, KeyError, OSError, zipfile.BadZipFile) as exc:
        print(f"jisr screen: {path}: unreadable index ({exc}), rebuilding", file=sys.stderr)
        return None
    if index.source != digest:
        print(f"jisr screen: {path}: built from another register, rebuilding", file=sys.stderr)
        return None
    return index


def _line(query: Person, matches: list[Match], explain: bool) -> str:
    line = {"query_id": query.id, "matches": [m.to_dict(explain=explain) for m in matches]}
    return json.dumps(line, ensure_ascii=False) + "\n"


def _lines(
    index: Index, queries: Sequence[Person], args: argparse.Namespace
) -> tuple[list[str], int]:
    """The output lines of ``queries`` (in their order) and how many hits they hold."""
    lines: list[str] = []
    hits = 0
    for q in queries:
        matches = index.search(q, threshold=args.threshold, top=args.top)
        hits += len(matches)
        lines.append(_line(q, matches, args.explain))
    return lines, hits


def _claim(claims: int) -> int | None:
    """The next chunk number from the claims pipe, or None once they are all taken."""
    data = os.read(claims, 4)
    # Every number went in as one 4-byte write before any process read: a pipe hands
    # each reader whole numbers, one reader at a time.
    return int.from_bytes(data, "little") if len(data) == 4 else None


def _claimed_lines(
    index: Index, chunks: Sequence[Sequence[Person]], args: argparse.Namespace, claims: int
) -> tuple[dict[int, list[str]], int]:
    """Search chunk after chunk, claimed from the pipe, until none is left."""
    done: dict[int, list[str]] = {}
    hits = 0
    while (number := _claim(claims)) is not None:
        lines, found = _lines(index, chunks[number], args)
        done[number] = lines
        hits += found
    return done, hits


def _chunks(queries: list[Person], workers: int) -> list[list[Person]]:
    """The queries in order, cut into about :data:`_CHUNKS_PER_WORKER` chunks per process
    and at most 4,096 (their numbers, 16 KiB, fit in a pipe before anyone reads)."""
    pieces = min(workers * _CHUNKS_PER_WORKER, 4096)
    size = max(1, -(-len(queries) // pieces))
    return [queries[i : i + size] for i in range(0, len(queries), size)]


def _forked_lines(
    index: Index, queries: list[Person], args: argparse.Namespace, workers: int
) -> tuple[list[str], int]:
    """:func:`_lines` in ``workers`` processes: this one and forked children.

    The queries are cut into small chunks that the processes claim from a pipe as they
    go: a query for someone absent from the register costs several times one that finds
    its person at once, so fixed shares (every other query, or halves) can leave one
    core idle while the other works. A child sends back its finished output lines, with
    the numbers of its chunks, through a pipe; the queries and the index are shared
    copy-on-write, nothing is pickled. Any chunk that no child reports (a child failed)
    is searched here. Which process searches a query never changes its result.
    """
    chunks = _chunks(queries, workers)
    claims_read, claims_write = os.pipe()
    unsent = memoryview(b"".join(n.to_bytes(4, "little") for n in range(len(chunks))))
    while unsent:
        unsent = unsent[os.write(claims_write, unsent) :]
    os.close(claims_write)
    children: list[tuple[int, int]] = []
    for _ in range(1, workers):
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: search what it claims, send it, leave without cleaning up
            code = 1
            try:
                os.close(read_fd)
                done, hits = _claimed_lines(index, chunks, args, claims_read)
                numbers = " ".join(str(n) for n in done)
                body = "".join(line for lines in done.values() for line in lines)
                with os.fdopen(write_fd, "wb") as pipe:
                    pipe.write(f"{hits}\n{numbers}\n{body}".encode("utf-8", "surrogatepass"))
                code = 0
            finally:
                os._exit(code)
        os.close(write_fd)
        children.append((pid, read_fd))
    done, hits = _claimed_lines(index, chunks, args, claims_read)
    os.close(claims_read)
    for pid, read_fd in children:
        with os.fdopen(read_fd, "rb") as pipe:
            data = pipe.read().decode("utf-8", "surrogatepass")
        _, status = os.waitpid(pid, 0)
        head, _, rest = data.partition("\n")
        numbers, _, body = rest.partition("\n")
        # (json.dumps escapes every newline in a value: one "\n" ends each line)
        lines = [f"{line}\n" for line in body.split("\n")[:-1]]
        claimed = [int(n) for n in numbers.split()] if numbers.replace(" ", "").isdigit() else []
        if (
            status != 0
            or not head.isdigit()
            or any(n >= len(chunks) or n in done for n in claimed)
            or len(lines) != sum(len(chunks[n]) for n in claimed)
        ):
            continue  # its chunks are searched below
        at = 0
        for n in claimed:
            done[n] = lines[at : at + len(chunks[n])]
            at += len(chunks[n])
        hits += int(head)
    for n, chunk in enumerate(chunks):
        if n not in done:
            done[n], found = _lines(index, chunk, args)
            hits += found
    return [line for n in range(len(chunks)) for line in done[n]], hits


def _write(out: IO[str], index: Index, queries: list[Person], args: argparse.Namespace) -> int:
    workers = args.workers if args.workers is not None else _default_workers(len(queries))
    workers = min(workers, len(queries))
    if workers > 1 and hasattr(os, "fork") and sys.platform == "linux":
        lines, hits = _forked_lines(index, queries, args, workers)
    elif workers > 1:  # no fork here: search_many decides (a pool where it can)
        results = index.search_many(
            queries, threshold=args.threshold, top=args.top, workers=workers
        )
        lines = [_line(q, m, args.explain) for q, m in zip(queries, results, strict=True)]
        hits = sum(len(m) for m in results)
    else:
        lines, hits = _lines(index, queries, args)
    out.writelines(lines)
    return hits


def _load(args: argparse.Namespace) -> tuple[Index, int, list[Person]] | int:
    """The index (read, or built from the register), the register's size and the
    queries; or the exit status after reporting why they cannot be had."""
    index: Index | None = None
    try:
        digest = _file_digest(args.register) if args.index else ""
        if args.index:
            index = _saved_index(args.index, digest)
        register_size = len(index) if index is not None else 0
        if index is None:
            register = read_records(args.register)
            register_size = len(register)
        queries = read_records(args.queries)
    except RecordError as exc:
        print(f"jisr screen: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"jisr screen: {exc.filename}: {exc.strerror}", file=sys.stderr)
        return 1
    if index is None:
        index = Index.build(register)
        if args.index:
            index.source = digest
            try:
                index.save(args.index)
            except OSError as exc:
                print(f"jisr screen: {exc.filename}: {exc.strerror}", file=sys.stderr)
                return 1
    return index, register_size, queries


def screen_main(argv: list[str]) -> int:
    """Entry point of ``jisr screen``; returns the process exit status."""
    args = _parser().parse_args(argv)
    if not 0.0 <= args.threshold <= 1.0:
        print("jisr screen: --threshold must be between 0 and 1", file=sys.stderr)
        return 2
    if args.workers is not None and args.workers < 1:
        print("jisr screen: --workers must be at least 1", file=sys.stderr)
        return 2
    if args.top < 1:
        print("jisr screen: --top must be at least 1", file=sys.stderr)
        return 2
    # The cycle collector is off for the whole screening. Reading, indexing and
    # searching make no reference cycles (tests/matching/test_cli.py checks it), so it
    # would find nothing; it would only walk the growing register and caches again
    # and again (8 % of the CPU time of 1,800 queries against 700 records).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _screen(args)
    finally:
        if collecting:
            gc.enable()


def _screen(args: argparse.Namespace) -> int:
    start = time.perf_counter()
    loaded = _load(args)
    if isinstance(loaded, int):
        return loaded
    index, register_size, queries = loaded
    if args.output and _is_special(args.output):
        # A device or pipe (-o /dev/null, a FIFO) cannot be replaced by a renamed file.
        with open(args.output, "w", encoding="utf-8") as out:
            hits = _write(out, index, queries, args)
    elif args.output:
        fd, tmp_name = _create_beside(args.output)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                hits = _write(out, index, queries, args)
            os.replace(tmp_name, args.output)
        except BaseException:
            try:
                os.unlink(tmp_name)
            except FileNotFoundError:
                pass
            raise
    else:
        hits = _write(sys.stdout, index, queries, args)
        sys.stdout.flush()
    elapsed = time.perf_counter() - start
    print(
        f"jisr screen: {len(queries)} queries, register of {register_size} records, "
        f"{hits} hits, {elapsed:.2f} s",
        file=sys.stderr,
    )
    return 0


def _is_special(path: str) -> bool:
    """True for an existing path that is not a regular file (a device, a pipe)."""
    try:
        return not stat.S_ISREG(os.stat(path).st_mode)
    except FileNotFoundError:
        return False


def _create_beside(target: str) -> tuple[int, str]:
    """A new, empty file in ``target``'s folder, open for writing, and its name.

    The results are written there and renamed over ``target`` once complete, so a
    failed run never leaves half a file. Created exclusively (never an existing
    file, never through a symbolic link), readable by the owner only, as
    ``tempfile.mkstemp`` would; that module is not imported for it, as imports are
    a tenth of a small screening.
    """
    folder, name = os.path.split(target)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    for attempt in range(1000):
        tmp = os.path.join(folder, f".{name}.{os.getpid()}.{attempt}.tmp")
        try:
            return os.open(tmp, flags | getattr(os, "O_CLOEXEC", 0), 0o600), tmp
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary name", target)


def exit_now(code: int) -> NoReturn:
    """End this process with ``code`` once standard output and error are flushed.

    For the command line only, after a screening: its results are written and
    closed, and tearing the interpreter down would free every cached name, token
    and token pair one object at a time (a tenth of a screening of 1,800 queries
    against 700 records).
    """
    try:
        sys.stdout.flush()
    except (OSError, ValueError):  # (a closed pipe: what was not written is lost)
        code = code or 1
    try:
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
    os._exit(code)


def main(argv: list[str] | None = None) -> NoReturn:
    """``jisr screen`` as a process: screen, then exit with its status (see exit_now)."""
    try:
        code = screen_main(sys.argv[1:] if argv is None else argv)
    except BrokenPipeError:  # e.g. piped into head
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        code = 1
    exit_now(code)


if __name__ == "__main__":
    main()
