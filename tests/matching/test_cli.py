"""`jisr screen` run as a real command in a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from jisr.matching.cli import _parser, _screen, screen_main

SRC = Path(__file__).resolve().parents[2] / "src"

REGISTER = [
    {"id": "w1", "names": ["Youssef Benali"], "birth_date": "1980-03-12", "nationality": ["MA"]},
    {"id": "w2", "names": ["عبد الرحيم الإدريسي"], "birth_date": "1975"},
    {"id": "w3", "names": ["Samir Haddad"], "birth_date": None},
]
QUERIES = [
    {"id": "q1", "names": ["يوسف بن علي"], "birth_date": "1980"},
    {"id": "q2", "names": ["Karim Tazi"], "birth_date": None},
    {"id": "q3", "names": ["Abdul Rahim Idrisi"], "birth_date": "1975-04"},
]


def jsonl(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8"
    )
    return path


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    return subprocess.run(
        [sys.executable, "-m", "jisr.matching.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


def test_screen_writes_one_line_per_query_in_input_order(tmp_path: Path) -> None:
    reg = jsonl(tmp_path / "register.jsonl", REGISTER)
    qs = jsonl(tmp_path / "queries.jsonl", QUERIES)
    out = tmp_path / "results.jsonl"
    proc = run(str(reg), str(qs), "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [x["query_id"] for x in lines] == ["q1", "q2", "q3"]
    assert [[m["id"] for m in x["matches"]] for x in lines] == [["w1"], [], ["w2"]]
    assert all("explanation" not in m for x in lines for m in x["matches"])
    assert "3 queries" in proc.stderr and "register of 3 records" in proc.stderr
    assert proc.stdout == ""


def test_screen_writes_to_stdout_with_explanations_threshold_and_top(tmp_path: Path) -> None:
    reg = jsonl(tmp_path / "register.jsonl", REGISTER)
    qs = jsonl(tmp_path / "queries.jsonl", QUERIES[:1])
    proc = run(str(reg), str(qs), "--explain", "--threshold", "0.2", "--top", "2")
    assert proc.returncode == 0, proc.stderr
    (line,) = [json.loads(x) for x in proc.stdout.splitlines()]
    assert 1 <= len(line["matches"]) <= 2
    best = line["matches"][0]
    assert best["id"] == "w1"
    assert best["explanation"]["name"]["parts"]
    assert best["explanation"]["birth_date"]["verdict"] == "same_year"


def test_screen_accepts_csv_input(tmp_path: Path) -> None:
    reg = tmp_path / "register.csv"
    reg.write_text(
        "id,names,birth_date,nationality\nw1,Youssef Benali;يوسف بن علي,1980,MA\n", encoding="utf-8"
    )
    qs = tmp_path / "queries.csv"
    qs.write_text("id,names,birth_date,nationality\nq1,Yusuf Ben Ali,,\n", encoding="utf-8")
    proc = run(str(reg), str(qs))
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["matches"][0]["id"] == "w1"


@pytest.mark.parametrize(
    ("which", "content", "line"),
    [
        ("queries", '{"id": "q1", "names": ["A B"]}\nnot json\n', 2),
        ("queries", '{"names": ["A B"]}\n', 1),
        ("register", '{"id": "w1", "names": ["A B"]}\n{"id": "w2", "names": []}\n', 2),
        ("register", '{"id": "w1", "names": ["A B"], "birth_date": "1980-02-30"}\n', 1),
    ],
)
def test_bad_input_fails_with_file_and_line_and_leaves_no_output(
    tmp_path: Path, which: str, content: str, line: int
) -> None:
    reg = jsonl(tmp_path / "register.jsonl", REGISTER)
    qs = jsonl(tmp_path / "queries.jsonl", QUERIES)
    bad = reg if which == "register" else qs
    bad.write_text(content, encoding="utf-8")
    out = tmp_path / "results.jsonl"
    proc = run(str(reg), str(qs), "-o", str(out))
    assert proc.returncode != 0
    assert f"{bad}:{line}:" in proc.stderr
    assert not out.exists()
    assert list(tmp_path.glob("*.tmp")) == []


def test_a_missing_input_file_is_an_error(tmp_path: Path) -> None:
    proc = run(str(tmp_path / "nope.jsonl"), str(tmp_path / "nope2.jsonl"))
    assert proc.returncode != 0
    assert "nope.jsonl" in proc.stderr


def test_screen_main_can_be_called_in_process(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    reg = jsonl(tmp_path / "register.jsonl", REGISTER)
    qs = jsonl(tmp_path / "queries.jsonl", QUERIES)
    assert screen_main([str(reg), str(qs)]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 3
    assert screen_main([str(reg), str(qs), "--threshold", "2"]) == 2


def test_screening_in_process_leaves_the_cycle_collector_on(tmp_path: Path) -> None:
    """`jisr screen` turns the collector off while it screens, and back on, also when
    it stops on bad input."""
    import gc

    reg = jsonl(tmp_path / "register.jsonl", REGISTER)
    qs = jsonl(tmp_path / "queries.jsonl", QUERIES)
    out = tmp_path / "out.jsonl"
    assert gc.isenabled()
    assert screen_main([str(reg), str(qs), "-o", str(out)]) == 0
    assert gc.isenabled()
    assert screen_main([str(reg), str(tmp_path / "missing.jsonl"), "-o", str(out)]) == 1
    assert gc.isenabled()
    (tmp_path / "bad.jsonl").write_text("{not json\n", encoding="utf-8")
    assert screen_main([str(reg), str(tmp_path / "bad.jsonl"), "-o", str(out)]) == 1
    assert gc.isenabled()


def test_the_results_are_written_beside_never_through_a_name_already_taken(
    tmp_path: Path,
) -> None:
    """The temporary results file is created exclusively: a file or a link already at
    its name is left alone and the next name is taken."""
    reg = jsonl(tmp_path / "register.jsonl", REGISTER)
    qs = jsonl(tmp_path / "queries.jsonl", QUERIES)
    out = tmp_path / "results.jsonl"
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("keep me", encoding="utf-8")
    taken = tmp_path / f".results.jsonl.{os.getpid()}.0.tmp"
    taken.symlink_to(elsewhere)
    assert screen_main([str(reg), str(qs), "-o", str(out)]) == 0
    assert len(out.read_text(encoding="utf-8").splitlines()) == 3
    assert elsewhere.read_text(encoding="utf-8") == "keep me"
    assert taken.is_symlink()
    assert not (tmp_path / f".results.jsonl.{os.getpid()}.1.tmp").exists()
    assert oct(out.stat().st_mode & 0o777) == "0o600"


#: Names in the forms the engine parses differently (titles, kunyas, epithets, joined
#: and split compounds, two scripts in one field, inverted order, initials).
_VARIED = [
    "Sheikh Abou Walid Karim Tazi",
    "Tazi, Karim A.",
    "Karim Tazi (كريم التازي)",
    "Nasreddine Benali al-Fassi",
    "Nasr al-Din Ben Ali",
    "أبو الوليد عبد الرحمن الزرهوني",
    "Haji Abdul Rahman Zerhouni",
    "Seifallah Mahmoud",
    "Mati ur-Rehman Chaudhry",
    "K. Zerhouni",
]


def test_a_screening_makes_no_reference_cycles(tmp_path: Path) -> None:
    """Why the collector can stay off for a whole screening: reading, indexing and
    searching (every candidate, with explanations) leave nothing for it to free."""
    import gc

    register = [{"id": f"r{k}", "names": [name]} for k, name in enumerate(_VARIED)]
    queries = [{"id": f"v{k}", "names": [name]} for k, name in enumerate(reversed(_VARIED))]
    reg = jsonl(tmp_path / "register.jsonl", REGISTER + register)
    qs = jsonl(tmp_path / "queries.jsonl", QUERIES + queries)
    out = tmp_path / "out.jsonl"
    argv = [str(reg), str(qs), "-o", str(out), "--threshold", "0", "--explain", "--top", "50"]
    args = _parser().parse_args(argv)  # (argparse's parser does hold cycles)
    gc.collect()
    gc.disable()
    try:
        assert _screen(args) == 0
        found = gc.collect()
    finally:
        gc.enable()
    hits = [json.loads(line)["matches"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert sum(len(m) for m in hits) > len(hits)  # (the search did compare names)
    assert found == 0


def test_an_index_file_is_built_once_and_reused_for_the_same_register(tmp_path: Path) -> None:
    reg = jsonl(tmp_path / "register.jsonl", REGISTER)
    qs = jsonl(tmp_path / "queries.jsonl", QUERIES)
    idx = tmp_path / "register.idx"
    first = run(str(reg), str(qs), "--index", str(idx))
    assert first.returncode == 0, first.stderr
    assert idx.exists()
    built = idx.stat().st_mtime_ns
    second = run(str(reg), str(qs), "--index", str(idx))
    assert second.returncode == 0, second.stderr
    assert idx.stat().st_mtime_ns == built  # loaded, not rebuilt
    assert second.stdout == first.stdout
    assert "register of 3 records" in second.stderr
    # another register: the stale index is rebuilt, not used
    jsonl(reg, REGISTER[:1])
    third = run(str(reg), str(qs), "--index", str(idx))
    assert "built from another register, rebuilding" in third.stderr
    assert "register of 1 records" in third.stderr
    assert [json.loads(line)["matches"] != [] for line in third.stdout.splitlines()] == [
        True,
        False,
        False,
    ]


def test_a_damaged_index_file_is_rebuilt(tmp_path: Path) -> None:
    reg = jsonl(tmp_path / "register.jsonl", REGISTER)
    qs = jsonl(tmp_path / "queries.jsonl", QUERIES)
    idx = tmp_path / "register.idx"
    idx.write_bytes(b"not an index")
    result = run(str(reg), str(qs), "--index", str(idx))
    assert result.returncode == 0, result.stderr
    assert "unreadable index" in result.stderr
    assert len(result.stdout.splitlines()) == 3
    assert "register of 3 records" in run(str(reg), str(qs), "--index", str(idx)).stderr


def test_an_index_saved_by_an_older_engine_is_rebuilt(tmp_path: Path) -> None:
    """An older engine read names into other keys: its saved index is not used."""
    import zipfile

    reg = jsonl(tmp_path / "register.jsonl", REGISTER)
    qs = jsonl(tmp_path / "queries.jsonl", QUERIES)
    idx = tmp_path / "register.idx"
    first = run(str(reg), str(qs), "--index", str(idx))
    assert first.returncode == 0, first.stderr
    old = tmp_path / "old.idx"
    with zipfile.ZipFile(idx) as src, zipfile.ZipFile(old, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "meta.json":
                meta = json.loads(data)
                meta["version"] -= 1
                data = json.dumps(meta).encode()
            dst.writestr(item, data)
    old.replace(idx)
    again = run(str(reg), str(qs), "--index", str(idx))
    assert "unreadable index" in again.stderr and "rebuilding" in again.stderr
    assert again.stdout == first.stdout
    assert json.loads(zipfile.ZipFile(idx).read("meta.json"))["version"] == meta["version"] + 1


def test_output_to_a_pipe_is_written_in_place_and_the_pipe_stays_a_pipe(tmp_path: Path) -> None:
    """``-o /dev/null`` or a FIFO is written to directly, never replaced by a renamed file."""
    import stat
    import threading

    reg = jsonl(tmp_path / "register.jsonl", REGISTER)
    qs = jsonl(tmp_path / "queries.jsonl", QUERIES)
    pipe = tmp_path / "results.fifo"
    os.mkfifo(pipe)
    received: list[str] = []
    reader = threading.Thread(
        target=lambda: received.extend(pipe.read_text(encoding="utf-8").splitlines()),
        daemon=True,  # if the command never opens the pipe, the reader must not hang the run
    )
    reader.start()
    proc = run(str(reg), str(qs), "-o", str(pipe))
    reader.join(timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert [json.loads(line)["query_id"] for line in received] == ["q1", "q2", "q3"]
    assert stat.S_ISFIFO(pipe.stat().st_mode)


_SAME_ON_EVERY_RUN = """
import itertools, json
from jisr.matching.index import Index
from jisr.matching.model import Person

