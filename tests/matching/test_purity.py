"""jisr.matching is a pure Python package: no Django, no web, no storage."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"


def test_importing_the_matching_package_imports_no_django() -> None:
    code = (
        "import sys\n"
        "import jisr.matching, jisr.matching.cli, jisr.matching.io\n"
        "bad = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
        "print(','.join(bad))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(SRC), "PATH": "/usr/bin:/bin"},
        timeout=60,
        check=True,
    )
    assert proc.stdout.strip() == ""


def test_the_package_source_never_mentions_django_imports() -> None:
    pkg = SRC / "jisr" / "matching"
    for path in pkg.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "import django" not in text and "from django" not in text, path
