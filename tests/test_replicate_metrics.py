"""Metrics and result statistics of the replication harness, against hand-computed references and slow loops."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from verifier.replicate.metrics import accuracy, mean_interval, nearest_neighbours, retrieval_accuracy, t_critical
from verifier.replicate.results import AVERAGE, ZERO_SHOT, Interval, Score, paired_deltas, summarise, with_averages


def test_accuracy_hand_computed():
    assert accuracy([1, 0, 2, 2, 1], [1, 1, 2, 0, 1]) == pytest.approx(3 / 5)
    assert accuracy([0], [0]) == 1.0
    with pytest.raises(ValueError):
        accuracy([1, 0], [1])


def test_retrieval_accuracy_hand_computed():
    # Query 0 is closest (cosine) to candidate 0, query 1 to candidate 0 as well (wrong), query 2 to candidate 2.
    queries = np.array([[1.0, 0.0], [1.0, 0.1], [0.0, 1.0]])
    candidates = np.array([[2.0, 0.0], [0.0, -1.0], [0.1, 3.0]])
    assert list(nearest_neighbours(queries, candidates)) == [0, 0, 2]
    assert retrieval_accuracy(queries, candidates) == pytest.approx(2 / 3)


def test_retrieval_uses_cosine_not_dot_product():
    # By dot product candidate 1 (long vector) would win for query 0; by cosine candidate 0 does.
    queries = np.array([[1.0, 0.0], [0.0, 1.0]])
    candidates = np.array([[1.0, 0.05], [10.0, 10.0]])
    assert retrieval_accuracy(queries, candidates) == 1.0


def slow_retrieval_accuracy(queries, candidates) -> float:
    """Obvious reference: loops, math.sqrt, first maximum wins."""
    def cosine(a, b):
        na, nb = math.sqrt(sum(x * x for x in a)), math.sqrt(sum(x * x for x in b))
        return sum(x * y for x, y in zip(a, b)) / ((na or 1.0) * (nb or 1.0))

    hits = 0
    for i, query in enumerate(queries):
        scores = [cosine(query, candidate) for candidate in candidates]
        hits += scores.index(max(scores)) == i
    return hits / len(queries)


@settings(max_examples=60, deadline=None)
@given(st.integers(2, 12), st.integers(1, 6), st.integers(0, 10_000))
def test_retrieval_matches_slow_reference(rows, dims, seed):
    rng = np.random.default_rng(seed)
    queries, candidates = rng.normal(size=(rows, dims)), rng.normal(size=(rows, dims))
    candidates[: rows // 2] = queries[: rows // 2] + 0.1 * rng.normal(size=(rows // 2, dims))  # some near translations
    assert retrieval_accuracy(queries, candidates) == pytest.approx(slow_retrieval_accuracy(queries.tolist(), candidates.tolist()))


def test_t_critical_values():
    assert t_critical(1) == 12.706
    assert t_critical(2) == 4.303
    assert t_critical(30) == 2.042
    assert t_critical(35) == 2.042  # conservative: next lower tabulated df
    assert t_critical(1000) == 1.960
    with pytest.raises(ValueError):
        t_critical(0)


def test_mean_interval_hand_computed():
    mean, half = mean_interval([2.0, 3.0, 4.0])  # sd 1, n 3, t(2) 4.303
    assert mean == 3.0
    assert half == pytest.approx(4.303 / math.sqrt(3))
    assert mean_interval([5.0]) == (5.0, None)
    interval = Interval.of([10.0, 14.0])  # sd 2.828, n 2, t(1) 12.706 -> 12.706 * 2
    assert interval.half_width == pytest.approx(25.412)
    assert (interval.low, interval.high) == pytest.approx((12.0 - 25.412, 12.0 + 25.412))


def score(task, language, seed, value, condition="intermediate", metric="accuracy"):
    return Score(task=task, language=language, condition=condition, intermediate_task="mnli" if condition == "intermediate" else None,
                 seed=seed, metric=metric, value=value, examples=10)  # fmt: skip


def test_paired_deltas_pair_by_seed_and_broadcast_a_seedless_baseline():
    assert paired_deltas({1: 50.0, 2: 60.0}, {1: 55.0, 2: 58.0, 3: 70.0}) == [5.0, -2.0]
    assert paired_deltas({None: 40.0}, {1: 45.0, 2: 47.0}) == [5.0, 7.0]


def test_averages_and_summaries_hand_computed():
    scores = [
        score("pawsx", "en", 1, 90.0, "baseline"), score("pawsx", "de", 1, 70.0, "baseline"), score("pawsx", "fr", 1, 60.0, "baseline"),
        score("pawsx", "en", 2, 92.0, "baseline"), score("pawsx", "de", 2, 72.0, "baseline"), score("pawsx", "fr", 2, 62.0, "baseline"),
        score("pawsx", "en", 1, 91.0), score("pawsx", "de", 1, 75.0), score("pawsx", "fr", 1, 65.0),
        score("pawsx", "en", 2, 95.0), score("pawsx", "de", 2, 79.0), score("pawsx", "fr", 2, 66.0),
    ]  # fmt: skip
    averages = {(s.condition, s.seed, s.language): s.value for s in with_averages(scores) if s.language in (AVERAGE, ZERO_SHOT)}
    assert averages[("baseline", 1, AVERAGE)] == pytest.approx((90 + 70 + 60) / 3)
    assert averages[("baseline", 1, ZERO_SHOT)] == pytest.approx(65.0)
    assert averages[("intermediate", 2, ZERO_SHOT)] == pytest.approx(72.5)
    summaries = {s.language: s for s in summarise(scores)}
    de = summaries["de"]
    assert de.baseline.mean == 71.0 and de.intermediate.mean == 77.0
    assert de.delta.mean == pytest.approx(6.0)  # deltas 5 and 7
    assert de.delta.half_width == pytest.approx(12.706)  # sd of (5, 7) is sqrt(2), so sd/sqrt(n) = 1
    zero_shot = summaries[ZERO_SHOT]  # per seed: 65 -> 70, 67 -> 72.5
    assert zero_shot.delta.mean == pytest.approx((5.0 + 5.5) / 2)


def test_summary_of_an_unpaired_task_has_no_delta():
    summaries = summarise([score("mnli", "en", 1, 80.0), score("mnli", "en", 2, 84.0)])
    assert len(summaries) == 1
    assert summaries[0].baseline is None and summaries[0].delta is None
    assert summaries[0].intermediate.mean == 82.0
