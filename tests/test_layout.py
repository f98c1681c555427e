"""The shape of `builder/` that the README promises: layers by folder, modules a reader can take
in, functions that fit on a screen, and no private API of the libraries on our paths."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import REPO

MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60
LIBRARIES = {"jinja2", "markupsafe", "pydantic", "pydantic_core", "markdown", "yaml", "mkdocs"}
"""Libraries whose private names (`_x`) we may not use."""

LAYERS = {
    "content": {"builder.content", "builder.problems", "builder.cores"},
    "site": {"builder.content", "builder.site", "builder.problems", "builder.cores"},
    "ingest": {"builder.content", "builder.ingest", "builder.problems", "builder.newfile"},
}
"""What each layer's modules may import from the package: content knows no site, engine or
template; the site knows no engine."""


def modules() -> list[Path]:
    found = sorted((REPO / "builder").rglob("*.py"))
    assert len(found) > 30
    return found


def functions(tree: ast.AST) -> list[tuple[str, int]]:
    return [
        (node.name, node.end_lineno - node.lineno + 1)
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.end_lineno
    ]


def imported(tree: ast.AST) -> list[tuple[str, str | None]]:
    """(module, name) for every import: name None for `import module`."""
    found: list[tuple[str, str | None]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, None) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            found += [(node.module, alias.name) for alias in node.names]
    return found


def test_no_module_is_longer_than_a_reader_can_take_in() -> None:
    long = {
        path.relative_to(REPO).as_posix(): lines
        for path in modules()
        if (lines := path.read_text(encoding="utf-8").count("\n")) > MAX_MODULE_LINES
    }
    assert long == {}


def test_no_function_is_longer_than_a_screen() -> None:
    long = {
        f"{path.relative_to(REPO).as_posix()}:{name}": lines
        for path in modules()
        for name, lines in functions(ast.parse(path.read_text(encoding="utf-8")))
        if lines > MAX_FUNCTION_LINES
    }
    assert long == {}


def test_the_function_measure_counts_the_whole_body() -> None:
    source = "def f():\n" + "    x = 1\n" * 70
    assert functions(ast.parse(source)) == [("f", 71)]


def test_no_private_name_of_a_library_is_used() -> None:
    private = []
    for path in modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for module, name in imported(tree):
            parts = module.split(".")
            if parts[0] in LIBRARIES and (
                any(part.startswith("_") for part in parts) or (name or "").startswith("_")
            ):
                private.append(f"{path.relative_to(REPO)}: {module} {name}")
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and node.attr.startswith("_")
                and not node.attr.startswith("__")
                and isinstance(node.value, ast.Name)
                and node.value.id in LIBRARIES
            ):
                private.append(f"{path.relative_to(REPO)}: {node.value.id}.{node.attr}")
    assert private == []


@pytest.mark.parametrize("layer", sorted(LAYERS))
def test_each_layer_imports_only_the_layers_beneath_it(layer: str) -> None:
    allowed = LAYERS[layer]
    wrong = []
    for path in sorted((REPO / "builder" / layer).rglob("*.py")):
        for module, _ in imported(ast.parse(path.read_text(encoding="utf-8"))):
            if module.startswith("builder") and not any(
                module == prefix or module.startswith(prefix + ".") for prefix in allowed
            ):
                wrong.append(f"{path.relative_to(REPO)}: {module}")
    assert wrong == []
