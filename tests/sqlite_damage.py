"""Damage a SQLite file the way a bad disk or a crash does: the header still reads as a database, its pages do not."""

from __future__ import annotations

import sqlite3
from pathlib import Path

PAGE = 4096


def damage_pages(path: Path) -> None:
    """Fold the write-ahead log into `path`, then overwrite the start of every page after the first two."""
    db = sqlite3.connect(path)
    try:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        db.close()
    for name in (f"{path}-wal", f"{path}-shm"):
        Path(name).unlink(missing_ok=True)
    data = bytearray(path.read_bytes())
    assert len(data) > 3 * PAGE, f"{path}: too small to damage inside ({len(data)} bytes)"
    for start in range(2 * PAGE, len(data), PAGE):
        data[start:start + 64] = b"\xff" * 64
    path.write_bytes(bytes(data))
