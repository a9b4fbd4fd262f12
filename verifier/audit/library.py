"""The paper library configured from the settings: the one place that turns `Settings` into `papers.Library`."""

from __future__ import annotations

from collections.abc import Callable

from verifier.settings import Settings


def library_limits(settings: Settings):
    """The `papers.limits.Limits` the settings ask for: timeout, deadline, retries, politeness interval,
    Retry-After cap, the size caps (given in MiB) and the extraction processes."""
    import os

    from papers.limits import MIB, Limits

    # extraction is CPU-bound: several papers at once pay off only with more than one core
    processes = settings.extract_processes or (settings.jobs if (os.cpu_count() or 1) > 1 else 1)
    return Limits(extract_processes=processes, timeout=settings.http_timeout, deadline=settings.http_deadline, retries=settings.http_retries,
                  api_interval=settings.arxiv_delay_seconds, max_retry_after=settings.max_retry_after,
                  max_pdf_bytes=int(settings.max_pdf_mb * MIB), max_feed_bytes=int(settings.max_feed_mb * MIB),
                  max_local_bytes=int(settings.max_local_mb * MIB))


def open_library(settings: Settings, progress: Callable | None = None, on_extract: Callable[[], None] | None = None):
    """A `papers.Library` for `settings` (use it as a context manager); `progress` is called once per paper,
    `on_extract` once before the first extraction. After fetching, `library.warnings()` names the local files it
    refused (print them before closing it)."""
    from papers.library import Library

    return Library(settings.cache_dir, papers_dir=settings.papers_dir, offline=settings.offline,
                   api_url=settings.arxiv_api_url, earlier_versions=settings.earlier_versions, progress=progress,
                   limits=library_limits(settings), on_extract=on_extract)
