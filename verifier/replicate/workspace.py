"""The output folder of a run: manifest, finished units, checkpoints, result files. A finished unit is a JSON
record written atomically after its artefacts, so a killed run resumes at the first unit without a record."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from verifier.errors import VerifierError
from verifier.output import write_atomic
from verifier.replicate.config import ReplicationConfig
from verifier.replicate.results import UnitRecord


@dataclass(frozen=True)
class Unit:
    """One resumable piece of work."""

    name: str
    kind: str  # "retrieval", "intermediate" or "target"
    seed: int | None = None
    intermediate: str | None = None  # intermediate task before this unit (None: baseline)
    task: str | None = None

    @property
    def seed_value(self) -> int:
        """The seed of a unit that trains (every unit but the baseline retrieval one has a seed)."""
        if self.seed is None:
            raise ValueError(f"unit {self.name} has no seed")
        return self.seed

    @property
    def task_name(self) -> str:
        """The task this unit trains or evaluates (an intermediate unit's own task)."""
        name = self.task or self.intermediate
        if name is None:
            raise ValueError(f"unit {self.name} names no task")
        return name

    def describe(self) -> str:
        condition = f"after {self.intermediate}" if self.intermediate else "baseline"
        seed = "" if self.seed is None else f", seed {self.seed}"
        if self.kind == "intermediate":
            return f"intermediate training on {self.intermediate}{seed}"
        return f"{self.task} {condition}{seed}"


def plan(config: ReplicationConfig) -> list[Unit]:
    """Every unit in execution order: untrained retrieval, then per seed the baseline targets, and per intermediate
    task its training, retrieval with its encoder and the targets trained from it."""
    units = []
    if config.retrieval:
        units.append(Unit(f"{config.retrieval.name}-baseline", "retrieval", task=config.retrieval.name))
    for seed in config.seeds:
        for target in config.target_tasks:
            units.append(Unit(f"{target.name}-baseline-seed{seed}", "target", seed, None, target.name))
        for intermediate in config.intermediate_tasks:
            name = intermediate.name
            units.append(Unit(intermediate_unit(name, seed), "intermediate", seed, name, name))
            if config.retrieval:
                retrieval = config.retrieval.name
                units.append(Unit(f"{retrieval}-{name}-seed{seed}", "retrieval", seed, name, retrieval))
            for target in config.target_tasks:
                units.append(Unit(f"{target.name}-{name}-seed{seed}", "target", seed, name, target.name))
    return units


def intermediate_unit(task: str, seed: int) -> str:
    return f"intermediate-{task}-seed{seed}"


class Workspace:
    """Paths and records under the run's output folder."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self.manifest = self.root / "manifest.json"
        self.units = self.root / "units"
        self.checkpoints = self.root / "checkpoints"
        self.base_model = self.root / "base-model"
        self.result_json = self.root / "result.json"
        self.result_md = self.root / "result.md"

    def open(self, config: ReplicationConfig, resume: bool) -> bool:
        """Create the folder, or reopen a run of the same configuration with `resume`. True when resuming."""
        if self.root.exists() and not self.root.is_dir():
            raise VerifierError(f"{self.root}: the output (-o) must be a folder, this is a file")
        if self.manifest.is_file():
            recorded = self._recorded_fingerprint()
            if not resume:
                raise VerifierError(f"{self.root}: holds a replication run already; rerun with --resume or choose another -o folder")
            if recorded != config.fingerprint():
                raise VerifierError(f"{self.manifest}: the run there used another configuration; choose another -o folder")
            return True
        for folder in (self.units, self.checkpoints):
            folder.mkdir(parents=True, exist_ok=True)
        manifest = {"fingerprint": config.fingerprint(), "config": config.model_dump(mode="json")}
        write_atomic(self.manifest, json.dumps(manifest, indent=2) + "\n")
        return False

    def _recorded_fingerprint(self) -> str | None:
        """The configuration fingerprint in the manifest; a damaged manifest is a user-facing error."""
        try:
            manifest = json.loads(self.manifest.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError):
            manifest = None
        if not isinstance(manifest, dict):
            raise VerifierError(f"{self.manifest}: damaged run manifest (not a JSON object); choose another -o folder")
        return manifest.get("fingerprint")

    def record_path(self, unit: Unit) -> Path:
        return self.units / f"{unit.name}.json"

    def finished(self, unit: Unit) -> UnitRecord | None:
        path = self.record_path(unit)
        if not path.is_file():
            return None
        try:
            return UnitRecord.model_validate_json(path.read_text(encoding="utf-8"))
        except ValidationError:
            raise VerifierError(f"{path}: damaged unit record; delete it to recompute that unit") from None

    def save(self, unit: Unit, record: UnitRecord) -> None:
        write_atomic(self.record_path(unit), record.model_dump_json(indent=2))

    def training_checkpoint(self, unit: Unit) -> Path:
        return self.checkpoints / f"{unit.name}.pt"

    def encoder_file(self, task: str, seed: int) -> Path:
        return self.checkpoints / f"{intermediate_unit(task, seed)}.encoder.safetensors"

    def drop_training_checkpoint(self, unit: Unit) -> None:
        self.training_checkpoint(unit).unlink(missing_ok=True)

