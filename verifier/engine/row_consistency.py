"""A claim against one table row: the row's numbers by column, the cell a claim's number is about, and the conflicts
a row can show (`consistency.check_passages` reads a table passage as its row, `table_rows.row_of`).

- `number`: a claim number the row gives another value for, in the cell whose column the claim names (or the
  caption's numbers), with where it is ("Table 2, row No MLM / SQuAD, column Avg."); a claim number the row holds
  only in a column the claim does not name, while the one column it names holds another value (a cell copied from
  the wrong column); or a value the claim denies;
- `entity`: the claim's numbers on a row labelled by another name, or by another number ("250k" for a 128k claim).
"""

from __future__ import annotations

import re
from dataclasses import replace

from grammar.lexicon import DIRECTIONS, PHRASE_JOINS, tokens
from verifier.engine.engine_settings import EngineSettings
from verifier.engine.entities import (
    Entity,
    extract_entities,
    mentioned,
    name_tokens,
    names_match,
    normal_form,
    text_forms,
)
from verifier.engine.facts import (
    ClaimFacts,
    Consistency,
    NumberConflict,
    Weights,
    could_be_changed,
    coverage,
    denied_value,
    found_quantities,
    topic_stems,
)
from verifier.engine.name_conflicts import EntityConflict
from verifier.engine.quantities import Quantity, extract_quantities, kind_of
from verifier.engine.table_rows import TableRow
from verifier.engine.value_matching import values_match

CAPTION = "(caption)"
"""The header under which a row's values list the numbers of its table's caption."""


def cell_quantity(header: str, value: str) -> Quantity | None:
    """The number a table cell states, counting what its column header names ("# Epochs: 7" counts epochs)."""
    quantities = [q for q in extract_quantities(value) if q.unit != "year"]
    if not quantities:
        return None
    q = quantities[0]
    return q if q.kind else replace(q, kind=kind_of(header))


def _row_quantities(row: TableRow) -> list[tuple[str, Quantity]]:
    """(header, first number) of each cell; the row label's number (a `70%` sparsity row) under the header ``""``;
    the caption's numbers ("averaged over 14 target languages", true of every row) under `CAPTION`."""
    values = [("", q) for q in extract_quantities(row.label)[:1] if q.unit != "year"]
    values += [(CAPTION, q) for q in extract_quantities(row.caption) if q.unit != "year"]
    for cell in row.cells:
        if (q := cell_quantity(cell.header, cell.value)) is not None:
            values.append((cell.header, q))
    return values


def _abbreviates(entity: Entity, headers: list[str]) -> bool:
    """A short column header abbreviating a name (`ig` for Igbo, `sw` for Swahili)."""
    return any(2 <= len(h) <= 3 and h.isalpha() and entity.norm.startswith(h.lower()) and len(entity.norm) >= len(h) + 2
               for h in headers)


def check_row(facts: ClaimFacts, row: TableRow, weights: Weights | None, settings: EngineSettings) -> Consistency:
    """Compare `facts` with one table row (its caption, label, headers and cells)."""
    described = " ".join([row.caption, row.label, *(cell.header for cell in row.cells)])
    non_numeric = " ".join(cell.value for cell in row.cells if not extract_quantities(cell.value))
    stems = set(topic_stems(described + " " + non_numeric))
    forms = text_forms(described + " " + non_numeric)
    values = _row_quantities(row)
    found = found_quantities(facts, [q for _, q in values])
    headers = [cell.header for cell in row.cells]
    missing = [e for e in facts.entities if not mentioned(e, forms) and not _abbreviates(e, headers)]
    label_stems = set(topic_stems(row.label))
    topic = coverage(facts.stems, stems, {s for e in facts.entities for s in topic_stems(e.text) if e in missing}, weights)
    on_row = names_row(facts, row)
    number = entity = None
    headline = coverage(facts.stems, set(topic_stems(row.caption)), label_stems) + sum(header_overlap(h, facts) for h in headers)
    if on_row and not missing and not all(found) and values and headline > 0 \
            and not _one_side_of_a_change(facts, found):
        number = _row_number_conflict(facts, row, values, found)
    if on_row and not missing and number is None and all(found) and not _states_a_change(facts):
        number = _misplaced_cell(facts, row, values)
    if on_row and not missing and number is None:
        number = denied_value(facts, [v for _, v in values], cell_place(row, ''))
    if not on_row and any(found) and missing and topic >= settings.conflict_topic and _is_name(row.label):
        entity = EntityConflict(missing[0].text, row.label)
    if entity is None and not on_row and not missing and topic >= settings.conflict_topic:
        entity = _other_numbered_row(facts, row, values, found)
    return Consistency(topic, sum(found), len(facts.entities) - len(missing), number, entity, None, on_row)


