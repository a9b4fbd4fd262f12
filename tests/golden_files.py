"""Golden-file comparison for this test suite: `UPDATE_GOLDEN=1` rewrites the files instead of comparing."""

from __future__ import annotations

import os
from pathlib import Path

GOLDEN_DIR = Path(__file__).resolve().parent / "golden"


def assert_matches_golden(text: str, name: str) -> None:
    """`text` must equal tests/golden/<name> byte for byte (newlines included)."""
    path = GOLDEN_DIR / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    expected = path.read_bytes().decode("utf-8")
    assert text == expected, f"output differs from {path} (UPDATE_GOLDEN=1 rewrites it after review)"
