"""Comparisons a claim makes with the table's own numbers, when it names no row: "0.85, higher than the 0.80 of
the baseline" or "the best score, 43.6". The numbers are looked up in the table's cells; their columns say whether
higher is better.
"""

from __future__ import annotations

import re

from grammar.lexicon import tokens
from verifier.engine.facts import ClaimFacts
from verifier.engine.quantities import Quantity
from verifier.engine.table_rows import TableRowRef
from verifier.engine.value_matching import values_match

EXTREMES = ("best", "worst", "highest", "lowest")


def _cells(rows: list[TableRowRef], q: Quantity) -> list[tuple[TableRowRef, str]]:
    """(row, column) of every cell stating `q`."""
    return [(r, column) for r in rows for column, value in r.values.items() if values_match(q, value)]


def _position(text: str, q: Quantity) -> int:
    return len(tokens(text[:q.start]))


def compare_by_numbers(kind: str, at: int, facts: ClaimFacts, rows, caption: str, lower_better):
    """(agrees, reason, passage indices) for a comparison between the claim's numbers as the table states them,
    or None when the claim's numbers around the comparison word are not in this table."""
    if kind in EXTREMES:
        return _extreme_value(kind, facts, rows, caption, lower_better)
    before = [q for q in facts.quantities if _position(facts.text, q) < at]
    after = [q for q in facts.quantities if _position(facts.text, q) > at]
    if not before or not after:
        return None
    first, second = before[-1], after[0]
    a_cells, b_cells = _cells(rows, first), _cells(rows, second)
    if not a_cells or not b_cells or first.value == second.value:
        return None
    (row_a, column), (row_b, column_b) = a_cells[0], b_cells[0]
    if kind in ("better", "worse"):
        first_higher = (kind == "better") != lower_better(column, caption)
    else:
        first_higher = kind == "higher"
    agrees = (first.value > second.value) == first_higher
    reason = f"{first.text} and {second.text} are the table's values in {column}"
    return agrees, reason, [row_a.passage_of(column), row_b.passage_of(column_b)]


def _extreme_value(kind: str, facts: ClaimFacts, rows, caption: str, lower_better):
    """A number the claim calls the best (highest, ...) against the rest of its column."""
    for q in facts.quantities:
        cells = _cells(rows, q)
        if len(cells) != 1:
            continue
        row, column = cells[0]
        values = [(r, r.values[column].value) for r in rows if column in r.values]
        if len(values) < 3:
            continue
        lower = lower_better(column, caption)
        want_max = {"highest": True, "lowest": False, "best": not lower, "worst": lower}[kind]
        target = max(v for _, v in values) if want_max else min(v for _, v in values)
        holder = next(r for r, v in values if v == target)
        reason = f"{q.text} is in {column}, whose {kind} value is {target:g}"
        return row.values[column].value == target, reason, [row.passage_of(column), holder.passage_of(column)]
    return None


def _names_column(q: Quantity, header: str) -> bool:
    """The claim number is written in a column's name (0.001 of "All layers / λ=0.001", 5 of "Top-5"): it names
    the column, it is no value of a cell."""
    return re.search(rf"(?<![\d.]){re.escape(q.text)}(?![\d.])", header) is not None


_LIST_WORDS = frozenset("and or respectively point points pp %".split())


def _listed(text: str, quantities: list[Quantity], rows: list[TableRowRef]) -> bool:
    """The numbers are written as one list, one per row ("8.2, 7.5 and 7.0 points"; "SQuAD gains 8.2, SNLI 7.5"):
    between two of them only commas, joining and unit words or the rows' names, not "vs" (two values of one
    comparison) or words of another clause."""
    names = {w for r in rows for w in tokens(r.row.label)}
    return all(set(tokens(text[a.end:b.start])) <= _LIST_WORDS | names for a, b in zip(quantities, quantities[1:]))


def several_numbers(facts: ClaimFacts, rows, named: list, columns: list[str], named_columns: list[str]):
    """(agrees, reason, passage indices) for a claim stating several numbers of one table column ("8.2, 7.5 and 7.0
    points" for three rows), or None. Agrees when every claim number is a cell of one column, each in its own row;
    disagrees when the claim names as many rows as it states numbers, names a column, and a named row's cell in that
    column holds another value (the reason names the table, row, column and both values)."""
    # Numbers as a table prints them: digits, not counts in words ("two entities") or of other kinds ("three tasks")
    headers = {h for r in rows for h in r.values}
    quantities = [q for q in facts.quantities if q.kind in ("", "points", "percent") and not q.text[:1].isalpha()
                  and not any(_names_column(q, h) for h in headers)]
    if len(quantities) < 2:
        return None
    for column in columns:
        cells = [(r, r.values[column]) for r in rows if column in r.values]
        hits: list = []
        for q in quantities:
            match = next((r for r, v in cells if values_match(q, v) and r not in hits), None)
            if match is None:
                break
            hits.append(match)
        else:
            listed = ", ".join(f"{r.row.label} {r.values[column].text}" for r in hits)
            denied = next((q for q in quantities if q.denied), None)  # "is not 22.3" for a cell that says 22.3
            reason = f"{hits[0].row.name}, column {column}: {listed}" + (
                f"; the claim denies {denied.text}" if denied else "")
            return denied is None, reason, [r.index for r in hits]
    ordered = [r for _, r in sorted(named, key=lambda item: item[0])]
    if len(ordered) != len(quantities) or len({id(r) for r in ordered}) != len(ordered) \
            or not _listed(facts.text, quantities, ordered):
        return None
    for column in named_columns:
        if not all(column in r.values for r in ordered):
            continue
        for q, r in zip(quantities, ordered):
            if not values_match(q, r.values[column]):
                reason = (f"{r.row.name}, row {r.row.label}, column {column}: {r.values[column].text} where the claim "
                          f"says {q.text}")
                return False, reason, [r.index for r in ordered]
        return True, f"{ordered[0].row.name}, column {column}: " + ", ".join(
            f"{r.row.label} {r.values[column].text}" for r in ordered), [r.index for r in ordered]
    return None
