"""How the verifier's own caches (embeddings, judgements) open and read their SQLite files: one connection setup
(WAL so several processes can share a file, a busy timeout, created with its folder when missing) and one message
for a file that cannot be used, naming the file and the fix.

The paper cache (`papers.cache`) keeps its own index: `papers` never imports `verifier`.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from verifier.errors import VerifierError

BUSY_TIMEOUT_S = 30.0


def damaged(path: Path, what: str, error: BaseException) -> VerifierError:
    """The error for a cache file that cannot be read or written: what it is, why, and how to recover."""
    return VerifierError(f"{path}: cannot use the {what} ({error}); delete it or run `verifier cache clear`")


def open_sqlite(path: Path, schema: str, what: str) -> sqlite3.Connection:
    """A connection to the SQLite file at `path` holding `schema` (a CREATE TABLE IF NOT EXISTS statement), its
    folder made when missing. `what` names the cache in the error raised when the file cannot be opened."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute(schema)
    except (OSError, sqlite3.Error) as error:
        raise damaged(path, what, error) from error
    return db
