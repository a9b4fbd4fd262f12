"""Scores of one claim against its candidate passages, gathered into the claim's evidence record.

For every candidate (a passage or a two-sentence window): a lexical score (rapidfuzz; `partial_ratio` aligns a
truncated claim's visible prefix inside the passage), the cosine of the embeddings, and the consistency checks.
`evidence_record` keeps the best supporting candidate, the strongest conflicting one of each kind, the table
comparison and what the sources hold overall: the one record that `verifier.engine.features` turns into the model's
features and `verifier.engine.decision` into the verdict.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np
from rapidfuzz import fuzz
from rapidfuzz.utils import default_process

from verifier.engine.consistency import check_passages
from verifier.engine.engine_settings import DEFAULT_ENGINE, EngineSettings
from verifier.engine.entities import mentioned, name_tokens, text_forms
from verifier.engine.facts import ClaimFacts, Consistency
from verifier.engine.retrieval import PassageIndex
from verifier.engine.row_consistency import names_row
from verifier.engine.table_comparisons import TableClaim, tables_of
from verifier.engine.table_rows import row_of
from verifier.engine.value_matching import values_match

CONFLICT_KINDS = ("number", "entity", "direction")


def lexical_score(claim: str, passage: str, truncated: bool = False) -> float:
    """Fuzzy overlap in [0, 1]: the claim aligned inside the passage, or its word set against the passage's."""
    a, b = default_process(claim), default_process(passage)
    if not a or not b:
        return 0.0
    if truncated:
        return fuzz.partial_ratio(a, b) / 100.0
    aligned = fuzz.partial_ratio(a, b) if len(a) <= 1.1 * len(b) else fuzz.ratio(a, b)
    return max(aligned, fuzz.token_set_ratio(a, b)) / 100.0


@dataclass(frozen=True)
class Candidate:
    """One scored piece of evidence: passage indices into the index, its text and scores."""

    indices: tuple[int, ...]
    text: str
    lexical: float
    semantic: float
    consistency: Consistency
    support: float
    completeness: float
    table: bool = False  # a table row
    caption: bool = False  # a sentence of a table's caption (table material, no row to read)


def completeness(facts: ClaimFacts, consistency: Consistency) -> float:
    """How much of the claim the evidence states. For a claim with numbers, the numbers count most (a table row
    states them with few of the claim's words; a sentence without them does not state the claim); missing names
    scale it down."""
    value = consistency.topic
    if facts.quantities:
        share = consistency.quantities_found / len(facts.quantities)
        value = (0.4 * value + 0.6 * share) * (0.1 + 0.9 * share)
    if facts.entities:
        value *= 0.4 + 0.6 * consistency.entities_found / len(facts.entities)
    return value


def context_names(index: PassageIndex, first: int, facts: ClaimFacts,
                  settings: EngineSettings = DEFAULT_ENGINE) -> frozenset[str]:
    """The normal forms of the claim's names that the `context_passages` running-text sentences just before passage
    `first`, in the same flow (`retrieval.PassageIndex.neighbours`) and section, write: a sentence leaves out the
    name the sentences before it set ("On SQuAD, ... An 11 member ensemble pushes F1 to 87.4")."""
    if not facts.entities or index.passages[first].kind != "text" or index.passages[first].caption_sentence:
        return frozenset()
    before: list[str] = []
    i = first
    while len(before) < settings.context_passages:
        j = i - 1
        if j < 0 or j not in index.neighbours(i) or index.passages[j].section != index.passages[i].section:
            break
        before.append(index.passages[j].text)
        i = j
    if not before:
        return frozenset()
    forms = text_forms(" ".join(before))
    return frozenset(e.norm for e in facts.entities if mentioned(e, forms))


def named_rows(index: PassageIndex, groups: list[tuple[int, ...]], facts: ClaimFacts,
               settings: EngineSettings = DEFAULT_ENGINE) -> list[tuple[int, ...]]:
    """Up to `named_rows` rows, not among `groups`, that the claim names (`row_consistency.names_row`) in the
    tables `groups` hold rows of: rows that read alike ("Sgl." and "Ens." of one model) rank by the claim's number,
    so the row that holds it may come alone, without the row the claim names and its other value."""
    tables = index.tables if index.tables is not None else tables_of(index.passages)
    chosen = {i for group in groups for i in group}
    found: list[tuple[int, ...]] = []
    for key, rows in tables.items():
        if key[0] == "transposed" or not any(r.index in chosen for r in rows):
            continue
        found += [(r.index,) for r in rows if r.index not in chosen and names_row(facts, r.row)]
    return found[: settings.named_rows]


