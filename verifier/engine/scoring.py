"""Scores of one claim against its candidate passages, and the signals the calibrated model combines.

For every candidate (a passage or a two-sentence window): a lexical score (rapidfuzz; `partial_ratio` aligns a
truncated claim's visible prefix inside the passage), the cosine of the embeddings, and the consistency checks.
The best supporting candidate and the strongest conflicting one give the claim's signals.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import numpy as np
from rapidfuzz import fuzz
from rapidfuzz.utils import default_process

from verifier.engine.consistency import ClaimFacts, Consistency, check
from verifier.engine.quantities import values_match
from verifier.engine.retrieval import PassageIndex
from verifier.engine.table_comparisons import TableClaim

VERBATIM = 0.98  # lexical score of a word-for-word quote (rapidfuzz alignment)
FEATURES = ("semantic", "lexical", "topic", "quantities", "has_quantities", "entities", "table",
            "number_conflict", "entity_conflict", "direction_conflict", "table_agrees", "table_conflict",
            "negation_mismatch", "table_numbers", "tables_only", "tables_only_semantic", "tables_only_topic",
            "tables_only_quantities", "prose_only", "prose_only_semantic", "prose_only_topic", "unknown_words",
            "named_row_numbers")
_NEGATION = re.compile(r"\b(?:not|no|never|without|cannot|neither|nor|none|fails?|failed|unable|lacks?)\b|n't\b",
                       re.IGNORECASE)


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


def score_candidate(index: PassageIndex, group: tuple[int, ...], facts: ClaimFacts, query: str, truncated: bool,
                    cosines: np.ndarray) -> Candidate:
    text = " ".join(index.passages[i].text for i in group)
    lexical = lexical_score(query, text, truncated)
    semantic = float(max(0.0, min(1.0, max(cosines[i] for i in group))))
    consistency = check(facts, text, index.idf)
    if len(group) > 1 and (consistency.number or consistency.entity):
        # A window's names and numbers come from two sentences: only single passages may conflict on them.
        consistency = replace(consistency, number=None, entity=None)
    whole = completeness(facts, consistency)
    support = 0.25 * semantic + 0.15 * lexical + 0.6 * whole
    if len(group) > 1:
        support -= 0.03  # prefer one sentence when it says as much
    return Candidate(group, text, lexical, semantic, consistency, support, whole)


@dataclass(frozen=True)
class ClaimSignals:
    """The best supporting candidate, the strongest conflicting one, and the model's feature vector."""

    best: Candidate | None
    conflict: Candidate | None
    ranked: tuple[Candidate, ...]
    features: dict[str, float]
    table: TableClaim | None = None  # a comparison of table rows the claim makes, checked
    table_rows: tuple[Candidate, ...] = ()  # the rows that comparison involves, scored


def _conflict_strength(candidates: list[Candidate], kind: str, index: PassageIndex) -> tuple[float, Candidate | None]:
    """The strongest candidate with a conflict of `kind`: how much of the claim's topic it covers and how close it
    is (lexically for table rows, whose embeddings resemble no sentence, by embedding otherwise)."""
    strongest, chosen = 0.0, None
    for candidate in candidates:
        if getattr(candidate.consistency, kind) is not None:
            table = any(index.passages[i].kind == "table" for i in candidate.indices)
            strength = 0.5 * candidate.consistency.topic + 0.5 * (candidate.lexical if table else candidate.semantic)
            if strength > strongest:
                strongest, chosen = strength, candidate
    return strongest, chosen


def _complete(facts: ClaimFacts, candidate: Candidate) -> bool:
    c = candidate.consistency
    return not c.conflict and c.quantities_found == len(facts.quantities) and c.entities_found == len(facts.entities)


