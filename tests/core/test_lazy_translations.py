"""No translated text is formatted at import time: it would freeze in one language."""

from __future__ import annotations

import ast
from pathlib import Path

import jisr

LAZY = {"gettext_lazy", "pgettext_lazy", "ngettext_lazy", "npgettext_lazy"}


def _lazy_names(tree: ast.Module) -> set[str]:
    names = set(LAZY)
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation":
            names |= {a.asname or a.name for a in node.names if a.name in LAZY}
    return names


def _is_lazy_call(node: ast.AST, names: set[str]) -> bool:
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in names


def _import_time_nodes(body: list[ast.stmt]):
    """Statements run at import: module and class bodies, not function bodies."""
    for stmt in body:
        if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            continue
        if isinstance(stmt, ast.ClassDef):
            yield from _import_time_nodes(stmt.body)
            continue
        stack: list[ast.AST] = [stmt]
        while stack:
            node = stack.pop()
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
                continue
            yield node
            stack.extend(ast.iter_child_nodes(node))


def frozen_translations(source: str) -> list[int]:
    """Lines where a lazy translation is evaluated at import (``%``, ``+``, ``.format``, ``str``,
    f-string)."""
    tree = ast.parse(source)
    names = _lazy_names(tree)
    lines = []
    for node in _import_time_nodes(tree.body):
        if isinstance(node, ast.BinOp) and (
            (isinstance(node.op, ast.Mod) and _is_lazy_call(node.left, names))
            or (
                isinstance(node.op, ast.Add)
                and (_is_lazy_call(node.left, names) or _is_lazy_call(node.right, names))
            )
        ):
            lines.append(node.lineno)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "str"
            and node.args
            and _is_lazy_call(node.args[0], names)
        ):
            lines.append(node.lineno)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "format"
            and _is_lazy_call(node.func.value, names)
        ):
            lines.append(node.lineno)
        elif isinstance(node, ast.FormattedValue) and _is_lazy_call(node.value, names):
            lines.append(node.lineno)
    return lines


def test_no_module_formats_a_lazy_translation_at_import_time() -> None:
    root = Path(jisr.__file__).resolve().parent
    found = [
        f"{path.relative_to(root)}:{line}"
        for path in sorted(root.rglob("*.py"))
        if "migrations" not in path.parts
        for line in frozen_translations(path.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_the_scan_finds_a_help_text_formatted_in_a_class_body() -> None:
    source = (
        "from django.utils.translation import gettext_lazy as _\n"
        "class F:\n"
        "    help = _('types: %(t)s') % {'t': 'a'}\n"
        "    other = _('x {}').format(1)\n"
        "    joined = _('a') + ': b'\n"
        "def f():\n"
        "    return _('fine at call time: %(t)s') % {'t': 'a'}\n"
    )
    assert frozen_translations(source) == [3, 4, 5]
