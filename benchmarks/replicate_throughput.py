"""Replication harness figures: the tiny preset's wall time on this machine, measured CPU throughput of randomly
initialised XLM-R-architecture encoders (weights do not change speed), and the expected GPU runtime of the `small`
and `paper` presets estimated from their FLOP counts.

    .venv/bin/python benchmarks/replicate_throughput.py            # all three parts (~2 min on 2 CPU cores)
    .venv/bin/python benchmarks/replicate_throughput.py --skip-cpu # only the tiny run and the estimate

The estimate is not a measurement: training FLOPs = 6 x non-embedding parameters per token plus attention, at an
assumed 10-30% of the H100's 989 TFLOP/s dense bf16 peak, with a floor of 8-15 ms of kernel launches per
micro-batch (eager PyTorch, 24 layers), 5.3 ms per AdamW step for XLM-R Large (560M parameters x 32 bytes over
3.35 TB/s) and 5 s per model load. Token lengths per example are assumptions, printed below.
"""

from __future__ import annotations

import argparse
import math
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

SHAPES = {"tiny": (2, 32, 64), "base": (12, 768, 3072), "large": (24, 1024, 4096)}  # layers, hidden, FFN
PEAK_BF16 = 989e12
MFU = (0.10, 0.30)  # pessimistic, optimistic share of peak
LAUNCH_SECONDS = (0.015, 0.008)  # per micro-batch floor, pessimistic and optimistic
TOKENS = {"mnli": 50, "pawsx": 66, "xnli": 50, "tatoeba": 14}  # mean tokens per example (pair) or sentence: assumed
PADDING = 1.4  # random training batches pad to their longest member
FULL = {"mnli": 392_702, "pawsx": 49_401, "xnli": 392_702}
DEV = {"pawsx": 2_000, "xnli": 2_490}
TATOEBA = Path(__file__).resolve().parents[2] / "shared" / "data" / "tatoeba"


def layer_parameters(hidden: int, ffn: int) -> int:
    return 4 * hidden * hidden + 2 * hidden * ffn


def flops_per_token(shape: tuple[int, int, int], sequence: int, training: bool) -> float:
    layers, hidden, ffn = shape
    forward = 2 * layers * layer_parameters(hidden, ffn) + 4 * layers * sequence * hidden
    return 3 * forward if training else forward


