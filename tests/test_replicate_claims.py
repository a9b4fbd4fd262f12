"""Mapping reports' transfer claims to experiments and labelling them against replication results: on the seed
reports' claims (skipped when ../shared/seed-reports is absent) and on hand-built results with known intervals."""

from __future__ import annotations

from pathlib import Path

import pytest

from claims.models import Claim, Report
from verifier.replicate.claim_mapping import map_claims, transfer_statements
from verifier.replicate.confirm import confirm_claims
from verifier.replicate.results import ReplicationResult, Score, summarise

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seed-reports"
needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seed-reports is absent")


def seed_report(prefix: str) -> Report:
    from claims import parse_file

    return parse_file(next(SEEDS.glob(f"{prefix}_*.txt")))


def statements_by_index(report: Report) -> dict[int, list[tuple]]:
    return {
        claim.index: [(s.intermediate, s.target, s.direction, s.delta) for s in claim.statements] for claim in map_claims(report)
    }


@needs_seeds
def test_seed_report_000_claims_map_to_experiments():
    mapped = statements_by_index(seed_report("000"))
    assert mapped == {
        4: [("squad", "target-average", "increase", 8.2)],
        5: [("mnli", "target-average", "increase", 7.5)],
        6: [("hellaswag", "target-average", "increase", 7.0)],
        7: [("multi-task", "target-average", "increase", 8.7)],
        8: [(None, "bucc", "increase", None), (None, "tatoeba", "increase", None)],
        10: [(None, "tydiqa", "increase", None)],
        11: [(None, "xnli", "none", None)],
        12: [("best-per-task", "xtreme-average", "increase", 5.4)],
    }  # data sizes, model choice, method claims (1-3, 9, 13-20) are not transfer effects


@needs_seeds
@pytest.mark.parametrize("prefix", ["002", "003"])
def test_seed_reports_002_003_lists_truncation_and_clauses(prefix: str):
    mapped = statements_by_index(seed_report(prefix))
    assert mapped[1] == [
        ("squad", "target-average", "increase", 8.2), ("mnli", "target-average", "increase", 7.5),
        ("hellaswag", "target-average", "increase", 7.0),
    ]  # fmt: skip
    assert mapped[2] == [("multi-task", "target-average", "increase", 8.7)]
    assert mapped[3] == [(None, "bucc", None, None), (None, "tatoeba", None, None)]  # cut before its effect
    assert mapped[4] == [(None, "tydiqa", "increase", None), (None, "xnli", "none", None)]
    assert mapped[5] == [("best-per-task", "xtreme-average", "increase", 5.4)]
    assert set(mapped) == {1, 2, 3, 4, 5}


@needs_seeds
def test_seed_report_004_has_no_transfer_claims():
    assert map_claims(seed_report("004")) == []


def test_other_phrasings():
    assert [(s.target, s.direction, s.delta) for s in transfer_statements("Intermediate training on MNLI hurts UDPOS by 1.2 points.")] == [
        ("udpos", "decrease", -1.2)
    ]
    assert transfer_statements("The MNLI intermediate task contains 392,702 training examples.") == []
    assert transfer_statements("Training on English intermediate tasks outperforms using machine-translated data.") == []


# Hand-built results: PAWS-X (en, de) and Tatoeba (deu, seedless baseline) after MNLI, seeds 1-3.
def build_result(pawsx_deltas, tatoeba_deltas, *, xnli_deltas=None, synthetic=False, seeds=(1, 2, 3)) -> ReplicationResult:
    scores = []

    def add(task, language, base, deltas, metric="accuracy", seedless_baseline=False):
        for seed, delta in zip(seeds, deltas):
            if not seedless_baseline:
                scores.append(Score(task=task, language=language, condition="baseline", seed=seed, metric=metric, value=base, examples=100))
            scores.append(Score(task=task, language=language, condition="intermediate", intermediate_task="mnli", seed=seed,
                                metric=metric, value=base + delta, examples=100))  # fmt: skip
        if seedless_baseline:
            scores.append(Score(task=task, language=language, condition="baseline", seed=None, metric=metric, value=base, examples=100))

    for language in ("en", "de"):
        add("pawsx", language, 80.0, pawsx_deltas)
    add("tatoeba", "deu", 50.0, tatoeba_deltas, "retrieval_accuracy", seedless_baseline=True)
    if xnli_deltas:
        for language in ("en", "fr"):
            add("xnli", language, 70.0, xnli_deltas)
    config = {"intermediate_tasks": [{"name": "mnli", "train_size": 20000}], "target_tasks": [{"name": "pawsx", "train_size": 20000}]}
    return ReplicationResult(
        preset="small", fingerprint="f", synthetic=synthetic, model="xlm-roberta-large", num_layers=24, retrieval_layer=14,
        seeds=list(seeds), config=config, started="s", finished="f", wall_seconds=1, compute_seconds=1, environment={},
        scores=scores, summaries=summarise(scores), units=[],
    )  # fmt: skip


def report_of(*texts: str) -> Report:
    claims = [Claim(index=i, line=10 + i, text=text, truncated=not text.endswith(".")) for i, text in enumerate(texts, 1)]
    return Report(source="r.txt", claims=claims)


def labels(report: Report, result: ReplicationResult) -> list[str]:
    return [item.label for item in confirm_claims(report, result)]


PAWSX_CLAIM = "Intermediate-task training on MNLI improves PAWS-X by 7.5 points."


