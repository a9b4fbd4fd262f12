"""Conflicts of names: a claim name the evidence replaces by another in the same place, two names around a
comparison in exchanged places ("X rather than Y" for "Y rather than X"), and two names' numbers exchanged
(`crossed_values`).

`text_entity_conflict` reads evidence that states enough of the claim's topic; `anchored_name_swap` reads evidence
that states less of it and finds a replaced name only where the words around it align with the claim's: the name is
the one difference in its phrase ("uses mT5-XL as the base model" / "use mBART-50 as the base model")."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from grammar.lexicon import DIRECTIONS
from verifier.engine.engine_settings import DEFAULT_ENGINE, EngineSettings
from verifier.engine.entities import (
    Entity,
    distinct,
    extract_entities,
    mentioned,
    name_tokens,
    names_match,
    same_kind,
    strong_name,
    text_forms,
)
from verifier.engine.quantities import Quantity
from verifier.engine.value_matching import values_match
from verifier.engine.words import content_stems


@dataclass(frozen=True)
class EntityConflict:
    claim: str
    evidence: str
    in_place: bool = False  # found by `anchored_name_swap`: the one difference of an aligned phrase


Opcodes = Sequence[tuple[str, int, int, int, int]]


def _other_names(claim: str, claim_entities: Sequence[Entity], evidence: str) -> list[Entity]:
    """The evidence's names that are none of the claim's and that the claim does not write either."""
    claim_norms = [e.norm for e in claim_entities]
    forms = text_forms(claim)
    return [e for e in distinct(extract_entities(evidence))
            if not any(names_match(e.norm, n) for n in claim_norms) and not mentioned(e, forms)]


def _alignment(claim: str, evidence: str) -> Opcodes:
    """The word alignment of claim and evidence (lower-cased `name_tokens`, which entity spans index into)."""
    claim_words = [w.lower() for w in name_tokens(claim)]
    evidence_words = [w.lower() for w in name_tokens(evidence)]
    return SequenceMatcher(None, claim_words, evidence_words, autojunk=False).get_opcodes()


def text_entity_conflict(claim: str, claim_entities: Sequence[Entity], evidence: str, missing: list[Entity],
                         topic: float, settings: EngineSettings = DEFAULT_ENGINE) -> EntityConflict | None:
    """A claim name the evidence replaces by another in the same place ("trained on MNLI" / "trained on SNLI")."""
    extra = _other_names(claim, claim_entities, evidence)
    if not extra:
        return None
    opcodes = _alignment(claim, evidence)
    for k, (op, i1, i2, j1, j2) in enumerate(opcodes):
        if op != "replace" or i2 - i1 > 4 or j2 - j1 > 4 or not _flanked(opcodes, k):
            continue
        claim_side = next((e for e in missing if i1 <= e.first and e.last < i2), None)
        evidence_side = next((e for e in extra if j1 <= e.first and e.last < j2), None)
        if claim_side and evidence_side:
            return EntityConflict(claim_side.text, evidence_side.text)
    if len(missing) == 1 and len(extra) == 1 and topic >= settings.lone_swap_topic:
        return EntityConflict(missing[0].text, extra[0].text)
    return None


def anchored_name_swap(claim: str, claim_entities: Sequence[Entity], evidence: str, missing: Entity,
                       claim_stems: frozenset[str], settings: EngineSettings = DEFAULT_ENGINE) -> EntityConflict | None:
    """`missing` replaced by another name in the same slot of an aligned phrase: the two names are the only words
    that differ between the equal words before and after them (besides function words), and those equal words hold
    at least `swap_anchor_words` of the claim's content words (`claim_stems`). Names of another shape (`same_kind`)
    count only where the evidence's is a sure name, with `shape_swap_anchor_words` anchors ("BiLSTM" where the claim has
    "Transformer", after "a randomly initialized two-layer 768-dimensional"): a capitalised word may be no name. A name
    written inside the other (`NSC` / `aNSC`) is a variant, not a replacement. For evidence that states too little
    of the claim's topic for `text_entity_conflict`: a sentence that merely mentions another name, or names both,
    is no such swap."""
    extra = [e for e in _other_names(claim, claim_entities, evidence)
             if missing.norm not in e.norm and e.norm not in missing.norm]
    if not extra:
        return None
    claim_words, evidence_words = name_tokens(claim), name_tokens(evidence)
    opcodes = _alignment(claim, evidence)
    for k, (op, i1, i2, j1, j2) in enumerate(opcodes):
        if op != "replace" or not i1 <= missing.first <= missing.last < i2:
            continue
        if _content_words(claim_words[i1:missing.first] + claim_words[missing.last + 1:i2]):
            continue  # the claim's side replaces more than the name
        other = next((e for e in extra if j1 <= e.first <= e.last < j2
                      and not _content_words(evidence_words[j1:e.first] + evidence_words[e.last + 1:j2])), None)
        if other is None:
            continue
        around = [w for j in (k - 1, k + 1) if 0 <= j < len(opcodes) and opcodes[j][0] == "equal"
                  for w in claim_words[opcodes[j][1]:opcodes[j][2]]]
        anchors = [w for w in around if (stems := content_stems(w)) and set(stems) <= claim_stems]
        if same_kind(missing, other):
            needed = settings.swap_anchor_words
        elif strong_name(other.text):  # a sure name where the claim has a capitalised word: more anchors
            needed = settings.shape_swap_anchor_words
        else:
            continue  # a capitalised word of the evidence may be no name at all
        if len(anchors) >= needed:
            return EntityConflict(missing.text, other.text, in_place=True)
    return None


def _content_words(words: list[str]) -> list[str]:
    """The words among `words` that carry content (not function words, punctuation or numbers)."""
    return [w for w in words if any(s[:1].isalpha() for s in content_stems(w))]


def _flanked(opcodes: Opcodes, k: int) -> bool:
    """A replacement with at least two equal words right before or right after it: a swap in the same sentence."""
    def equal(j: int) -> bool:
        return 0 <= j < len(opcodes) and opcodes[j][0] == "equal" and opcodes[j][2] - opcodes[j][1] >= 2
    return equal(k - 1) or equal(k + 1)


ASYMMETRIC = frozenset("than rather instead over versus vs compared unlike".split()) | frozenset(
    word for word, d in DIRECTIONS.items() if d.family == "comparison" and d.grade == "verb")
"""Words that make the order of two names matter ("X rather than Y", "X outperforms Y")."""


def _comparison_word(text: str) -> int | None:
    """The index in `name_tokens(text)` of the text's first word that makes the order of two names matter."""
    return next((i for i, w in enumerate(name_tokens(text)) if w.lower() in ASYMMETRIC), None)


