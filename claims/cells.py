"""Reading and writing single table cells: verification marks, confidences, escaped pipes. Pure functions."""

from __future__ import annotations

import re

TRUE_MARKS = frozenset({"✓", "✔", "☑", "✅", "yes", "y", "true"})
FALSE_MARKS = frozenset({"×", "✗", "✘", "☒", "❌", "x", "no", "n", "false"})

_NUMBER = re.compile(r"^[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)$")
_PERCENT_SUFFIX = re.compile(r"\s*%$")


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
    raise CellProblem(f"unrecognised verification mark {cell.strip()!r} (expected ✓/× or yes/no)")


def read_confidence(cell: str) -> float | None:
    """`0.19` -> 0.19, `19%` -> 0.19, empty -> None. Out-of-range values are returned as written
    (the `bad_confidence` finding reports them). Raises CellProblem for non-numbers."""
    value = cell.strip().strip("*_`").strip()
    if not value:
        return None
    percent = bool(_PERCENT_SUFFIX.search(value))
    number = _PERCENT_SUFFIX.sub("", value)
    if not _NUMBER.match(number):
        raise CellProblem(f"confidence {value!r} is not a number")
    parsed = float(number.replace(",", "."))
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
    Cells are stripped but not unescaped further."""
    cells: list[str] = []
    current: list[str] = []
    stripped = line.strip()
    index = 0
    while index < len(stripped):
        char = stripped[index]
        if char == "\\" and index + 1 < len(stripped) and stripped[index + 1] in "|\\":
            current.append(stripped[index + 1])
            index += 2
            continue
        if char == "|":
            cells.append("".join(current))
            current = []
        else:
            current.append(char)
        index += 1
    cells.append("".join(current))
    outer = stripped.startswith("|") and len(cells) > 1 and _ends_with_unescaped_pipe(stripped)
    if stripped.startswith("|"):
        cells = cells[1:]
    if _ends_with_unescaped_pipe(stripped) and cells:
        cells = cells[:-1]
    return [cell.strip() for cell in cells], outer


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
    cells, _ = split_pipe_row(line)
    return len(cells) > 1 or line.strip().startswith("|") or _ends_with_unescaped_pipe(line.strip())
