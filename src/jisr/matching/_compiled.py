"""Compiled or pure: which copy of the engine's modules ``jisr.matching`` imports.

``pip install`` compiles the modules in ``COMPILED`` with mypyc when it can (see
``setup.py``); each compiled module sits beside its ``.py`` source and Python would
import it first. The compiled copy is used only when every one of them is there, none
is older than its source (an edited source is never shadowed by a stale build) and they
load; otherwise, or with ``JISR_PURE_PYTHON=1``, the sources are imported. Both give
the same results (``tests/matching/test_compiled.py``).
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import sys
from collections.abc import Sequence
from importlib.machinery import EXTENSION_SUFFIXES, ModuleSpec
from types import ModuleType

# The same list as in setup.py.
COMPILED = (
    "text",
    "phonetic",
    "names",
    "given_names",
    "scoring",
    "features",
    "search",
    "index",
    "model",
    "io",
)

_SLACK_S = 2.0
# os.path, not pathlib: this runs at every `jisr screen`, whose start-up is part of its time
_HERE = os.path.dirname(os.path.realpath(__file__))
_PACKAGE = __name__.rpartition(".")[0]


class _SourceFinder:
    """Finds the engine's modules as their Python sources, ahead of any compiled copy."""

    @staticmethod
    def find_spec(
        fullname: str, path: Sequence[str] | None = None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        package, _, name = fullname.rpartition(".")
        if package != _PACKAGE or name not in COMPILED:
            return None
        return importlib.util.spec_from_file_location(fullname, os.path.join(_HERE, f"{name}.py"))


def fresh_builds(folder: str | os.PathLike[str] = _HERE) -> bool:
    """True when each module in ``COMPILED`` has a compiled copy not older than its source."""
    for name in COMPILED:
        source = os.path.join(folder, f"{name}.py")
        found = [
            built
            for suffix in EXTENSION_SUFFIXES
            if os.path.exists(built := os.path.join(folder, f"{name}{suffix}"))
        ]
        # an installer may write a module's source a moment after its compiled copy
        if not found or os.stat(found[0]).st_mtime + _SLACK_S < os.stat(source).st_mtime:
            return False
    return True


def _choose() -> bool:
    """True when the compiled modules are in use; installs the source finder otherwise."""
    if not os.environ.get("JISR_PURE_PYTHON") and fresh_builds():
        try:
            importlib.import_module(f"{_PACKAGE}.text")
            return True
        except ImportError:  # a build left incomplete (its shared library missing)
            sys.modules.pop(f"{_PACKAGE}.text", None)
    sys.meta_path.insert(0, _SourceFinder())
    return False


ACTIVE = _choose()
