"""The calibrated combination of signals: a small multinomial logistic model whose coefficients are data
(`verifier/data/calibration.json`, written by `benchmarks/train_calibration.py` from the tuning splits only).

Classes: `supported`, `contradicted`, `unsupported` (the sources do not state it). The model's probability of the
chosen class is the claim's confidence. Fitting and scoring are plain numpy, so they can be checked by hand.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import numpy as np

from verifier.errors import VerifierError

CLASSES = ("supported", "contradicted", "unsupported")
DEFAULT_PATH = Path(__file__).resolve().parents[1] / "data" / "calibration.json"


@dataclass(frozen=True)
class Calibrator:
    """Coefficients of a softmax model over named features."""

    features: tuple[str, ...]
    weights: np.ndarray  # (classes, features)
    bias: np.ndarray  # (classes,)
    classes: tuple[str, ...] = CLASSES

    def probabilities(self, features: dict[str, float]) -> dict[str, float]:
        """Class probabilities for one feature dict (missing features count as 0)."""
        x = np.array([float(features.get(name, 0.0)) for name in self.features])
        return dict(zip(self.classes, (float(p) for p in softmax(self.weights @ x + self.bias))))

    def to_json(self, extra: dict | None = None) -> str:
        record = {
            "classes": list(self.classes),
            "features": list(self.features),
            "weights": [[round(float(v), 6) for v in row] for row in self.weights],
            "bias": [round(float(v), 6) for v in self.bias],
            **(extra or {}),
        }
        return json.dumps(record, indent=2) + "\n"


def softmax(z: np.ndarray) -> np.ndarray:
    z = z - np.max(z, axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


def load_calibrator(path: Path = DEFAULT_PATH) -> Calibrator:
    """Read coefficients written by `benchmarks/train_calibration.py`."""
    try:
        record = json.loads(Path(path).read_text())
        features = tuple(record["features"])
        weights = np.array(record["weights"], dtype=float)
        bias = np.array(record["bias"], dtype=float)
        classes = tuple(record.get("classes", CLASSES))
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise VerifierError(f"{path}: cannot read the calibration coefficients ({error})") from error
    if weights.shape != (len(classes), len(features)) or bias.shape != (len(classes),):
        raise VerifierError(f"{path}: calibration coefficients have the wrong shape {weights.shape}")
    return Calibrator(features, weights, bias, classes)


def fit_softmax(x: np.ndarray, y: Sequence[int], sample_weight: np.ndarray | None = None, l2: float = 1e-3,
                steps: int = 4000, learning_rate: float = 0.1, classes: int = len(CLASSES)) -> tuple[np.ndarray, np.ndarray]:
    """Weighted multinomial logistic regression by full-batch gradient descent with Adam; returns (weights, bias).

    Minimises mean weighted cross-entropy + l2/2 * ||weights||^2 (the bias is not penalised).
    """
    x = np.asarray(x, dtype=float)
    n, d = x.shape
    target = np.zeros((n, classes))
    target[np.arange(n), np.asarray(y)] = 1.0
    w_sample = np.ones(n) if sample_weight is None else np.asarray(sample_weight, dtype=float)
    w_sample = w_sample / w_sample.sum()
    params = np.zeros((classes, d + 1))
    moment, velocity = np.zeros_like(params), np.zeros_like(params)
    design = np.hstack([x, np.ones((n, 1))])
    for step in range(1, steps + 1):
        p = softmax(design @ params.T)
        grad = ((p - target) * w_sample[:, None]).T @ design
        grad[:, :d] += l2 * params[:, :d]
        moment = 0.9 * moment + 0.1 * grad
        velocity = 0.999 * velocity + 0.001 * grad**2
        params -= learning_rate * (moment / (1 - 0.9**step)) / (np.sqrt(velocity / (1 - 0.999**step)) + 1e-8)
    return params[:, :d], params[:, d]


def expected_calibration_error(confidence: Sequence[float], correct: Sequence[bool], bins: int = 10) -> float:
    """ECE: the bin-size-weighted mean |accuracy - mean confidence| over equal-width confidence bins."""
    confidence = np.asarray(confidence, dtype=float)
    correct = np.asarray(correct, dtype=float)
    if confidence.size == 0:
        return 0.0
    edges = np.linspace(0.0, 1.0, bins + 1)
    which = np.clip(np.digitize(confidence, edges[1:-1], right=True), 0, bins - 1)
    total = 0.0
    for b in range(bins):
        members = which == b
        if members.any():
            total += members.sum() / confidence.size * abs(correct[members].mean() - confidence[members].mean())
    return float(total)
