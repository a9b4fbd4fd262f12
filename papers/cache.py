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
import shutil
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from papers.document import Extraction
from papers.errors import CacheError, PapersError
from papers.files import read_regular_file, write_file_atomic
from papers.limits import Limits
from papers.models import PaperMetadata, Passage, TableRowRecord
from papers.politeness import LOCK_NAME

INDEX_NAME = "index.sqlite3"

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
    kind TEXT NOT NULL, text TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL, tbl TEXT,
    PRIMARY KEY (sha256, extractor, seq));
"""


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def cache_error(folder: Path, error: BaseException) -> CacheError:
    """The user-facing error for a cache folder that failed, with what to do about it."""
    text = str(error) or type(error).__name__
    lowered = text.lower()
    remedy = f"delete {folder} or run `verifier cache clear`"
    if "full" in lowered or "no space" in lowered:
        return CacheError(f"{folder}: the paper cache cannot be written: {text}; free disk space, or {remedy}")
    if "malformed" in lowered or "not a database" in lowered or "corrupt" in lowered:
        return CacheError(f"{folder}: the paper cache index is damaged ({text}); {remedy}")
    return CacheError(f"{folder}: cannot use this cache folder ({text}); {remedy}")


class PaperCache:
    """One cache folder. Thread-safe (one connection behind a lock); processes coordinate through SQLite."""

    def __init__(self, cache_dir: Path, limits: Limits | None = None):
        self.dir = Path(cache_dir).expanduser()
        self.limits = limits or Limits()
        self.lock = threading.RLock()
        try:
            (self.dir / "files").mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(self.dir / INDEX_NAME, timeout=60, check_same_thread=False, isolation_level=None)
        except (OSError, sqlite3.Error) as error:
            raise cache_error(self.dir, error) from error
        try:
            self.setup()
        except (OSError, sqlite3.Error) as error:
            self.db.close()
            raise cache_error(self.dir, error) from error

    @contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        """The connection, under the lock; SQLite errors become a CacheError naming the remedy."""
        with self.lock:
            try:
                yield self.db
            except sqlite3.Error as error:
                raise cache_error(self.dir, error) from error

    @contextmanager
    def writing(self) -> Iterator[sqlite3.Connection]:
        """One write transaction under the lock; SQLite errors become a CacheError naming the remedy."""
        with self.reading(), self.transaction():
            yield self.db

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
                    columns = {row[1] for row in self.db.execute("PRAGMA table_info(passages)")}
                    if "tbl" not in columns:  # a cache made before table structures were kept
                        self.db.execute("ALTER TABLE passages ADD COLUMN tbl TEXT")
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
        with self.writing():
            self.db.execute(
                "INSERT OR REPLACE INTO papers VALUES (?,?,?,?,?,?,?,?,?,?)",
                (meta.arxiv_id, meta.title, json.dumps(meta.authors), meta.published, meta.updated,
                 meta.primary_category, meta.abstract, meta.latest, meta.pdf_url, time.time()),
            )

    def metadata(self, arxiv_id: str) -> PaperMetadata | None:
        with self.reading():
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
            try:
                write_file_atomic(path, data)
            except OSError as error:
                raise cache_error(self.dir, error) from error
        with self.writing():
            self.db.execute("INSERT OR REPLACE INTO files VALUES (?,?,?,?)", (sha, len(data), kind, time.time()))
        return sha

    def read_file(self, sha: str, kind: str = "pdf") -> bytes | None:
        """The stored bytes, or None when the file is missing, truncated or corrupt (hash mismatch)."""
        try:
            data = read_regular_file(self.file_path(sha, kind), self.limits.max_pdf_bytes)
        except PapersError:
            return None
        return data if sha256_of(data) == sha else None

    def link_version(self, arxiv_id: str, version: str, sha: str, url: str | None) -> None:
        with self.writing():
            self.db.execute("INSERT OR REPLACE INTO versions VALUES (?,?,?,?)", (arxiv_id, version, sha, url))

    def unlink_version(self, arxiv_id: str, version: str) -> None:
        with self.writing():
            self.db.execute("DELETE FROM versions WHERE arxiv_id = ? AND version = ?", (arxiv_id, version))

    def version_file(self, arxiv_id: str, version: str) -> str | None:
        with self.reading():
            row = self.db.execute("SELECT sha256 FROM versions WHERE arxiv_id = ? AND version = ?",
                                  (arxiv_id, version)).fetchone()
        return row[0] if row else None

    # -- extractions ---------------------------------------------------------------------------------------------
    def extraction(self, sha: str, extractor: str, arxiv_id: str = "", version: str | None = None) -> Extraction | None:
        """The cached passages of a file for this extractor version (page texts not loaded), or None."""
        with self.reading():
            head = self.db.execute("SELECT pages, title, passages FROM extractions WHERE sha256 = ? AND extractor = ?",
                                   (sha, extractor)).fetchone()
            if head is None:
                return None
            rows = self.db.execute(
                'SELECT page, section, kind, text, start, "end", tbl FROM passages WHERE sha256 = ? AND extractor = ?'
                " ORDER BY seq", (sha, extractor)).fetchall()
        if len(rows) != head[2]:
            return None
        passages = [Passage.model_construct(arxiv_id=arxiv_id, version=version, page=page, section=section, kind=kind,
                                            text=text, start=start, end=end,
                                            table=TableRowRecord.model_validate_json(tbl) if tbl else None)
                    for page, section, kind, text, start, end, tbl in rows]
        return Extraction(head[0], [], passages, head[1])

    def page_texts(self, sha: str, extractor: str) -> list[str]:
        with self.reading():
            rows = self.db.execute("SELECT text FROM pages WHERE sha256 = ? AND extractor = ? ORDER BY page",
                                   (sha, extractor)).fetchall()
        return [r[0] for r in rows]

    def save_extraction(self, sha: str, extractor: str, extraction: Extraction) -> None:
        """Store an extraction in one transaction (a concurrent writer of the same one is harmless)."""
        with self.writing():
            if self.db.execute("SELECT 1 FROM extractions WHERE sha256 = ? AND extractor = ?", (sha, extractor)).fetchone():
                return
            for table in ("extractions", "pages", "passages"):
                self.db.execute(f"DELETE FROM {table} WHERE sha256 = ?", (sha,))  # older extractor versions
            self.db.execute("INSERT INTO extractions VALUES (?,?,?,?,?)",
                            (sha, extractor, extraction.pages, extraction.title, len(extraction.passages)))
            self.db.executemany("INSERT INTO pages VALUES (?,?,?,?)",
                                [(sha, extractor, n, text) for n, text in enumerate(extraction.page_texts, start=1)])
            self.db.executemany(
                "INSERT INTO passages VALUES (?,?,?,?,?,?,?,?,?,?)",
                [(sha, extractor, seq, p.page, p.section, p.kind, p.text, p.start, p.end,
                  p.table.model_dump_json() if p.table is not None else None)
                 for seq, p in enumerate(extraction.passages)],
            )

    def check(self) -> list[str]:
        """Problems in the index (empty when consistent): SQLite integrity and passage counts."""
        with self.reading():
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
        if kind is None:
            try:
                self.db.execute("COMMIT")
            except sqlite3.Error:
                self.rollback()
                raise
        else:
            self.rollback()
        return False

    def rollback(self) -> None:
        if self.db.in_transaction:
            try:
                self.db.execute("ROLLBACK")
            except sqlite3.Error:
                pass  # SQLite may already have rolled back (e.g. disk full); the first error is the one to report


# -- the cache as a whole: info, verify, clear (for `verifier cache info|verify|clear`) ---------------------------
@dataclass
class CacheInfo:
    """What a cache folder holds."""

    path: str
    size_bytes: int = 0
    files: int = 0
    papers: int = 0
    versions: int = 0
    extractions: dict[str, int] = field(default_factory=dict)  # extractor version -> files extracted with it
    problem: str | None = None  # set when the index could not be read


@dataclass
class CacheCheck:
    """The outcome of `verify_cache`: files re-hashed and what is wrong (empty `problems`: consistent)."""

    path: str
    files_checked: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def owned_paths(cache_dir: Path) -> list[Path]:
    """What a cache folder holds that the cache itself made (nothing else is ever counted or deleted)."""
    folder = Path(cache_dir).expanduser()
    names = [INDEX_NAME, f"{INDEX_NAME}-wal", f"{INDEX_NAME}-shm", f"{INDEX_NAME}-journal", LOCK_NAME, "files"]
    return [folder / name for name in names if (folder / name).exists() or (folder / name).is_symlink()]


def tree_size(path: Path) -> int:
    if path.is_symlink() or not path.is_dir():
        return path.lstat().st_size
    return sum(p.lstat().st_size for p in path.rglob("*") if p.is_symlink() or p.is_file())


def cache_info(cache_dir: Path) -> CacheInfo:
    """Size on disk, number of stored files, papers, versions and extractions per extractor version. Reads the
    index without creating anything; a damaged index is reported in `problem`, not raised."""
    folder = Path(cache_dir).expanduser()
    info = CacheInfo(str(folder))
    info.size_bytes = sum(tree_size(p) for p in owned_paths(folder))
    index = folder / INDEX_NAME
    if not index.is_file():
        return info
    try:
        db = sqlite3.connect(f"file:{index}?mode=ro", uri=True, timeout=10)
        try:
            info.files = db.execute("SELECT COUNT(*) FROM files").fetchone()[0]
            info.papers = db.execute("SELECT COUNT(*) FROM papers").fetchone()[0]
            info.versions = db.execute("SELECT COUNT(*) FROM versions").fetchone()[0]
            info.extractions = dict(db.execute("SELECT extractor, COUNT(*) FROM extractions GROUP BY extractor"
                                               " ORDER BY extractor").fetchall())
        finally:
            db.close()
    except sqlite3.Error as error:
        info.problem = str(cache_error(folder, error))
    return info


def verify_cache(cache_dir: Path) -> CacheCheck:
    """Check a cache folder: SQLite integrity, passage counts, every stored file present with its hash, every
    version pointing to a stored file, no stray or temporary files. Reports; changes nothing."""
    folder = Path(cache_dir).expanduser()
    result = CacheCheck(str(folder))
    if not (folder / INDEX_NAME).is_file():
        if (folder / "files").is_dir() and any((folder / "files").rglob("*")):
            result.problems.append(f"{folder / INDEX_NAME}: missing, but files/ is not empty")
        return result
    try:
        cache = PaperCache(folder)
    except CacheError as error:
        result.problems.append(str(error))
        return result
    try:
        result.problems += cache.check()
        with cache.reading() as db:
            stored = db.execute("SELECT sha256, size, kind FROM files ORDER BY sha256").fetchall()
        known = set()
        for sha, size, kind in stored:
            path = cache.file_path(sha, kind)
            known.add(path.name)
            result.files_checked += 1
            if not path.is_file() or path.is_symlink():
                result.problems.append(f"file {sha[:12]}: missing ({path})")
                continue
            data = cache.read_file(sha, kind)
            if data is None:
                result.problems.append(f"file {sha[:12]}: content does not match its hash ({path})")
            elif len(data) != size:
                result.problems.append(f"file {sha[:12]}: {len(data)} bytes, the index says {size}")
        for path in sorted((folder / "files").rglob("*")):
            if path.is_dir() and not path.is_symlink():
                continue
            if path.name.endswith(".tmp"):
                result.problems.append(f"{path}: temporary file left behind")
            elif path.name not in known:
                result.problems.append(f"{path}: not in the index")
    except CacheError as error:
        result.problems.append(str(error))
    finally:
        cache.close()
    return result


def clear_cache(cache_dir: Path) -> int:
    """Delete what the cache holds (its index, lock and files; nothing else in the folder). Works on a damaged
    index. Returns the bytes freed."""
    folder = Path(cache_dir).expanduser()
    freed = 0
    for path in owned_paths(folder):
        try:
            freed += tree_size(path)
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink()
        except OSError as error:
            raise cache_error(folder, error) from error
    return freed
