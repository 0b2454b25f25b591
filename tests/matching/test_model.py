"""The public records: Person and Match, compiled or not."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from jisr.matching import Match, Person

SRC = Path(__file__).resolve().parents[2] / "src"


def test_records_compare_by_value_and_print_their_fields() -> None:
    person = Person("p1", ["Karim Tazi"], "1980", ["MA"])
    assert person == Person("p1", ["Karim Tazi"], "1980", ["MA"])
    assert person != Person("p1", ["Karim Tazi"], "1981", ["MA"])
    assert Person("p2", ["Nabil Zerhouni"]).nationality == []
    assert repr(person) == (
        "Person(id='p1', names=['Karim Tazi'], birth_date='1980', nationality=['MA'])"
    )
    assert Match("p1", 0.9, {}) == Match("p1", 0.9, {})
    assert Match("p1", 0.9, {}) != Match("p1", 0.8, {})
    with pytest.raises(TypeError):
        hash(person)  # mutable, like the list it holds


@pytest.mark.parametrize("pure", [False, True], ids=["as installed", "pure Python"])
def test_records_survive_pickling_and_copying(pure: bool) -> None:
    """Index.search_many sends queries to worker processes and gets matches back pickled."""
    code = (
        "import copy, pickle\n"
        "from jisr.matching import Match, Person\n"
        "p = Person('p1', ['كريم التازي'], '1980-03', ['MA'])\n"
        "m = Match('p1', 0.93, {'name': {'score': 0.9}})\n"
        "for x in (p, m):\n"
        "    assert pickle.loads(pickle.dumps(x)) == x\n"
        "    assert copy.deepcopy(x) == x and copy.copy(x) == x\n"
        "print('ok')\n"
    )
    env = {"PYTHONPATH": str(SRC), "PATH": "/usr/bin:/bin"}
    if pure:
        env["JISR_PURE_PYTHON"] = "1"
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60
    )
    assert proc.stdout.strip() == "ok", proc.stderr