def swapped_names(claim: str, claim_entities: Sequence[Entity], evidence: str) -> EntityConflict | None:
    """The two names around a comparison in exchanged places ("X rather than Y" for "Y rather than X")."""
    marker = _comparison_word(claim)
    if marker is None:
        return None
    before = [e for e in claim_entities if e.last < marker]
    after = [e for e in claim_entities if e.first > marker]
    pivot = _comparison_word(evidence)
    if not before or not after or pivot is None:
        return None
    a, b = before[-1], after[0]
    names = extract_entities(evidence)
    a_places = [e.first for e in names if names_match(e.norm, a.norm)]
    b_places = [e.first for e in names if names_match(e.norm, b.norm)]
    if a_places and b_places and min(a_places) > pivot and min(b_places) < pivot:
        return EntityConflict(f"{a.text} before {b.text}", f"{b.text} before {a.text}")
    return None


def _name_before(names: Sequence[Entity], at: int) -> Entity | None:
    """The name that ends last before character `at`."""
    return max((e for e in names if e.end <= at), key=lambda e: e.end, default=None)


def crossed_values(claim: str, claim_entities: Sequence[Entity], claim_quantities: Sequence[Quantity],
                   evidence: str, evidence_quantities: Sequence[Quantity]) -> EntityConflict | None:
    """Two of the claim's numbers that the evidence gives to each other's names, where the names are the compared
    ones: "beats A by 27.1 and B by 8.3" for "beats A by 8.3 and B by 27.1". Each number belongs to the name written
    last before it and after the text's first comparison word, in the claim among the claim's names, in the
    evidence among the evidence's names that are the claim's."""
    claim_marker, evidence_marker = _comparison_word(claim), _comparison_word(evidence)
    if claim_marker is None or evidence_marker is None:
        return None
    ours = [e for e in claim_entities if e.first > claim_marker]
    theirs = [e for e in extract_entities(evidence) if e.first > evidence_marker
              and any(names_match(e.norm, c.norm) for c in claim_entities)]
    owners: list[tuple[Quantity, Entity, Entity]] = []
    for q in claim_quantities:
        matches = [e for e in evidence_quantities if values_match(q, e)]
        claim_owner = _name_before(ours, q.start)
        evidence_owner = _name_before(theirs, matches[0].start) if len(matches) == 1 else None
        if claim_owner is not None and evidence_owner is not None:
            owners.append((q, claim_owner, evidence_owner))
    for q, a, a_there in owners:
        for _, b, b_there in owners:
            if not names_match(a.norm, b.norm) and names_match(a_there.norm, b.norm) \
                    and names_match(b_there.norm, a.norm):
                return EntityConflict(f"{q.text} for {a.text}", f"{q.text} for {b.text}")
    return None
