"""Fixtures shared by the CLI tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

PAPER = Path(__file__).resolve().parents[1] / "reports" / "examples" / "papers" / "2401.01234v1.md"


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder with the example paper as a local source in papers/ (used only where a test passes it), a private
    cache, the hashing embedder, no GitHub annotations, and the cwd set there. Test files that need other papers
    define their own `workspace`."""
    papers = tmp_path / "papers"
    papers.mkdir()
    shutil.copy(PAPER, papers / PAPER.name)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("VERIFIER_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("VERIFIER_MODEL", "hashing")
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    return tmp_path
