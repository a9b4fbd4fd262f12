"""Comparisons a claim makes ("A outperforms B", "A is higher than B", "A lowers perplexity compared with B")
checked against the numbers a sentence gives the two sides ("A reaches 66.3 and B 79.2 on XNLI").

The claim's comparison word is read as everywhere else (`polarity.claim_comparison`); its sides are the names just
before and just after it. In the evidence sentence, a side's number is the first number after a mention of that
name and before the next name. Whether higher is better follows the measure the claim and the sentence name
(perplexity, error, loss: lower is better; `grammar.lexicon.measure_direction`).
"""

from __future__ import annotations

from dataclasses import dataclass

from grammar.lexicon import measure_direction, tokens
from verifier.engine.entities import Entity, extract_entities, names_match
from verifier.engine.polarity import claim_comparison
from verifier.engine.quantities import Quantity, extract_quantities
from verifier.engine.value_matching import same_kind

BINARY = frozenset({"better", "worse", "higher", "lower"})


@dataclass(frozen=True)
class ComparisonFact:
    """The claim's comparison of two named sides, and what the evidence's numbers for them say."""

    kind: str  # the claim's comparison: better | worse | higher | lower
    claim_word: str  # as the claim writes it ("outperforms")
    negated: bool
    first: str
    first_value: Quantity
    second: str
    second_value: Quantity
    agrees: bool

    @property
    def values(self) -> str:
        """"mBERT 66.3, XLM-R 79.2" (for explanations)."""
        return f"{self.first} {self.first_value.text}, {self.second} {self.second_value.text}"


def _position(text: str, entity: Entity) -> int:
    return len(tokens(text[:entity.start]))


def _sides(claim: str, entities: tuple[Entity, ...], at: int) -> tuple[Entity, Entity] | None:
    before = [e for e in entities if _position(claim, e) < at]
    after = [e for e in entities if _position(claim, e) > at]
    if not before or not after:
        return None
    return before[-1], after[0]


def _value_of(side: Entity, names: list[Entity], quantities: list[Quantity]) -> Quantity | None:
    """The first number after a mention of `side` and before the next name."""
    for i, name in enumerate(names):
        if not names_match(name.norm, side.norm):
            continue
        limit = names[i + 1].start if i + 1 < len(names) else None
        for q in quantities:
            if q.start >= name.end and (limit is None or q.start < limit):
                return q
    return None


def compare_in_text(claim: str, claim_entities: tuple[Entity, ...], evidence: str) -> ComparisonFact | None:
    """The comparison `claim` makes between two names, checked against `evidence`'s numbers for them; None when the
    claim compares no two names or the evidence gives no comparable number to both."""
    cue = claim_comparison(claim)
    if cue is None or cue[0] not in BINARY:
        return None
    kind, at, negated = cue
    sides = _sides(claim, claim_entities, at)
    if sides is None:
        return None
    names = extract_entities(evidence)
    quantities = [q for q in extract_quantities(evidence) if q.unit != "year"]
    first, second = (_value_of(side, names, quantities) for side in sides)
    if first is None or second is None or first is second or not same_kind(first, second) \
            or first.value == second.value or first.is_range or second.is_range:
        return None
    if kind in ("better", "worse"):
        lower_better = measure_direction(claim) < 0 or (measure_direction(claim) == 0 and measure_direction(evidence) < 0)
        first_higher = (kind == "better") != lower_better
    else:
        first_higher = kind == "higher"
    agrees = ((first.value > second.value) == first_higher) != negated
    return ComparisonFact(kind, tokens(claim)[at], negated, sides[0].text, first, sides[1].text, second, agrees)
