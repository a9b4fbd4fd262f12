"""The import graph: no circles between modules or between the rooms of `verifier/`, `claims` and `papers`
independent of each other and of `verifier`, the `grammar` leaf importing nothing of the project, only the CLI
(`verifier.cli` and its modules) importing typer, `replicate` independent of the audit, and `verifier --help` / `verifier parse` free of heavy
modules. Imports inside functions count too (a lazy import is still a dependency)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("grammar", "claims", "papers", "verifier")
HEAVY = {"torch", "transformers", "sentence_transformers", "pdfplumber", "pdfminer"}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def project_modules() -> dict[str, Path]:
    return {module_name(p): p for pkg in PACKAGES if (ROOT / pkg).is_dir() for p in (ROOT / pkg).rglob("*.py")}


def imported_names(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


MODULES = project_modules()
IMPORTS = {name: imported_names(path) for name, path in MODULES.items()}
GRAPH = {name: {m for m in deps if m in MODULES and m != name} for name, deps in IMPORTS.items()}


def room(module: str) -> str:
    """`verifier.engine.scoring` -> `verifier.engine`; `claims.tables` -> `claims`."""
    parts = module.split(".")
    return ".".join(parts[:2]) if parts[0] == "verifier" and len(parts) > 1 else parts[0]


def room_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for module, deps in GRAPH.items():
        for dep in deps:
            if room(module) != room(dep):
                graph.setdefault(room(module), set()).add(room(dep))
    return graph


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one member (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_circles_between_modules() -> None:
    assert circles(GRAPH) == []


def test_no_circles_between_rooms() -> None:
    assert circles(room_graph()) == []


def test_circle_finder_finds_a_circle() -> None:
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


@pytest.mark.parametrize("package, forbidden", [
    ("claims", {"papers", "verifier"}),
    ("papers", {"claims", "verifier"}),
    ("grammar", {"claims", "papers", "verifier"}),
])
def test_lower_packages_do_not_import_upward(package: str, forbidden: set[str]) -> None:
    offending = {m: sorted(d for d in deps if d.split(".")[0] in forbidden)
                 for m, deps in GRAPH.items() if m.split(".")[0] == package}
    assert {m: d for m, d in offending.items() if d} == {}


def test_replication_depends_on_nothing_of_the_audit() -> None:
    audit_rooms = {"verifier.audit", "verifier.engine", "verifier.render", "verifier.commands", "verifier.models"}
    offending = {m: sorted(d for d in deps if room(d) in audit_rooms)
                 for m, deps in GRAPH.items() if room(m) == "verifier.replicate"}
    assert {m: d for m, d in offending.items() if d} == {}


def test_only_the_cli_imports_typer() -> None:
    users = sorted(m for m, names in IMPORTS.items() if any(n == "typer" or n.startswith("typer.") for n in names))
    assert users and all(m == "verifier.cli" or m.startswith("verifier.cli.") for m in users)


@pytest.mark.parametrize("argv", [["--help"], ["parse", "reports/examples/sparse_adapters_synthesis.txt"]])
def test_help_and_parse_import_no_heavy_module(argv: list[str]) -> None:
    completed = subprocess.run([sys.executable, "-X", "importtime", "-m", "verifier.cli", *argv], cwd=ROOT,
                               capture_output=True, text=True, check=True)
    imported = {line.split("|")[-1].strip().split(".")[0]
                for line in completed.stderr.splitlines() if line.startswith("import time:")}
    assert "verifier" in imported
    assert not imported & HEAVY
