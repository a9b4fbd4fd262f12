"""Does a piece of evidence talk about the same thing as the claim with another number, name or direction?

`claim_facts` analyses a claim once; `check_passages` compares it with one passage or window of passages (by kind:
a table passage is read as its row, `table_rows.row_of`; the numbers of figures, references and footnotes are no
evidence) and returns how much of the claim's topic the evidence covers, which of the claim's numbers and names it
states, and the first conflict of each kind:

- `number`: a claim number the evidence gives another value for, the same quantity (same kind: "nine tasks" against
  "seven tasks", never "7.0 points" against "# Epochs: 7"; in a table row, the cell whose column the claim names, or
  the caption's numbers), with where it is ("Table 2, row No MLM / SQuAD, column Avg."); or a value the claim denies
  ("is not 22.3") that the evidence states;
- `entity`: a name replaced by another, or two names in swapped places (`name_conflicts`); below the topic coverage
  the other conflicts need (`EngineSettings.conflict_topic`), only a name replaced in the same slot of an otherwise
  aligned phrase (`name_conflicts.anchored_name_swap`);
- `direction`: an opposite direction word about the same thing (`polarity`), or a comparison of two names that the
  evidence's numbers for them contradict (`text_comparisons`; `comparison` holds that check either way).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace

from grammar.lexicon import HEDGES, tokens
from papers.models import EVIDENCE_KINDS, Passage
from verifier.engine.engine_settings import DEFAULT_ENGINE, EngineSettings
from verifier.engine.entities import (
    Entity,
    distinct,
    extract_entities,
    mentioned,
    name_tokens,
    names_match,
    normal_form,
    strong_name,
    text_forms,
)
from verifier.engine.name_conflicts import (
    EntityConflict,
    anchored_name_swap,
    crossed_values,
    swapped_names,
    text_entity_conflict,
)
from verifier.engine.polarity import LEXICON, DirectionConflict, direction_conflict
from verifier.engine.quantities import Quantity, comparable, extract_quantities, kind_of, truncated_tail, values_match
from verifier.engine.table_rows import TableRow, parse_table_row, row_of
from verifier.engine.text_comparisons import ComparisonFact, compare_in_text
from verifier.engine.words import content_stems, is_number

MAX_RATIO = 20.0  # a changed number stays within this factor of the original; farther apart, it measures something else
Weights = Mapping[str, float]

"""Passage kinds whose numbers are evidence (a figure's axis ticks, a reference's year or a footnote are not)."""


@dataclass(frozen=True)
class ClaimFacts:
    """What the consistency checks need from a claim, computed once."""

    text: str
    quantities: tuple[Quantity, ...]
    entities: tuple[Entity, ...]
    stems: frozenset[str]
    hedged: bool = False  # the claim softens itself ("may improve", "suggests that"; `grammar.lexicon.HEDGES`)


def claim_facts(text: str, truncated: bool = False) -> ClaimFacts:
    """The claim's numbers, names and topic stems. `text` is what can be judged of the claim (for a truncated claim
    its visible text: every complete token, and a last number that may have lost digits, matched as a prefix)."""
    quantities = [q for q in extract_quantities(text) if q.unit != "year"]
    if truncated:
        quantities = truncated_tail(quantities, text)
    return ClaimFacts(text, tuple(quantities), tuple(distinct(extract_entities(text))), frozenset(_topic_stems(text)),
                      any(word in HEDGES for word in tokens(text)))


def _topic_stems(text: str) -> list[str]:
    return [s for s in content_stems(text) if not is_number(s) and s not in LEXICON]


@dataclass(frozen=True)
class NumberConflict:
    claim: Quantity
    evidence: Quantity
    context: str = ""


@dataclass(frozen=True)
class Consistency:
    """The comparison of one claim with one evidence text."""

    topic: float
    quantities_found: int
    entities_found: int
    number: NumberConflict | None = None
    entity: EntityConflict | None = None
    direction: DirectionConflict | None = None
    on_row: bool = False  # the evidence is a table row whose label the claim names
    comparison: ComparisonFact | None = None  # the claim's comparison of two names, checked on the evidence's numbers

    @property
    def conflict(self) -> bool:
        return self.number is not None or self.entity is not None or self.direction is not None


def _coverage(claim: frozenset[str], evidence: set[str], skip: Collection[str] = frozenset(), weights: Weights | None = None) -> float:
    """Weighted share of the claim's topic stems found in the evidence (rare words weigh more, via `weights`)."""
    wanted = sorted(s for s in claim if s not in skip)  # sorted: float sums independent of hash order
    if not wanted:
        return 0.0
    default = max(weights.values(), default=1.0) if weights else 1.0
    weight = (lambda s: weights.get(s, default)) if weights else (lambda s: 1.0)
    total = sum(weight(s) for s in wanted)
    found = sum(weight(s) for s in wanted if s in evidence)
    return found / (total + 0.5 * total / len(wanted))


