"""Pure metrics: accuracy, retrieval accuracy by cosine nearest neighbour, and mean ± 95% interval over seeds."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

# Two-sided 95% critical values of Student's t (0.975 quantile) by degrees of freedom.
T_975 = {
    1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365, 8: 2.306, 9: 2.262, 10: 2.228,
    11: 2.201, 12: 2.179, 13: 2.160, 14: 2.145, 15: 2.131, 16: 2.120, 17: 2.110, 18: 2.101, 19: 2.093, 20: 2.086,
    21: 2.080, 22: 2.074, 23: 2.069, 24: 2.064, 25: 2.060, 26: 2.056, 27: 2.052, 28: 2.048, 29: 2.045, 30: 2.042,
    40: 2.021, 60: 2.000, 120: 1.980,
}  # fmt: skip


def accuracy(predictions: Sequence[int], labels: Sequence[int]) -> float:
    """Share of predictions equal to their label (0..1)."""
    if len(predictions) != len(labels):
        raise ValueError(f"{len(predictions)} predictions for {len(labels)} labels")
    if not labels:
        raise ValueError("accuracy of an empty set")
    return sum(int(p == y) for p, y in zip(predictions, labels)) / len(labels)


def nearest_neighbours(queries: np.ndarray, candidates: np.ndarray) -> np.ndarray:
    """For each query row, the index of the candidate row with the highest cosine similarity (first on ties)."""
    def unit(matrix: np.ndarray) -> np.ndarray:
        norms = np.linalg.norm(matrix, axis=1, keepdims=True)
        return matrix / np.where(norms == 0, 1.0, norms)

    return np.argmax(unit(np.asarray(queries, dtype=np.float64)) @ unit(np.asarray(candidates, dtype=np.float64)).T, axis=1)


def retrieval_accuracy(queries: np.ndarray, candidates: np.ndarray) -> float:
    """Tatoeba's score: share of queries (row i) whose nearest candidate by cosine similarity is candidate i (0..1)."""
    if len(queries) != len(candidates) or len(queries) == 0:
        raise ValueError(f"retrieval needs aligned non-empty sets, got {len(queries)} and {len(candidates)}")
    return float(np.mean(nearest_neighbours(queries, candidates) == np.arange(len(queries))))


def t_critical(df: int) -> float:
    """The 0.975 quantile of Student's t with `df` degrees of freedom (above 30: the next lower tabulated df, conservative)."""
    if df < 1:
        raise ValueError("t quantile needs at least one degree of freedom")
    if df > 120:
        return 1.960
    return T_975[max(key for key in T_975 if key <= df)]


def mean_interval(values: Sequence[float]) -> tuple[float, float | None]:
    """Mean and the half-width of its two-sided 95% t interval (None for a single value)."""
    if not values:
        raise ValueError("interval of no values")
    mean = sum(values) / len(values)
    if len(values) < 2:
        return mean, None
    variance = sum((value - mean) ** 2 for value in values) / (len(values) - 1)
    return mean, t_critical(len(values) - 1) * math.sqrt(variance / len(values))
