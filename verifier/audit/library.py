"""The paper library configured from the settings: the one place that turns `Settings` into `papers.Library`."""

from __future__ import annotations

from typing import Callable

from verifier.settings import Settings


def open_library(settings: Settings, progress: Callable | None = None):
    """A `papers.Library` for `settings` (use it as a context manager); `progress` is called once per paper."""
    from papers.library import Library

    return Library(settings.cache_dir, papers_dir=settings.papers_dir, offline=settings.offline,
                   api_url=settings.arxiv_api_url, delay_seconds=settings.arxiv_delay_seconds,
                   timeout=settings.http_timeout, retries=settings.http_retries,
                   earlier_versions=settings.earlier_versions, progress=progress)