def _one_side_of_a_change(facts: ClaimFacts, found: list[bool]) -> bool:
    """The row holds one value of a change the claim states ("falls from 88.4 to 84.9") and every other number of
    the claim: the other value is another row's (the setting after the change), not another value of this cell."""
    quantities = facts.quantities
    for k, (a, b) in enumerate(zip(quantities, quantities[1:])):
        if facts.text[a.end:b.start].strip().lower() == "to" and \
                facts.text[:a.start].rstrip().lower().endswith("from") and found[k] != found[k + 1]:
            return all(ok for j, ok in enumerate(found) if j not in (k, k + 1))
    return False


_CHANGE_HEADER = re.compile(r"Δ|\u2206|\bdiff|\bdelta\b", re.IGNORECASE)


def _names_a_change(text: str, q: Quantity) -> bool:
    """The claim number is the size of a change: a direction word ends its phrase ("a 9.8% relative error
    reduction", "a 2 point gain", "3.1 points higher"), before any mark or joining word (`PHRASE_JOINS`). No
    reading of a cell that holds a score."""
    for word in re.findall(r"[A-Za-z]+|[^\sA-Za-z]", text[q.end:q.end + 40])[:4]:
        if not word[0].isalpha() or word.lower() in PHRASE_JOINS:
            return False
        if DIRECTIONS.get(word.lower()) is not None:
            return True
    return False


def _holds_a_change(header: str, value: Quantity) -> bool:
    """A cell stating a change: a signed value ("+2.1"), or a column of differences ("Δ F1", "diff.")."""
    return value.signed or bool(_CHANGE_HEADER.search(header)) or any(
        DIRECTIONS.get(w) is not None for w in tokens(header))


def _states_a_change(facts: ClaimFacts) -> bool:
    """The claim uses a direction word (improves, higher, outperforms): its numbers may be a result, a gain or the
    other side of a comparison, which the comparison checks read; not the reading of one cell."""
    return any(DIRECTIONS.get(word.lower()) is not None for word in tokens(facts.text))


def _misplaced_cell(facts: ClaimFacts, row: TableRow, values: list[tuple[str, Quantity]]) -> NumberConflict | None:
    """A claim number the row holds only under columns the claim does not name, while the column the claim names
    most (one alone, not a tie) holds another value of the same kind ("the previous state of the art at 90.15"
    against PREVIOUS SOTA: 91.93 and OUR BASELINE: 90.15): the value of another column."""
    cells = [(h, v) for h, v in values if h and h != CAPTION]
    overlap = {h: header_overlap(h, facts) for h, _ in cells}
    holding = {h for h, v in values if any(values_match(q, v) for q in facts.quantities)}
    for q in facts.quantities:
        held = {h for h, v in values if values_match(q, v)}
        if not held or "" in held or CAPTION in held or any(overlap.get(h, 0) for h in held):
            continue
        named = [(h, v) for h, v in cells if h not in holding and overlap[h]]
        if not named:
            continue
        most = max(overlap[h] for h, _ in named)
        top = [(h, v) for h, v in named if overlap[h] == most]
        if len(top) == 1 and could_be_changed(q, top[0][1]):
            return NumberConflict(q, top[0][1], cell_place(row, top[0][0]))
    return None


def _other_numbered_row(facts: ClaimFacts, row: TableRow, values: list[tuple[str, Quantity]],
                        found: list[bool]) -> EntityConflict | None:
    """A row labelled by a number ("250k") that holds the claim's value while the claim names another row by its
    number ("A 128k vocabulary reaches 73.5"): the value belongs to another row than the claim's."""
    label = next((q for header, q in values if header == ""), None)
    if label is None or not any(found):
        return None
    for q, ok in zip(facts.quantities, found):
        if not ok and q.unit == label.unit and q.kind == label.kind and abs(q.value) != abs(label.value) \
                and not any(values_match(q, v) for _, v in values):
            return EntityConflict(q.text, row.label)
    return None


