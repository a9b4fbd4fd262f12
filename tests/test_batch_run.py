"""A batch over the bundled examples plus copies and a broken report: the broken one is reported and the others
are audited; every distinct paper is fetched once; shared passages are embedded once."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from papers.library import Library
from verifier.audit.batch import run_batch
from verifier.embedding.embedders import HashingEmbedder
from verifier.progress import LineProgress
from verifier.settings import resolve_settings

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "reports" / "examples"
REPORTS = ["sparse_adapters_synthesis.txt", "multilingual_pretraining_synthesis.md", "vocabulary_transfer_brief.md"]


class CountingEmbedder(HashingEmbedder):
    """The hashing embedder, counting every text it is asked to embed."""

    def __init__(self) -> None:
        super().__init__(256)
        self.texts: list[str] = []

    def embed(self, texts):
        self.texts.extend(texts)
        return super().embed(texts)


@pytest.fixture
def batch_folder(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    for copy in range(3):
        for name in REPORTS:
            shutil.copy(EXAMPLES / name, folder / f"{copy}_{name}")
    (folder / "9_broken.txt").write_bytes(b"\x00\x01 not text \x00" * 40)
    (folder / "9_empty.md").write_bytes(b"")
    return folder


def test_broken_reports_do_not_stop_the_batch_and_papers_are_fetched_once(batch_folder, tmp_path, monkeypatch):
    calls: list[tuple[str, str | None]] = []
    original = Library._resolve

    def counting_resolve(self, ref):
        calls.append((ref.id, ref.version))
        return original(self, ref)

    monkeypatch.setattr(Library, "_resolve", counting_resolve)
    settings = resolve_settings(papers_dir=EXAMPLES / "papers", offline=True, cache_dir=tmp_path / "cache", jobs=3)
    embedder = CountingEmbedder()
    log = io.StringIO()
    result = run_batch([batch_folder], settings, embedder=embedder, progress=LineProgress(log))

    assert sorted(Path(a.report.source).name for a in result.audits) == sorted(f"{c}_{n}" for c in range(3) for n in REPORTS)
    assert sorted(Path(str(e).split(":")[0]).name for e in result.errors) == ["9_broken.txt", "9_empty.md"]
    assert all(claim.verdict for audit in result.audits for claim in audit.claims)

    cited = {(r.arxiv_id, r.version) for report in result.reports for r in report.references}
    assert sorted(calls, key=str) == sorted(cited, key=str) and len(calls) == len(set(calls))
    assert result.papers == len({arxiv_id for arxiv_id, _ in cited})  # cited with and without version: one paper
    assert len(embedder.texts) == len(set(embedder.texts)) == result.embedded
    assert result.indexes == 3  # each example cites its own set of papers; the copies share them

    first = {a.report.source: a for a in result.audits}
    for name in REPORTS:
        verdicts = [[c.verdict for c in first[str(batch_folder / f"{copy}_{name}")].claims] for copy in range(3)]
        assert verdicts[0] == verdicts[1] == verdicts[2]
    lines = log.getvalue().splitlines()
    assert lines[-1].startswith("[audit 9/9] ")