@pytest.mark.parametrize(
    "deltas, label, phrase",
    [
        ((6.0, 7.5, 9.0), "replicated", "contains the claimed +7.5"),  # 7.5 ± 3.73
        ((10.0, 11.0, 12.0), "replicated", "exceeds the claimed +7.5"),  # 11 ± 2.48
        ((2.0, 3.0, 4.0), "not_replicated", "excludes the claimed +7.5"),  # 3 ± 2.48: [0.52, 5.48]
        ((-5.0, -4.0, -3.0), "not_replicated", "opposite sign"),  # -4 ± 2.48: below zero
        ((0.0, 10.0, 20.0), "inconclusive", "too wide (± 24.8 > 5 points)"),  # 10 ± 24.84
    ],
)
def test_numeric_claim_labels(deltas, label, phrase):
    [item] = confirm_claims(report_of(PAWSX_CLAIM), build_result(deltas, (1.0, 2.0, 3.0)))
    assert item.label == label and phrase in item.explanation
    assert "PAWS-X after MNLI" in item.explanation
    assert "20,000 of MNLI's 392,702 training examples" in item.explanation and "XLM-R Large" in item.explanation


def test_target_average_claim_tests_direction_on_covered_tasks():
    # Per seed: mean of PAWS-X delta and Tatoeba delta = (2+10)/2, (3+12)/2, (4+14)/2 = 6, 7.5, 9.
    [item] = confirm_claims(report_of("Intermediate-task training on MNLI yields a target-task improvement of 7.5 points."),
                            build_result((2.0, 3.0, 4.0), (10.0, 12.0, 14.0)))  # fmt: skip
    assert item.label == "replicated"
    assert item.statements[0].measured.mean == pytest.approx(7.5)
    assert "the average of PAWS-X and Tatoeba" in item.explanation and "2 of the paper's 9 target tasks" in item.explanation
    assert "testing the direction only" in item.explanation
    negative = confirm_claims(report_of("Intermediate-task training on MNLI yields a target-task improvement of 7.5 points."),
                              build_result((-2.0, -3.0, -4.0), (-1.0, -2.0, -1.5)))  # fmt: skip
    assert negative[0].label == "not_replicated"


def test_claims_the_run_does_not_cover_are_inconclusive():
    result = build_result((2.0, 3.0, 4.0), (10.0, 12.0, 14.0))
    report = report_of(
        "Intermediate-task training on SQuAD yields a target-task improvement of 8.2 points.",
        "Multi-task intermediate-task training on all 9 tasks improves performance by 8.7 points.",
        "XNLI does not see benefits from intermediate training.",
        "Applying intermediate-task training to BUCC and Tatoeba yields dramatic improvements with almost every intermediate tra",
        "Applying intermediate-task training to Tatoeba yields dramatic improvements.",
        "Applying intermediate-task training to BUCC and Tatoeba, the two sentence retrieval target tasks that have no training d",
    )
    items = confirm_claims(report, result)
    assert [item.label for item in items] == ["inconclusive"] * 4 + ["replicated", "inconclusive"]
    assert "did not train SQuAD" in items[0].explanation
    assert "did not cover XNLI" in items[2].explanation
    assert "did not cover BUCC" in items[3].explanation and "Tatoeba after MNLI" in items[3].explanation
    assert "states no effect" in items[5].explanation


@pytest.mark.parametrize(
    "xnli, label", [((-0.2, 0.1, 0.3), "replicated"), ((3.0, 4.0, 5.0), "not_replicated"), ((-9.0, 0.0, 9.0), "inconclusive")]
)
def test_no_benefit_claim(xnli, label):
    result = build_result((2.0, 3.0, 4.0), (1.0, 2.0, 3.0), xnli_deltas=xnli)
    assert labels(report_of("XNLI does not see benefits from intermediate training."), result) == [label]


def test_synthetic_and_single_seed_results_are_inconclusive():
    synthetic = build_result((6.0, 7.5, 9.0), (1.0, 2.0, 3.0), synthetic=True)
    [item] = confirm_claims(report_of(PAWSX_CLAIM), synthetic)
    assert item.label == "inconclusive" and "synthetic data" in item.explanation
    single = build_result((7.5,), (1.0,), seeds=(1,))
    [item] = confirm_claims(report_of(PAWSX_CLAIM), single)
    assert item.label == "inconclusive" and "fewer than 2 seeds" in item.explanation


def test_mixed_parts_combine():
    result = build_result((2.0, 3.0, 4.0), (10.0, 12.0, 14.0))
    claim = "TyDiQA shows consistent improvements with many intermediate tasks, whereas Tatoeba does not see benefits from intermediate training."
    [item] = confirm_claims(report_of(claim), result)
    assert [o.label for o in item.statements] == ["inconclusive", "not_replicated"]
    assert item.label == "not_replicated"


@needs_seeds
def test_seed_report_against_a_small_run_result():
    items = {item.index: item for item in confirm_claims(seed_report("000"), build_result((2.0, 3.0, 4.0), (10.0, 12.0, 14.0)))}
    assert items[5].label == "replicated"  # MNLI +7.5 on the target-task average, direction only
    assert {index for index, item in items.items() if item.label == "inconclusive"} == {4, 6, 7, 8, 10, 11, 12}
    assert all(item.explanation.endswith("scored 9 XTREME target tasks.") for item in items.values())