def _found_quantities(facts: ClaimFacts, evidence: list[Quantity]) -> list[bool]:
    return [any(values_match(q, e) for e in evidence) for q in facts.quantities]


def check(facts: ClaimFacts, evidence: str, weights: Weights | None = None,
          settings: EngineSettings = DEFAULT_ENGINE) -> Consistency:
    """Compare `facts` with an evidence text (a table row when it reads as one); `weights` are stem IDFs.
    Prefer `check_passages`, which knows each passage's kind."""
    row = parse_table_row(evidence) if evidence.lstrip().lower().startswith("table") else None
    if row is not None and row.cells:
        return _check_row(facts, row, weights, settings)
    return _check_text(facts, evidence, weights, settings)


def check_passages(facts: ClaimFacts, passages: Sequence[Passage], weights: Weights | None = None,
                   settings: EngineSettings = DEFAULT_ENGINE, subjects: Collection[str] = frozenset()) -> Consistency:
    """Compare `facts` with one passage or a window of passages, by their kinds: a table passage is read as its
    row; the numbers of figure, reference and footnote passages are no evidence (neither found nor conflicting).
    `subjects`: the normal forms of the names the passages' paper is about (`entities.subject_names`), which its
    sentences may leave out: a claim name among them that the evidence does not write still lets a differing
    number or direction count (it is still a name the evidence does not state), and another name counts as its
    replacement only when written in its place (`name_conflicts.anchored_name_swap`)."""
    if len(passages) == 1 and passages[0].kind == "table":
        row = row_of(passages[0])
        if row is not None and row.cells:
            return _check_row(facts, row, weights, settings)
    text = " ".join(p.text for p in passages)
    if all(p.kind in EVIDENCE_KINDS for p in passages):
        return _check_text(facts, text, weights, settings, subjects=subjects)
    consistency = _check_text(facts, text, weights, settings, numbers=False, subjects=subjects)
    return replace(consistency, number=None)


def _check_text(facts: ClaimFacts, evidence: str, weights: Weights | None, settings: EngineSettings,
                numbers: bool = True, subjects: Collection[str] = frozenset()) -> Consistency:
    stems = set(_topic_stems(evidence))
    forms = text_forms(evidence)
    evidence_quantities = [q for q in extract_quantities(evidence) if q.unit != "year"] if numbers else []
    found = _bound_quantities(facts, evidence, evidence_quantities)
    missing = [e for e in facts.entities if not mentioned(e, forms)]
    skip = {s for e in missing for s in _topic_stems(e.text)}
    topic = _coverage(facts.stems, stems, skip, weights)
    number = entity = direction = comparison = None
    numbers_stated = all(_found_quantities(facts, evidence_quantities))  # the numbers, whoever they belong to
    if topic >= settings.conflict_topic:
        # A difference counts only when everything else agrees: the names for a number or a direction,
        # the numbers for a name.
        if all(e.norm in subjects for e in missing):
            number = _text_number_conflict(facts, evidence, evidence_quantities, found, settings) \
                or _denied_value(facts, evidence_quantities)
            direction = direction_conflict(facts.text, evidence)
            comparison = compare_in_text(facts.text, facts.entities, evidence) if numbers else None
            if direction is None and comparison is not None and not comparison.agrees:
                direction = DirectionConflict(comparison.claim_word, comparison.values, comparison.negated, False,
                                              False, comparison.values)
        if missing and numbers_stated and all(e.norm in subjects for e in missing):
            # a sentence may leave out the name its paper is about: only a name written in its very place counts
            entity = anchored_name_swap(facts.text, facts.entities, evidence, missing[0], facts.stems, settings) \
                if len(missing) == 1 else None
        elif missing and numbers_stated:
            entity = text_entity_conflict(facts.text, facts.entities, evidence, missing, topic, settings)
        elif not missing and all(found) and topic >= settings.swapped_roles_topic:
            entity = swapped_names(facts.text, facts.entities, evidence)
    elif len(missing) == 1 and numbers_stated and topic >= settings.anchored_swap_topic:
        # Less of the topic stated: only a name replaced in the same slot of an aligned phrase counts.
        entity = anchored_name_swap(facts.text, facts.entities, evidence, missing[0], facts.stems, settings)
    if entity is None and number is None and len(facts.quantities) > 1 and topic >= settings.crossed_values_topic:
        entity = crossed_values(facts.text, facts.entities, facts.quantities, evidence, evidence_quantities)
    return Consistency(topic, sum(found), len(facts.entities) - len(missing), number, entity, direction,
                       comparison=comparison)


