"""The feature registry: every input of the calibrated verdict model, by name, with the function computing it from
a claim's evidence record and a one-line description. The model's coefficients (`verifier/data/calibration.json`)
name the features they were fitted on; `FEATURES` is their order.

To add a feature: write a function of an `EvidenceRecord`, register it here, refit with
`benchmarks/train_calibration.py` (tune splits only) and compare `benchmarks/accuracy.py` before and after.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from grammar.lexicon import named_measures
from verifier.engine.scoring import EvidenceRecord, states_everything


@dataclass(frozen=True)
class Feature:
    name: str
    compute: Callable[[EvidenceRecord], float]
    doc: str


def _best(attribute: str) -> Callable[[EvidenceRecord], float]:
    return lambda r: float(getattr(r.best, attribute)) if r.best is not None else 0.0


def _topic(r: EvidenceRecord) -> float:
    return r.best.consistency.topic if r.best is not None else 0.0


def _quantities(r: EvidenceRecord) -> float:
    if not r.facts.quantities:
        return 1.0
    return r.best.consistency.quantities_found / len(r.facts.quantities) if r.best is not None else 0.0


def _entities(r: EvidenceRecord) -> float:
    if not r.facts.entities:
        return 1.0
    return r.best.consistency.entities_found / len(r.facts.entities) if r.best is not None else 0.0


def _judge(attribute: str) -> Callable[[EvidenceRecord], float]:
    return lambda r: float(getattr(r.judge, attribute)) if r.judge is not None else 0.0


def _named_row_numbers(r: EvidenceRecord) -> float:
    b = r.best
    return float(b is not None and b.consistency.on_row and bool(r.facts.quantities)
                 and b.consistency.quantities_found == len(r.facts.quantities))


def _measure_differs(r: EvidenceRecord) -> float:
    """The claim names measures (precision, BLEU) and the best candidate names others, none of the claim's."""
    if r.best is None or not (claimed := named_measures(r.facts.text)):
        return 0.0
    stated = named_measures(r.best.text)
    return float(bool(stated) and not stated & claimed)


def _prose_only(value: Callable[[EvidenceRecord], float]) -> Callable[[EvidenceRecord], float]:
    return lambda record: value(record) if record.prose_only else 0.0


def _mixed(value: Callable[[EvidenceRecord], float]) -> Callable[[EvidenceRecord], float]:
    return lambda record: value(record) if not (record.prose_only or record.tables_only) else 0.0


def _tables_only(value: Callable[[EvidenceRecord], float]) -> Callable[[EvidenceRecord], float]:
    return lambda record: value(record) if record.tables_only else 0.0


_has_quantities: Callable[[EvidenceRecord], float] = lambda r: float(bool(r.facts.quantities))  # noqa: E731
_semantic = _best("semantic")

REGISTRY: tuple[Feature, ...] = (
    Feature("semantic", _semantic, "cosine of claim and best supporting candidate"),
    Feature("lexical", _best("lexical"), "fuzzy word overlap of claim and best candidate"),
    Feature("topic", _topic, "IDF-weighted share of the claim's topic words the best candidate states"),
    Feature("quantities", _quantities, "share of the claim's numbers the best candidate states (1 without numbers)"),
    Feature("has_quantities", _has_quantities, "the claim states a number"),
    Feature("entities", _entities, "share of the claim's names the best candidate states (1 without names)"),
    Feature("table", lambda r: float(r.best is not None and (r.best.table or r.best.caption)),
            "the best candidate is table material: a table row or a sentence of a table's caption"),
    Feature("states_everything", lambda r: float(states_everything(r.facts, r.best)),
            "the best candidate states every number and name of the claim (once a veto on support)"),
    Feature("quoted", lambda r: float(r.quoted), "the best candidate quotes the claim word for word"),
    Feature("number_conflict", lambda r: r.conflict_strengths.get("number", 0.0),
            "strength of the closest passage giving another value for a claim's number"),
    Feature("entity_conflict", lambda r: r.conflict_strengths.get("entity", 0.0),
            "strength of the closest passage naming another entity in the claim's place"),
    Feature("direction_conflict", lambda r: r.conflict_strengths.get("direction", 0.0),
            "strength of the closest passage stating the opposite direction"),
    Feature("table_agrees", lambda r: float(r.table_agrees), "a comparison of table rows the claim makes holds"),
    Feature("table_conflict", lambda r: float(r.table_conflict), "a comparison of table rows the claim makes fails"),
    Feature("table_numbers", lambda r: r.table_numbers, "share of the claim's numbers found in any table cell"),
    Feature("tables_only", lambda r: float(r.tables_only), "every source passage is table material (a row or a caption sentence)"),
    Feature("tables_only_semantic", _tables_only(_semantic), "semantic, when the sources are only table material"),
    Feature("tables_only_topic", _tables_only(_topic), "topic, when the sources are only table material"),
    Feature("tables_only_quantities", _tables_only(lambda r: _quantities(r) * _has_quantities(r)),
            "quantities of a claim with numbers, when the sources are only table material"),
    Feature("prose_only", lambda r: float(r.prose_only), "no source passage is table material"),
    Feature("prose_only_semantic", _prose_only(_semantic), "semantic, when the sources are only prose"),
    Feature("prose_only_topic", _prose_only(_topic), "topic, when the sources are only prose"),
    Feature("mixed_semantic", _mixed(_semantic), "semantic, when the sources hold both prose and table material"),
    Feature("mixed_topic", _mixed(_topic), "topic, when the sources hold both prose and table material"),
    Feature("mixed_table", _mixed(lambda r: float(r.best is not None and (r.best.table or r.best.caption))),
            "the best candidate is table material, when the sources hold prose too"),
    Feature("unknown_words", lambda r: r.unknown_words, "share of the claim's topic words no source uses"),
    Feature("named_row_numbers", _named_row_numbers, "a table row the claim names holds all the claim's numbers"),
    Feature("measure_differs", _measure_differs,
            "the claim names measures and the best candidate only others (precision and recall against F1)"),
    Feature("judge", lambda r: float(r.judge is not None), "the learned pair judge read the candidates"),
    Feature("judge_support", _judge("support"), "judge: highest probability of support over the candidates read"),
    Feature("judge_contradict", _judge("contradict"), "judge: highest probability of contradiction"),
    Feature("judge_best_support", _judge("best_support"), "judge: probability of support of the best candidate"),
    Feature("judge_best_contradict", _judge("best_contradict"),
            "judge: probability of contradiction of the best candidate"),
)
FEATURES: tuple[str, ...] = tuple(f.name for f in REGISTRY)
JUDGE_FEATURES: frozenset[str] = frozenset(f.name for f in REGISTRY if f.name.startswith("judge"))


def compute_features(record: EvidenceRecord) -> dict[str, float]:
    """Every registered feature of `record`, in registry order."""
    return {f.name: float(f.compute(record)) for f in REGISTRY}
