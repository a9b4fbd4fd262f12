"""arXiv's politeness interval kept across processes: a lock file in the cache folder holds the time the last
API call ended; each call takes the lock (fcntl.flock), waits out the interval, calls, and stamps the file."""

from __future__ import annotations

import fcntl
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from papers.errors import CacheError

LOCK_NAME = "arxiv-api.lock"


class PolitenessGate:
    """`with gate.turn(): call()` -- at most one call at a time over all processes sharing `lock_path`, each
    starting at least `interval` seconds after the previous one ended."""

    def __init__(self, lock_path: Path, interval: float):
        self.path, self.interval = Path(lock_path), interval
        self.threads = threading.Lock()

    @contextmanager
    def turn(self) -> Iterator[None]:
        if self.interval <= 0:
            yield
            return
        with self.threads:
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o644)
            except OSError as error:
                raise CacheError(f"{self.path}: cannot use the arXiv API lock file ({error.strerror or error}); "
                                 f"delete it or run `verifier cache clear`") from error
            try:
                fcntl.flock(fd, fcntl.LOCK_EX)
                wait = min(last_call(fd) + self.interval - time.time(), self.interval)
                if wait > 0:
                    time.sleep(wait)
                try:
                    yield
                finally:
                    stamp(fd, time.time())
            finally:
                os.close(fd)  # releases the lock


def last_call(fd: int) -> float:
    """The time stamped in the lock file (0 when empty or unreadable)."""
    try:
        return float(os.pread(fd, 64, 0).decode("ascii").strip() or 0)
    except (OSError, ValueError, UnicodeDecodeError):
        return 0.0


def stamp(fd: int, when: float) -> None:
    text = f"{when:.6f}\n".encode("ascii")
    os.ftruncate(fd, 0)
    os.pwrite(fd, text, 0)
