"""Claims that compare rows of a table: "A outperforms B", "A is higher than B", "A performs best".

The rows of one table are gathered from its row passages; a claim is checked when it names the rows it compares
(by their labels) and, where it names them, the columns. Whether higher is better follows the column header and
caption (error, loss, perplexity, time and the like are better when lower).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from verifier.engine.consistency import ClaimFacts, header_overlap
from verifier.engine.entities import names_match, normal_form
from verifier.engine.quantities import Quantity, extract_quantities
from verifier.engine.table_numbers import compare_by_numbers
from verifier.engine.table_rows import TableRow, parse_table_row
from verifier.engine.words import tokens

LOWER_IS_BETTER = re.compile(r"error|loss|perplexit|\bppl\b|\bwer\b|\bcer\b|\bter\b|\bkl\b|\bece\b|\bmae\b|\bmse\b|"
                             r"rmse|latency|time|turns|distance|divergence", re.IGNORECASE)
HIGHER_IS_BETTER = re.compile(r"acc|f1|bleu|rouge|score|precision|recall|\bauc\b|\bmap\b|ndcg|\bem\b|exact match",
                              re.IGNORECASE)
BEST = frozenset("best top strongest".split())
WORST = frozenset("worst weakest".split())
HIGHEST = frozenset("highest largest most greatest maximum".split())
LOWEST = frozenset("lowest smallest least fewest minimum".split())
BETTER = frozenset("outperform outperforms outperformed outperforming better beats beat surpasses surpass exceeds "
                   "superior improves improved improvement improvements".split())
WORSE = frozenset("worse underperforms underperform trails trail lags inferior".split())
HIGHER = frozenset("higher larger greater more".split())
LOWER = frozenset("lower smaller fewer less drop drops dropped decrease decreases decreased".split())


@dataclass(frozen=True)
class TableRowRef:
    index: int  # passage index
    row: TableRow
    values: dict[str, Quantity]


@dataclass(frozen=True)
class TableClaim:
    """What a comparison in a table says about a claim: agrees or not, the rows involved, and why."""

    agrees: bool
    rows: tuple[int, ...]
    reason: str


def _clean(text: str) -> str:
    return re.sub(r"\[(BOLD|ITALIC)\]\s*", "", text).strip()


def tables_of(passages) -> dict[tuple, list[TableRowRef]]:
    """Row passages grouped by table (paper, version, caption)."""
    tables: dict[tuple, list[TableRowRef]] = {}
    for i, passage in enumerate(passages):
        if passage.kind != "table":
            continue
        row = parse_table_row(passage.text)
        if row is None or not row.cells:
            continue
        values = {}
        for cell in row.cells:
            found = [q for q in extract_quantities(_clean(cell.value)) if q.unit != "year"]
            if found and cell.header:
                values[_clean(cell.header)] = found[0]
        key = (passage.arxiv_id, passage.version, row.number, row.caption)
        tables.setdefault(key, []).append(TableRowRef(i, row, values))
    return {**tables, **{("transposed", *key): transposed(rows) for key, rows in tables.items()}}


def transposed(rows: list[TableRowRef]) -> list[TableRowRef]:
    """The table read by columns: one pseudo-row per column header, its values keyed by row label (tables often
    list the systems a claim compares as columns). Its evidence is the table's first row passage."""
    columns: dict[str, dict[str, Quantity]] = {}
    for r in rows:
        label = _clean(r.row.label)
        for header, value in r.values.items():
            if label:
                columns.setdefault(header, {}).setdefault(label, value)
    first = rows[0]
    return [TableRowRef(first.index, TableRow(first.row.number, first.row.caption, header), values)
            for header, values in columns.items()]


def _named(row: TableRow, facts: ClaimFacts, claim_words: list[str]) -> int | None:
    """Where the claim names this row (token position), or None."""
    label = _clean(row.label)
    label_words = [w for w in tokens(label) if w not in ("the", "a", "of")]
    if not label_words:
        return None
    norm = normal_form(label)
    for e in facts.entities:
        if names_match(e.norm, norm) and len(norm) >= 2:
            return _word_index(facts.text, e.start)  # entity token indices count punctuation; cue indices do not
    caption_words = set(tokens(row.caption))
    short = [w for w in label_words if w not in caption_words]  # "Curriculum mixing perplexity" under "perplexity"
    for words in (label_words, short) if short and short != label_words else (label_words,):
        n = len(words)
        for start in range(len(claim_words) - n + 1):
            if claim_words[start:start + n] == words:
                return start
    return None


def _word_index(text: str, char: int) -> int:
    """The index in `tokens(text)` of the token starting at character `char`."""
    return len(tokens(text[:char]))


def _columns(rows: list[TableRowRef], facts: ClaimFacts) -> list[str]:
    """The columns the claim names; all columns when it names none."""
    headers = list(dict.fromkeys(h for r in rows for h in r.values))
    named = [h for h in headers if header_overlap(h, facts) > 0]
    return named or headers


def _lower_better(header: str, caption: str) -> bool:
    """Whether smaller is better in this column: its header says so; or, for a header that names no measure
    (a dataset such as "CLINC150"), the caption names only lower-is-better measures ("ECE", not "accuracy and ECE")."""
    if LOWER_IS_BETTER.search(header):
        return True
    if HIGHER_IS_BETTER.search(header):
        return False
    return bool(LOWER_IS_BETTER.search(caption)) and not HIGHER_IS_BETTER.search(caption)


