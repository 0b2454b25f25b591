"""The engine compiled by mypyc (setup.py, optional) and its Python sources agree."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

import pytest

import jisr.matching
from jisr.matching import _compiled

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "bench" / "data"

# Every result of the curated cases and the watch list, at a low threshold, with its
# explanation and the score to the last digit.
_DUMP = """
import json, sys
import jisr.matching as m
from jisr.matching import Index, read_records, score_pair
from jisr.matching import scoring
print(m.COMPILED, scoring.__file__.endswith('.py'))
for kind in ('hard', 'watchlist'):
    register = read_records(sys.argv[1] + f'/{kind}_register.jsonl')
    queries = read_records(sys.argv[1] + f'/{kind}_queries.jsonl')
    index = Index.build(register)
    for q in queries:
        for r in index.search(q, threshold=0.3, top=1000):
            print(q.id, r.id, repr(r.score), json.dumps(r.explanation, sort_keys=True))
        print(q.id, index.search_name_part(q.names[0]))
        print(q.id, repr(score_pair(q, register[0]).score))
"""


def _dump(pure: bool) -> list[str]:
    env = {k: v for k, v in os.environ.items() if k != "JISR_PURE_PYTHON"}
    env["PYTHONHASHSEED"] = "0"
    env["PYTHONPATH"] = str(ROOT / "src")
    if pure:
        env["JISR_PURE_PYTHON"] = "1"
    proc = subprocess.run(
        [sys.executable, "-c", _DUMP, str(DATA)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=True,
    )
    return proc.stdout.splitlines()


def test_setup_compiles_the_modules_the_package_expects() -> None:
    tree = ast.parse((ROOT / "setup.py").read_text(encoding="utf-8"))
    listed = next(
        ast.literal_eval(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign)
        and any(isinstance(t, ast.Name) and t.id == "COMPILED" for t in node.targets)
    )
    assert tuple(listed) == _compiled.COMPILED
    assert "__init__" not in listed and "_compiled" not in listed


def test_jisr_pure_python_imports_the_sources() -> None:
    first = _dump(pure=True)[0]
    assert first == "False True"


def test_compiled_and_pure_engines_give_the_same_results() -> None:
    if not jisr.matching.COMPILED:
        pytest.skip("the matching engine is not compiled here (pure Python install)")
    compiled, pure = _dump(pure=False), _dump(pure=True)
    assert compiled[0] == "True False"
    assert len(compiled) > 300
    assert compiled[1:] == pure[1:]


def test_a_source_newer_than_its_compiled_copy_is_imported_instead(tmp_path: Path) -> None:
    suffix = EXTENSION_SUFFIXES[0]
    for name in _compiled.COMPILED:
        (tmp_path / f"{name}{suffix}").write_bytes(b"")
        (tmp_path / f"{name}.py").write_text("")
    assert _compiled.fresh_builds(tmp_path)
    edited = tmp_path / "scoring.py"
    later = edited.stat().st_mtime + 60
    os.utime(edited, (later, later))
    assert not _compiled.fresh_builds(tmp_path)
    os.utime(tmp_path / f"scoring{suffix}", (later, later))  # built again
    assert _compiled.fresh_builds(tmp_path)
    (tmp_path / f"text{suffix}").unlink()
    assert not _compiled.fresh_builds(tmp_path)
