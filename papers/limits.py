"""Every tunable bound of fetching and reading papers, in one record (the verifier's settings fill it in)."""

from __future__ import annotations

from dataclasses import dataclass

MIB = 2**20


@dataclass(frozen=True)
class Limits:
    """Bounds on network use and on the files read.

    `timeout` is the longest wait for the next byte; `deadline` the longest a whole request may take, its
    retries included (None: `deadline_factor` x `timeout`). `api_interval` is arXiv's politeness delay between
    API calls, kept across processes sharing a cache folder. A Retry-After longer than `max_retry_after` (or
    past the deadline) is not waited for: the request fails as rate limited. `extract_processes`: how many
    papers one `Library.get_many` call may extract at once, each in its own worker process (1: in the caller).
    """

    timeout: float = 30.0
    deadline: float | None = None
    deadline_factor: float = 10.0
    retries: int = 3
    backoff: float = 0.5
    api_interval: float = 3.0
    max_retry_after: float = 60.0
    max_pdf_bytes: int = 50 * MIB
    max_feed_bytes: int = 10 * MIB
    max_local_bytes: int = 100 * MIB
    extract_processes: int = 1

    @property
    def request_deadline(self) -> float:
        return self.deadline if self.deadline is not None else self.deadline_factor * self.timeout


def size_text(size: int) -> str:
    """A byte count for messages: "52.4 MB", "812 bytes"."""
    if size < 10_000:
        return f"{size} bytes"
    return f"{size / 1e6:.1f} MB" if size < 10**9 else f"{size / 1e9:.1f} GB"