def claim_signals(facts: ClaimFacts, candidates: list[Candidate], index: PassageIndex,
                  table: TableClaim | None = None, table_rows: tuple[Candidate, ...] = ()) -> ClaimSignals:
    """Combine the candidates' scores into the features of `FEATURES`.

    The support features come from the best candidate without a conflict (a sentence that says the opposite is no
    support); the conflict features from the strongest conflicting candidate of each kind.
    """
    ranked = sorted(candidates, key=lambda c: -c.support)
    conflicting = {c.indices[0] for c in ranked if len(c.indices) == 1 and c.consistency.conflict}
    # A window is no support when one of its sentences conflicts: the other sentence only lends the missing name.
    clean = [c for c in ranked if not c.consistency.conflict and not (len(c.indices) > 1 and conflicting & set(c.indices))]
    best = clean[0] if clean else (ranked[0] if ranked else None)
    features = dict.fromkeys(FEATURES, 0.0)
    conflict, conflict_strength = None, 0.0
    if best is not None:
        c = best.consistency
        features.update(
            semantic=best.semantic,
            lexical=best.lexical,
            topic=c.topic,
            quantities=c.quantities_found / len(facts.quantities) if facts.quantities else 1.0,
            has_quantities=1.0 if facts.quantities else 0.0,
            entities=c.entities_found / len(facts.entities) if facts.entities else 1.0,
            table=1.0 if any(index.passages[i].kind == "table" for i in best.indices) else 0.0,
        )
        stated = bool(facts.quantities) and _complete(facts, best)
        verbatim = _complete(facts, best) and best.lexical >= VERBATIM and best.consistency.topic >= 0.9
        for kind in ("number", "entity", "direction"):
            if verbatim or (kind == "number" and stated):
                # The claim is quoted word for word, or a clean passage states all its numbers with its names:
                # a differing passage elsewhere is about something else (or an inconsistency of the paper).
                continue
            strength, chosen = _conflict_strength(ranked, kind, index)
            features[f"{kind}_conflict"] = strength
            if chosen is not None and strength > conflict_strength:
                conflict, conflict_strength = chosen, strength
    if table is not None:
        features["table_agrees" if table.agrees else "table_conflict"] = 1.0
    features.update(source_features(facts, best, index, features))
    ranked_clean_first = clean + [c for c in ranked if c not in clean]
    return ClaimSignals(best, conflict, tuple(ranked_clean_first), features, table, table_rows)


def source_features(facts: ClaimFacts, best: Candidate | None, index: PassageIndex, features: dict[str, float]) -> dict[str, float]:
    """Features that let one small model treat tables and prose differently: whether the sources are only table
    rows or only prose (abstracts), and those flags times the main support features (full papers mix both), how many of the claim's numbers occur anywhere in the
    tables, and a negation in only one of claim and best evidence (weighted by how close that evidence is)."""
    passages = index.passages
    tables = sum(1 for p in passages if p.kind == "table")
    tables_only = 1.0 if passages and tables == len(passages) else 0.0
    prose_only = 1.0 if passages and not tables else 0.0
    values = [q for rows in (index.tables or {}).values() for r in rows for q in r.values.values()]
    numbers = [any(values_match(q, v) for v in values) for q in facts.quantities]
    negated = best is not None and bool(_NEGATION.search(facts.text)) != bool(_NEGATION.search(best.text))
    return {
        "negation_mismatch": features["semantic"] if negated else 0.0,
        "table_numbers": sum(numbers) / len(numbers) if numbers else 0.0,
        "tables_only": tables_only,
        "tables_only_semantic": tables_only * features["semantic"],
        "tables_only_topic": tables_only * features["topic"],
        "tables_only_quantities": tables_only * features["quantities"] * features["has_quantities"],
        "prose_only": prose_only,
        "prose_only_semantic": prose_only * features["semantic"],
        "prose_only_topic": prose_only * features["topic"],
        # Claim words that no source uses at all: a claim about something the sources never mention.
        "unknown_words": sum(1 for s in facts.stems if s not in index.idf) / len(facts.stems) if facts.stems else 0.0,
        # A table row the claim names holds all of the claim's numbers.
        "named_row_numbers": 1.0 if best is not None and best.consistency.on_row and facts.quantities
        and best.consistency.quantities_found == len(facts.quantities) else 0.0,
    }