given = ["Karim", "Nabil", "Samir", "Hicham", "Rachid", "Tarik", "Yassine", "Omar"]
middle = ["Hassan", "Driss", "Brahim", "Larbi", "Saleh", "Taieb"]
family = ["Tazi-Demo", "Alaoui-Demo", "Bennis-Demo", "Fassi-Demo", "Sqalli-Demo"]
people = [
    Person(id=f"r{i}", names=[" ".join(parts)], birth_date=None)
    for i, parts in enumerate(itertools.product(given, middle, family))
]
index = Index.build(people)
queries = ["Karim Hassan Tazi-Demo", "كريم حسن التازي", "Nabil Driss Fassi-Demo"]
print(json.dumps([index.candidates(Person(id="q", names=[q])) for q in queries]))
"""


def test_screening_gives_the_same_answer_in_every_process() -> None:
    """Which of equally ranked records are scored once the candidates are cut must not follow
    the process's string hashing: the same input once gave 822 or 823 hits from run to run."""
    answers = set()
    for seed in ("0", "1", "2", "3"):
        result = subprocess.run(
            [sys.executable, "-c", _SAME_ON_EVERY_RUN],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONPATH": str(SRC), "PYTHONHASHSEED": seed},
            timeout=120,
            check=True,
        )
        candidates = json.loads(result.stdout)
        assert len(candidates[0]) == 100, "the first query must have more candidates than the cut"
        answers.add(result.stdout)
    assert len(answers) == 1


