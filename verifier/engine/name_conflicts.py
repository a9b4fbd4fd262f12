"""Conflicts of names: a claim name the evidence replaces by another in the same place, and two names around a
comparison in exchanged places ("X rather than Y" for "Y rather than X")."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from grammar.lexicon import DIRECTIONS
from verifier.engine.entities import Entity, distinct, extract_entities, mentioned, name_tokens, names_match, text_forms


@dataclass(frozen=True)
class EntityConflict:
    claim: str
    evidence: str


def text_entity_conflict(claim: str, claim_entities: Sequence[Entity], evidence: str, missing: list[Entity],
                         topic: float) -> EntityConflict | None:
    """A claim name the evidence replaces by another in the same place ("trained on MNLI" / "trained on SNLI")."""
    claim_norms = [e.norm for e in claim_entities]
    extra = [e for e in distinct(extract_entities(evidence))
             if not any(names_match(e.norm, n) for n in claim_norms) and not mentioned(e, text_forms(claim))]
    if not extra:
        return None
    claim_words = [w.lower() for w in name_tokens(claim)]
    evidence_words = [w.lower() for w in name_tokens(evidence)]
    matcher = SequenceMatcher(None, claim_words, evidence_words, autojunk=False)
    opcodes = matcher.get_opcodes()
    for k, (op, i1, i2, j1, j2) in enumerate(opcodes):
        if op != "replace" or i2 - i1 > 4 or j2 - j1 > 4 or not _flanked(opcodes, k):
            continue
        claim_side = next((e for e in missing if i1 <= e.first and e.last < i2), None)
        evidence_side = next((e for e in extra if j1 <= e.first and e.last < j2), None)
        if claim_side and evidence_side:
            return EntityConflict(claim_side.text, evidence_side.text)
    if len(missing) == 1 and len(extra) == 1 and topic >= 0.7:
        return EntityConflict(missing[0].text, extra[0].text)
    return None


def _flanked(opcodes: list, k: int) -> bool:
    """A replacement with at least two equal words right before or right after it: a swap in the same sentence."""
    def equal(j: int) -> bool:
        return 0 <= j < len(opcodes) and opcodes[j][0] == "equal" and opcodes[j][2] - opcodes[j][1] >= 2
    return equal(k - 1) or equal(k + 1)


ASYMMETRIC = frozenset("than rather instead over versus vs compared unlike".split()) | frozenset(
    word for word, d in DIRECTIONS.items() if d.family == "comparison" and d.grade == "verb")
"""Words that make the order of two names matter ("X rather than Y", "X outperforms Y")."""


def swapped_names(claim: str, claim_entities: Sequence[Entity], evidence: str) -> EntityConflict | None:
    """The two names around a comparison in exchanged places ("X rather than Y" for "Y rather than X")."""
    claim_words = [w.lower() for w in name_tokens(claim)]
    marker = next((i for i, w in enumerate(claim_words) if w in ASYMMETRIC), None)
    if marker is None:
        return None
    before = [e for e in claim_entities if e.last < marker]
    after = [e for e in claim_entities if e.first > marker]
    evidence_words = [w.lower() for w in name_tokens(evidence)]
    pivot = next((i for i, w in enumerate(evidence_words) if w in ASYMMETRIC), None)
    if not before or not after or pivot is None:
        return None
    a, b = before[-1], after[0]
    names = extract_entities(evidence)
    a_places = [e.first for e in names if names_match(e.norm, a.norm)]
    b_places = [e.first for e in names if names_match(e.norm, b.norm)]
    if a_places and b_places and min(a_places) > pivot and min(b_places) < pivot:
        return EntityConflict(f"{a.text} before {b.text}", f"{b.text} before {a.text}")
    return None
