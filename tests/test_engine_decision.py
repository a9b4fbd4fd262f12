"""The one place that decides (verifier.engine.decision): each rule, the cases it moves, the confidence of the verdict
actually given, the feature registry and the engine settings."""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pytest

from verifier.engine.calibration import DEFAULT_PATH, Calibrator
from verifier.engine.decision import RULES, decide, without
from verifier.engine.engine_settings import EngineSettings
from verifier.engine.facts import ClaimFacts, Consistency, NumberConflict, claim_facts
from verifier.engine.features import FEATURES, JUDGE_FEATURES, REGISTRY, compute_features
from verifier.engine.name_conflicts import EntityConflict
from verifier.engine.scoring import Candidate, EvidenceRecord, JudgeReading
from verifier.engine.table_comparisons import TableClaim
from verifier.settings import Settings

TWO_NUMBERS = "Intermediate training on SQuAD improves XNLI by 8.2 points and PAWS-X by 7.5 points."


NAMES = len(claim_facts(TWO_NUMBERS).entities)


def candidate(found: int = 0, topic: float = 0.8, table: bool = False, **conflicts) -> Candidate:
    """Evidence stating `found` of the claim's two numbers and all its names."""
    return Candidate((0,), "evidence", 0.7, 0.8, Consistency(topic, found, NAMES, **conflicts), 0.7, 0.6, table)


def record(best: Candidate | None, facts: ClaimFacts | None = None, **fields) -> EvidenceRecord:
    return EvidenceRecord(facts or claim_facts(TWO_NUMBERS), best, fields.pop("conflict", None), (best,) if best else (),
                          **fields)


def probabilities(supported: float, contradicted: float, unsupported: float) -> dict[str, float]:
    return {"supported": supported, "contradicted": contradicted, "unsupported": unsupported}


# Each rule with the case it moves: (record, model probabilities, verdict with every rule, verdict without this one)
CASES = {
    "table_row_disagrees": (
        record(candidate(found=2, table=True), table=TableClaim(False, (0,), "A has 71.2 and B 73.5 in Avg.")),
        probabilities(0.7, 0.2, 0.1), "contradicted", "supported"),
    "partial_when_part_stated": (record(candidate(found=1)), probabilities(0.1, 0.2, 0.7), "partial", "unsupported"),
    "named_row_conflicts": (
        record(replace(candidate(found=2, table=True), consistency=Consistency(0.5, 2, NAMES, on_row=False)),
               conflict=replace(candidate(found=1, table=True), consistency=Consistency(
                   0.5, 1, NAMES, number=NumberConflict(*claim_facts(TWO_NUMBERS).quantities[:2]), on_row=True))),
        probabilities(0.55, 0.45, 0.0), "contradicted", "supported"),
    "partial_when_a_clause_is_unstated": (
        record(replace(candidate(found=0), text="A 250k vocabulary improves zero-shot XNLI accuracy by 2.3 points."),
               claim_facts("A 250k vocabulary improves XNLI accuracy and halves the sequence length for Yoruba.")),
        probabilities(0.8, 0.1, 0.1), "partial", "supported"),
    "support_quote_conflicts": (
        record(candidate(found=1), conflict=replace(candidate(found=1), indices=(0, 1), consistency=Consistency(
            0.8, 1, NAMES, number=NumberConflict(*claim_facts(TWO_NUMBERS).quantities[:2])))),
        probabilities(0.6, 0.3, 0.1), "contradicted", "supported"),
    "name_swapped_in_place": (
        record(replace(candidate(), consistency=Consistency(0.3, 0, 0)),
               claim_facts("Every ablation reranks passages with ColBERT."),
               conflict=replace(candidate(), consistency=Consistency(
                   0.4, 0, 0, entity=EntityConflict("ColBERT", "SPLADE", in_place=True)))),
        probabilities(0.1, 0.3, 0.6), "contradicted", "unsupported"),
}