def test_a_large_query_file_is_searched_by_two_processes_when_two_cores_are_free(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from jisr.matching import cli

    monkeypatch.setattr(cli.os, "sched_getaffinity", lambda pid: {0, 1, 2, 3}, raising=False)
    assert cli._default_workers(999) == 1
    assert cli._default_workers(1000) == 2
    monkeypatch.setattr(cli.os, "sched_getaffinity", lambda pid: {0}, raising=False)
    assert cli._default_workers(5000) == 1


def test_one_or_two_workers_write_the_same_results(tmp_path: Path) -> None:
    reg = jsonl(tmp_path / "register.jsonl", REGISTER)
    many = [{**q, "id": f"{q['id']}-{k}"} for k in range(400) for q in QUERIES]
    qs = jsonl(tmp_path / "queries.jsonl", many)
    outputs = []
    for workers in ("1", "2"):
        out = tmp_path / f"results-{workers}.jsonl"
        proc = run(str(reg), str(qs), "--explain", "--workers", workers, "-o", str(out))
        assert proc.returncode == 0, proc.stderr
        outputs.append(out.read_text(encoding="utf-8"))
    assert outputs[0] == outputs[1]
    assert len(outputs[0].splitlines()) == 1200


class _FailingInChildren:
    """An index whose searches fail in any process but the one that made it."""

    def __init__(self, index: object) -> None:
        self.index = index
        self.parent = os.getpid()

    def search(self, query: object, **kwargs: object) -> object:
        if os.getpid() != self.parent:
            raise RuntimeError("a worker died")
        return self.index.search(query, **kwargs)  # type: ignore[attr-defined]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_the_share_of_a_failed_worker_is_searched_by_the_parent() -> None:
    import argparse

    from jisr.matching import Index, Person
    from jisr.matching.cli import _forked_lines, _lines

    index = Index.build([Person(**r) for r in REGISTER])  # type: ignore[arg-type]
    queries = [Person(**{**q, "id": f"{q['id']}-{k}"}) for k in range(5) for q in QUERIES]  # type: ignore[arg-type]
    args = argparse.Namespace(threshold=0.5, top=10, explain=True)
    expected = _lines(index, queries, args)
    assert _forked_lines(index, queries, args, 3) == expected
    assert _forked_lines(_FailingInChildren(index), queries, args, 3) == expected  # type: ignore[arg-type]


class _SlowInChildren:
    """An index whose searches take 0.2 s in any process but the one that made it, and
    that writes down which process searched each query."""

    def __init__(self, index: object, log: Path) -> None:
        self.index = index
        self.parent = os.getpid()
        self.log = log

    def search(self, query: object, **kwargs: object) -> object:
        import time

        if os.getpid() != self.parent:
            time.sleep(0.2)
        with self.log.open("a", encoding="utf-8") as fh:
            fh.write(f"{os.getpid()}\n")
        return self.index.search(query, **kwargs)  # type: ignore[attr-defined]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_a_busy_worker_leaves_the_remaining_queries_to_the_others(tmp_path: Path) -> None:
    """Queries are claimed as the processes go, not dealt out in fixed shares: while one
    process is slow, the other takes the rest (a fixed split gives each 20 of 40)."""
    import argparse

    from jisr.matching import Index, Person
    from jisr.matching.cli import _forked_lines, _lines

    index = Index.build([Person(**r) for r in REGISTER])  # type: ignore[arg-type]
    queries = [Person(**{**q, "id": f"{q['id']}-{k}"}) for k in range(14) for q in QUERIES][:40]  # type: ignore[arg-type]
    args = argparse.Namespace(threshold=0.5, top=10, explain=True)
    log = tmp_path / "searched-by.txt"
    assert _forked_lines(_SlowInChildren(index, log), queries, args, 2) == _lines(  # type: ignore[arg-type]
        index, queries, args
    )
    searched_by = log.read_text(encoding="utf-8").split()
    assert len(searched_by) == 40
    by_child = sum(1 for pid in searched_by if pid != str(os.getpid()))
    assert by_child < 10


def test_queries_are_cut_into_chunks_in_order_and_never_too_many() -> None:
    from jisr.matching import Person
    from jisr.matching.cli import _chunks

    queries = [Person(f"q{k}", ["Karim Tazi"], None, []) for k in range(10_000)]
    two = _chunks(queries, 2)
    assert [q.id for chunk in two for q in chunk] == [q.id for q in queries]
    assert 100 <= len(two) <= 128
    assert len(_chunks(queries, 1000)) <= 4096
    assert [len(c) for c in _chunks(queries[:3], 2)] == [1, 1, 1]


def _jisr_screen(*args: str) -> subprocess.CompletedProcess[str]:
    """The `jisr screen` command (`jisr` as installed runs jisr.cli's `run`)."""
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    code = "import sys; from jisr.cli import run; sys.argv[0] = 'jisr'; run()"
    return subprocess.run(
        [sys.executable, "-c", code, "screen", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


def test_the_jisr_command_writes_every_line_and_exits_with_the_screening_status(
    tmp_path: Path,
) -> None:
    """`jisr screen` ends its process itself, without the interpreter's tear-down: all
    its output must be out first, and its status must be the screening's."""
    reg = jsonl(tmp_path / "register.jsonl", REGISTER)
    many = [{**q, "id": f"{q['id']}-{k}"} for k in range(400) for q in QUERIES]
    qs = jsonl(tmp_path / "queries.jsonl", many)
    out = tmp_path / "results.jsonl"
    to_file = _jisr_screen(str(reg), str(qs), "--explain", "-o", str(out))
    assert to_file.returncode == 0, to_file.stderr
    assert "1200 queries, register of 3 records" in to_file.stderr
    to_stdout = _jisr_screen(str(reg), str(qs), "--explain")
    assert to_stdout.returncode == 0, to_stdout.stderr
    assert len(to_stdout.stdout.splitlines()) == 1200  # (far more than one buffer's worth)
    assert to_stdout.stdout == out.read_text(encoding="utf-8")
    assert _jisr_screen(str(reg), str(qs), "--threshold", "2").returncode == 2
    missing = _jisr_screen(str(reg), str(tmp_path / "nope.jsonl"))
    assert missing.returncode == 1 and "nope.jsonl" in missing.stderr
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_output_cut_short_by_its_reader_ends_with_status_1_and_no_traceback(
    tmp_path: Path,
) -> None:
    reg = jsonl(tmp_path / "register.jsonl", REGISTER)
    many = [{**q, "id": f"{q['id']}-{k}"} for k in range(2000) for q in QUERIES]
    qs = jsonl(tmp_path / "queries.jsonl", many)
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "jisr.matching.cli", str(reg), str(qs), "--explain"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()  # like `| head -1`
    proc.stdout.close()
    errors = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 1
    assert json.loads(first)["query_id"] == "q1-0"
    assert "Traceback" not in errors