def score_candidate(index: PassageIndex, group: tuple[int, ...], facts: ClaimFacts, query: str, truncated: bool,
                    cosines: np.ndarray, settings: EngineSettings = DEFAULT_ENGINE) -> Candidate:
    text = " ".join(index.passages[i].text for i in group)
    lexical = lexical_score(query, text, truncated)
    semantic = float(max(0.0, min(1.0, max(cosines[i] for i in group))))
    subjects = index.subjects.get(index.passages[group[0]].arxiv_id, frozenset()) \
        | context_names(index, group[0], facts, settings)
    consistency = check_passages(facts, [index.passages[i] for i in group], index.idf, settings, subjects)
    if len(group) > 1 and (consistency.number or consistency.entity):
        # A window's names and numbers come from two sentences: only single passages may conflict on them.
        consistency = replace(consistency, number=None, entity=None)
    whole = completeness(facts, consistency)
    support = settings.support_semantic * semantic + settings.support_lexical * lexical + settings.support_complete * whole
    if len(group) > 1:
        support -= settings.window_penalty  # prefer one sentence when it says as much
    table = any(index.passages[i].kind == "table" for i in group)
    caption = any(index.passages[i].caption_sentence for i in group)
    return Candidate(group, text, lexical, semantic, consistency, support, whole, table, caption)


def states_everything(facts: ClaimFacts, candidate: Candidate | None) -> bool:
    """The candidate states every number and every name of the claim (a table row the claim names may leave out
    names that its headers abbreviate: `En-De` for an `English-German` column)."""
    if candidate is None:
        return False
    c = candidate.consistency
    names = c.entities_found == len(facts.entities) or (c.on_row and bool(facts.quantities))
    return c.quantities_found == len(facts.quantities) and names


def _clean_and_complete(facts: ClaimFacts, candidate: Candidate) -> bool:
    c = candidate.consistency
    return not c.conflict and c.quantities_found == len(facts.quantities) and c.entities_found == len(facts.entities)


@dataclass(frozen=True)
class JudgeReading:
    """What the learned pair judge says about the candidates it read (`verifier.engine.judge`)."""

    support: float  # highest probability of `supported` over the candidates read
    contradict: float  # highest probability of `contradicted`
    best_support: float  # probability of `supported` for the best supporting candidate
    best_contradict: float  # probability of `contradicted` for that candidate
    conflict: Candidate | None = None  # the candidate the judge finds most contradicting


@dataclass(frozen=True)
class EvidenceRecord:
    """Everything the engine found about one claim: the facts the verdict is decided from."""

    facts: ClaimFacts
    best: Candidate | None  # the best candidate without a conflict (or the best at all)
    conflict: Candidate | None  # the strongest conflicting candidate (number, name or direction)
    ranked: tuple[Candidate, ...]  # clean candidates first, by support
    conflict_strengths: dict[str, float] = field(default_factory=dict)  # per kind of conflict, 0..1
    quoted: bool = False  # the best candidate quotes the claim word for word, every number and name included
    table: TableClaim | None = None  # a comparison of table rows the claim makes, checked
    table_rows: tuple[Candidate, ...] = ()  # the rows that comparison involves, scored
    tables_only: bool = False  # every source passage is table material (`Passage.table_material`)
    prose_only: bool = False  # no source passage is table material
    table_numbers: float = 0.0  # share of the claim's numbers found in any table cell
    unknown_words: float = 0.0  # share of the claim's topic words that no source uses
    judge: JudgeReading | None = None
    features: dict[str, float] = field(default_factory=dict)  # filled by verifier.engine.features

    @property
    def table_agrees(self) -> bool:
        return self.table is not None and self.table.agrees

    @property
    def table_conflict(self) -> bool:
        return self.table is not None and not self.table.agrees


