"""Claims that compare rows of a table: "A outperforms B", "A is higher than B", "A performs best".

The rows of one table are gathered from its row passages; a claim is checked when it names the rows it compares
(by their labels) and, where it names them, the columns. Whether higher is better follows the column header and
caption (error, loss, perplexity, time and the like are better when lower).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace

from grammar.lexicon import (
    HIGHER_IS_BETTER_PATTERN,
    LOWER_IS_BETTER_PATTERN,
    is_measure,
    measure_direction,
    stem,
    tokens,
)
from verifier.engine.entities import names_match, normal_form, spelled_out, text_forms
from verifier.engine.facts import ClaimFacts, claim_facts
from verifier.engine.polarity import Comparison, claim_comparisons
from verifier.engine.quantities import Quantity
from verifier.engine.row_consistency import cell_quantity, header_overlap
from verifier.engine.table_ablations import check_ablation
from verifier.engine.table_numbers import EXTREMES, compare_by_numbers, several_numbers
from verifier.engine.table_rows import TableRow, TableRowRef, row_of


@dataclass(frozen=True)
class TableClaim:
    """What a table says about a claim's comparison or values: agrees or not, the rows involved, and why (the
    reason names the table, row, column and values: "Table 4, row No MLM, column Avg.: +8.3 where the claim says
    8.2")."""

    agrees: bool
    rows: tuple[int, ...]
    reason: str
    kind: str = "comparison"  # comparison: rows compared ("A outperforms B"); values: the claim's numbers looked up


def tables_of(passages) -> dict[tuple, list[TableRowRef]]:
    """Row passages grouped by table (paper, version, caption)."""
    tables: dict[tuple, list[TableRowRef]] = {}
    for i, passage in enumerate(passages):
        if passage.kind != "table":
            continue
        row = row_of(passage)
        if row is None or not row.cells:
            continue
        values = {}
        for cell in row.cells:
            if cell.header and (found := cell_quantity(cell.header, cell.value)) is not None:
                values[cell.header] = found
        key = (passage.arxiv_id, passage.version, row.number, row.caption)
        tables.setdefault(key, []).append(TableRowRef(i, row, values))
    return {**tables, **{("transposed", *key): transposed(rows) for key, rows in tables.items()}}


def transposed(rows: list[TableRowRef]) -> list[TableRowRef]:
    """The table read by columns: one pseudo-row per column header, its values keyed by row label (tables often
    list the systems a claim compares as columns). Each value's evidence is the row passage it sits in
    (`TableRowRef.passage_of`); the pseudo-row's own is the table's first row passage."""
    columns: dict[str, dict[str, Quantity]] = {}
    passages: dict[str, dict[str, int]] = {}
    for r in rows:
        label = r.row.label
        for header, value in r.values.items():
            if label and label not in columns.setdefault(header, {}):
                columns[header][label] = value
                passages.setdefault(header, {})[label] = r.index
    first = rows[0]
    return [TableRowRef(first.index, TableRow(first.row.number, first.row.caption, header), values, passages[header])
            for header, values in columns.items()]


def _named(row: TableRow, facts: ClaimFacts, claim_words: list[str]) -> int | None:
    """Where the claim names this row (token position), or None. A row under a group ("No MLM / SQuAD", or written
    in one label "CoVe, First Layer") is named when the claim names its whole path, or each part of it (at the
    position of its own label: "CoVe's first layer outperforms its second layer" names both CoVe rows)."""
    written = tuple(row.label.split(", ")) if len(row.path) < 2 else ()
    if len(written) >= 2:  # its parts first: the group's name alone ("CoVe") would name every row of the group
        parts = [_named_label(part, row.caption, facts, claim_words) for part in written]
        if all(p is not None for p in parts):
            return parts[-1]
    found = _named_label(row.label, row.caption, facts, claim_words)
    if found is not None or len(row.path) < 2:
        return found
    parts = [_named_label(part, row.caption, facts, claim_words) for part in row.path]
    return parts[-1] if all(p is not None for p in parts) else None


def _named_label(label: str, caption: str, facts: ClaimFacts, claim_words: list[str]) -> int | None:
    label_words = [w for w in tokens(label) if w not in ("the", "a", "of")]
    if not label_words:
        return None
    norm = normal_form(label)
    for e in facts.entities:
        if names_match(e.norm, norm) and len(norm) >= 2:
            return _word_index(facts.text, e.start)  # entity token indices count punctuation; cue indices do not
    caption_words = set(tokens(caption))
    short = [w for w in label_words if w not in caption_words]  # "Curriculum mixing perplexity" under "perplexity"
    for words in (label_words, short) if short and short != label_words else (label_words,):
        n = len(words)
        for start in range(len(claim_words) - n + 1):
            if claim_words[start:start + n] == words:
                return start
    return _gapped(label_words, claim_words)


