"""The result of a replication run: per-seed scores, mean ± 95% intervals, deltas, timings, environment (its
Markdown table is `verifier.replicate.result_markdown`). Pure functions over pydantic records (no torch)."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, ValidationError

from verifier.errors import VerifierError
from verifier.replicate.metrics import mean_interval

SCHEMA_VERSION = 1
AVERAGE = "avg"  # mean over every evaluated language
ZERO_SHOT = "zero-shot"  # mean over the languages other than English


class Interval(BaseModel):
    """Mean over seeds and its two-sided 95% t interval (no interval from a single value)."""

    mean: float
    half_width: float | None = None
    low: float | None = None
    high: float | None = None
    n: int

    @classmethod
    def of(cls, values: list[float]) -> Interval:
        mean, half = mean_interval(values)
        if half is None:
            return cls(mean=mean, n=len(values))
        return cls(mean=mean, half_width=half, low=mean - half, high=mean + half, n=len(values))

    def text(self, signed: bool = False) -> str:
        mean = f"{self.mean:+.1f}" if signed else f"{self.mean:.1f}"
        return mean if self.half_width is None else f"{mean} ± {self.half_width:.1f}"


class Score(BaseModel):
    """One measured number, in points (0-100)."""

    task: str
    language: str
    condition: Literal["baseline", "intermediate"]
    intermediate_task: str | None = Field(default=None, description="The intermediate task before this score (None: baseline).")
    seed: int | None = Field(default=None, description="Run seed; None for a seed-independent score (untrained retrieval).")
    metric: Literal["accuracy", "retrieval_accuracy"]
    value: float
    examples: int


class UnitTiming(BaseModel):
    """Cost of one unit of work (a training phase with its evaluations, or one retrieval evaluation)."""

    unit: str
    seconds: float
    train_examples: int = 0
    train_seconds: float = 0.0
    eval_examples: int = 0
    eval_seconds: float = 0.0
    steps: int = 0
    stopped_early: bool = False
    resumed_from_step: int | None = None
    peak_gpu_memory_bytes: int | None = None


class UnitRecord(BaseModel):
    """What a finished unit leaves on disk (units/<unit>.json); a rerun with --resume skips it."""

    timing: UnitTiming
    scores: list[Score]


class Summary(BaseModel):
    """Baseline, after-intermediate and paired delta for one task and language (or average)."""

    task: str
    language: str
    metric: str
    intermediate_task: str | None
    baseline: Interval | None = None
    intermediate: Interval | None = None
    delta: Interval | None = None


class ReplicationResult(BaseModel):
    schema_version: int = SCHEMA_VERSION
    preset: str | None
    fingerprint: str
    synthetic: bool = Field(description="True when the data were synthetic (the tiny preset): not evidence about the paper.")
    model: str
    num_layers: int
    retrieval_layer: int
    seeds: list[int]
    config: dict
    started: str
    finished: str
    wall_seconds: float = Field(description="This invocation, imports excluded.")
    compute_seconds: float = Field(description="Sum over units, across resumed invocations.")
    resumed: bool = False
    train_examples_per_second: float | None = None
    eval_examples_per_second: float | None = None
    peak_gpu_memory_bytes: int | None = None
    peak_rss_bytes: int | None = None
    environment: dict
    scores: list[Score]
    summaries: list[Summary]
    units: list[UnitTiming]


def with_averages(scores: list[Score]) -> list[Score]:
    """`scores` plus, per task/condition/seed, the mean over all languages and over the non-English ones."""
    groups: dict[tuple, list[Score]] = defaultdict(list)
    for score in scores:
        groups[(score.task, score.condition, score.intermediate_task, score.seed, score.metric)].append(score)
    averages = []
    for members in groups.values():
        if len(members) < 2:
            continue
        averages.append(averaged(members, AVERAGE))
        others = [score for score in members if score.language != "en"]
        if len(others) < len(members) and len(others) > 1:
            averages.append(averaged(others, ZERO_SHOT))
    return scores + averages


def averaged(members: list[Score], language: str) -> Score:
    value = sum(score.value for score in members) / len(members)
    return members[0].model_copy(update={"language": language, "value": value, "examples": sum(s.examples for s in members)})


def summarise(scores: list[Score]) -> list[Summary]:
    """Baseline/intermediate intervals and per-seed paired deltas for every task, language and intermediate task."""
    every = with_averages(scores)
    baseline: dict[tuple, dict[int | None, float]] = defaultdict(dict)
    after: dict[tuple, dict[int | None, float]] = defaultdict(dict)
    for score in every:
        key = (score.task, score.language, score.metric)
        if score.condition == "baseline":
            baseline[key][score.seed] = score.value
        else:
            after[key + (score.intermediate_task,)][score.seed] = score.value
    summaries = [summary_of(key[:3], key[3], baseline.get(key[:3], {}), values) for key, values in after.items()]
    covered = {key[:3] for key in after}
    summaries += [summary_of(key, None, values, {}) for key, values in baseline.items() if key not in covered]
    return sorted(summaries, key=lambda s: (s.task, s.intermediate_task or "", s.language not in (AVERAGE, ZERO_SHOT), s.language))


def summary_of(key: tuple, intermediate_task: str | None, base: dict, after: dict) -> Summary:
    task, language, metric = key
    deltas = paired_deltas(base, after)
    return Summary(
        task=task, language=language, metric=metric, intermediate_task=intermediate_task,
        baseline=Interval.of(list(base.values())) if base else None,
        intermediate=Interval.of(list(after.values())) if after else None,
        delta=Interval.of(deltas) if deltas else None,
    )  # fmt: skip


def paired_deltas(base: dict[int | None, float], after: dict[int | None, float]) -> list[float]:
    """after − baseline per seed; a seed-independent baseline (key None) pairs with every seed."""
    deltas = []
    for seed, value in after.items():
        reference = base.get(seed, base.get(None))
        if reference is not None:
            deltas.append(value - reference)
    return deltas


def seed_values(result: ReplicationResult, task: str, language: str, intermediate_task: str) -> dict[str, dict]:
    """Per-seed baseline and after-intermediate values of one task and language (averages included)."""
    base, after = {}, {}
    for score in with_averages(result.scores):
        if score.task != task or score.language != language:
            continue
        if score.condition == "baseline":
            base[score.seed] = score.value
        elif score.intermediate_task == intermediate_task:
            after[score.seed] = score.value
    return {"baseline": base, "intermediate": after}


def read_result(path: Path) -> ReplicationResult:
    """A result.json written by `verifier replicate` (for `--result` and `verifier audit --replication`)."""
    try:
        return ReplicationResult.model_validate_json(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise VerifierError(f"{path}: result file not found") from None
    except ValidationError as error:
        raise VerifierError(f"{path}: not a replication result ({error.errors()[0]['msg']})") from None
