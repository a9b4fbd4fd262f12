"""`verifier cache info|verify|clear` as library calls over the cache folder: the paper cache (`papers.cache`: SQLite
index and content-addressed files) plus the embedding cache (`verifier.embedding.cache`) and the judgement cache
(`verifier.engine.judgement_store`) beside it."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TextIO

from papers.cache import CacheCheck, CacheInfo, cache_info, clear_cache, verify_cache
from verifier.sqlite_file import damaged


def beside_files(folder: Path) -> list[Path]:
    """The SQLite files kept beside the paper cache (embeddings, judgements) and their WAL/shared-memory
    companions, those that exist."""
    from verifier.embedding.cache import CACHE_FILE
    from verifier.engine.judgement_store import JUDGEMENTS_FILE

    return [folder / f"{name}{suffix}" for name in (CACHE_FILE, JUDGEMENTS_FILE)
            for suffix in ("", "-wal", "-shm", "-journal") if (folder / f"{name}{suffix}").is_file()]


def _read_only(path: Path, query: str, what: str) -> tuple[list, str | None]:
    """Rows of `query` on an existing SQLite file opened read-only, or a problem naming `what` (nothing created)."""
    if not path.is_file():
        return [], None
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10)
        try:
            return db.execute(query).fetchall(), None
        finally:
            db.close()
    except sqlite3.Error as error:
        return [], str(damaged(path, what, error))


def embedding_counts(folder: Path) -> tuple[dict[str, int], str | None]:
    """Vectors stored per model name, and a problem when the file cannot be read (never created here)."""
    from verifier.embedding.cache import CACHE_FILE

    rows, problem = _read_only(folder / CACHE_FILE, "SELECT model, COUNT(*) FROM vectors GROUP BY model ORDER BY model",
                               "embedding cache")
    return dict(rows), problem


def judgement_count(folder: Path) -> tuple[int, str | None]:
    """Judgements remembered, and a problem when the file cannot be read (never created here)."""
    from verifier.engine.judgement_store import JUDGEMENTS_FILE

    rows, problem = _read_only(folder / JUDGEMENTS_FILE, "SELECT COUNT(*) FROM rulings", "judgement cache")
    return (int(rows[0][0]) if rows else 0), problem


def human_size(size: int) -> str:
    """`512 B`, `1.5 kB`, `12.3 MB` (powers of 1000, as `du --si`)."""
    value = float(size)
    for unit in ("B", "kB", "MB", "GB"):
        if value < 1000 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1000
    return f"{value:.1f} GB"


@dataclass
class CacheSummary:
    """What `verifier cache info` shows: the paper cache's counts plus the embeddings beside it."""

    path: str
    exists: bool
    size_bytes: int
    papers: int
    versions: int
    files: int
    extractor_versions: dict[str, int] = field(default_factory=dict)  # extractor version -> files extracted
    embeddings: dict[str, int] = field(default_factory=dict)  # model -> vectors stored
    judgements: int = 0  # claims' judgements remembered (verifier.engine.judgement_store)


def info_record(folder: Path) -> tuple[CacheSummary, list[str]]:
    """What the cache folder holds and the problems met while reading it (nothing is created)."""
    papers: CacheInfo = cache_info(folder)
    embeddings, embedding_problem = embedding_counts(folder)
    judgements, judgement_problem = judgement_count(folder)
    size = papers.size_bytes + sum(path.stat().st_size for path in beside_files(folder))
    summary = CacheSummary(path=papers.path, exists=Path(papers.path).is_dir(), size_bytes=size, papers=papers.papers,
                           versions=papers.versions, files=papers.files, extractor_versions=dict(papers.extractions),
                           embeddings=embeddings, judgements=judgements)
    return summary, [problem for problem in (papers.problem, embedding_problem, judgement_problem) if problem]


def print_info(summary: CacheSummary, fmt: str, stream: TextIO) -> None:
    """`--format json` (the summary's fields) or `text`: one `name: value` line each."""
    if fmt == "json":
        stream.write(json.dumps(asdict(summary), indent=2) + "\n")
        return
    lines = [
        ("path", summary.path + ("" if summary.exists else " (does not exist yet)")),
        ("size", human_size(summary.size_bytes)),
        ("papers", str(summary.papers)),
        ("versions", str(summary.versions)),
        ("files", str(summary.files)),
        ("extractor versions",
         ", ".join(f"{name} ({count} files)" for name, count in summary.extractor_versions.items()) or "none"),
        ("embeddings", ", ".join(f"{name} ({count})" for name, count in summary.embeddings.items()) or "none"),
        ("judgements", str(summary.judgements)),
    ]
    width = max(len(name) for name, _ in lines)
    for name, value in lines:
        stream.write(f"{name + ':':<{width + 1}} {value}\n")


def verify(folder: Path) -> CacheCheck:
    """Re-hash every stored file and check the index (paper cache), and that the embedding and judgement caches
    read."""
    result = verify_cache(folder)
    result.problems += [problem for problem in (embedding_counts(folder)[1], judgement_count(folder)[1]) if problem]
    return result


def clear(folder: Path) -> int:
    """Delete the paper cache and the embedding and judgement caches in `folder` (nothing else there); returns the
    bytes freed."""
    freed = clear_cache(folder)
    for path in beside_files(folder):
        freed += path.stat().st_size
        path.unlink()
    return freed
