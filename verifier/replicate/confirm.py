"""Confirming a report's transfer claims against a replication result: `replicated`, `not_replicated` or
`inconclusive`, each with one sentence that says what was measured and how the run's scale differs from the paper's.

Rules for a claimed increase of d points, measured paired delta interval [low, high]:
  low > d: replicated (exceeds the claim); high < 0: not replicated (opposite sign); half-width above the limit:
  inconclusive (too wide); low <= d <= high: replicated; otherwise (0 <= high < d): not replicated.
A claim without a number tests the direction only (interval above zero: replicated; below: not replicated; around
zero: not replicated unless too wide). 'No benefit' is replicated when the interval is not above zero. A claim about
the average over the paper's 9 target tasks is tested, in direction only, on the average of the tasks this run
covers. Tasks the run did not cover, intermediate tasks it did not train, and synthetic runs are inconclusive.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

from claims.models import Report
from verifier.replicate.claim_mapping import TARGET_AVERAGE, TASK_NAMES, TransferStatement, map_claims
from verifier.replicate.results import AVERAGE, Interval, ReplicationResult, seed_values

Label = Literal["replicated", "not_replicated", "inconclusive"]
PAPER_SCALE = "the paper fine-tuned XLM-R Large on the full training sets (MNLI: 392,702 examples) and scored 9 XTREME target tasks"
FULL_TRAINING_SETS = {"mnli": 392_702, "pawsx": 49_401, "xnli": 392_702}
DEFAULT_MAX_HALF_WIDTH = 5.0


class StatementOutcome(BaseModel):
    statement: TransferStatement
    label: Label
    measured: Interval | None = None
    reason: str


class ClaimReplication(BaseModel):
    """The replication verdict on one claim of a report."""

    index: int
    line: int
    text: str
    label: Label
    explanation: str
    statements: list[StatementOutcome]


def name(key: str | None) -> str:
    return TASK_NAMES.get(key or "", (key or "").upper())


def covered_targets(result: ReplicationResult) -> list[str]:
    """Tasks with both a baseline and an after-intermediate score (the trained intermediate task itself is not one)."""
    return sorted({s.task for s in result.summaries if s.delta is not None})


def task_deltas(result: ReplicationResult, task: str, intermediate: str) -> dict:
    """Per-seed paired deltas of one task's language average (or its only language)."""
    languages = {s.language for s in result.scores if s.task == task}
    language = AVERAGE if len(languages) > 1 else next(iter(languages))
    values = seed_values(result, task, language, intermediate)
    base, after = values["baseline"], values["intermediate"]
    return {seed: value - base.get(seed, base.get(None)) for seed, value in after.items() if seed in base or None in base}


def measured(result: ReplicationResult, statement: TransferStatement, intermediate: str) -> tuple[Interval | None, str, bool]:
    """The delta interval for the statement, what it measures, and whether it is a proxy (average over fewer tasks)."""
    if statement.target != TARGET_AVERAGE:
        deltas = list(task_deltas(result, statement.target, intermediate).values())
        return (Interval.of(deltas) if deltas else None), f"{name(statement.target)} after {name(intermediate)}", False
    tasks = covered_targets(result)
    per_task = [task_deltas(result, task, intermediate) for task in tasks]
    seeds = set.intersection(*(set(deltas) for deltas in per_task)) if per_task else set()
    deltas = [sum(deltas[seed] for deltas in per_task) / len(per_task) for seed in sorted(seeds, key=str)]
    what = f"the average of {' and '.join(name(t) for t in tasks)} after {name(intermediate)} ({len(tasks)} of the paper's 9 target tasks)"
    return (Interval.of(deltas) if deltas else None), what, True


def coverage_gap(result: ReplicationResult, statement: TransferStatement) -> str | None:
    """Why the run cannot test the statement at all, or None."""
    trained = sorted({s.intermediate_task for s in result.scores if s.intermediate_task})
    if result.synthetic:
        return "the tiny preset ran a random model on synthetic data, which cannot confirm or refute claims about XLM-R on real tasks"
    if statement.direction is None:
        return "the visible (truncated) text states no effect to test"
    if statement.intermediate is not None and statement.intermediate not in trained:
        return f"the run did not train {name(statement.intermediate)} as an intermediate task"
    if statement.target != TARGET_AVERAGE and statement.target not in covered_targets(result):
        return f"the run did not cover {name(statement.target)}"
    if statement.target == TARGET_AVERAGE and not covered_targets(result):
        return "the run covered no target task"
    return None


