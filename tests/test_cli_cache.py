"""`verifier cache info|verify|clear` through typer's CliRunner, on a cache filled by an offline audit of the
bundled example reports against their bundled sources."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.arxiv_server import arxiv_server  # noqa: F401  (pytest fixture)
from tests.pdfgen import PaperSpec, SectionSpec, write_paper_pdf
from tests.sqlite_damage import damage_pages
from verifier.cli import app

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "reports" / "examples"
runner = CliRunner()


@pytest.fixture
def cache(arxiv_server, tmp_path, monkeypatch) -> Path:  # noqa: F811
    """A cache holding one paper fetched (two versions, different PDFs) from the local arXiv, plus the extractions
    and embeddings of an offline audit of the example reports against their local sources."""
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "cache"
    pdfs = [write_paper_pdf(tmp_path / f"v{n}.pdf", PaperSpec(
        title="Cached Paper", authors=["A. Author"], abstract=f"Version {n} of it. It has passages.",
        sections=[SectionSpec(heading="Introduction", paragraphs=[f"Sentence {n} here. Another one there."])],
    )).read_bytes() for n in (1, 2)]
    arxiv_server.add_paper("2005.13013", pdfs, title="Cached Paper")
    env = {"VERIFIER_ARXIV_API_URL": arxiv_server.api_url, "VERIFIER_ARXIV_DELAY_SECONDS": "0", "VERIFIER_MODEL": "hashing"}
    fetched = runner.invoke(app, ["fetch", "2005.13013v1", "--cache-dir", str(folder)], env=env)
    assert fetched.exit_code == 0, fetched.output
    audited = runner.invoke(app, ["audit", str(EXAMPLES), "--papers", str(EXAMPLES / "papers"), "--offline",
                                  "--cache-dir", str(folder)], env=env)
    assert audited.exit_code == 0, audited.output
    return folder


def info(folder: Path) -> dict:
    result = runner.invoke(app, ["cache", "info", "--cache-dir", str(folder), "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_info_counts_papers_versions_files_and_extractors(cache):
    record = info(cache)
    local_sources = [p for p in (EXAMPLES / "papers").iterdir() if p.is_file()]
    assert record["path"] == str(cache) and record["exists"] is True
    assert (record["papers"], record["versions"], record["files"]) == (1, 2, 2)
    stored = sum(p.stat().st_size for p in (cache / "files").rglob("*") if p.is_file())
    assert record["size_bytes"] > stored > 0
    assert len(record["extractor_versions"]) == 1  # one extractor version: the two PDFs and the local sources
    assert list(record["extractor_versions"].values()) == [2 + len(local_sources)]
    assert record["embeddings"] and all(count > 0 for count in record["embeddings"].values())
    text = runner.invoke(app, ["cache", "info", "--cache-dir", str(cache)])
    assert text.exit_code == 0
    assert "papers:             1\n" in text.stdout and "versions:           2\n" in text.stdout
    assert f"extractor versions: {next(iter(record['extractor_versions']))} ({2 + len(local_sources)} files)" in text.stdout


def test_info_on_a_missing_folder_creates_nothing(tmp_path):
    record = info(tmp_path / "none")
    assert record["exists"] is False and record["papers"] == 0 and record["size_bytes"] == 0
    assert not (tmp_path / "none").exists()


def test_verify_rehashes_files_and_finds_a_damaged_one(cache):
    good = runner.invoke(app, ["cache", "verify", "--cache-dir", str(cache)])
    assert good.exit_code == 0, good.output
    stored = sorted(p for p in (cache / "files").rglob("*") if p.is_file())
    assert good.stdout.strip().endswith(f"{len(stored)} files re-hashed") and good.stdout.startswith("ok: ")
    stored[0].write_bytes(stored[0].read_bytes()[:-3] + b"xyz")
    bad = runner.invoke(app, ["cache", "verify", "--cache-dir", str(cache)])
    assert bad.exit_code == 1
    assert f"content does not match its hash ({stored[0]})" in bad.stdout and "1 problem:" in bad.stdout


def test_corrupt_index_gets_a_remedy_everywhere(cache):
    (cache / "index.sqlite3").write_bytes(b"this is not sqlite at all" * 100)
    for name in ("index.sqlite3-wal", "index.sqlite3-shm"):
        (cache / name).unlink(missing_ok=True)
    shown = runner.invoke(app, ["cache", "info", "--cache-dir", str(cache)])
    assert shown.exit_code == 1 and "run `verifier cache clear`" in shown.stderr
    checked = runner.invoke(app, ["cache", "verify", "--cache-dir", str(cache)])
    assert checked.exit_code == 1 and "damaged" in checked.stdout and "verifier cache clear" in checked.stdout
    fetched = runner.invoke(app, ["fetch", "2401.01234", "--offline", "--cache-dir", str(cache)])
    assert fetched.exit_code == 2 and fetched.stderr.count("\n") == 1
    assert fetched.stderr.startswith(f"error: {cache}: ") and "verifier cache clear" in fetched.stderr
    assert "Traceback" not in fetched.output


def test_clear_deletes_the_cache_and_nothing_else(cache):
    keep = cache / "notes.txt"
    keep.write_text("mine\n")
    result = runner.invoke(app, ["cache", "clear", "--cache-dir", str(cache)])
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith(f"cleared {cache} (") and "freed" in result.stderr
    assert sorted(p.name for p in cache.iterdir()) == ["notes.txt"]
    record = info(cache)
    assert record["papers"] == 0 and record["files"] == 0 and record["embeddings"] == {}
    quiet = runner.invoke(app, ["-q", "cache", "clear", "--cache-dir", str(cache)])
    assert quiet.exit_code == 0 and quiet.stderr == ""


def test_clear_works_on_a_corrupt_index(cache):
    (cache / "index.sqlite3").write_bytes(b"garbage")
    result = runner.invoke(app, ["cache", "clear", "--cache-dir", str(cache)])
    assert result.exit_code == 0 and not (cache / "index.sqlite3").exists()
    assert runner.invoke(app, ["cache", "verify", "--cache-dir", str(cache)]).exit_code == 0


@pytest.mark.parametrize("name", ["embeddings.sqlite", "judgements.sqlite"])
def test_a_cache_damaged_inside_stops_the_audit_with_one_line_and_writes_nothing(cache, tmp_path, name):
    damaged = cache / name
    if name == "embeddings.sqlite":
        (cache / "judgements.sqlite").unlink()  # else the remembered verdicts need no embedding
    damage_pages(damaged)
    out = tmp_path / "audit.json"
    result = runner.invoke(app, ["-q", "audit", str(EXAMPLES / "sparse_adapters_synthesis.txt"),
                                 "--papers", str(EXAMPLES / "papers"), "--offline",
                                 "--cache-dir", str(cache), "--format", "json", "-o", str(out)],
                           env={"VERIFIER_MODEL": "hashing"})
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("error: ") and f"{damaged}: cannot use the " in result.stderr
    assert result.stderr.count("\n") == 1
    assert "verifier cache clear" in result.stderr and "Traceback" not in result.output
    assert not out.exists()
    said = result.stderr.split(f"{damaged}: ", 1)[1]  # the same words from `cache info` and `cache verify`
    shown = runner.invoke(app, ["cache", "info", "--cache-dir", str(cache)])
    assert shown.exit_code == 1 and f"error: {damaged}: {said}" in shown.stderr
    checked = runner.invoke(app, ["cache", "verify", "--cache-dir", str(cache)])
    assert checked.exit_code == 1 and f"problem: {damaged}: {said}" in checked.stdout
    assert runner.invoke(app, ["cache", "clear", "--cache-dir", str(cache)]).exit_code == 0
    again = runner.invoke(app, ["audit", str(EXAMPLES), "--papers", str(EXAMPLES / "papers"), "--offline",
                                "--cache-dir", str(cache), "--format", "json", "-o", str(out)],
                          env={"VERIFIER_MODEL": "hashing"})
    assert again.exit_code in (0, 1) and out.is_file(), again.output
