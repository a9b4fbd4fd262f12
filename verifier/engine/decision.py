"""Where a verdict is decided: the calibrated model's most probable class, then an ordered list of named rules.

Input: one claim's `EvidenceRecord` (verifier.engine.scoring), the model's class probabilities (computed from the
record's registered features, verifier.engine.features) and the `EngineSettings`. Each rule looks at the record and
the verdict so far and may replace it; the rules run in the order of `RULES`, each at most once. The confidence is
the model's probability of the verdict finally given (three ways: `partial` counts as not stated), passed through
the calibrator's confidence map, which knows whether a rule overruled the model.

To change a rule: edit it here, run `tests/test_engine_decision.py` (it names the cases each rule moves), refit with
`benchmarks/train_calibration.py` and measure with `benchmarks/accuracy.py`. A rule that vetoes right answers on the
tune splits belongs in the feature registry instead. Retired that way, with the tune figures that retired them
(`benchmarks/train_calibration.py` prints what removing each rule changes):

* "supported needs every number and name stated" (it turned 25 of 124 right supported calls on SciFact dev into
  not-stated): now the features `states_everything`, `quantities` and `entities`. Its numbers-only form still cost
  SciTab tune 0.014 balanced accuracy and 0.017 macro-F1 and gained nothing elsewhere.
* "contradicted needs a seen number, name or direction conflict": it cost SciFact train 0.037 macro-F1 and 0.13
  contradiction recall (SciTab tune 0.035 and 0.13); the conflicts are the features `number_conflict`,
  `entity_conflict`, `direction_conflict`, `table_conflict` and the judge's `judge_contradict`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from verifier.engine.calibration import Calibrator
from verifier.engine.engine_settings import DEFAULT_ENGINE, EngineSettings
from verifier.engine.scoring import EvidenceRecord
from verifier.engine.words import content_stems

PROBABILITY_CLASS = {"supported": "supported", "contradicted": "contradicted", "unsupported": "unsupported",
                     "partial": "unsupported"}


@dataclass(frozen=True)
class State:
    """What a rule sees: the record, the model's probabilities, the verdict so far and the settings."""

    record: EvidenceRecord
    probabilities: dict[str, float]
    verdict: str
    settings: EngineSettings


@dataclass(frozen=True)
class Rule:
    name: str
    apply: Callable[[State], str | None]  # the new verdict, or None to leave it
    doc: str
    overrules: bool = True  # changes the three-way class (partial does not: it refines `unsupported`)


def _table_row_disagrees(s: State) -> str | None:
    best = s.record.best
    if s.verdict == "supported" and s.record.table_conflict and best is not None and best.table:
        return "contradicted"
    return None


def partial_statement(record: EvidenceRecord, settings: EngineSettings = DEFAULT_ENGINE) -> bool:
    """Part of the claim is stated: some of its numbers or names are found, others are not, and the topic matches."""
    best, facts = record.best, record.facts
    if best is None or best.consistency.conflict or best.consistency.topic < settings.partial_topic:
        return False
    c = best.consistency
    some_numbers = bool(facts.quantities) and 0 < c.quantities_found < len(facts.quantities)
    some_names = len(facts.entities) >= 2 and 0 < c.entities_found < len(facts.entities)
    return some_numbers or some_names


_CLAUSE_BREAK = re.compile(r";\s+|,?\s+and\s+(?=(?:also\s+|then\s+)?[a-z]+(?:es|s|ed)\b)")


def clauses(text: str) -> list[str]:
    """The statements a claim joins: split at semicolons and at "and" before a verb ("improves X and halves Y")."""
    return [c for c in _CLAUSE_BREAK.split(text) if c.strip()]


def unstated_clause(record: EvidenceRecord, settings: EngineSettings = DEFAULT_ENGINE) -> bool:
    """The claim joins statements and one of them is not in the best prose candidates: fewer than
    `clause_coverage` of its content words occur in the `clause_candidates` best-ranked candidates."""
    best = record.best
    if best is None or best.table:
        return False
    parts = clauses(record.facts.text)
    if len(parts) < 2:
        return False
    evidence = set(content_stems(" ".join(c.text for c in record.ranked[: settings.clause_candidates])))
    shares = []
    for part in parts:
        stems = [s for s in content_stems(part) if not s[:1].isdigit()]
        if stems:
            shares.append(sum(s in evidence for s in stems) / len(stems))
    return len(shares) >= 2 and min(shares) < settings.clause_coverage


