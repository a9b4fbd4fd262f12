"""Runs a replication: baseline and after-intermediate conditions per seed, zero-shot evaluation, Tatoeba retrieval,
resumable unit by unit; writes result.json and result.md into the output folder."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Literal

from verifier.errors import VerifierError
from verifier.output import write_atomic
from verifier.replicate import encoders
from verifier.replicate.config import ReplicationConfig, TrainingSpec
from verifier.replicate.evaluation import Evaluator, default_retrieval_layer
from verifier.replicate.hardware import (
    Compute,
    cpu_threads,
    environment,
    peak_gpu_memory,
    peak_rss_bytes,
    reset_peak_memory,
    resolve_compute,
)
from verifier.replicate.result_markdown import render_markdown
from verifier.replicate.results import ReplicationResult, Score, UnitRecord, UnitTiming, summarise
from verifier.replicate.run_data import RunData, load_run_data
from verifier.replicate.tasks import ClassificationTask
from verifier.replicate.training import StepCallback, train_classifier
from verifier.replicate.workspace import Unit, Workspace, plan

EventCallback = Callable[[str], None]


class Replication:
    """One run over one output folder; `run()` executes the units that have no record yet."""

    def __init__(self, config: ReplicationConfig, compute: Compute, data: RunData, workspace: Workspace, model_name: str,
                 on_event: EventCallback | None = None, on_step: StepCallback | None = None, local_only: bool = True):  # fmt: skip
        self.config, self.compute, self.data, self.workspace = config, compute, data, workspace
        self.model_name, self.local_only = model_name, local_only
        self.on_event = on_event or (lambda message: None)
        self.on_step = on_step
        self.tokenizer = encoders.load_tokenizer(model_name, local_only)
        self.num_layers, self.max_tokens = encoders.model_shape(model_name, local_only)
        self.layer = config.model.retrieval_layer if config.model.retrieval_layer is not None else default_retrieval_layer(self.num_layers)
        self.tokenized: dict[tuple, encoders.Tokenized] = {}
        self.evaluator = Evaluator(compute, self.tokenizer.pad_token_id, config.retrieval.batch_size if config.retrieval else 64)

    def run(self) -> list[UnitRecord]:
        units = plan(self.config)
        records = []
        for number, unit in enumerate(units, 1):
            record = self.workspace.finished(unit)
            if record is None:
                self.on_event(f"[{number}/{len(units)}] {unit.describe()}")
                record = self.execute(unit)
                self.workspace.save(unit, record)
            records.append(record)
        return records

    def execute(self, unit: Unit) -> UnitRecord:
        import torch

        reset_peak_memory(self.compute)
        started = time.perf_counter()
        timing = UnitTiming(unit=unit.name, seconds=0.0)
        work = {"retrieval": self.retrieval, "intermediate": self.intermediate, "target": self.target}[unit.kind]
        try:
            scores = work(unit, timing)
        except torch.cuda.OutOfMemoryError:
            raise VerifierError(
                f"out of GPU memory in {unit.name}: lower batch_size and raise grad_accumulation in a --config file, then rerun with --resume"
            ) from None
        timing.seconds = time.perf_counter() - started
        timing.peak_gpu_memory_bytes = peak_gpu_memory(self.compute)
        self.release()
        return UnitRecord(timing=timing, scores=scores)

    def release(self) -> None:
        import torch

        if self.compute.device == "cuda":
            torch.cuda.empty_cache()

    def tokens(self, key: tuple, build):
        """Tokenize once per run (the same inputs serve every seed and condition)."""
        if key not in self.tokenized:
            self.tokenized[key] = build()
        return self.tokenized[key]

    def pairs(self, task: ClassificationTask, part: str, max_length: int, language: str = "en"):
        max_length = min(max_length, self.max_tokens)
        examples = task.train if part == "train" else task.dev if part == "dev" else task.evaluation[language]
        return self.tokens((task.name, part, language, max_length), lambda: encoders.tokenize_pairs(self.tokenizer, examples, max_length))

    def retrieval(self, unit: Unit, timing: UnitTiming) -> list[Score]:
        spec, bitext = self.config.retrieval, self.data.bitext
        if spec is None or bitext is None:
            raise ValueError("a retrieval unit needs the retrieval settings and the bitext data")
        state = encoders.load_encoder(self.workspace.encoder_file(unit.intermediate, unit.seed_value)) if unit.intermediate else None
        model = encoders.encoder(self.model_name, state, self.local_only)
        scores, started = [], time.perf_counter()
        max_length = min(spec.max_length, self.max_tokens)
        for language, (sentences, english) in bitext.pairs.items():
            source = self.tokens(("tatoeba", language),
                                 lambda s=sentences: encoders.tokenize_sentences(self.tokenizer, s, max_length))
            target = self.tokens(("tatoeba-eng", language),
                                 lambda e=english: encoders.tokenize_sentences(self.tokenizer, e, max_length))
            value = self.evaluator.retrieval(model, source, target, self.layer)
            scores.append(self.score(unit, language, "retrieval_accuracy", value, len(sentences)))
            timing.eval_examples += 2 * len(sentences)
        timing.eval_seconds = time.perf_counter() - started
        return scores

    def intermediate(self, unit: Unit, timing: UnitTiming) -> list[Score]:
        task = self.data.intermediate[unit.task_name]
        spec = self.config.intermediate_training
        model = self.train(unit, task, spec, None, timing)
        path = self.workspace.encoder_file(unit.task_name, unit.seed_value)
        encoders.save_encoder(model, path)
        return self.evaluate(unit, model, task, spec, timing, ["en"])

    def target(self, unit: Unit, timing: UnitTiming) -> list[Score]:
        task = self.data.targets[unit.task_name]
        epochs = next(target.epochs for target in self.config.target_tasks if target.name == unit.task)
        spec = self.config.target_training if epochs is None else self.config.target_training.model_copy(update={"epochs": epochs})
        state = encoders.load_encoder(self.workspace.encoder_file(unit.intermediate, unit.seed_value)) if unit.intermediate else None
        model = self.train(unit, task, spec, state, timing)
        return self.evaluate(unit, model, task, spec, timing, list(task.evaluation))

    def train(self, unit: Unit, task: ClassificationTask, spec: TrainingSpec, state: dict | None, timing: UnitTiming):
        model = encoders.classifier(self.model_name, len(task.labels), unit.seed_value, state, self.local_only)
        train = self.pairs(task, "train", spec.max_length)
        dev = self.pairs(task, "dev", spec.max_length) if task.dev and spec.eval_every_steps else None
        checkpoint = self.workspace.training_checkpoint(unit)
        outcome = train_classifier(
            model, train, spec, seed=unit.seed_value, compute=self.compute, pad_id=self.tokenizer.pad_token_id,
            checkpoint=checkpoint, phase=unit.name, on_step=self.on_step,
            dev_score=(lambda m: self.evaluator.accuracy(m, dev)) if dev else None,
        )  # fmt: skip
        timing.train_examples, timing.train_seconds = outcome.examples, outcome.seconds
        timing.steps, timing.stopped_early, timing.resumed_from_step = outcome.steps, outcome.stopped_early, outcome.resumed_from_step
        if not self.config.keep_training_checkpoints:
            self.workspace.drop_training_checkpoint(unit)
        return model

    def evaluate(self, unit, model, task: ClassificationTask, spec: TrainingSpec, timing: UnitTiming, languages: list[str]) -> list[Score]:
        scores, started = [], time.perf_counter()
        for language in languages:
            data = self.pairs(task, "eval", spec.max_length, language)
            scores.append(self.score(unit, language, "accuracy", self.evaluator.accuracy(model, data), len(data.labels)))
            timing.eval_examples += len(data.labels)
        timing.eval_seconds = time.perf_counter() - started
        return scores

    def score(self, unit: Unit, language: str, metric: Literal["accuracy", "retrieval_accuracy"], value: float,
              examples: int) -> Score:
        condition: Literal["baseline", "intermediate"] = "intermediate" if unit.intermediate else "baseline"
        return Score(task=unit.task_name, language=language, condition=condition, intermediate_task=unit.intermediate,
                     seed=unit.seed, metric=metric, value=value, examples=examples)  # fmt: skip


def prepare_model(config: ReplicationConfig, data: RunData, workspace: Workspace) -> str:
    """The pretrained model to start from: the configured name, or the tiny random model built into the folder."""
    if config.model.tiny is None:
        return config.model.name
    from verifier.replicate.tiny_model import build_tiny_model

    longest = max([config.intermediate_training.max_length, config.target_training.max_length]
                  + ([config.retrieval.max_length] if config.retrieval else []))  # fmt: skip
    return str(build_tiny_model(config.model.tiny, data.corpus, longest, workspace.base_model))


def run_replication(config: ReplicationConfig, *, resume: bool = False, download: bool = False, on_event: EventCallback | None = None,
                    on_step: StepCallback | None = None) -> tuple[ReplicationResult, Workspace]:  # fmt: skip
    """Run (or resume) every unit of `config`, then write result.json and result.md; returns the result and folder.
    The pretrained model comes from a local folder or the local Hugging Face cache unless `download` is set."""
    started_at, started = datetime.now(UTC), time.perf_counter()
    compute = resolve_compute(config.device, config.precision)
    data = load_run_data(config)
    if config.model.tiny is None:
        encoders.model_shape(config.model.name, local_only=not download)  # a missing model fails before the folder exists
    workspace = Workspace(config.output_dir)
    resumed = workspace.open(config, resume)
    with cpu_threads(config.cpu_threads):
        model_name = prepare_model(config, data, workspace)
        replication = Replication(config, compute, data, workspace, model_name, on_event, on_step, local_only=not download)
        records = replication.run()
        result = assemble(config, replication, records, compute, started_at, time.perf_counter() - started, resumed)
    write_atomic(workspace.result_json, result.model_dump_json(indent=2) + "\n")
    write_atomic(workspace.result_md, render_markdown(result))
    return result, workspace


def assemble(config: ReplicationConfig, replication: Replication, records: list[UnitRecord], compute: Compute,
             started_at: datetime, wall: float, resumed: bool) -> ReplicationResult:  # fmt: skip
    timings = [record.timing for record in records]
    scores = [score for record in records for score in record.scores]
    peaks = [t.peak_gpu_memory_bytes for t in timings if t.peak_gpu_memory_bytes is not None]
    return ReplicationResult(
        preset=config.preset, fingerprint=config.fingerprint(), synthetic=config.data.source == "synthetic",
        model=config.model.name, num_layers=replication.num_layers, retrieval_layer=replication.layer,
        seeds=config.seeds, config=config.model_dump(mode="json"),
        started=started_at.isoformat(timespec="seconds"), finished=datetime.now(UTC).isoformat(timespec="seconds"),
        wall_seconds=round(wall, 3), compute_seconds=round(sum(t.seconds for t in timings), 3), resumed=resumed,
        train_examples_per_second=rate(sum(t.train_examples for t in timings), sum(t.train_seconds for t in timings)),
        eval_examples_per_second=rate(sum(t.eval_examples for t in timings), sum(t.eval_seconds for t in timings)),
        peak_gpu_memory_bytes=max(peaks) if peaks else None, peak_rss_bytes=peak_rss_bytes(),
        environment=environment(compute), scores=scores, summaries=summarise(scores), units=timings,
    )  # fmt: skip


def rate(examples: int, seconds: float) -> float | None:
    return round(examples / seconds, 1) if seconds > 0 and examples else None
