"""What a claim states, and what comparing it with one piece of evidence found: the records the consistency checks
share (`consistency` for prose, `row_consistency` for table rows), and the pure comparisons both use.

`claim_facts` analyses a claim once: its numbers, names and topic stems. A `Consistency` is the result of comparing
those facts with one evidence text or table row: how much of the topic it covers, how many numbers and names it
states, and the first conflict of each kind.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

from grammar.lexicon import HEDGES, tokens
from verifier.engine.entities import Entity, distinct, extract_entities
from verifier.engine.name_conflicts import EntityConflict
from verifier.engine.polarity import LEXICON, DirectionConflict
from verifier.engine.quantities import Quantity, extract_quantities, truncated_tail
from verifier.engine.text_comparisons import ComparisonFact
from verifier.engine.value_matching import comparable, values_match
from verifier.engine.words import content_stems, is_number

MAX_RATIO = 20.0  # a changed number stays within this factor of the original; farther apart, it measures something else
Weights = Mapping[str, float]


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
    return ClaimFacts(text, tuple(quantities), tuple(distinct(extract_entities(text))), frozenset(topic_stems(text)),
                      any(word in HEDGES for word in tokens(text)))


def topic_stems(text: str) -> list[str]:
    """The content stems that say what a text is about: no numbers, no direction words."""
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


def coverage(claim: frozenset[str], evidence: set[str], skip: Collection[str] = frozenset(), weights: Weights | None = None) -> float:
    """Weighted share of the claim's topic stems found in the evidence (rare words weigh more, via `weights`)."""
    wanted = sorted(s for s in claim if s not in skip)  # sorted: float sums independent of hash order
    if not wanted:
        return 0.0
    default = max(weights.values(), default=1.0) if weights else 1.0
    weight = (lambda s: weights.get(s, default)) if weights else (lambda s: 1.0)
    total = sum(weight(s) for s in wanted)
    found = sum(weight(s) for s in wanted if s in evidence)
    return found / (total + 0.5 * total / len(wanted))


def found_quantities(facts: ClaimFacts, evidence: list[Quantity]) -> list[bool]:
    """Which of the claim's numbers the evidence's numbers state."""
    return [any(values_match(q, e) for e in evidence) for q in facts.quantities]


def denied_value(facts: ClaimFacts, evidence: list[Quantity], place: str = "") -> NumberConflict | None:
    """A value the claim denies ("the average is not 22.3") that the evidence states (`place`: where, for a cell)."""
    for q in facts.quantities:
        if q.denied and (e := next((e for e in evidence if values_match(q, e)), None)) is not None:
            return NumberConflict(q, e, f"{place} (the claim denies it)" if place else "the claim denies it")
    return None


def could_be_changed(claim: Quantity, evidence: Quantity) -> bool:
    """Plausibly the same quantity with another value: same kind, magnitude within `MAX_RATIO`, and a number word
    only standing for a small whole number."""
    if not comparable(claim, evidence) or claim.is_range != evidence.is_range:
        return False
    a, b = abs(claim.value), abs(evidence.value)
    if a and b and max(a, b) / min(a, b) > MAX_RATIO:
        return False
    worded = [q for q in (claim, evidence) if q.text[:1].isalpha()]
    return not worded or all(float(q.value).is_integer() and q.value <= 100 for q in (claim, evidence))
