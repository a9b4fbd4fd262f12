"""The calibrated model and the evaluation figures, checked against hand computations."""

from __future__ import annotations

import json

import numpy as np
import pytest

from verifier.engine.calibration import (
    CLASSES,
    DEFAULT_PATH,
    Calibrator,
    calibrated_ece,
    expected_calibration_error,
    fit_confidence_map,
    fit_softmax,
    load_calibrator,
    softmax,
)
from verifier.engine.evaluation import balanced_accuracy, confusion, macro_f1, score, three_way
from verifier.engine.features import FEATURES, JUDGE_FEATURES
from verifier.engine.judge import MANIFEST_PATH
from verifier.engine.judgement_store import deciding_code_digest
from verifier.errors import VerifierError


def read_from(regime: str, **features: float) -> dict[str, float]:
    """`features` as a record whose sources are prose only, tables only or mixed gives them (the registry's
    per-regime copies of semantic and topic filled in)."""
    copies = {"prose": ("prose_only", "prose_only_semantic", "prose_only_topic"),
              "tables": ("tables_only", "tables_only_semantic", "tables_only_topic"),
              "mixed": (None, "mixed_semantic", "mixed_topic")}[regime]
    flag, semantic, topic = copies
    return {**features, **({flag: 1.0} if flag else {}), semantic: features["semantic"], topic: features["topic"]}


@pytest.mark.parametrize("regime", ["prose", "mixed"])
def test_shipped_coefficients_load_and_give_probabilities(regime):
    judged, calibrator = load_calibrator(variant="judged"), load_calibrator(variant="plain")
    assert judged.features == FEATURES and calibrator.classes == judged.classes == CLASSES
    assert calibrator.features == tuple(f for f in FEATURES if f not in JUDGE_FEATURES)
    strong = calibrator.probabilities(read_from(regime, semantic=0.95, lexical=1.0, topic=0.95, quantities=1.0,
                                                entities=1.0))
    conflicting = calibrator.probabilities(read_from(regime, semantic=0.9, lexical=0.9, topic=0.9, quantities=0.0,
                                                     has_quantities=1.0, entities=1.0, number_conflict=0.9))
    nothing = calibrator.probabilities(read_from(regime, semantic=0.1, lexical=0.3, topic=0.1, quantities=1.0,
                                                 entities=1.0))
    assert abs(sum(strong.values()) - 1.0) < 1e-9
    assert max(strong, key=strong.get) == "supported"
    assert max(conflicting, key=conflicting.get) == "contradicted"
    assert max(nothing, key=nothing.get) == "unsupported"
    record = json.loads(DEFAULT_PATH.read_text())
    tuning = {"corpus-tune", "scifact-train", "scitab-tune", "scitab-tune-pdf", "real-papers-tune"}
    assert set(record["trained_on"]) <= tuning  # tuning splits only
    with pytest.raises(VerifierError, match="no calibration variant"):
        load_calibrator(variant="other")


def test_shipped_artifacts_were_fitted_on_features_of_the_engine_as_it_is():
    """The judge and the calibration were fitted on features computed by the engine's code as it is now: a changed
    feature, rule or threshold makes the shipped coefficients stale, and they must be refitted."""
    code = deciding_code_digest()
    refit = "rerun benchmarks/train_judge.py, then benchmarks/train_calibration.py (a few minutes, tune splits only)"
    assert json.loads(MANIFEST_PATH.read_text()).get("engine_code") == code, f"the judge is stale: {refit}"
    assert json.loads(DEFAULT_PATH.read_text()).get("engine_code") == code, f"the calibration is stale: {refit}"


def test_confidence_map_recovers_overconfidence():
    rng = np.random.default_rng(0)
    p = rng.uniform(0.34, 1.0, size=4000)
    overruled = rng.uniform(size=4000) < 0.3
    truth = np.where(overruled, 0.5 * p, p ** 2)  # overconfident, much more so when a rule overruled the model
    correct = rng.uniform(size=4000) < truth
    a, b, c = fit_confidence_map(p, overruled, correct)
    calibrator = Calibrator(("a",), np.zeros((3, 1)), np.zeros(3), confidence_map=(a, b, c))
    mapped = [calibrator.confidence(pi, o) for pi, o in zip(p, overruled)]
    assert expected_calibration_error(mapped, correct) < 0.05 < 0.15 < expected_calibration_error(p, correct)
    assert c < 0  # an overruled verdict gets less confidence


def test_broken_coefficient_files_are_user_errors(tmp_path):
    bad = tmp_path / "calibration.json"
    bad.write_text('{"features": ["a"], "weights": [[1, 2]], "bias": [0, 0, 0]}')
    with pytest.raises(VerifierError, match="wrong shape"):
        load_calibrator(bad)
    bad.write_text("not json")
    with pytest.raises(VerifierError, match="cannot read"):
        load_calibrator(bad)