def _conflict_strength(candidates: list[Candidate], kind: str) -> tuple[float, Candidate | None]:
    """The strongest candidate with a conflict of `kind`: how much of the claim's topic it covers and how close it
    is (lexically for table rows, whose embeddings resemble no sentence, by embedding otherwise)."""
    strongest, chosen = 0.0, None
    for candidate in candidates:
        if getattr(candidate.consistency, kind) is not None:
            closeness = candidate.lexical if candidate.table else candidate.semantic
            strength = 0.5 * candidate.consistency.topic + 0.5 * closeness
            if strength > strongest:
                strongest, chosen = strength, candidate
    return strongest, chosen


def _label_words(index: PassageIndex, candidate: Candidate) -> list[str]:
    row = row_of(index.passages[candidate.indices[0]]) if candidate.table else None
    return [w.lower() for w in name_tokens(row.label) if w[:1].isalnum()] if row is not None else []


def _named_row_differs(best: Candidate, ranked: list[Candidate], index: PassageIndex) -> bool:
    """The best candidate is a table row the claim does not name, and a variant of it that the claim names (a row
    whose label differs in one word: "Sgl." for "Ens.") gives another number: the claim's number was read off the
    row beside the one it means, so stating it is no reason to set the conflict aside."""
    if not best.table or best.consistency.on_row:
        return False
    label = _label_words(index, best)

    def variant(other: list[str]) -> bool:
        return len(other) == len(label) and sum(a != b for a, b in zip(label, other)) == 1

    return any(c.table and c.consistency.on_row and c.consistency.number is not None
               and variant(_label_words(index, c)) for c in ranked)


def evidence_record(facts: ClaimFacts, candidates: list[Candidate], index: PassageIndex, table: TableClaim | None = None,
                    table_rows: tuple[Candidate, ...] = (), settings: EngineSettings = DEFAULT_ENGINE) -> EvidenceRecord:
    """The claim's evidence record from its scored candidates.

    The best candidate is the best one without a conflict (a sentence that says the opposite is no support); the
    conflict is the strongest conflicting candidate. A conflict elsewhere does not count when the best candidate
    quotes the claim word for word, or (for numbers) states all its numbers with its names: the differing passage is
    then about something else (or an inconsistency of the paper); not when it is a table row the claim does not name
    and a variant of it that the claim names gives another number.
    """
    ranked = sorted(candidates, key=lambda c: -c.support)
    conflicting = {c.indices[0] for c in ranked if len(c.indices) == 1 and c.consistency.conflict}
    # A window is no support when one of its sentences conflicts: the other sentence only lends the missing name.
    clean = [c for c in ranked if not c.consistency.conflict and not (len(c.indices) > 1 and conflicting & set(c.indices))]
    best = clean[0] if clean else (ranked[0] if ranked else None)
    strengths = dict.fromkeys(CONFLICT_KINDS, 0.0)
    conflict, conflict_strength, quoted = None, 0.0, False
    if best is not None:
        complete = _clean_and_complete(facts, best)
        stated = bool(facts.quantities) and complete and not _named_row_differs(best, ranked, index)
        quoted = complete and best.lexical >= settings.verbatim and best.consistency.topic >= 0.9
        for kind in CONFLICT_KINDS:
            if quoted or (kind == "number" and stated):
                continue
            strength, chosen = _conflict_strength(ranked, kind)
            strengths[kind] = strength
            if chosen is not None and strength > conflict_strength:
                conflict, conflict_strength = chosen, strength
    passages = index.passages
    tables = sum(1 for p in passages if p.table_material)  # rows and their captions' sentences
    values = [q for rows in (index.tables or {}).values() for r in rows for q in r.values.values()]
    numbers = [any(values_match(q, v) for v in values) for q in facts.quantities]
    unknown = sum(1 for s in facts.stems if s not in index.idf) / len(facts.stems) if facts.stems else 0.0
    return EvidenceRecord(
        facts=facts, best=best, conflict=conflict, ranked=tuple(clean + [c for c in ranked if c not in clean]),
        conflict_strengths=strengths, quoted=quoted, table=table, table_rows=table_rows,
        tables_only=bool(passages) and tables == len(passages), prose_only=bool(passages) and not tables,
        table_numbers=sum(numbers) / len(numbers) if numbers else 0.0, unknown_words=unknown,
    )