def _cue(words: list[str]) -> tuple[str, int] | None:
    for i, w in enumerate(words):
        for kind, group in (("best", BEST), ("worst", WORST), ("highest", HIGHEST), ("lowest", LOWEST),
                            ("better", BETTER), ("worse", WORSE), ("higher", HIGHER), ("lower", LOWER)):
            if w in group:
                return kind, i
    return None


def check_tables(facts: ClaimFacts, tables: dict[tuple, list[TableRowRef]]) -> TableClaim | None:
    """The first table (from `tables_of`) whose rows the claim compares, and whether its numbers agree."""
    claim_words = tokens(facts.text)
    cue = _cue(claim_words)
    if cue is None:
        return None
    kind, at = cue
    negated = any(w in ("not", "no", "never") or w.endswith("n't") for w in claim_words[max(0, at - 3):at])
    for key, rows in tables.items():  # the claim's own numbers, looked up in the cells, say the most
        if key[0] != "transposed" and (result := compare_by_numbers(kind, at, facts, rows, key[-1], _lower_better)):
            return _table_claim(result, negated)
    for key, rows in tables.items():  # tables read by rows, then by columns: the rows or columns the claim names
        named = [(pos, r) for r in rows if (pos := _named(r.row, facts, claim_words)) is not None]
        result = _judge(kind, at, named, rows, facts, caption=key[-1]) if named else None
        if result is not None:
            return _table_claim(result, negated)
    return None


def _table_claim(result: tuple, negated: bool) -> TableClaim:
    agrees, reason, involved = result
    return TableClaim(agrees != negated, tuple(dict.fromkeys(involved)), reason)


def _judge(kind: str, at: int, named: list, rows: list[TableRowRef], facts: ClaimFacts, caption: str):
    columns = _columns(rows, facts)
    if kind in ("best", "worst", "highest", "lowest"):
        position, subject = min(named, key=lambda item: abs(item[0] - at))
        return _extreme(kind, subject, rows, columns, caption)
    before = [r for pos, r in named if pos < at]
    after = [r for pos, r in named if pos > at]
    if not before or not after:
        return None
    return _compare(kind, before[-1], after[0], columns, caption, _difference(facts, at))


def _difference(facts: ClaimFacts, at: int) -> Quantity | None:
    """The gap a comparison states ("2.1 points higher", "higher by 2.1"): a claim number just before or after the
    comparison word."""
    for q in facts.quantities:
        position = _word_index(facts.text, q.start)
        if at - 3 <= position < at or (at < position <= at + 3 and " by " in facts.text[q.start - 4:q.start + 1]):
            return q
    return None


def _gap_fits(a: float, b: float, gap: Quantity) -> bool:
    """|a - b| is the stated gap at its written precision (values rounded too: one more unit of slack)."""
    slack = 2 * gap.tolerance if gap.tolerance else 0.5
    return abs(abs(a - b) - abs(gap.value)) <= slack + 1e-9 or (gap.unit == "percent" and b and
                                                                abs(abs(a - b) / abs(b) * 100 - abs(gap.value)) <= slack + 1e-9)


def _extreme(kind: str, subject: TableRowRef, rows: list[TableRowRef], columns: list[str], caption: str):
    votes, reasons = [], []
    for column in columns:
        values = [(r, r.values[column].value) for r in rows if column in r.values]
        if column not in subject.values or len(values) < 2:
            continue
        lower = _lower_better(column, caption)
        want_max = {"highest": True, "lowest": False, "best": not lower, "worst": lower}[kind]
        target = max(v for _, v in values) if want_max else min(v for _, v in values)
        holder = next(r for r, v in values if v == target)
        votes.append(subject.values[column].value == target)
        reasons.append((column, holder, target))
    if not votes:
        return None
    agrees = sum(votes) * 2 > len(votes) if len(votes) > 1 else votes[0]
    column, holder, target = reasons[0]
    reason = (f"{_clean(subject.row.label)} has {subject.values[column].text} in {column}, and the {kind} is "
              f"{target:g} ({_clean(holder.row.label)})")
    return agrees, reason, [subject.index, holder.index]


def _compare(kind: str, first: TableRowRef, second: TableRowRef, columns: list[str], caption: str,
             gap: Quantity | None = None):
    votes = []
    shown = None
    for column in columns:
        if column in first.values and column in second.values:
            a, b = first.values[column].value, second.values[column].value
            if a == b:
                continue
            higher = a > b
            if kind in ("better", "worse"):
                claimed = (kind == "better") != _lower_better(column, caption)
            else:
                claimed = kind == "higher"
            votes.append(higher == claimed and (gap is None or _gap_fits(a, b, gap)))
            shown = shown or (column, first.values[column].text, second.values[column].text)
    if not votes:
        return None
    agrees = sum(votes) * 2 > len(votes) if len(votes) > 1 else votes[0]
    column, a, b = shown
    reason = f"{_clean(first.row.label)} has {a} and {_clean(second.row.label)} {b} in {column}"
    return agrees, reason, [first.index, second.index]