def _context(text: str, start: int, end: int, width: int = 40) -> set[str]:
    return set(_topic_stems(text[max(0, start - width):start] + " " + text[end:end + width]))


def _owner(evidence_entities: list[Entity], q: Quantity) -> Entity | None:
    """The name written nearest to a number (before or after it), which the number most likely belongs to."""
    return min(evidence_entities, key=lambda e: min(abs(q.start - e.end), abs(e.start - q.end)), default=None)


def _bound_quantities(facts: ClaimFacts, evidence: str, quantities: list[Quantity]) -> list[bool]:
    """Which claim numbers the evidence states *about the claim's names*. When the evidence names one of the claim's
    names, a number counts only if its sentence names nothing, or one of the claim's names is the name written
    nearest to it or the sentence's first name (its subject): "B, built from A and C, has 1,000 examples" does not
    state "A has 1,000 examples". Evidence naming none of the claim's names is left to the name checks."""
    names = extract_entities(evidence)
    claim_forms = text_forms(facts.text)
    strong_forms = text_forms(" ".join(e.text for e in facts.entities if strong_name(e.text)))
    if not strong_forms or not any(mentioned(name, strong_forms) for name in names):
        return _found_quantities(facts, quantities)

    def bound(e: Quantity) -> bool:
        sentence = _same_sentence(names, evidence, e)
        return not sentence or any(owner is not None and mentioned(owner, claim_forms)
                                   for owner in (_owner(sentence, e), sentence[0]))

    return [any(values_match(q, e) and bound(e) for e in quantities) for q in facts.quantities]


_SENTENCE_BREAK = re.compile(r"[.!?;](?=\s)")


def _same_sentence(names: list[Entity], text: str, q: Quantity) -> list[Entity]:
    """The names in the sentence (or semicolon clause) that holds `q`."""
    start = max((m.end() for m in _SENTENCE_BREAK.finditer(text, 0, q.start)), default=0)
    following = _SENTENCE_BREAK.search(text, q.end)
    end = following.start() if following else len(text)
    return [e for e in names if e.start >= start and e.end <= end]


_LEAD_STEMS, _LEAD_REACH = 3, 8  # content words, and words at most, that lead up to a number


def _lead_stems(text: str, q: Quantity) -> set[str]:
    """The last few content stems of the words that lead up to a number in its own phrase (not past another number
    or a sentence mark): what the number measures when its noun comes first ("backward perplexity is 39.7")."""
    lead: list[str] = []
    for word in reversed(text[max(0, q.start - 80):q.start].split()[-_LEAD_REACH:]):
        if len(lead) == _LEAD_STEMS or any(c.isdigit() for c in word) or word[-1] in ".;:!?)" or word[0] == "(":
            break
        lead += _topic_stems(word)
    return set(lead)


def _text_number_conflict(facts: ClaimFacts, evidence: str, quantities: list[Quantity], found: list[bool],
                          settings: EngineSettings = DEFAULT_ENGINE) -> NumberConflict | None:
    """A claim number replaced by another in the same context. Only one claim number may differ: when several do,
    the evidence describes another setting (another sparsity level, another language)."""
    unmatched_claim = [q for q, ok in zip(facts.quantities, found) if not ok]
    if len(unmatched_claim) != 1:
        return None
    names = extract_entities(evidence)
    claim_forms = text_forms(facts.text)
    kinds = {q.kind for q in unmatched_claim if q.kind}
    leads = [_lead_stems(facts.text, q) for q in unmatched_claim]

    def owned(e: Quantity) -> bool:
        """The number counts what an unmatched claim number counts, is led up to by the same words, or belongs to
        none of the other names."""
        owner = _owner(names, e)
        if e.kind in kinds or owner is None or mentioned(owner, claim_forms):
            return True
        lead = _lead_stems(evidence, e)
        return any(len(lead & stems) >= settings.number_lead_stems for stems in leads)

    unmatched_evidence = [e for e in quantities if not any(values_match(q, e) for q in facts.quantities) and owned(e)]
    best, best_score = None, -1.0
    for q in unmatched_claim:
        claim_context = _context(facts.text, q.start, q.end)
        for e in unmatched_evidence:
            if not _could_be_changed(q, e):
                continue
            score = len(claim_context & _context(evidence, e.start, e.end)) + (0.5 if q.unit == e.unit else 0.0) \
                + (1.0 if q.kind and q.kind == e.kind else 0.0)
            if score > best_score:
                best, best_score = NumberConflict(q, e), score
    single = len(unmatched_evidence) == 1
    return best if best is not None and (best_score >= 1.0 or single) else None


