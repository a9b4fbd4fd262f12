"""Fine-tuning loop: AdamW with linear warmup and decay, gradient accumulation, bf16 autocast on CUDA, periodic English
dev evaluation with early stopping, and checkpoints from which a killed run resumes to the same result.

Determinism: the example order of epoch e is a permutation drawn from (seed, e) alone, and checkpoints carry the
model, optimizer, scheduler, early-stopping state and the RNG states (dropout), so a resumed run repeats exactly the
steps an uninterrupted run would have taken.
"""

from __future__ import annotations

import math
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from verifier.replicate.config import TrainingSpec
from verifier.replicate.encoders import Tokenized, pad_batch
from verifier.replicate.hardware import Compute

StepCallback = Callable[[str, int, int, float], None]  # (phase, step, total steps, loss)
DevScore = Callable[[object], float]


@dataclass
class TrainState:
    """Everything besides weights and optimizer that a checkpoint must restore."""

    step: int = 0
    loss: float | None = None
    best: float | None = None
    best_state: dict | None = None
    bad_evals: int = 0
    stopped_early: bool = False


@dataclass
class TrainOutcome:
    steps: int
    examples: int
    seconds: float
    best_dev: float | None
    stopped_early: bool
    resumed_from_step: int | None = None
    losses: list[float] = field(default_factory=list)


def total_steps(examples: int, spec: TrainingSpec) -> tuple[int, int]:
    """Optimizer steps per epoch and in total (capped by max_steps)."""
    per_epoch = math.ceil(examples / (spec.batch_size * spec.grad_accumulation))
    total = per_epoch * spec.epochs
    return per_epoch, min(total, spec.max_steps) if spec.max_steps else total


def epoch_order(examples: int, seed: int, epoch: int) -> list[int]:
    """The example order of one epoch, a function of (seed, epoch) only."""
    import torch

    generator = torch.Generator().manual_seed(seed * 100_003 + epoch)
    return torch.randperm(examples, generator=generator).tolist()


def linear_schedule(optimizer, warmup: int, total: int):
    """Learning rate rising linearly over `warmup` steps, then falling linearly to zero at `total`."""
    import torch

    def factor(step: int) -> float:
        if step < warmup:
            return (step + 1) / (warmup + 1)
        return max(0.0, (total - step) / max(1, total - warmup))

    return torch.optim.lr_scheduler.LambdaLR(optimizer, factor)


def build_optimizer(model, spec: TrainingSpec, compute: Compute):
    """AdamW; no weight decay on biases and LayerNorm weights."""
    import torch

    decay: list = []
    no_decay: list = []
    for name, parameter in model.named_parameters():
        (no_decay if name.endswith("bias") or "LayerNorm" in name else decay).append(parameter)
    groups = [{"params": decay, "weight_decay": spec.weight_decay}, {"params": no_decay, "weight_decay": 0.0}]
    return torch.optim.AdamW(groups, lr=spec.learning_rate, fused=compute.device == "cuda")


def save_checkpoint(path: Path, model, optimizer, scheduler, state: TrainState, compute: Compute) -> None:
    """Write a resumable checkpoint atomically (temporary file, then rename)."""
    import torch

    payload = {
        "model": model.state_dict(), "optimizer": optimizer.state_dict(), "scheduler": scheduler.state_dict(),
        "state": state.__dict__, "rng_cpu": torch.get_rng_state(),
        "rng_cuda": torch.cuda.get_rng_state_all() if compute.device == "cuda" else None,
    }  # fmt: skip
    partial = path.with_name(path.name + ".partial")
    torch.save(payload, partial)
    os.replace(partial, path)


def load_checkpoint(path: Path, model, optimizer, scheduler, compute: Compute) -> TrainState:
    import torch

    payload = torch.load(path, map_location=compute.device, weights_only=True)
    model.load_state_dict(payload["model"])
    optimizer.load_state_dict(payload["optimizer"])
    scheduler.load_state_dict(payload["scheduler"])
    torch.set_rng_state(payload["rng_cpu"].cpu())
    if payload["rng_cuda"] is not None and compute.device == "cuda":
        torch.cuda.set_rng_state_all([state.cpu() for state in payload["rng_cuda"]])
    return TrainState(**payload["state"])