def _named_row_conflicts(s: State) -> str | None:
    best, conflict = s.record.best, s.record.conflict
    if s.verdict == "supported" and best is not None and conflict is not None and best.table and conflict.table \
            and not best.consistency.on_row and conflict.consistency.on_row:
        return "contradicted"
    return None


def _support_quote_conflicts(s: State) -> str | None:
    """The prose quoted as support is itself the record's conflict, or inside the window that is: the same words
    that seemed to state the claim give another value or the opposite direction."""
    best, conflict = s.record.best, s.record.conflict
    if s.verdict != "supported" or best is None or conflict is None or best.table or conflict.table:
        return None
    found = conflict.consistency
    if found.number is None and found.direction is None:
        return None
    return "contradicted" if set(best.indices) <= set(conflict.indices) else None


def _name_swapped_in_place(s: State) -> str | None:
    """No candidate states the claim's names, and the record's conflict names another one of their kind in the
    claim's place of an otherwise aligned phrase (`name_conflicts.anchored_name_swap`)."""
    conflict, wanted = s.record.conflict, len(s.record.facts.entities)
    if s.verdict != "unsupported" or conflict is None or conflict.consistency.entity is None:
        return None
    named = any(c.consistency.entities_found == wanted for c in s.record.ranked)
    return "contradicted" if conflict.consistency.entity.in_place and not named else None


def _partial_when_a_clause_is_unstated(s: State) -> str | None:
    return "partial" if s.verdict == "supported" and unstated_clause(s.record, s.settings) else None


def _partial_when_part_stated(s: State) -> str | None:
    return "partial" if s.verdict == "unsupported" and partial_statement(s.record, s.settings) else None


RULES: tuple[Rule, ...] = (
    Rule("table_row_disagrees", _table_row_disagrees,
         "no support from a table row when the same table's numbers compare the other way: contradicted"),
    Rule("named_row_conflicts", _named_row_conflicts,
         "no support from a table row the claim does not name when a row it names gives another value: "
         "contradicted (tune splits: no verdict moved)"),
    Rule("support_quote_conflicts", _support_quote_conflicts,
         "no support from prose that is itself, or lies inside, the passage giving another value or the opposite "
         "direction: contradicted (tune splits: it moved 1 verdict, now right, under release 1.3.1's coefficients; none under "
         "the refit of 1.3.2's, which calls that case contradicted itself)"),
    Rule("name_swapped_in_place", _name_swapped_in_place,
         "unsupported becomes contradicted when no candidate states the claim's names and the conflict names another "
         "of their kind in the claim's place of an aligned phrase, in a sentence stating too little of the topic for "
         "the conflict features to weigh (tune splits: no verdict moved; none holds such a sentence)"),
    Rule("partial_when_a_clause_is_unstated", _partial_when_a_clause_is_unstated,
         "supported becomes partial when the claim joins statements and the best prose evidence states only some "
         "(tune splits: no verdict moved on SciFact or the corpus)"),
    Rule("partial_when_part_stated", _partial_when_part_stated,
         "unsupported becomes partial when the best evidence states some of the claim's numbers or names",
         overrules=False),
)


@dataclass(frozen=True)
class Decision:
    verdict: str
    confidence: float  # calibrated probability that the verdict (three ways) is right
    probability: float  # the model's probability of that verdict's class
    fired: tuple[str, ...]  # names of the rules that changed the verdict, in order
    overruled: bool


def decide(record: EvidenceRecord, probabilities: dict[str, float], calibrator: Calibrator | None = None,
           settings: EngineSettings = DEFAULT_ENGINE, rules: tuple[Rule, ...] = RULES) -> Decision:
    """The verdict for `record`: the model's most probable class, then each of `rules` in order."""
    verdict = max(probabilities, key=lambda c: probabilities[c])
    fired: list[str] = []
    overruled = False
    for rule in rules:
        changed = rule.apply(State(record, probabilities, verdict, settings))
        if changed is not None and changed != verdict:
            verdict = changed
            fired.append(rule.name)
            overruled = overruled or rule.overrules
    probability = probabilities[PROBABILITY_CLASS[verdict]]
    confidence = calibrator.confidence(probability, overruled) if calibrator is not None else probability
    confidence = min(settings.max_confidence, confidence)
    return Decision(verdict, confidence, probability, tuple(fired), overruled)


def without(*names: str) -> tuple[Rule, ...]:
    """`RULES` less the named ones (to measure what a rule does)."""
    unknown = set(names) - {r.name for r in RULES}
    if unknown:
        raise KeyError(f"no rule {sorted(unknown)}")
    return tuple(r for r in RULES if r.name not in names)