def judge(statement: TransferStatement, interval: Interval, proxy: bool, max_half_width: float) -> tuple[Label, str]:
    """Label a measured delta interval against the statement (rules in the module docstring)."""
    if interval.low is None or interval.high is None or interval.half_width is None:
        return "inconclusive", "has no interval (fewer than 2 seeds)"
    low, high, wide = interval.low, interval.high, interval.half_width > max_half_width
    sign = -1.0 if statement.direction == "decrease" else 1.0
    if statement.direction == "none":
        if low > 0:
            return "not_replicated", "shows a benefit where the claim says there is none"
        if wide:
            return "inconclusive", f"is too wide (± {interval.half_width:.1f} > {max_half_width:g} points) to rule out a benefit"
        return "replicated", "shows no benefit, as claimed"
    low, high = (low, high) if sign > 0 else (-high, -low)
    claim = None if proxy or statement.delta is None else abs(statement.delta)
    if claim is not None and low > claim:
        return "replicated", f"exceeds the claimed {statement.delta:+.1f}"
    if high < 0:
        return "not_replicated", "has the opposite sign to the claim"
    if wide:
        return "inconclusive", f"is too wide (± {interval.half_width:.1f} > {max_half_width:g} points) to decide"
    if claim is None:
        return ("replicated", "is in the claimed direction") if low > 0 else ("not_replicated", "includes zero: no clear effect")
    if low <= claim <= high:
        return "replicated", f"contains the claimed {statement.delta:+.1f}"
    return "not_replicated", f"excludes the claimed {statement.delta:+.1f}"


def outcome(result: ReplicationResult, statement: TransferStatement, max_half_width: float) -> StatementOutcome:
    gap = coverage_gap(result, statement)
    if gap:
        return StatementOutcome(statement=statement, label="inconclusive", reason=gap)
    trained = sorted({s.intermediate_task for s in result.scores if s.intermediate_task})
    intermediate = statement.intermediate or trained[0]
    interval, what, proxy = measured(result, statement, intermediate)
    if interval is None or interval.half_width is None:
        return StatementOutcome(statement=statement, label="inconclusive", measured=interval, reason=f"{what} has no interval (fewer than 2 seeds)")
    label, verdict = judge(statement, interval, proxy, max_half_width)
    direction_only = ", testing the direction only," if proxy else ""
    reason = f"the measured Δ {interval.text(signed=True)} points on {what}{direction_only} {verdict}"
    return StatementOutcome(statement=statement, label=label, measured=interval, reason=reason)


def run_scale(result: ReplicationResult) -> str:
    """This run's scale in a phrase: model, training subsets, seeds."""
    config = result.config
    if result.synthetic:
        return f"this run used a random {result.num_layers}-layer model on synthetic data"
    parts = [f"this run used {result.model}"]
    for task in config.get("intermediate_tasks", []) + config.get("target_tasks", []):
        size, full = task.get("train_size"), FULL_TRAINING_SETS.get(task["name"])
        if size and full:
            parts.append(f"{size:,} of {name(task['name'])}'s {full:,} training examples")
    parts.append(f"{len(result.seeds)} seeds")
    return ", ".join(parts)


def combined(labels: list[Label]) -> Label:
    if "not_replicated" in labels:
        return "not_replicated"
    return "replicated" if labels and all(label == "replicated" for label in labels) else "inconclusive"


def confirm_claims(report: Report, result: ReplicationResult, max_half_width: float = DEFAULT_MAX_HALF_WIDTH) -> list[ClaimReplication]:
    """Map the report's transfer claims to the experiments of `result` and label each (see the module docstring)."""
    replications = []
    for claim in map_claims(report):
        outcomes = [outcome(result, statement, max_half_width) for statement in claim.statements]
        reasons = "; ".join(dict.fromkeys(o.reason for o in outcomes))
        explanation = f"{reasons[0].upper()}{reasons[1:]}; {run_scale(result)}, while {PAPER_SCALE}."
        replications.append(ClaimReplication(index=claim.index, line=claim.line, text=claim.text,
                                             label=combined([o.label for o in outcomes]), explanation=explanation,
                                             statements=outcomes))  # fmt: skip
    return replications