def test_every_rule_has_a_case_and_a_description():
    assert set(CASES) == {r.name for r in RULES}
    assert all(r.doc and r.name.islower() for r in RULES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_removing_a_rule_moves_its_case(name):
    case, p, with_rule, without_rule = CASES[name]
    assert decide(case, p).verdict == with_rule
    assert decide(case, p).fired == (name,)
    assert decide(case, p, rules=without(name)).verdict == without_rule
    others = [n for n in CASES if n != name]  # and no other rule moves it
    for other in others:
        assert decide(case, p, rules=without(other)).verdict == with_rule


def test_a_conflict_beside_the_quoted_support_leaves_it_to_the_model():
    # the conflicting passage does not hold the support quote (another sentence, a table row): the model decides
    number = NumberConflict(*claim_facts(TWO_NUMBERS).quantities[:2])
    beside = replace(candidate(found=1), indices=(1, 2), consistency=Consistency(0.8, 1, NAMES, number=number))
    in_table = replace(candidate(found=1, table=True), indices=(0, 1), consistency=Consistency(0.8, 1, NAMES, number=number))
    no_conflict = replace(candidate(found=1), indices=(0, 1))
    for conflict in (beside, in_table, no_conflict):
        decision = decide(record(candidate(found=1), conflict=conflict), probabilities(0.6, 0.3, 0.1))
        assert decision.verdict == "supported" and "support_quote_conflicts" not in decision.fired


def test_unknown_rule_names_are_refused():
    with pytest.raises(KeyError):
        without("no_such_rule")


def test_retired_vetoes_are_left_to_the_model():
    # a supported call whose evidence misses a number, and a contradiction nobody saw, stand as the model gives them
    assert decide(record(candidate(found=0)), probabilities(0.6, 0.1, 0.3)).verdict == "supported"
    assert decide(record(candidate(found=2)), probabilities(0.2, 0.6, 0.2)).verdict == "contradicted"


def test_confidence_is_the_probability_of_the_verdict_given():
    calibrator = Calibrator(("semantic",), np.zeros((3, 1)), np.zeros(3), confidence_map=(1.0, 0.0, -1.0))
    case, p, *_ = CASES["table_row_disagrees"]
    decision = decide(case, p, calibrator)
    assert decision.verdict == "contradicted" and decision.overruled and decision.probability == 0.2
    assert decision.confidence == pytest.approx(calibrator.confidence(0.2, True))
    assert decision.confidence < 0.2  # an overruled model is less sure than its own probability says
    partial, p, *_ = CASES["partial_when_part_stated"]
    refined = decide(partial, p, calibrator)
    assert refined.verdict == "partial" and not refined.overruled  # partial refines `unsupported`
    assert refined.confidence == pytest.approx(0.7)


def test_settings_thresholds_move_verdicts():
    case, p, *_ = CASES["partial_when_part_stated"]
    assert decide(case, p, settings=EngineSettings(partial_topic=0.9)).verdict == "unsupported"
    assert Settings().engine == EngineSettings()  # reachable from the one settings object
    with pytest.raises(ValueError):
        EngineSettings(no_such_threshold=1)


def test_feature_registry_names_documents_and_computes_every_feature():
    assert len(set(FEATURES)) == len(FEATURES) == len(REGISTRY)
    assert all(f.doc for f in REGISTRY) and JUDGE_FEATURES < set(FEATURES)
    values = compute_features(record(candidate(found=1)))
    assert list(values) == list(FEATURES)
    assert values["quantities"] == 0.5 and values["has_quantities"] == 1.0 and values["states_everything"] == 0.0
    assert values["judge"] == 0.0 and values["judge_support"] == 0.0
    judged = compute_features(replace(record(candidate(found=2)), judge=JudgeReading(0.9, 0.1, 0.8, 0.05)))
    assert judged["judge"] == 1.0 and judged["judge_support"] == 0.9 and judged["judge_best_contradict"] == 0.05
    assert judged["states_everything"] == 1.0


def test_shipped_coefficients_use_registered_features_only():
    shipped = json.loads(DEFAULT_PATH.read_text())
    for model in shipped.get("models", {"single": shipped}).values():
        assert set(model["features"]) <= set(FEATURES)


def test_a_table_number_conflict_names_table_row_column_and_both_values():
    from papers.models import Passage
    from verifier.engine.quantities import extract_quantities
    from verifier.engine.retrieval import PassageIndex
    from verifier.engine.verdicts import explain

    row = "Table 2: Ablations on the target tasks. | No MLM / SQuAD | PAWS-X: +2.0 | Avg.: +8.3"
    index = PassageIndex([Passage(arxiv_id="2005.13013", version="v2", page=5, kind="table", text=row)],
                         np.zeros((1, 4), np.float32))
    facts = claim_facts("Without MLM, SQuAD training improves the average by 8.2 points.")
    conflict = NumberConflict(facts.quantities[0], extract_quantities("+8.3")[0], "No MLM / SQuAD (Avg.) in Table 2")
    lead = Candidate((0,), row, 0.6, 0.5, Consistency(0.8, 0, 1, number=conflict), 0.5, 0.4, True)
    assert explain("contradicted", facts, lead, index) == (
        "2005.13013v2 p. 5, Table 2, row No MLM / SQuAD, column Avg. gives +8.3 where the claim says 8.2 points; "
        "correct the number.")