def _denied_value(facts: ClaimFacts, evidence: list[Quantity], row: TableRow | None = None) -> NumberConflict | None:
    """A value the claim denies ("the average is not 22.3") that the evidence states."""
    for q in facts.quantities:
        if q.denied and (e := next((e for e in evidence if values_match(q, e)), None)) is not None:
            return NumberConflict(q, e, f"{cell_place(row, '')} (the claim denies it)" if row else "the claim denies it")
    return None


def _could_be_changed(claim: Quantity, evidence: Quantity) -> bool:
    """Plausibly the same quantity with another value: same kind, magnitude within `MAX_RATIO`, and a number word
    only standing for a small whole number."""
    if not comparable(claim, evidence) or claim.is_range != evidence.is_range:
        return False
    a, b = abs(claim.value), abs(evidence.value)
    if a and b and max(a, b) / min(a, b) > MAX_RATIO:
        return False
    worded = [q for q in (claim, evidence) if q.text[:1].isalpha()]
    return not worded or all(float(q.value).is_integer() and q.value <= 100 for q in (claim, evidence))


def cell_quantity(header: str, value: str) -> Quantity | None:
    """The number a table cell states, counting what its column header names ("# Epochs: 7" counts epochs)."""
    quantities = [q for q in extract_quantities(value) if q.unit != "year"]
    if not quantities:
        return None
    q = quantities[0]
    return q if q.kind else replace(q, kind=kind_of(header))


CAPTION = "(caption)"
"""The header under which a row's values list the numbers of its table's caption."""


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


def _check_row(facts: ClaimFacts, row: TableRow, weights: Weights | None, settings: EngineSettings) -> Consistency:
    described = " ".join([row.caption, row.label, *(cell.header for cell in row.cells)])
    non_numeric = " ".join(cell.value for cell in row.cells if not extract_quantities(cell.value))
    stems = set(_topic_stems(described + " " + non_numeric))
    forms = text_forms(described + " " + non_numeric)
    values = _row_quantities(row)
    found = _found_quantities(facts, [q for _, q in values])
    headers = [cell.header for cell in row.cells]
    missing = [e for e in facts.entities if not mentioned(e, forms) and not _abbreviates(e, headers)]
    label_stems = set(_topic_stems(row.label))
    topic = _coverage(facts.stems, stems, {s for e in facts.entities for s in _topic_stems(e.text) if e in missing}, weights)
    on_row = (bool(label_stems) and label_stems <= facts.stems) or _label_named(row, facts)
    number = entity = None
    headline = _coverage(facts.stems, set(_topic_stems(row.caption)), label_stems) + sum(header_overlap(h, facts) for h in headers)
    if on_row and not missing and not all(found) and values and headline > 0:
        number = _row_number_conflict(facts, row, values, found)
    if on_row and not missing and number is None:
        number = _denied_value(facts, [v for _, v in values], row)
    if not on_row and any(found) and missing and topic >= settings.conflict_topic and _is_name(row.label):
        entity = EntityConflict(missing[0].text, row.label)
    if entity is None and not on_row and not missing and topic >= settings.conflict_topic:
        entity = _other_numbered_row(facts, row, values, found)
    return Consistency(topic, sum(found), len(facts.entities) - len(missing), number, entity, None, on_row)


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


def _label_named(row: TableRow, facts: ClaimFacts) -> bool:
    norm = normal_form(row.label)
    return any(names_match(norm, e.norm) for e in facts.entities) or norm in text_forms(facts.text)


def _is_name(label: str) -> bool:
    return bool(extract_entities("| " + label))


def _abbreviation(short: str, word: str) -> bool:
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
        if len(word) >= 2 and any(w == word or (len(word) >= 3 and _abbreviation(word, w)) for w in claim_words):
            count += 1
        elif _topic_stems(word) and set(_topic_stems(word)) <= facts.stems:
            count += 1
    return count


def _row_number_conflict(facts: ClaimFacts, row: TableRow, values: list[tuple[str, Quantity]], found: list[bool]) -> NumberConflict | None:
    claim_q = next(q for q, ok in zip(facts.quantities, found) if not ok)
    matched_headers = {h for h, v in values if any(values_match(q, v) for q in facts.quantities)}
    candidates = [(h, v) for h, v in values if h not in matched_headers and _could_be_changed(claim_q, v)]
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
