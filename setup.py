"""Optional build step: compile the matching engine with mypyc.

``pip install`` (plain or ``-e``) runs this. The modules of ``jisr.matching`` named below
are compiled from the same typed sources when mypyc and a C compiler are at hand; when
anything fails the package installs as pure Python, with the same results, only slower.
``JISR_PURE_PYTHON=1`` at install time skips the build; at run time it makes the engine
import its Python sources even when compiled copies are present (see
``jisr/matching/_compiled.py``).
"""

from __future__ import annotations

import os
import sys

from setuptools import Extension, setup

# __init__ (chooses compiled or pure at import) and cli (argument parsing, files) stay Python.
COMPILED = [
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
]


def _compiled_modules() -> list[Extension]:
    if os.environ.get("JISR_PURE_PYTHON"):
        return []
    # mypyc adds the floats of sum() one by one, as CPython 3.11 does; 3.12's sum()
    # compensates rounding, so a compiled engine there could differ in a last digit.
    if sys.implementation.name != "cpython" or sys.version_info[:2] != (3, 11):
        return []
    try:
        from mypyc.build import mypycify

        # the project's mypy settings load the Django plugin, which the build does not need
        flags = ["--config-file", os.devnull, "--ignore-missing-imports"]
        modules = mypycify(
            [*flags, *(f"src/jisr/matching/{name}.py" for name in COMPILED)],
            opt_level="3",
            verbose=False,
        )
    except (Exception, SystemExit) as exc:  # no mypyc, or the sources do not type-check
        print(f"jisr: matching engine not compiled ({exc!r}); pure Python", file=sys.stderr)
        return []
    for ext in modules:
        ext.optional = True  # a compiler error leaves the pure Python module in use
    return modules


setup(ext_modules=_compiled_modules())