def test_fit_recovers_a_separable_rule():
    rng = np.random.default_rng(0)
    x = rng.uniform(size=(300, 2))
    y = np.where(x[:, 0] > 0.6, 0, np.where(x[:, 1] > 0.6, 1, 2))
    weights, bias = fit_softmax(x, y, l2=1e-4)
    predicted = softmax(x @ weights.T + bias).argmax(1)
    assert (predicted == y).mean() > 0.9
    round_trip = Calibrator(("a", "b"), weights, bias)
    assert round_trip.probabilities({"a": 0.9, "b": 0.1})["supported"] > 0.5


def test_fit_is_the_optimum_whatever_the_row_order():
    # the penalised loss is convex: at its optimum the gradient vanishes, and the same rows in another order (or
    # with rows of weight zero added) give the same coefficients; a fixed run of gradient steps gave neither
    rng = np.random.default_rng(3)
    x = rng.normal(size=(400, 5))
    y = rng.integers(0, 3, 400)
    w = rng.uniform(0.5, 2.0, 400)
    weights, bias = fit_softmax(x, y, sample_weight=w, l2=1e-3)
    p = softmax(x @ weights.T + bias)
    target = np.eye(3)[y]
    share = (w / w.sum())[:, None]
    assert np.abs(((p - target) * share).T @ x + 1e-3 * weights).max() < 1e-8
    assert np.abs(((p - target) * share).sum(0)).max() < 1e-8
    assert abs(bias.sum()) < 1e-12  # centred
    order = rng.permutation(400)
    padded_x, padded_y = np.vstack([x[order], rng.normal(size=(50, 5))]), np.concatenate([y[order], np.zeros(50, int)])
    padded_w = np.concatenate([w[order], np.zeros(50)])
    again, again_bias = fit_softmax(padded_x, padded_y, sample_weight=padded_w, l2=1e-3)
    assert np.allclose(again, weights, atol=1e-9) and np.allclose(again_bias, bias, atol=1e-9)


def test_expected_calibration_error_by_hand():
    # bin 0.6-0.7: confidences 0.65, 0.65, accuracy 1/2 -> gap 0.15; bin 0.9-1.0: 0.95, accuracy 1 -> gap 0.05
    assert expected_calibration_error([0.65, 0.65, 0.95], [True, False, True]) == pytest.approx((2 * 0.15 + 0.05) / 3)
    assert expected_calibration_error([], []) == 0.0
    assert expected_calibration_error([1.0, 1.0], [True, True]) == pytest.approx(0.0)


def test_calibrated_ece_is_the_sampling_noise_of_a_calibrated_model():
    rng = np.random.default_rng(7)
    small, large = rng.uniform(0.4, 0.95, 49), rng.uniform(0.4, 0.95, 2000)
    mean_small, high_small = calibrated_ece(small)
    mean_large, high_large = calibrated_ece(large)
    assert calibrated_ece(small) == (mean_small, high_small)  # seeded: the same figures every run
    assert 0.0 < mean_large < 0.03 < mean_small < high_small  # noise shrinks with the set's size
    assert mean_large <= high_large
    # outcomes drawn from the stated confidences: their ECE falls below the 95th percentile about 95% of the time
    below = [expected_calibration_error(small, np.random.default_rng(seed).random(49) < small) <= high_small
             for seed in range(100, 300)]
    assert 0.88 <= np.mean(below) <= 1.0
    # a model that is right half the time but says 0.9 is far outside the noise
    assert expected_calibration_error([0.9] * 400, [True, False] * 200) > calibrated_ece([0.9] * 400)[1] + 0.3
    assert calibrated_ece([]) == (0.0, 0.0)
    assert score(["supported"], ["supported"], [0.9]).ece_calibrated == (0.0, 0.0)  # only when asked
    assert score(["supported"] * 20, ["supported"] * 20, [0.9] * 20, noise=True).ece_calibrated[0] > 0.0


def test_evaluation_figures_by_hand():
    labels = ["supported", "supported", "contradicted", "unsupported", "contradicted"]
    verdicts = ["supported", "partial", "contradicted", "unverifiable", "supported"]
    assert [three_way(v) for v in verdicts] == ["supported", "not stated", "contradicted", "not stated", "supported"]
    # binary: supported recall 1/2, rest recall 2/3
    assert balanced_accuracy([True, True, False, False, False], [True, False, False, False, True]) == pytest.approx(7 / 12)
    truth = [three_way(x) for x in labels]
    predicted = [three_way(x) for x in verdicts]
    # F1 supported 2*1/(2+1+1)=0.5, contradicted 2/(2+0+1)=2/3, not stated 2/(2+1+0)=2/3
    assert macro_f1(truth, predicted) == pytest.approx((0.5 + 2 / 3 + 2 / 3) / 3)
    assert confusion(truth, predicted)["contradicted"] == {"supported": 1, "contradicted": 1, "not stated": 0}
    figures = score(labels, verdicts, [0.9, 0.6, 0.8, 1.0, 0.7], seconds=1.5)
    assert figures.contradiction_recall == 0.5 and figures.count == 5 and figures.seconds == 1.5
