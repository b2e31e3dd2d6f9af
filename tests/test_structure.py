"""The package keeps its shape: layers point down, no import cycle, small functions and modules.

The layers are those of ARCHITECTURE.md (shared/docs), top to bottom. A module may import its
own package and any lower layer; never a higher layer, and never another package of its own layer
(readers and clean, for instance, share patterns through ``furniture`` below both); readers,
though above the store, never touch it. Imports are
read from the source (ast), not by importing, so a cycle shows even where Python would tolerate it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from conftest import ROOT

PACKAGE = ROOT / "src" / "wparchive"
LAYERS = [
    {"__main__"},
    {"cli"},
    {"report"},
    {"cluster"},
    {"ingest", "publish", "export", "stats", "merge"},
    {"parallel", "progress", "readahead"},
    {"readers", "clean"},
    {"store"},
    {"threads"},
    {
        "model",
        "inputs",
        "dates",
        "when",
        "autop",
        "theme_words",
        "htmltext",
        "sanitize",
        "pingbacks",
        "furniture",
        "textcodec",
        "lock",
        "warc",
        "gzmember",
        "jsonhead",
        "spill",
        "__init__",
    },
]
LEAVES = LAYERS[-1]  # helpers of the bottom layer may use one another
MAX_FUNCTION_LINES = 50
MAX_MODULE_LINES = 400
MAX_LINE = 110


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        if "datasette" in parts:  # the Datasette plugin runs in the published site, without wparchive
            continue
        name = ".".join(parts[:-1]) if parts[-1] == "__init__" and len(parts) > 1 else ".".join(parts)
        found[name] = path
    return found


MODULES = _modules()


def _target(imported: str) -> str | None:
    """The module of the package an import names (a submodule when ``from package import submodule``)."""
    name = imported.removeprefix("wparchive.") if imported != "wparchive" else "__init__"
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def imports_of(module: str) -> set[str]:
    tree = ast.parse(MODULES[module].read_text())
    found: set[str] = set()
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [f"{node.module}.{alias.name}" for alias in node.names] + [node.module]
        for name in names:
            if name == "wparchive" or name.startswith("wparchive."):
                target = _target(name)
                if target and target != module:
                    found.add(target)
    return _most_specific(found)


def _most_specific(targets: set[str]) -> set[str]:
    """``from wparchive.store import rows`` names both store and store.rows: keep store.rows."""
    return {t for t in targets if not any(other.startswith(t + ".") for other in targets)}


def layer_of(module: str) -> int:
    top = module.split(".")[0]
    for index, layer in enumerate(LAYERS):
        if top in layer:
            return index
    raise AssertionError(f"{module} is in no layer: add its package to LAYERS")


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_point_down(module: str) -> None:
    for target in imports_of(module):
        if target.split(".")[0] == module.split(".")[0]:
            continue  # within its own package
        mine, theirs = layer_of(module), layer_of(target)
        assert theirs > mine or (theirs == mine and module.split(".")[0] in LEAVES), (
            f"{module} (layer {mine}) imports {target} (layer {theirs})"
        )


def test_no_import_cycle() -> None:
    graph = {module: imports_of(module) for module in MODULES}
    state: dict[str, int] = {}  # 1 on the current path, 2 done

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for target in graph[module]:
            if state.get(target) == 1:
                raise AssertionError("import cycle: " + " -> ".join([*path[path.index(target) :], target]))
            if target not in state:
                visit(target, [*path, target])
        state[module] = 2

    for module in graph:
        if module not in state:
            visit(module, [module])


@pytest.mark.parametrize("module", sorted(MODULES))
def test_functions_and_modules_are_small(module: str) -> None:
    text = MODULES[module].read_text()
    assert text.count("\n") <= MAX_MODULE_LINES, f"{module} has {text.count(chr(10))} lines"
    long_lines = [n for n, line in enumerate(text.splitlines(), 1) if len(line) > MAX_LINE]
    assert not long_lines, f"{module}: lines {long_lines} are longer than {MAX_LINE}"
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            length = (node.end_lineno or node.lineno) - node.lineno + 1
            assert length <= MAX_FUNCTION_LINES, f"{module}.{node.name} has {length} lines"


def test_readers_know_nothing_of_the_store() -> None:
    """Readers are pure functions of their input (ARCHITECTURE.md): no store, no SQLite."""
    for module, path in MODULES.items():
        if not module.startswith("readers"):
            continue
        assert not any(t.startswith("store") for t in imports_of(module)), f"{module} imports the store"
        text = path.read_text()
        assert "import sqlite3" not in text and "sqlite_utils" not in text, f"{module} uses SQLite"


def test_the_checks_see_a_violation() -> None:
    """The rules are live: the store importing clean (a higher layer) breaks them."""
    assert layer_of("clean.engine") < layer_of("store.rows")
    assert "clean.engine" in imports_of("ingest") and "store.writer" in imports_of("ingest")
