"""The paper cache: content-addressed files plus a SQLite index (papers, versions, files, pages, passages).

Layout of the cache folder::

    index.sqlite3              WAL mode; safe for several processes at once
    files/ab/abcdef....pdf     content-addressed by SHA-256, written atomically (temp file + rename)

Extractions are keyed by (content hash, extractor version), so a changed extractor re-extracts and identical
files are extracted once, whatever paper or version they belong to.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import tempfile
import threading
import time
from pathlib import Path

from papers.document import Extraction
from papers.errors import PapersError
from papers.models import PaperMetadata, Passage

SCHEMA = """
CREATE TABLE IF NOT EXISTS papers (
    arxiv_id TEXT PRIMARY KEY, title TEXT NOT NULL, authors TEXT NOT NULL, published TEXT, updated TEXT,
    primary_category TEXT, abstract TEXT, latest TEXT NOT NULL, pdf_url TEXT, fetched_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS files (
    sha256 TEXT PRIMARY KEY, size INTEGER NOT NULL, kind TEXT NOT NULL, added_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS versions (
    arxiv_id TEXT NOT NULL, version TEXT NOT NULL, sha256 TEXT NOT NULL REFERENCES files(sha256), url TEXT,
    PRIMARY KEY (arxiv_id, version));
CREATE TABLE IF NOT EXISTS extractions (
    sha256 TEXT NOT NULL, extractor TEXT NOT NULL, pages INTEGER NOT NULL, title TEXT, passages INTEGER NOT NULL,
    PRIMARY KEY (sha256, extractor));
CREATE TABLE IF NOT EXISTS pages (
    sha256 TEXT NOT NULL, extractor TEXT NOT NULL, page INTEGER NOT NULL, text TEXT NOT NULL,
    PRIMARY KEY (sha256, extractor, page));
CREATE TABLE IF NOT EXISTS passages (
    sha256 TEXT NOT NULL, extractor TEXT NOT NULL, seq INTEGER NOT NULL, page INTEGER NOT NULL, section TEXT,
    kind TEXT NOT NULL, text TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
    PRIMARY KEY (sha256, extractor, seq));
"""


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write_file_atomic(path: Path, data: bytes) -> None:
    """Write bytes so that readers see no file or the whole file, never part of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class PaperCache:
    """One cache folder. Thread-safe (one connection behind a lock); processes coordinate through SQLite."""

    def __init__(self, cache_dir: Path):
        self.dir = Path(cache_dir).expanduser()
        self.lock = threading.RLock()
        try:
            (self.dir / "files").mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(self.dir / "index.sqlite3", timeout=60, check_same_thread=False, isolation_level=None)
            self.setup()
        except (OSError, sqlite3.Error) as error:
            raise PapersError(f"{self.dir}: cannot use this cache folder ({error})") from error

    def setup(self, attempts: int = 200) -> None:
        """WAL mode and the schema. Switching to WAL does not wait for other processes, so retry while locked."""
        self.db.execute("PRAGMA busy_timeout = 60000")
        for attempt in range(attempts):
            try:
                self.db.execute("PRAGMA journal_mode = WAL")
                with self.transaction():
                    for statement in SCHEMA.split(";"):
                        if statement.strip():
                            self.db.execute(statement)
                break
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) and "busy" not in str(error) or attempt == attempts - 1:
                    raise
                time.sleep(0.05)
        self.db.execute("PRAGMA synchronous = NORMAL")

    def close(self) -> None:
        self.db.close()

    def transaction(self):
        """`with cache.transaction():` one write transaction, taken at once (BEGIN IMMEDIATE)."""
        return Transaction(self.db)

    # -- metadata ------------------------------------------------------------------------------------------------
    def save_metadata(self, meta: PaperMetadata) -> None:
        with self.lock, self.transaction():
            self.db.execute(
                "INSERT OR REPLACE INTO papers VALUES (?,?,?,?,?,?,?,?,?,?)",
                (meta.arxiv_id, meta.title, json.dumps(meta.authors), meta.published, meta.updated,
                 meta.primary_category, meta.abstract, meta.latest, meta.pdf_url, time.time()),
            )

    def metadata(self, arxiv_id: str) -> PaperMetadata | None:
        with self.lock:
            row = self.db.execute(
                "SELECT title, authors, published, updated, primary_category, abstract, latest, pdf_url FROM papers"
                " WHERE arxiv_id = ?", (arxiv_id,)).fetchone()
        if row is None:
            return None
        title, authors, published, updated, category, abstract, latest, pdf_url = row
        return PaperMetadata(arxiv_id=arxiv_id, title=title, authors=json.loads(authors), published=published,
                             updated=updated, primary_category=category, abstract=abstract, latest=latest, pdf_url=pdf_url)

    # -- files ---------------------------------------------------------------------------------------------------
    def file_path(self, sha: str, kind: str = "pdf") -> Path:
        return self.dir / "files" / sha[:2] / f"{sha}.{kind}"

    def store_file(self, data: bytes, kind: str = "pdf") -> str:
        """Store bytes under their hash (atomically); returns the hash."""
        sha = sha256_of(data)
        path = self.file_path(sha, kind)
        if not (path.is_file() and path.stat().st_size == len(data)):
            write_file_atomic(path, data)
        with self.lock, self.transaction():
            self.db.execute("INSERT OR REPLACE INTO files VALUES (?,?,?,?)", (sha, len(data), kind, time.time()))
        return sha

    def read_file(self, sha: str, kind: str = "pdf") -> bytes | None:
        """The stored bytes, or None when the file is missing, truncated or corrupt (hash mismatch)."""
        try:
            data = self.file_path(sha, kind).read_bytes()
        except OSError:
            return None
        return data if sha256_of(data) == sha else None

    def link_version(self, arxiv_id: str, version: str, sha: str, url: str | None) -> None:
        with self.lock, self.transaction():
            self.db.execute("INSERT OR REPLACE INTO versions VALUES (?,?,?,?)", (arxiv_id, version, sha, url))

    def unlink_version(self, arxiv_id: str, version: str) -> None:
        with self.lock, self.transaction():
            self.db.execute("DELETE FROM versions WHERE arxiv_id = ? AND version = ?", (arxiv_id, version))

    def version_file(self, arxiv_id: str, version: str) -> str | None:
        with self.lock:
            row = self.db.execute("SELECT sha256 FROM versions WHERE arxiv_id = ? AND version = ?",
                                  (arxiv_id, version)).fetchone()
        return row[0] if row else None

    # -- extractions ---------------------------------------------------------------------------------------------
    def extraction(self, sha: str, extractor: str, arxiv_id: str = "", version: str | None = None) -> Extraction | None:
        """The cached passages of a file for this extractor version (page texts not loaded), or None."""
        with self.lock:
            head = self.db.execute("SELECT pages, title, passages FROM extractions WHERE sha256 = ? AND extractor = ?",
                                   (sha, extractor)).fetchone()
            if head is None:
                return None
            rows = self.db.execute(
                'SELECT page, section, kind, text, start, "end" FROM passages WHERE sha256 = ? AND extractor = ?'
                " ORDER BY seq", (sha, extractor)).fetchall()
        if len(rows) != head[2]:
            return None
        passages = [Passage.model_construct(arxiv_id=arxiv_id, version=version, page=page, section=section, kind=kind,
                                            text=text, start=start, end=end)
                    for page, section, kind, text, start, end in rows]
        return Extraction(head[0], [], passages, head[1])

    def page_texts(self, sha: str, extractor: str) -> list[str]:
        with self.lock:
            rows = self.db.execute("SELECT text FROM pages WHERE sha256 = ? AND extractor = ? ORDER BY page",
                                   (sha, extractor)).fetchall()
        return [r[0] for r in rows]

    def save_extraction(self, sha: str, extractor: str, extraction: Extraction) -> None:
        """Store an extraction in one transaction (a concurrent writer of the same one is harmless)."""
        with self.lock, self.transaction():
            if self.db.execute("SELECT 1 FROM extractions WHERE sha256 = ? AND extractor = ?", (sha, extractor)).fetchone():
                return
            for table in ("extractions", "pages", "passages"):
                self.db.execute(f"DELETE FROM {table} WHERE sha256 = ?", (sha,))  # older extractor versions
            self.db.execute("INSERT INTO extractions VALUES (?,?,?,?,?)",
                            (sha, extractor, extraction.pages, extraction.title, len(extraction.passages)))
            self.db.executemany("INSERT INTO pages VALUES (?,?,?,?)",
                                [(sha, extractor, n, text) for n, text in enumerate(extraction.page_texts, start=1)])
            self.db.executemany(
                "INSERT INTO passages VALUES (?,?,?,?,?,?,?,?,?)",
                [(sha, extractor, seq, p.page, p.section, p.kind, p.text, p.start, p.end)
                 for seq, p in enumerate(extraction.passages)],
            )

    def check(self) -> list[str]:
        """Problems in the index (empty when consistent): SQLite integrity and passage counts."""
        with self.lock:
            problems = [r[0] for r in self.db.execute("PRAGMA integrity_check") if r[0] != "ok"]
            problems += [f"extraction {sha[:12]} ({ext}) lists {n} passages, has {m}" for sha, ext, n, m in self.db.execute(
                "SELECT e.sha256, e.extractor, e.passages, (SELECT COUNT(*) FROM passages p WHERE p.sha256 = e.sha256"
                " AND p.extractor = e.extractor) FROM extractions e") if n != m]
            problems += [f"version {a}{v} points to missing file record" for a, v in self.db.execute(
                "SELECT arxiv_id, version FROM versions WHERE sha256 NOT IN (SELECT sha256 FROM files)")]
        return problems


class Transaction:
    """BEGIN IMMEDIATE ... COMMIT (ROLLBACK on error) on an autocommit connection."""

    def __init__(self, db: sqlite3.Connection):
        self.db = db

    def __enter__(self):
        self.db.execute("BEGIN IMMEDIATE")
        return self.db

    def __exit__(self, kind, value, traceback):
        self.db.execute("COMMIT" if kind is None else "ROLLBACK")
        return False
