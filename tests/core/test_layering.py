"""The ground floor stays the ground floor: ``jisr.core`` imports no other app of the project.

Dependencies point one way (core ← audit ← accounts ← federation ← feature apps ← node).
The test reads the source, so an import hidden inside a function or made with
``importlib.import_module("jisr.…")`` counts too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import jisr

SRC = Path(jisr.__file__).parent


def _imported_modules(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
            # ``from jisr import audit`` imports the app too.
            if node.module == "jisr":
                found += [(node.lineno, f"jisr.{alias.name}") for alias in node.names]
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute | ast.Name)
            and getattr(node.func, "attr", getattr(node.func, "id", "")) == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            found.append((node.lineno, node.args[0].value))
    return found


def _violations(package: str, allowed: set[str]) -> list[str]:
    """``file:line imports module`` for every jisr import of ``package`` outside ``allowed``."""
    out = []
    for path in sorted((SRC / package).rglob("*.py")):
        if "migrations" in path.parts:
            continue
        for lineno, module in _imported_modules(path):
            parts = module.split(".")
            if parts[0] == "jisr" and len(parts) > 1 and parts[1] not in allowed:
                out.append(f"{path.relative_to(SRC)}:{lineno} imports {module}")
    return out


def test_core_imports_no_other_jisr_app() -> None:
    assert _violations("core", {"core"}) == []


def test_the_check_sees_an_import_of_another_app(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text(
        "import importlib\n"
        "def f():\n"
        "    from jisr.accounts.models import Agency\n"
        "    importlib.import_module('jisr.federation.services')\n"
        "from jisr import audit\n"
        "from jisr.core import clock\n"
    )
    modules = [name for _, name in _imported_modules(module)]
    assert "jisr.accounts.models" in modules
    assert "jisr.federation.services" in modules
    assert "jisr.audit" in modules
    assert "jisr.core" in modules


def test_only_the_command_imports_the_node_package() -> None:
    """``jisr.node`` is the top floor: no app may depend on it."""
    out = []
    for path in sorted(SRC.rglob("*.py")):
        relative = path.relative_to(SRC)
        # the command: its entry point and its commands
        command = relative.name in ("cli.py", "commands.py") and len(relative.parts) == 1
        if relative.parts[0] == "node" or command:
            continue
        out += [
            f"{relative}:{lineno} imports {module}"
            for lineno, module in _imported_modules(path)
            if module == "jisr.node" or module.startswith("jisr.node.")
        ]
    assert out == []
