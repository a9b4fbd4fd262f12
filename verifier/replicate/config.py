"""The run configuration of `verifier replicate`: a pydantic model loaded from a preset or a YAML/JSON/TOML file.

A configuration file may name a `preset:` to start from; its other keys override the preset's (nested keys merge).
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from verifier.errors import VerifierError

PRESETS = ("tiny", "small", "paper")

# The 36 Tatoeba languages of XTREME, as the LASER file names spell them (tatoeba.xxx-eng.xxx).
XTREME_TATOEBA = (
    "afr ara ben bul cmn deu ell est eus fin fra heb hin hun ind ita jav jpn "
    "kat kaz kor mal mar nld pes por rus spa swh tam tel tgl tha tur urd vie"
).split()


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class TinyModelSpec(Strict):
    """A randomly initialised XLM-R-architecture encoder with a tokenizer trained in the run on the corpus."""

    hidden_size: int = 64
    num_hidden_layers: int = 4
    num_attention_heads: int = 4
    intermediate_size: int = 128
    vocab_size: int = Field(default=600, description="Target vocabulary of the WordPiece tokenizer trained in the run.")
    init_seed: int = Field(default=0, description="Seed of the random 'pretrained' weights, shared by every condition.")


class ModelSpec(Strict):
    name: str = Field(default="xlm-roberta-large", description="Hugging Face name or local folder of the pretrained MLM.")
    tiny: TinyModelSpec | None = Field(default=None, description="Build a random tiny model instead of loading `name`.")
    retrieval_layer: int | None = Field(
        default=None, description="Hidden-state index mean-pooled for retrieval (0 = embeddings); default 14/24 of the depth."
    )


class TrainingSpec(Strict):
    learning_rate: float = 1e-5
    batch_size: int = Field(default=4, ge=1)
    grad_accumulation: int = Field(default=8, ge=1)
    epochs: int = Field(default=2, ge=1)
    max_steps: int | None = Field(default=None, ge=1, description="Stop after this many optimizer steps.")
    max_length: int = Field(default=256, ge=8)
    warmup_ratio: float = Field(default=0.1, ge=0, le=1)
    weight_decay: float = 0.01
    eval_every_steps: int | None = Field(default=None, ge=1, description="Evaluate on the English dev set every N steps.")
    patience: int | None = Field(default=None, ge=1, description="Early stopping: evaluations without improvement.")
    checkpoint_every_steps: int = Field(default=500, ge=1)


class IntermediateTaskSpec(Strict):
    name: Literal["mnli"] = "mnli"
    train_size: int | None = Field(default=None, ge=1, description="Random subset of the English training set.")
    eval_size: int | None = Field(default=2000, ge=1, description="English dev pairs used to score (and early-stop) this phase.")


class TargetTaskSpec(Strict):
    name: Literal["pawsx", "xnli"]
    languages: list[str] = Field(description="Evaluation languages; `en` is the training language.")
    train_size: int | None = Field(default=None, ge=1)
    eval_size: int | None = Field(default=None, ge=1, description="At most this many evaluation pairs per language.")
    eval_split: Literal["dev", "test"] = "dev"
    epochs: int | None = Field(default=None, ge=1, description="Overrides target_training.epochs for this task.")


class RetrievalSpec(Strict):
    name: Literal["tatoeba"] = "tatoeba"
    languages: list[str] = Field(default_factory=lambda: list(XTREME_TATOEBA))
    max_pairs: int | None = Field(default=None, ge=2, description="At most this many pairs per language.")
    max_length: int = Field(default=128, ge=8)
    batch_size: int = Field(default=64, ge=1)


class SyntheticSpec(Strict):
    concepts: int = Field(default=40, ge=12)
    intermediate_train: int = 800
    target_train: int = 400
    eval_per_language: int = 120
    retrieval_pairs: int = 100
    seed: int = 0


class DataSpec(Strict):
    source: Literal["files", "synthetic"] = "files"
    data_dir: Path = Field(default=Path("data"), description="Folder holding mnli/, xnli/, pawsx/, tatoeba/.")
    paths: dict[str, Path] = Field(default_factory=dict, description="Per-task folder overrides, e.g. tatoeba: ../shared/data/tatoeba.")
    subset_seed: int = Field(default=0, description="Seed of the training subsets (the same subset for every run seed).")
    synthetic: SyntheticSpec = Field(default_factory=SyntheticSpec)

    def folder(self, task: str) -> Path:
        """Where the files of `task` live: the override when given (relative to data_dir), else data_dir/task."""
        override = self.paths.get(task)
        if override is None:
            return self.data_dir / task
        return override if override.is_absolute() else self.data_dir / override


class ReplicationConfig(Strict):
    """Everything that defines a replication run."""

    preset: str | None = None
    description: str = ""
    expected_runtime: str | None = Field(default=None, description="Documented estimate for the intended device.")
    model: ModelSpec = Field(default_factory=ModelSpec)
    data: DataSpec = Field(default_factory=DataSpec)
    intermediate_tasks: list[IntermediateTaskSpec] = Field(default_factory=lambda: [IntermediateTaskSpec()])
    target_tasks: list[TargetTaskSpec] = Field(default_factory=list)
    retrieval: RetrievalSpec | None = None
    seeds: list[int] = Field(default_factory=lambda: [1, 2, 3], min_length=1)
    device: Literal["auto", "cpu", "cuda"] = "auto"
    precision: Literal["auto", "fp32", "bf16"] = Field(default="auto", description="auto: bf16 autocast on CUDA, fp32 on CPU.")
    output_dir: Path = Path("replication")
    cpu_threads: int | None = Field(default=None, ge=1, description="torch CPU threads for this run (default: torch's choice).")
    intermediate_training: TrainingSpec = Field(default_factory=TrainingSpec)
    target_training: TrainingSpec = Field(default_factory=TrainingSpec)
    keep_training_checkpoints: bool = Field(default=False, description="Keep mid-training checkpoints after a phase ends.")

    def fingerprint(self) -> str:
        """Hash of the settings that define the experiment (not where it is written or which device `auto` picked)."""
        skip = {"output_dir", "keep_training_checkpoints", "description", "expected_runtime", "cpu_threads", "device"}
        data = self.model_dump(mode="json", exclude=skip)
        return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]


def read_mapping(path: Path) -> dict[str, Any]:
    """Read a YAML, JSON or TOML file into a dict, naming the file in any error."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise VerifierError(f"{path}: configuration file not found") from None
    try:
        suffix = Path(path).suffix.lower()
        if suffix == ".json":
            data = json.loads(text)
        elif suffix == ".toml":
            data = tomllib.loads(text)
        elif suffix in (".yaml", ".yml"):
            data = yaml.safe_load(text)
        else:
            raise VerifierError(f"{path}: unknown configuration format (use .yaml, .yml, .json or .toml)")
    except (json.JSONDecodeError, tomllib.TOMLDecodeError, yaml.YAMLError) as error:
        raise VerifierError(f"{path}: not valid {suffix.lstrip('.')}: {one_line(str(error))}") from None
    if not isinstance(data, dict):
        raise VerifierError(f"{path}: a configuration must be a mapping of settings")
    return data


def merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """Deep-merge `override` into a copy of `base` (nested mappings merge, everything else replaces)."""
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def preset_mapping(name: str) -> dict[str, Any]:
    """The packaged preset `name` as a mapping."""
    if name not in PRESETS:
        raise VerifierError(f"unknown preset {name!r} (choose one of {', '.join(PRESETS)})")
    text = resources.files("verifier.replicate").joinpath("presets", f"{name}.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def validated(data: dict[str, Any], source: str) -> ReplicationConfig:
    """Validate a mapping, turning the first pydantic error into one user-facing line."""
    try:
        return ReplicationConfig.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "(top level)"
        raise VerifierError(f"{source}: {where}: {first['msg']}") from None


def load_preset(name: str) -> ReplicationConfig:
    """The packaged preset `tiny`, `small` or `paper`."""
    return validated(preset_mapping(name), f"preset {name}")


def load_config(path: Path) -> ReplicationConfig:
    """A configuration file, starting from the preset it names (if any)."""
    data = read_mapping(path)
    if data.get("preset") is not None:
        data = merge(preset_mapping(str(data["preset"])), data)
    return validated(data, str(path))


def with_overrides(config: ReplicationConfig, **overrides: Any) -> ReplicationConfig:
    """A copy with the non-None dotted-path overrides applied, e.g. `{"model.name": "xlm-roberta-base"}`."""
    data = config.model_dump(mode="json")
    for dotted, value in overrides.items():
        if value is None:
            continue
        node = data
        *parents, leaf = dotted.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        node[leaf] = str(value) if isinstance(value, Path) else value
    return validated(data, "command-line options")


def one_line(text: str) -> str:
    return " ".join(text.split())
