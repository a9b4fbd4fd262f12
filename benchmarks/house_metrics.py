"""The shape of the code: modules and lines per package and room, the longest module of each, and the longest
functions (the figures the house issue asks for before and after a change).

    .venv/bin/python benchmarks/house_metrics.py [CHECKOUT]      # default: this repository

A room is a subpackage of `verifier/` (`verifier/engine`, `verifier/audit`, ...); the other packages count whole.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

PACKAGES = ("grammar", "claims", "papers", "verifier")


def room_of(relative: Path) -> str:
    parts = relative.parts
    return "/".join(parts[:2]) if parts[0] == "verifier" and len(parts) > 2 else parts[0]


def main() -> None:
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[1]
    rooms: dict[str, list[tuple[Path, int]]] = {}
    functions: list[tuple[int, str]] = []
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")) if (root / package).is_dir() else []:
            relative = path.relative_to(root)
            source = path.read_text(encoding="utf-8")
            rooms.setdefault(room_of(relative), []).append((relative, len(source.splitlines())))
            for node in ast.walk(ast.parse(source)):
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.end_lineno is not None:
                    functions.append((node.end_lineno - node.lineno + 1, f"{relative}:{node.name}"))
    print("package or room: modules, lines, longest module")
    for name in sorted(rooms):
        modules = rooms[name]
        longest = max(modules, key=lambda item: item[1])
        print(f"  {name}: {len(modules)} modules, {sum(n for _, n in modules)} lines, longest {longest[0]} ({longest[1]})")
    print(f"modules: {sum(len(m) for m in rooms.values())}; over 400 lines: "
          f"{', '.join(str(p) for m in rooms.values() for p, n in m if n > 400) or 'none'}")
    print("longest functions (lines):")
    for lines, name in sorted(functions, reverse=True)[:8]:
        print(f"  {lines:4d} {name}")


if __name__ == "__main__":
    main()
