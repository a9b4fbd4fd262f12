"""Scoring verdicts against labels: binary balanced accuracy (supported vs the rest), 3-way macro-F1 (supported /
contradicted / not stated), contradiction recall, the confusion table and the expected calibration error."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from verifier.engine.calibration import calibrated_ece, expected_calibration_error

THREE_WAY = ("supported", "contradicted", "not stated")


def three_way(verdict: str) -> str:
    """Collapse verdicts and labels to the three evaluation classes (partial, unsupported, unverifiable: not stated)."""
    return verdict if verdict in ("supported", "contradicted") else "not stated"


@dataclass
class Scores:
    """Figures for one labelled set."""

    count: int
    balanced_accuracy: float
    macro_f1: float
    contradiction_recall: float
    ece: float
    confusion: dict[str, dict[str, int]] = field(default_factory=dict)
    seconds: float = 0.0
    ece_calibrated: tuple[float, float] = (0.0, 0.0)  # a calibrated model's ECE at this size: mean, 95th percentile


def balanced_accuracy(truth: Sequence[bool], predicted: Sequence[bool]) -> float:
    """Mean of the recall of the positive and of the negative class (a class that is absent is left out)."""
    recalls = []
    for cls in (True, False):
        members = [p for t, p in zip(truth, predicted) if t == cls]
        if members:
            recalls.append(sum(1 for p in members if p == cls) / len(members))
    return sum(recalls) / len(recalls) if recalls else 0.0


def macro_f1(truth: Sequence[str], predicted: Sequence[str], classes: Sequence[str] = THREE_WAY) -> float:
    """Unweighted mean F1 over `classes` that occur in the truth or the predictions."""
    scores = []
    for cls in classes:
        tp = sum(1 for t, p in zip(truth, predicted) if t == cls and p == cls)
        fp = sum(1 for t, p in zip(truth, predicted) if t != cls and p == cls)
        fn = sum(1 for t, p in zip(truth, predicted) if t == cls and p != cls)
        if tp + fp + fn:
            scores.append(2 * tp / (2 * tp + fp + fn))
    return sum(scores) / len(scores) if scores else 0.0


def confusion(truth: Sequence[str], predicted: Sequence[str], classes: Sequence[str] = THREE_WAY) -> dict[str, dict[str, int]]:
    """`table[label][prediction]` counts."""
    table = {t: {p: 0 for p in classes} for t in classes}
    for t, p in zip(truth, predicted):
        table[t][p] += 1
    return table


def score(labels: Sequence[str], verdicts: Sequence[str], confidences: Sequence[float], seconds: float = 0.0,
          noise: bool = False) -> Scores:
    """All figures for one set. `labels` and `verdicts` may use any verdict names; they are collapsed three ways.

    The ECE treats `confidence` as the probability that the three-way verdict is right; `ece_calibrated` is what a
    perfectly calibrated model with the same confidences would show on a set of this size (sampling noise; computed
    when `noise`, as it takes a few hundred draws).
    """
    truth = [three_way(x) for x in labels]
    predicted = [three_way(x) for x in verdicts]
    contradicted = [p for t, p in zip(truth, predicted) if t == "contradicted"]
    return Scores(
        count=len(truth),
        balanced_accuracy=balanced_accuracy([t == "supported" for t in truth], [p == "supported" for p in predicted]),
        macro_f1=macro_f1(truth, predicted),
        contradiction_recall=(sum(p == "contradicted" for p in contradicted) / len(contradicted)) if contradicted else 0.0,
        ece=expected_calibration_error(confidences, [t == p for t, p in zip(truth, predicted)]),
        confusion=confusion(truth, predicted),
        seconds=seconds,
        ece_calibrated=calibrated_ece(confidences) if noise else (0.0, 0.0),
    )
