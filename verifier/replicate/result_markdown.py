"""The markdown form of a replication result: a header with scale, cost and environment, then one table per task."""

from __future__ import annotations

from itertools import groupby

from verifier.replicate.results import ReplicationResult, Summary

METRIC_NAMES = {"accuracy": "accuracy", "retrieval_accuracy": "retrieval accuracy"}


def cell(interval, signed: bool = False) -> str:
    return "–" if interval is None else interval.text(signed)


def megabytes(value: int | None) -> str:
    return "–" if value is None else f"{value / 2**20:,.0f} MiB"


def header(result: ReplicationResult) -> list[str]:
    env = result.environment
    title = f"# Replication: {result.preset or 'custom'} preset"
    lines = [title, ""]
    if result.synthetic:
        lines += ["> Synthetic data and a randomly initialised tiny model: this run checks the code path; it is not evidence about the paper.", ""]
    lines += [
        f"- model: `{result.model}` ({result.num_layers} layers; retrieval embeddings: mean of hidden state {result.retrieval_layer})",
        f"- seeds: {', '.join(str(seed) for seed in result.seeds)}; values are mean ± 95% t-interval over seeds, in points; Δ pairs seeds",
        f"- device: {env.get('device')} ({env.get('device_name')}), {env.get('precision')}, TF32 {'on' if env.get('tf32') else 'off'}",
        f"- wall time {result.wall_seconds:,.1f} s this invocation{' (resumed)' if result.resumed else ''}; compute {result.compute_seconds:,.1f} s over all units",
        f"- throughput: training {result.train_examples_per_second or 0:,.1f} examples/s, evaluation {result.eval_examples_per_second or 0:,.1f} examples/s",
        f"- peak GPU memory {megabytes(result.peak_gpu_memory_bytes)}; peak process memory {megabytes(result.peak_rss_bytes)}",
        f"- expected runtime of the preset: {result.config.get('expected_runtime') or '–'}",
        f"- torch {env.get('torch')}, transformers {env.get('transformers')}, CUDA {env.get('cuda') or '–'}, Python {env.get('python')}",
        "",
    ]
    return lines


def table(summaries: list[Summary]) -> list[str]:
    first = summaries[0]
    after = f"after {first.intermediate_task}" if first.intermediate_task else "after intermediate"
    lines = [
        f"## {first.task} ({METRIC_NAMES.get(first.metric, first.metric)}), intermediate task: {first.intermediate_task or '–'}",
        "",
        f"| language | baseline | {after} | Δ |",
        "| --- | ---: | ---: | ---: |",
    ]
    for summary in summaries:
        lines.append(f"| {summary.language} | {cell(summary.baseline)} | {cell(summary.intermediate)} | {cell(summary.delta, signed=True)} |")
    return lines + [""]


def render_markdown(result: ReplicationResult) -> str:
    lines = header(result)
    for _, group in groupby(result.summaries, key=lambda s: (s.task, s.intermediate_task)):
        lines += table(list(group))
    return "\n".join(lines).rstrip() + "\n"