def names_row(facts: ClaimFacts, row: TableRow) -> bool:
    """The claim names the row: every word of its label (`Consistency.on_row`)."""
    label_stems = set(topic_stems(row.label))
    return (bool(label_stems) and label_stems <= facts.stems) or _label_named(row, facts)


def _label_named(row: TableRow, facts: ClaimFacts) -> bool:
    norm = normal_form(row.label)
    return any(names_match(norm, e.norm) for e in facts.entities) or norm in text_forms(facts.text) \
        or _label_words_named(row.label, facts)


def _label_words_named(label: str, facts: ClaimFacts) -> bool:
    """Every content word of a label of two or more is the claim's: one of its words or names (`BERTLARGE` for
    BERT-Large) or one abbreviated with a period (`Sgl.` for single, `Ens.` for ensemble)."""
    words = [w for w in name_tokens(label) if w[:1].isalpha() and topic_stems(w)]
    if len(words) < 2:
        return False
    forms = text_forms(facts.text)
    claim_words = {w.lower() for w in name_tokens(facts.text) if w[:1].isalpha()}

    def named(word: str) -> bool:
        if normal_form(word) in forms or set(topic_stems(word)) <= facts.stems:
            return True
        marked = re.search(rf"\b{re.escape(word)}\.", label) is not None
        return marked and len(word) >= 3 and any(abbreviates_word(word.lower(), w) for w in claim_words)

    return all(named(w) for w in words)


def _is_name(label: str) -> bool:
    return bool(extract_entities("| " + label))


def abbreviates_word(short: str, word: str) -> bool:
    """`avg` abbreviates `average`, `train` abbreviates `training`: same first letter, letters in order."""
    if short[0] != word[0] or len(short) >= len(word):
        return False
    rest = iter(word[1:])
    return all(letter in rest for letter in short[1:])


def header_overlap(header: str, facts: ClaimFacts) -> int:
    """Header words the claim uses, also abbreviated (`Avg` for average, `Train` for training)."""
    claim_words = {w.lower() for w in name_tokens(facts.text) if w[:1].isalpha()}
    count = 0
    for word in {w.lower().strip("|") for w in name_tokens(header) if w[:1].isalpha()}:
        if len(word) >= 2 and any(w == word or (len(word) >= 3 and abbreviates_word(word, w)) for w in claim_words):
            count += 1
        elif topic_stems(word) and set(topic_stems(word)) <= facts.stems:
            count += 1
    return count


def _row_number_conflict(facts: ClaimFacts, row: TableRow, values: list[tuple[str, Quantity]], found: list[bool]) -> NumberConflict | None:
    claim_q = next(q for q, ok in zip(facts.quantities, found) if not ok)
    matched_headers = {h for h, v in values if any(values_match(q, v) for q in facts.quantities)}
    amount = _names_a_change(facts.text, claim_q)
    candidates = [(h, v) for h, v in values if h not in matched_headers and could_be_changed(claim_q, v)
                  and not (amount and not _holds_a_change(h, v))]
    if not candidates:
        return None

    def relevance(item: tuple[str, Quantity]) -> tuple[float, float]:
        header, value = item
        named = header and (normal_form(header) in text_forms(facts.text) or any(_abbreviates(e, [header]) for e in facts.entities))
        overlap = header_overlap(header, facts) + (1 if named else 0) + (1 if value.kind and value.kind == claim_q.kind else 0)
        closeness = -abs(value.value - claim_q.value) / max(abs(claim_q.value), abs(value.value), 1e-9)
        return overlap, closeness

    header, value = max(candidates, key=relevance)
    if relevance((header, value))[0] == 0 and len(values) > 1:
        return None  # no column is about what the claim measures
    return NumberConflict(claim_q, value, cell_place(row, header))


def cell_place(row: TableRow, header: str) -> str:
    """Where a cell is, for explanations: "Table 2, row No MLM / SQuAD, column Avg." (no column for a row label's
    own number)."""
    if header == CAPTION:
        return f"the caption of {row.name}"
    return f"{row.name}, row {row.label}" + (f", column {header}" if header else "")