def _gapped(label_words: list[str], claim_words: list[str]) -> int | None:
    """Where the claim writes a label of two or more words with at most one word of its own between two of them
    ("first biLSTM layer" for First Layer), or None."""
    if len(label_words) < 2:
        return None
    for start, word in enumerate(claim_words):
        if word != label_words[0]:
            continue
        at = start
        for wanted in label_words[1:]:
            ahead = claim_words[at + 1:at + 3]
            if wanted not in ahead:
                break
            at += 1 + ahead.index(wanted)
        else:
            return start
    return None


def _caption_named(caption: str, facts: ClaimFacts) -> int:
    """How much of a table's caption the claim names: its words (`header_overlap`), and its acronyms the claim
    spells out ("word sense disambiguation" for WSD)."""
    forms = text_forms(facts.text)
    spelled = sum(1 for word in set(re.findall(r"\b[A-Z]+\b", caption)) if spelled_out(word, forms))
    return header_overlap(caption, facts) + spelled


def _word_index(text: str, char: int) -> int:
    """The index in `tokens(text)` of the token starting at character `char`."""
    return len(tokens(text[:char]))


def _column_names(rows: list[TableRowRef], facts: ClaimFacts) -> tuple[list[str], list[str]]:
    """The table's column headers, and those the claim names."""
    headers = list(dict.fromkeys(h for r in rows for h in r.values))
    return headers, [h for h in headers if header_overlap(h, facts) > 0]


def _columns(rows: list[TableRowRef], facts: ClaimFacts) -> list[str]:
    """The columns the claim names; all columns when it names none."""
    headers, named = _column_names(rows, facts)
    return named or headers


def _lower_better(header: str, caption: str) -> bool:
    """Whether smaller is better in this column: its header says so (a lower-is-better measure, not also a
    higher-is-better one); or, for a header that names no measure (a dataset such as "CLINC150"), the caption names
    only lower-is-better measures ("ECE", not "accuracy and ECE")."""
    if LOWER_IS_BETTER_PATTERN.search(header):
        return True
    if HIGHER_IS_BETTER_PATTERN.search(header):
        return False
    return measure_direction(caption) < 0


def check_tables(facts: ClaimFacts, tables: dict[tuple, list[TableRowRef]]) -> TableClaim | None:
    """The first table (from `tables_of`) whose rows the claim compares, or whose column holds the several numbers
    the claim states, and whether its numbers agree."""
    claim_words = tokens(facts.text)
    cues = claim_comparisons(facts.text)
    if cues:
        kind, at, negated = cues[0].kind, cues[0].position, cues[0].negated
        # the claim's own numbers, looked up in the cells, say the most: in the one table that holds them, or,
        # when several do (a 81.0 in two papers' tables), in the first whose rows or columns the claim names
        by_numbers = [(rows, result) for key, rows in tables.items() if key[0] != "transposed"
                      and (result := compare_by_numbers(kind, at, facts, rows, key[-1], _lower_better))]
        named_tables = [result for rows, result in by_numbers if _names_table(rows, facts, claim_words)]
        if len(by_numbers) == 1 or named_tables:
            return _table_claim(by_numbers[0][1] if len(by_numbers) == 1 else named_tables[0], negated)
        # tables read by rows, then by columns: the rows or columns the claim names, in the table whose caption it
        # names most first (the same rows, "CoVe, First Layer", may sit in the tables of two tasks)
        for key, rows in sorted(tables.items(), key=lambda item: -_caption_named(item[0][-1], facts)):
            named = [(pos, r) for r in rows if (pos := _named(r.row, facts, claim_words)) is not None]
            if named and (judged := _judge_all(cues, named, rows, facts, caption=key[-1])) is not None:
                return judged
        for key, rows in tables.items():  # a removal the claim states, against the row that ablates it
            if key[0] != "transposed" and (found := check_ablation(
                    cues, facts, rows, functools.partial(_compare_columns, rows=rows, facts=facts, caption=key[-1]))):
                return _table_claim(*found)
    if len(facts.quantities) >= 2:  # several numbers the claim states, one per row of a column
        for key, rows in tables.items():
            if key[0] == "transposed":
                continue
            named = _maximal([(pos, r) for r in rows if (pos := _named(r.row, facts, claim_words)) is not None])
            headers, named_columns = _column_names(rows, facts)
            if (result := several_numbers(facts, rows, named, named_columns or headers, named_columns)) is not None:
                return replace(_table_claim(result, False), kind="values")
    return None


