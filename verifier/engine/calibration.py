"""The calibrated combination of features: a small multinomial logistic model whose coefficients are data
(`verifier/data/calibration.json`, written by `benchmarks/train_calibration.py` from the tuning splits only).

Classes: `supported`, `contradicted`, `unsupported` (the sources do not state it). The file holds two variants:
`judged`, fitted with the learned pair judge's features (used when the judge fits the embedder), and `plain`,
fitted without them (any other embedder, e.g. the hashing one of the unit tests). Each variant also holds the
confidence map: the probability of the verdict actually given (after the decision rules) is passed through
`sigmoid(a * logit(p) + b + c * overruled)`, fitted so that the stated confidence matches the observed accuracy.
Fitting and scoring are plain numpy, so they can be checked by hand.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from verifier.errors import VerifierError

CLASSES = ("supported", "contradicted", "unsupported")
DEFAULT_PATH = Path(__file__).resolve().parents[1] / "data" / "calibration.json"
VARIANTS = ("judged", "plain")
IDENTITY = (1.0, 0.0, 0.0)


@dataclass(frozen=True)
class Calibrator:
    """Coefficients of a softmax model over named features, and the confidence map."""

    features: tuple[str, ...]
    weights: np.ndarray  # (classes, features)
    bias: np.ndarray  # (classes,)
    classes: tuple[str, ...] = CLASSES
    confidence_map: tuple[float, float, float] = IDENTITY  # (a, b, c) of the docstring

    def probabilities(self, features: dict[str, float]) -> dict[str, float]:
        """Class probabilities for one feature dict (missing features count as 0)."""
        x = np.array([float(features.get(name, 0.0)) for name in self.features])
        return dict(zip(self.classes, (float(p) for p in softmax(self.weights @ x + self.bias))))

    def confidence(self, probability: float, overruled: bool) -> float:
        """The calibrated confidence of a verdict the model gave `probability` (`overruled`: a rule changed it)."""
        a, b, c = self.confidence_map
        p = min(1 - 1e-6, max(1e-6, probability))
        return 1.0 / (1.0 + math.exp(-(a * math.log(p / (1 - p)) + b + c * float(overruled))))

    def record(self) -> dict:
        return {
            "classes": list(self.classes),
            "features": list(self.features),
            "weights": [[round(float(v), 6) for v in row] for row in self.weights],
            "bias": [round(float(v), 6) for v in self.bias],
            "confidence_map": [round(float(v), 6) for v in self.confidence_map],
        }

    def to_json(self, extra: dict | None = None) -> str:
        return json.dumps({**self.record(), **(extra or {})}, indent=2) + "\n"


def softmax(z: np.ndarray) -> np.ndarray:
    z = z - np.max(z, axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


def _from_record(record: dict, path: Path) -> Calibrator:
    try:
        features = tuple(record["features"])
        weights = np.array(record["weights"], dtype=float)
        bias = np.array(record["bias"], dtype=float)
        classes = tuple(record.get("classes", CLASSES))
        mapping = tuple(float(v) for v in record.get("confidence_map", IDENTITY))
    except (ValueError, KeyError, TypeError) as error:
        raise VerifierError(f"{path}: cannot read the calibration coefficients ({error})") from error
    if weights.shape != (len(classes), len(features)) or bias.shape != (len(classes),) or len(mapping) != 3:
        raise VerifierError(f"{path}: calibration coefficients have the wrong shape {weights.shape}")
    return Calibrator(features, weights, bias, classes, (mapping[0], mapping[1], mapping[2]))


def load_calibrator(path: Path = DEFAULT_PATH, variant: str = "plain") -> Calibrator:
    """Read coefficients written by `benchmarks/train_calibration.py`: the `variant` (judged or plain) of a file
    holding both, or the one model of a single-model file."""
    try:
        record = json.loads(Path(path).read_text())
    except (OSError, ValueError) as error:
        raise VerifierError(f"{path}: cannot read the calibration coefficients ({error})") from error
    if not isinstance(record, dict):
        raise VerifierError(f"{path}: cannot read the calibration coefficients (not an object)")
    if "models" in record:
        if variant not in record["models"]:
            raise VerifierError(f"{path}: no calibration variant {variant!r}")
        record = record["models"][variant]
    return _from_record(record, Path(path))


def _penalised_loss(design: np.ndarray, target: np.ndarray, w_sample: np.ndarray, params: np.ndarray, l2: float) -> float:
    p = softmax(design @ params.T)
    return float(-(w_sample * np.log(np.maximum((p * target).sum(1), 1e-300))).sum() + l2 / 2 * (params[:, :-1] ** 2).sum())


def fit_softmax(x: np.ndarray, y: Sequence[int] | np.ndarray, sample_weight: np.ndarray | None = None, l2: float = 1e-3,
                steps: int = 100, classes: int = len(CLASSES)) -> tuple[np.ndarray, np.ndarray]:
    """Weighted multinomial logistic regression by Newton's method with a backtracking line search; returns
    (weights, bias), the biases centred (the softmax ignores a constant added to them all).

    Minimises mean weighted cross-entropy + l2/2 * ||weights||^2 (the bias is not penalised). The problem is convex,
    so this is its one optimum, to float precision: the same data give the same coefficients, whatever the order of
    the rows (a fixed number of gradient steps stopped wherever it was, and a change in the last bit of one weight
    moved the coefficients by 1e-2).
    """
    x = np.asarray(x, dtype=float)
    n, d = x.shape
    target = np.zeros((n, classes))
    target[np.arange(n), np.asarray(y)] = 1.0
    w_sample = np.ones(n) if sample_weight is None else np.asarray(sample_weight, dtype=float)
    w_sample = w_sample / w_sample.sum()
    design = np.hstack([x, np.ones((n, 1))])
    size = d + 1
    penalty = np.tile(np.append(np.full(d, l2), 0.0), classes)
    params = np.zeros((classes, size))
    value = _penalised_loss(design, target, w_sample, params, l2)
    for _ in range(steps):
        p = softmax(design @ params.T)
        grad = ((p - target) * w_sample[:, None]).T @ design
        grad[:, :d] += l2 * params[:, :d]
        hessian = np.zeros((classes * size, classes * size))
        for k in range(classes):
            for m in range(k, classes):
                curvature = w_sample * p[:, k] * ((k == m) - p[:, m])
                block = (design * curvature[:, None]).T @ design
                hessian[k * size:(k + 1) * size, m * size:(m + 1) * size] = block
                hessian[m * size:(m + 1) * size, k * size:(k + 1) * size] = block.T
        hessian += np.diag(penalty) + 1e-10 * np.eye(classes * size)  # the bias direction the softmax ignores
        step = np.linalg.solve(hessian, grad.ravel()).reshape(classes, size)
        scale = 1.0
        while scale > 1e-8:
            trial = params - scale * step
            trial_value = _penalised_loss(design, target, w_sample, trial, l2)
            if trial_value <= value:
                break
            scale /= 2
        else:
            break
        moved = float(np.abs(trial - params).max())
        params, value = trial, trial_value
        if moved < 1e-10:
            break
    bias = params[:, d] - params[:, d].mean()
    return params[:, :d], bias


def fit_confidence_map(probability: Sequence[float] | np.ndarray, overruled: Sequence[bool] | np.ndarray,
                       correct: Sequence[bool] | np.ndarray,
                       sample_weight: np.ndarray | None = None) -> tuple[float, float, float]:
    """Logistic regression of `correct` on (logit p, overruled): the (a, b, c) of `Calibrator.confidence`."""
    p = np.clip(np.asarray(probability, dtype=float), 1e-6, 1 - 1e-6)
    x = np.stack([np.log(p / (1 - p)), np.asarray(overruled, dtype=float)], axis=1)
    y = np.asarray(correct, dtype=int)
    # two classes through the softmax fit: class 0 = correct, class 1 = wrong; the logit difference is linear
    weights, bias = fit_softmax(x, 1 - y, sample_weight=sample_weight, l2=1e-4, classes=2)
    a, c = weights[0] - weights[1]
    return float(a), float(bias[0] - bias[1]), float(c)


def expected_calibration_error(confidence: Sequence[float] | np.ndarray, correct: Sequence[bool] | np.ndarray,
                               bins: int = 10) -> float:
    """ECE: the bin-size-weighted mean |accuracy - mean confidence| over equal-width confidence bins."""
    stated = np.asarray(confidence, dtype=float)
    right = np.asarray(correct, dtype=float)
    if stated.size == 0:
        return 0.0
    edges = np.linspace(0.0, 1.0, bins + 1)
    which = np.clip(np.digitize(stated, edges[1:-1], right=True), 0, bins - 1)
    total = 0.0
    for b in range(bins):
        members = which == b
        if members.any():
            total += members.sum() / stated.size * abs(right[members].mean() - stated[members].mean())
    return float(total)


def calibrated_ece(confidence: Sequence[float], bins: int = 10, draws: int = 400, seed: int = 0) -> tuple[float, float]:
    """What ECE a perfectly calibrated model would show with these confidences on a set of this size: each verdict
    drawn right with exactly its stated probability, `draws` times. Returns (mean, 95th percentile). A measured ECE
    near the mean is sampling noise, not miscalibration; on a small set it is large (49 claims: about 0.12)."""
    stated = np.asarray(confidence, dtype=float)
    if stated.size == 0:
        return 0.0, 0.0
    rng = np.random.default_rng(seed)
    values = sorted(expected_calibration_error(stated, rng.random(stated.size) < stated, bins) for _ in range(draws))
    return float(np.mean(values)), float(values[min(len(values) - 1, int(0.95 * len(values)))])
