"""Writing claims tables as text, in the two styles reports use (tab-separated and markdown pipe tables).
`verifier parse --format md|tsv` writes through here (and `verifier table` rewrites rows with the same cell grammar,
`claims.cells`), so what either writes parses back."""

from __future__ import annotations

from typing import Literal

from claims.cells import escape_pipe_cell

Style = Literal["tsv", "pipe"]


def render_table(header: list[str], rows: list[list[str]], style: Style, *, outer_pipes: bool = True,
                 separator: str | None = None) -> list[str]:
    """Table lines (no line ends). Cells are written on one line each; pipe cells have `|` and `\\` escaped.
    `separator` replaces the default `| --- |` line of a pipe table (e.g. the report's own). Without outer pipes
    the first and last cells must not be empty (an empty edge cell would read as an outer pipe)."""
    if style == "tsv":
        return ["\t".join(_one_line(cell).replace("\t", " ") for cell in cells) for cells in [header, *rows]]
    lines = [_pipe_line(header, outer_pipes)]
    lines.append(separator if separator is not None else _pipe_line(["---"] * len(header), outer_pipes, escape=False))
    lines.extend(_pipe_line(cells, outer_pipes) for cells in rows)
    return lines


def _pipe_line(cells: list[str], outer_pipes: bool, *, escape: bool = True) -> str:
    written = [escape_pipe_cell(_one_line(cell)) if escape else cell for cell in cells]
    body = " | ".join(written)
    return f"| {body} |" if outer_pipes else body


def _one_line(text: str) -> str:
    return " ".join(text.split())