def _compare_columns(kind: str, first: TableRowRef, second: TableRowRef, rows: list[TableRowRef], facts: ClaimFacts,
                     caption: str):
    """`_compare` on the columns the claim names, each of them claimed ("a decrease of BLEU-2 and METEOR"); when it
    names none, on most of the table's columns."""
    headers, named = _column_names(rows, facts)
    return _compare(kind, first, second, named or headers, caption, every=bool(named))


def _names_table(rows: list[TableRowRef], facts: ClaimFacts, claim_words: list[str]) -> bool:
    """Whether the claim names one of the table's rows or columns."""
    return any(_named(r.row, facts, claim_words) is not None for r in rows) \
        or bool(_column_names(rows, facts)[1])


def _maximal(named: list) -> list:
    """Named rows without those another named row contains: "No MLM / SQuAD" named also names "MLM / SQuAD"
    (its group's words are a part of "No MLM"); the longer name is the one meant."""
    def words(part: str) -> set[str]:
        return set(tokens(part))

    def contained(a: TableRow, b: TableRow) -> bool:
        return a is not b and len(a.path) == len(b.path) >= 2 and a.path[-1] == b.path[-1] \
            and all(words(x) <= words(y) for x, y in zip(a.path, b.path)) and a.path != b.path

    return [(pos, r) for pos, r in named if not any(contained(r.row, other.row) for _, other in named)]


def _table_claim(result: tuple, negated: bool) -> TableClaim:
    agrees, reason, involved = result
    return TableClaim(agrees != negated, tuple(dict.fromkeys(involved)), reason)


def _judge_all(cues: list[Comparison], named: list, rows: list[TableRowRef], facts: ClaimFacts,
               caption: str) -> TableClaim | None:
    """Every comparison of the claim between the rows it names, each on the columns of its own measure ("lower DCE,
    but higher WER than ..."): agrees when all agree; the reason is the first disagreeing one's. A superlative after
    the first comparison is an aside ("outperforms B, the previous best result"), not a claim of its own."""
    cues = cues[:1] + [cue for cue in cues[1:] if cue.kind not in EXTREMES]
    judged = [_table_claim(result, cue.negated) for cue in cues
              if (result := _judge(cue.kind, cue.position, named, rows, facts, caption, cue.anchor, cue.clause))
              is not None]
    if not judged:
        return None
    lead = next((j for j in judged if not j.agrees), judged[0])
    involved = tuple(dict.fromkeys(i for j in judged for i in j.rows))
    return TableClaim(all(j.agrees for j in judged), involved, lead.reason)


def _judge(kind: str, at: int, named: list, rows: list[TableRowRef], facts: ClaimFacts, caption: str,
           anchor: str = "", clause: str = ""):
    columns = _columns(rows, facts)
    if clause and clause != facts.text:  # the columns its own clause names ("A beats B on X, while B wins on Y")
        columns = _column_names(rows, claim_facts(clause))[1] or columns
    own = [c for c in columns if anchor and anchor in {stem(w) for w in tokens(c)}]
    columns = own or columns  # "lower DCE": the DCE column
    if kind in EXTREMES:
        if anchor and not own and not is_measure(anchor):
            return None  # "the most preference", "the largest differences": not a value of the table's columns
        before_cue = [item for item in named if item[0] < at]  # the sentence's subject, when it comes first
        position, subject = min(before_cue or named, key=lambda item: abs(item[0] - at))
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
    return abs(abs(a - b) - abs(gap.value)) <= slack + 1e-9 or (gap.unit == "percent" and bool(b) and
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
    reason = (f"{subject.row.label} has {subject.values[column].text} in {column}, and the {kind} is "
              f"{target:g} ({holder.row.label})")
    return agrees, reason, [subject.passage_of(column), holder.passage_of(column)]


def _compare(kind: str, first: TableRowRef, second: TableRowRef, columns: list[str], caption: str,
             gap: Quantity | None = None, every: bool = False):
    """Whether `first` is `kind` than `second` in most of `columns` (in all of them when `every`; the reason then
    names a column where it is not)."""
    votes = []
    shown: tuple[str, str, str] | None = None
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
            if shown is None or (every and not votes[-1] and all(votes[:-1])):
                shown = (column, first.values[column].text, second.values[column].text)
    if not votes or shown is None:
        return None
    agrees = all(votes) if every else sum(votes) * 2 > len(votes) if len(votes) > 1 else votes[0]
    column, a_text, b_text = shown
    reason = f"{first.row.label} has {a_text} and {second.row.label} {b_text} in {column}"
    return agrees, reason, [first.passage_of(column), second.passage_of(column)]
