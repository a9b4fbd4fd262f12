"""Embeddings computed once: in memory for the process and, with a store, in a SQLite file in the cache folder,
keyed by model name and text hash. This is the one embedding cache.

`CachedEmbedder` wraps any embedder: it looks every text up (memory first, then the store), embeds only the missing
ones (in batches, which is when the model gets loaded at all) and keeps them. Several processes may share the file
(WAL, busy timeout).
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from verifier.embedding.embedders import Embedder
from verifier.sqlite_file import damaged, open_sqlite

CACHE_FILE = "embeddings.sqlite"
WHAT = "embedding cache"
_CHUNK = 500


def text_digest(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()


class EmbeddingStore:
    """Vectors by (model name, text digest) in one SQLite file."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._db = open_sqlite(
            self.path,
            "CREATE TABLE IF NOT EXISTS vectors (model TEXT NOT NULL, digest BLOB NOT NULL, dim INTEGER NOT NULL,"
            " vector BLOB NOT NULL, PRIMARY KEY (model, digest)) WITHOUT ROWID",
            WHAT,
        )

    def get_many(self, model: str, digests: Sequence[bytes]) -> dict[bytes, np.ndarray]:
        found: dict[bytes, np.ndarray] = {}
        unique = list(dict.fromkeys(digests))
        try:
            for start in range(0, len(unique), _CHUNK):
                chunk = unique[start:start + _CHUNK]
                marks = ",".join("?" * len(chunk))
                rows = self._db.execute(
                    f"SELECT digest, dim, vector FROM vectors WHERE model = ? AND digest IN ({marks})", [model, *chunk]
                )
                for digest, dim, blob in rows:
                    vector = np.frombuffer(blob, dtype=np.float32)
                    if vector.shape[0] == dim:
                        found[digest] = vector
        except sqlite3.Error as error:
            raise damaged(self.path, WHAT, error) from error
        return found

    def put_many(self, model: str, items: Sequence[tuple[bytes, np.ndarray]]) -> None:
        rows = [(model, digest, int(v.shape[0]), np.asarray(v, dtype=np.float32).tobytes()) for digest, v in items]
        try:
            with self._db:
                self._db.execute("BEGIN IMMEDIATE")
                self._db.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?, ?, ?)", rows)
        except sqlite3.Error as error:
            raise damaged(self.path, WHAT, error) from error

    def close(self) -> None:
        self._db.close()


class CachedEmbedder:
    """An embedder that asks `inner` only for texts it has not seen in this process and `store` (when there is
    one) does not hold yet."""

    def __init__(self, inner: Embedder, store: EmbeddingStore | None = None, batch_size: int = 256):
        self.inner = inner
        self.store = store
        self.name = inner.name
        self.batch_size = batch_size
        self.computed = 0  # texts embedded by the model in this process (for benchmarks)
        self._memory: dict[bytes, np.ndarray] = {}

    def prepare(self) -> None:
        """Get the model ready for a large job in the background (`inner.prepare`, when it has one): called while
        new papers are extracted, whose passages it will embed next."""
        prepare = getattr(self.inner, "prepare", None)
        if callable(prepare):
            prepare()

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        digests = [text_digest(t) for t in texts]
        known = {d: self._memory[d] for d in digests if d in self._memory}
        unseen = [d for d in dict.fromkeys(digests) if d not in known]
        if unseen and self.store is not None:
            stored = self.store.get_many(self.name, unseen)
            known.update(stored)
            self._memory.update(stored)
        missing = _first_of_each(digests, [i for i, d in enumerate(digests) if d not in known])
        for start in range(0, len(missing), self.batch_size):
            batch = missing[start:start + self.batch_size]
            vectors = self.inner.embed([texts[i] for i in batch])
            items = [(digests[i], np.asarray(vectors[j], dtype=np.float32)) for j, i in enumerate(batch)]
            if self.store is not None:
                self.store.put_many(self.name, items)
            known.update(items)
            self._memory.update(items)
            self.computed += len(batch)
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        return np.stack([known[d] for d in digests]).astype(np.float32, copy=False)


def _first_of_each(digests: list[bytes], indices: list[int]) -> list[int]:
    """One index per distinct text, so duplicates are embedded once."""
    seen: set[bytes] = set()
    kept = []
    for i in indices:
        if digests[i] not in seen:
            seen.add(digests[i])
            kept.append(i)
    return kept


def cached_embedder(inner: Embedder, cache_dir: Path | None = None) -> CachedEmbedder:
    """`inner` behind the one cache: the embedding file in `cache_dir`, or memory only without one. An embedder
    that is already cached is returned as it is (caches never stack)."""
    if isinstance(inner, CachedEmbedder):
        return inner
    return CachedEmbedder(inner, EmbeddingStore(Path(cache_dir) / CACHE_FILE) if cache_dir is not None else None)
