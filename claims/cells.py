"""Reading and writing single table cells: verification marks, confidences, escaped pipes. Pure functions."""

from __future__ import annotations

import math
import re

from claims.limits import shorten

TRUE_MARKS = frozenset({"✓", "✔", "☑", "✅", "yes", "y", "true"})
FALSE_MARKS = frozenset({"×", "✗", "✘", "☒", "❌", "x", "no", "n", "false"})

_NUMBER = re.compile(r"[+-]?(?:\d++(?:[.,]\d*+)?|[.,]\d++)")


class CellProblem(ValueError):
    """A cell could not be read; the message says why (the caller adds file and line)."""


def read_mark(cell: str) -> bool | None:
    """✓ ✔ ☑ yes true -> True; × ✗ ✘ no false -> False; empty -> None. Raises CellProblem otherwise."""
    value = cell.strip().strip("*_`").strip().lower()
    if not value:
        return None
    if value in TRUE_MARKS:
        return True
    if value in FALSE_MARKS:
        return False
    raise CellProblem(f"unrecognised verification mark {shorten(cell.strip())!r} (expected ✓/× or yes/no)")


def read_confidence(cell: str) -> float | None:
    """`0.19` -> 0.19, `19%` -> 0.19, empty -> None. Out-of-range values are returned as written
    (the `bad_confidence` finding reports them). Raises CellProblem for non-numbers and for numbers too large to
    be finite (`999...9` with hundreds of digits), so no infinite value ever reaches a report."""
    value = cell.strip().strip("*_`").strip()
    if not value:
        return None
    percent = value.endswith("%")
    number = value[:-1].rstrip() if percent else value
    if not _NUMBER.fullmatch(number):
        raise CellProblem(f"confidence {shorten(value)!r} is not a number")
    parsed = float(number.replace(",", "."))
    if not math.isfinite(parsed):
        raise CellProblem(f"confidence {shorten(value)!r} is too large to be a number")
    return round(parsed / 100, 6) if percent else parsed


def write_mark(verified: bool | None) -> str:
    """The report's own mark characters: ✓, × or an empty cell."""
    return "" if verified is None else ("✓" if verified else "×")


def write_confidence(confidence: float | None) -> str:
    """Two decimals like the generator writes (`0.19`), more only when needed to keep the value; empty for None."""
    if confidence is None:
        return ""
    text = f"{confidence:.2f}"
    return text if float(text) == confidence else repr(float(confidence))


def split_pipe_row(line: str) -> tuple[list[str], bool]:
    """Cells of a pipe-table line (`\\|` and `\\\\` are escapes) and whether it had outer pipes.
    Cells are stripped and unescaped; where they lie in `line` is `pipe_cell_spans`."""
    stripped = line.strip()
    cells = [unescape_pipe_cell(line[start:end]).strip() for start, end in pipe_cell_spans(line)]
    outer = stripped.startswith("|") and _ends_with_unescaped_pipe(stripped)
    return cells, outer


def pipe_cell_spans(line: str) -> list[tuple[int, int]]:
    """Where each cell of a pipe-table line lies in `line`, as (start, end) with the cell's own spaces included and
    the outer pipes left out. The one reading of a row: an unescaped `|` separates cells, `\\|` is a pipe inside a
    cell and `\\\\` a backslash. `split_pipe_row` reads cells through it and `verifier table` rewrites them
    through it, so what is rewritten is exactly what was read."""
    offset = len(line) - len(line.lstrip())
    stripped = line.strip()
    separators: list[int] = []
    index = 0
    while index < len(stripped):
        char = stripped[index]
        if char == "\\" and index + 1 < len(stripped) and stripped[index + 1] in "|\\":
            index += 2
            continue
        if char == "|":
            separators.append(offset + index)
        index += 1
    points = [offset - 1, *separators, offset + len(stripped)]
    spans = [(points[n] + 1, points[n + 1]) for n in range(len(points) - 1)]
    if stripped.startswith("|"):
        spans = spans[1:]
    if _ends_with_unescaped_pipe(stripped) and spans:
        spans = spans[:-1]
    return spans


def unescape_pipe_cell(raw: str) -> str:
    """A pipe-table cell as written (`a \\| b`, `C:\\\\`) as text (`a | b`, `C:\\`): the inverse of `escape_pipe_cell`."""
    out: list[str] = []
    index = 0
    while index < len(raw):
        if raw[index] == "\\" and index + 1 < len(raw) and raw[index + 1] in "|\\":
            out.append(raw[index + 1])
            index += 2
            continue
        out.append(raw[index])
        index += 1
    return "".join(out)


def tsv_cell_spans(line: str) -> list[tuple[int, int]]:
    """Where each cell of a tab-separated row lies in `line` (every tab separates; the reader strips the cells)."""
    spans, start = [], 0
    for index, char in enumerate(line):
        if char == "\t":
            spans.append((start, index))
            start = index + 1
    spans.append((start, len(line)))
    return spans


def _ends_with_unescaped_pipe(text: str) -> bool:
    if not text.endswith("|"):
        return False
    backslashes = len(text[:-1]) - len(text[:-1].rstrip("\\"))
    return backslashes % 2 == 0


def escape_pipe_cell(text: str) -> str:
    """Escape a cell for a pipe table so `split_pipe_row` gives it back unchanged."""
    return text.replace("\\", "\\\\").replace("|", "\\|")


def has_unescaped_pipe(line: str) -> bool:
    """True when `line` contains a `|` that is not escaped."""
    if "|" not in line:
        return False
    cells, _ = split_pipe_row(line)
    return len(cells) > 1 or line.strip().startswith("|") or _ends_with_unescaped_pipe(line.strip())