def measure_cpu(name: str, batch: int, sequence: int, training: bool, repeats: int) -> tuple[float, float]:
    """Examples/s and achieved GFLOP/s of a random XLM-R-architecture encoder on this CPU."""
    import torch
    from transformers import XLMRobertaConfig, XLMRobertaForSequenceClassification

    layers, hidden, ffn = SHAPES[name]
    config = XLMRobertaConfig(vocab_size=250_002 if name != "tiny" else 600, hidden_size=hidden, num_hidden_layers=layers,
                              num_attention_heads=max(2, hidden // 64), intermediate_size=ffn, num_labels=2)  # fmt: skip
    model = XLMRobertaForSequenceClassification(config)
    ids = torch.randint(5, config.vocab_size, (batch, sequence))
    labels = torch.zeros(batch, dtype=torch.long)

    def step() -> None:
        if training:
            model(input_ids=ids, labels=labels).loss.backward()
        else:
            with torch.inference_mode():
                model(input_ids=ids)

    step()  # warm-up
    started = time.perf_counter()
    for _ in range(repeats):
        step()
    seconds = (time.perf_counter() - started) / repeats
    flops = flops_per_token(SHAPES[name], sequence, training) * batch * sequence
    return batch / seconds, flops / seconds / 1e9


def tatoeba_sentences() -> int:
    if not TATOEBA.is_dir():
        return 36 * 1000
    return sum(sum(1 for _ in path.open(encoding="utf-8")) for path in TATOEBA.glob("tatoeba.*-eng.eng"))


def preset_estimate(preset: str, model: str, batch: int | None = None) -> tuple[float, float, dict]:
    """Pessimistic and optimistic seconds on one H100 for a preset (optionally at micro-batch `batch` with the same
    effective batch), and the work it counts."""
    from verifier.replicate.config import load_preset, with_overrides

    config = load_preset(preset)
    if batch is not None:
        effective = config.target_training.batch_size * config.target_training.grad_accumulation
        phases = ("intermediate_training", "target_training")
        config = with_overrides(config, **{f"{p}.{k}": v for p in phases for k, v in (("batch_size", batch), ("grad_accumulation", effective // batch))})
    shape = SHAPES[model]
    parameters = 250_002 * shape[1] + shape[0] * layer_parameters(shape[1], shape[2])
    work = {"train_tokens": 0.0, "micro_batches": 0, "optimizer_steps": 0, "eval_tokens": 0.0, "loads": 0}
    seeds = len(config.seeds)

    def train(task: str, size: int | None, spec, runs: int, epochs: int) -> None:
        examples = (size or FULL[task]) * epochs * runs
        work["train_tokens"] += examples * TOKENS[task] * PADDING
        work["micro_batches"] += math.ceil(examples / spec.batch_size)
        work["optimizer_steps"] += math.ceil(examples / (spec.batch_size * spec.grad_accumulation))
        work["loads"] += runs

    for task in config.intermediate_tasks:
        train(task.name, task.train_size, config.intermediate_training, seeds, config.intermediate_training.epochs)
    for target in config.target_tasks:
        runs = 2 * seeds * len(config.intermediate_tasks)
        train("mnli" if target.name == "xnli" else target.name, target.train_size, config.target_training, runs,
              target.epochs or config.target_training.epochs)  # fmt: skip
        work["eval_tokens"] += runs * len(target.languages) * (target.eval_size or DEV[target.name]) * TOKENS[target.name]
    if config.retrieval:
        work["eval_tokens"] += (1 + seeds) * 2 * tatoeba_sentences() * TOKENS["tatoeba"]
        work["loads"] += 1 + seeds
    train_flops = work["train_tokens"] * flops_per_token(shape, 128, True)
    eval_flops = work["eval_tokens"] * flops_per_token(shape, 64, False)
    adam = parameters * 32 / 3.35e12
    estimates = []
    for mfu, launch in zip(MFU, LAUNCH_SECONDS):
        compute = max(train_flops / (PEAK_BF16 * mfu), work["micro_batches"] * launch)
        estimates.append(compute + eval_flops / (PEAK_BF16 * mfu) + work["optimizer_steps"] * adam + work["loads"] * 5.0)
    return estimates[0], estimates[1], work


def tiny_wall_time() -> float:
    from verifier.replicate.config import load_preset, with_overrides
    from verifier.replicate.runner import run_replication

    folder = Path(tempfile.mkdtemp(prefix="replicate-bench-"))
    try:
        started = time.perf_counter()
        result, _ = run_replication(with_overrides(load_preset("tiny"), output_dir=folder / "run", device="cpu"))
        wall = time.perf_counter() - started
        print(f"tiny preset: {wall:.1f} s wall (imports excluded), {result.compute_seconds:.1f} s in units, "
              f"training {result.train_examples_per_second:,.0f} examples/s, evaluation {result.eval_examples_per_second:,.0f} examples/s")  # fmt: skip
        return wall
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-cpu", action="store_true", help="skip the base/large CPU throughput measurements")
    args = parser.parse_args()
    started = time.perf_counter()
    import torch  # import time is not part of the figures below

    print(f"imports: {time.perf_counter() - started:.1f} s")
    tiny_wall_time()
    if not args.skip_cpu:
        print(f"CPU throughput (random weights, batch 16 x 64 tokens, {torch.get_num_threads()} threads):")
        for name, training, repeats in (("tiny", True, 20), ("base", True, 2), ("base", False, 3), ("large", False, 2)):
            rate, gflops = measure_cpu(name, 16, 64, training, repeats)
            print(f"  {name:5} {'train' if training else 'eval ':5}: {rate:8.1f} examples/s, {gflops:6.1f} GFLOP/s achieved")
    print(f"estimated time on one H100 (not measured; MFU {MFU[0]:.0%}-{MFU[1]:.0%}, launch floor "
          f"{LAUNCH_SECONDS[1] * 1e3:.0f}-{LAUNCH_SECONDS[0] * 1e3:.0f} ms per micro-batch; tokens per example {TOKENS}, padding x{PADDING}):")  # fmt: skip
    for preset, model, batch in (("small", "large", None), ("small", "base", None), ("paper", "large", None), ("paper", "large", 32)):
        slow, fast, work = preset_estimate(preset, model, batch)
        label = f"{preset} with xlm-roberta-{model}" + (f", micro-batch {batch}" if batch else "")
        print(f"  {label:42}: {fast / 60:6.0f}-{slow / 60:.0f} min  "
              f"({work['train_tokens'] / 1e6:,.1f}M training tokens, {work['micro_batches']:,} micro-batches, "
              f"{work['eval_tokens'] / 1e6:,.1f}M evaluation tokens)")  # fmt: skip


if __name__ == "__main__":
    main()