def step_loss(model, data: Tokenized, indices: list[int], spec: TrainingSpec, compute: Compute, pad_id: int) -> float:
    """Forward and backward over one optimizer step's examples in micro-batches; returns their mean loss."""
    import torch

    total = 0.0
    for start in range(0, len(indices), spec.batch_size):
        micro = indices[start : start + spec.batch_size]
        input_ids, mask = pad_batch([data.ids[i] for i in micro], pad_id, compute.device)
        labels = torch.tensor([data.labels[i] for i in micro], device=compute.device)
        with compute.autocast():
            loss = model(input_ids=input_ids, attention_mask=mask, labels=labels).loss
        (loss * len(micro) / len(indices)).backward()
        total += float(loss.detach()) * len(micro)
    return total / len(indices)


def observe_dev(model, state: TrainState, dev_score: DevScore) -> None:
    """Evaluate on the English dev set; keep the best weights; count evaluations without gain."""
    score = dev_score(model)
    model.train()
    if state.best is None or score > state.best:
        state.best, state.bad_evals = score, 0
        state.best_state = {key: value.detach().to("cpu", copy=True) for key, value in model.state_dict().items()}
    else:
        state.bad_evals += 1


def train_classifier(
    model, data: Tokenized, spec: TrainingSpec, *, seed: int, compute: Compute, pad_id: int, checkpoint: Path,
    phase: str, dev_score: DevScore | None = None, on_step: StepCallback | None = None,
) -> TrainOutcome:  # fmt: skip
    """Train `model` in place; resumes from `checkpoint` when it exists and deletes nothing (the caller does)."""
    import torch

    per_epoch, total = total_steps(len(data.labels), spec)
    per_step = spec.batch_size * spec.grad_accumulation
    model.to(compute.device)
    optimizer = build_optimizer(model, spec, compute)
    scheduler = linear_schedule(optimizer, int(total * spec.warmup_ratio), total)
    torch.manual_seed(seed)
    state, resumed_from = TrainState(), None
    if checkpoint.is_file():
        state = load_checkpoint(checkpoint, model, optimizer, scheduler, compute)
        resumed_from = state.step
    model.train()
    started, examples, losses, order_epoch, order = time.perf_counter(), 0, [], None, []
    while state.step < total and not state.stopped_early:
        epoch, position = divmod(state.step, per_epoch)
        if epoch != order_epoch:
            order_epoch, order = epoch, epoch_order(len(data.labels), seed, epoch)
        indices = order[position * per_step : (position + 1) * per_step]
        state.loss = step_loss(model, data, indices, spec, compute, pad_id)
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        scheduler.step()
        optimizer.zero_grad(set_to_none=True)
        state.step += 1
        examples += len(indices)
        losses.append(state.loss)
        if dev_score is not None and spec.eval_every_steps and state.step % spec.eval_every_steps == 0:
            observe_dev(model, state, dev_score)
            state.stopped_early = spec.patience is not None and state.bad_evals >= spec.patience
        if state.step % spec.checkpoint_every_steps == 0 and state.step < total and not state.stopped_early:
            save_checkpoint(checkpoint, model, optimizer, scheduler, state, compute)
        if on_step is not None:
            on_step(phase, state.step, total, state.loss)
    evaluated_last = bool(spec.eval_every_steps) and state.step % (spec.eval_every_steps or 1) == 0
    if dev_score is not None and spec.eval_every_steps and not (evaluated_last or state.stopped_early):
        observe_dev(model, state, dev_score)  # the final weights compete with the best evaluated ones
    if state.best_state is not None:
        model.load_state_dict(state.best_state)
    seconds = time.perf_counter() - started
    return TrainOutcome(state.step, examples, seconds, state.best, state.stopped_early, resumed_from, losses)
