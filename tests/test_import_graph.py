"""Imports run one way: the framework never imports rule content, nothing imports a
layer above its own, and no two modules import each other, however indirectly.

Every module under ``msglint/`` and the top-level ``rules/`` (the package
``msglint.rules``) is parsed with :mod:`ast`; imports at any depth count, those inside
functions included (a lazy import is still a dependency), except the ones under
``if TYPE_CHECKING:`` (annotations only, never run). The test reads files, imports
nothing, and never needs spaCy.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

#: lowest first. A module belongs to the layer of the longest prefix listed.
LAYERS: list[tuple[str, tuple[str, ...]]] = [
    # data, words and text: read by everything, import nothing of msglint above them
    ("base", ("msglint.version", "msglint.model", "msglint.vocabulary", "msglint.atomic",
              "msglint.yamlsafe", "msglint.text", "msglint.cache", "msglint.citations",
              "msglint.progress", "msglint.validate", "msglint.gcstate")),
    ("sources", ("msglint.sources",)),
    ("nlp", ("msglint.nlp",)),
    # the framework: rule model, conditions, matching, analysis, context, findings,
    # linter, suppressions
    ("engine", ("msglint.engine",)),
    # the content: YAML packs, Python checks, and the loader that builds the registry
    ("rules", ("msglint.rules",)),
    # configuration, reports and services over the engine and the rules
    ("services", ("msglint.config", "msglint.init_config", "msglint.ruledoc", "msglint.fixes",
                  "msglint.evaluation", "msglint.report", "msglint.api", "msglint.gitdiff",
                  "msglint.parallel", "msglint.warmup", "msglint.dask")),
    # front ends
    ("front", ("msglint.cli", "msglint.serve", "msglint.lsp", "msglint.audit", "msglint.__main__",
               "msglint")),
]

#: inside the engine, lowest first: the same rule (no import upwards) at a finer grain
ENGINE_ORDER = [
    ("lazy_regex", "safe_regex", "regex_reach", "literals", "evidence", "context", "settings"),
    ("conditions",),
    ("rule",),
    ("analysis", "registry", "suppress"),
    ("checks", "patterns"),
    ("packs", "findings"),
    ("rewrite",),
    ("linter",),
]


def _modules() -> dict[str, tuple[Path, bool]]:
    out = {}
    files = sorted((ROOT / "msglint").rglob("*.py")) + sorted((ROOT / "rules").glob("*.py"))
    for path in files:
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[0] == "rules":
            parts = ["msglint", "rules"] + parts[1:]
        is_package = parts[-1] == "__init__"
        if is_package:
            parts = parts[:-1]
        out[".".join(parts)] = (path, is_package)
    return out


MODULES = _modules()


def _type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _resolve(name: str) -> str | None:
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _imports(name: str) -> dict[str, int]:
    """The msglint modules ``name`` imports, each with the line of its first import."""
    path, is_package = MODULES[name]
    package = name if is_package else name.rpartition(".")[0]
    found: dict[str, int] = {}

    def add(target: str | None, line: int) -> None:
        if target and target != name:
            found.setdefault(target, line)

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _type_checking(child):
                for other in child.orelse:
                    visit_one(other)
                continue
            visit_one(child)

    def visit_one(node: ast.AST) -> None:
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "msglint":
                    add(_resolve(alias.name), node.lineno)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            if module.split(".")[0] == "msglint":
                for alias in node.names:
                    full = f"{module}.{alias.name}"
                    add(full if full in MODULES else _resolve(module), node.lineno)
        visit(node)

    visit(ast.parse(path.read_text(encoding="utf-8"), str(path)))
    return found


GRAPH = {name: _imports(name) for name in MODULES}


def _layer(name: str) -> tuple[int, str]:
    best = (-1, -1, "")
    for rank, (layer, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            if name == prefix or name.startswith(prefix + "."):
                if len(prefix) > best[0]:
                    best = (len(prefix), rank, layer)
    assert best[0] >= 0, f"{name}: no layer; add it to LAYERS in {__file__}"
    return best[1], best[2]


def _engine_rank(name: str) -> int | None:
    if not name.startswith("msglint.engine."):
        return None
    short = name.split(".")[2]
    for rank, names in enumerate(ENGINE_ORDER):
        if short in names:
            return rank
    raise AssertionError(f"{name}: not placed in ENGINE_ORDER in {__file__}")


def _where(name: str, line: int) -> str:
    return f"{MODULES[name][0].relative_to(ROOT)}:{line}"


def test_the_graph_covers_the_engine_and_the_rules():
    assert "msglint.engine.linter" in GRAPH and "msglint.rules.shouting" in GRAPH
    assert "msglint.engine.checks" in GRAPH["msglint.rules.shouting"]


def test_every_module_has_a_layer():
    for name in MODULES:
        _layer(name)
        _engine_rank(name)


def test_no_import_runs_up_a_layer():
    upward = []
    for name, targets in GRAPH.items():
        rank, layer = _layer(name)
        for target, line in targets.items():
            t_rank, t_layer = _layer(target)
            if t_rank > rank:
                upward.append(f"{_where(name, line)}: {name} ({layer}) imports {target} ({t_layer})")
            mine, theirs = _engine_rank(name), _engine_rank(target)
            if mine is not None and theirs is not None and theirs > mine:
                upward.append(f"{_where(name, line)}: {name} imports {target}, above it in the engine")
    assert not upward, "imports that run upwards:\n" + "\n".join(upward)


def test_the_engine_never_imports_rule_content():
    bad = [f"{_where(n, line)}: {n} imports {t}" for n, targets in GRAPH.items()
           if n.startswith("msglint.engine") for t, line in targets.items()
           if t == "msglint.rules" or t.startswith("msglint.rules.")]
    assert not bad, "\n".join(bad)


def _cycles(graph: dict[str, dict[str, int]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), or of one
    module importing itself."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = [0]

    def strongconnect(v: str) -> None:  # recursion depth is bounded by the module count
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                strongconnect(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            strongconnect(v)
    return found


def _one_cycle(component: list[str]) -> list[str]:
    """A concrete cycle through the component, for the failure message."""
    members = set(component)
    start = component[0]
    path, seen = [start], {start}
    node = start
    while True:
        nxt = next(t for t in sorted(GRAPH[node]) if t in members)
        if nxt in seen:
            return path[path.index(nxt):] + [nxt]
        path.append(nxt)
        seen.add(nxt)
        node = nxt


def test_no_import_cycle():
    cycles = _cycles(GRAPH)
    lines = []
    for component in cycles:
        cycle = _one_cycle(component)
        steps = [f"  {a} -> {b} ({_where(a, GRAPH[a][b])})" for a, b in zip(cycle, cycle[1:])]
        lines.append(f"cycle among {', '.join(component)}:\n" + "\n".join(steps))
    assert not cycles, "\n".join(lines)


def test_the_cycle_finder_finds_a_cycle():
    graph = {"a": {"b": 1}, "b": {"c": 1}, "c": {"a": 1}, "d": {"a": 1}}
    assert _cycles(graph) == [["a", "b", "c"]]


@pytest.mark.parametrize("name", ["msglint.rules.shouting", "msglint.rules.sender"])
def test_a_check_module_imports_the_engine_api(name):
    assert any(t.startswith("msglint.engine") for t in GRAPH[name])
