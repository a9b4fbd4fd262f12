"""The cache folder as a whole: a full disk or a damaged index is a PapersError naming the remedy (never a
traceback), and `cache_info` / `verify_cache` / `clear_cache` (for `verifier cache info|verify|clear`)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

import papers.extract
from papers import Library, PapersError
from papers.cache import INDEX_NAME, PaperCache, cache_info, clear_cache, verify_cache
from papers.document import Extraction
from papers.errors import CacheError
from papers.limits import Limits
from papers.models import PaperMetadata, Passage
from tests.arxiv_server import arxiv_server  # noqa: F401  (pytest fixture)
from tests.pdfgen import PaperSpec, SectionSpec, write_paper_pdf

ID = "2005.13013"
TEXT = "Adapters\n\nStacked adapters improve F1 by 5.4 points. Nothing else.\n"
REMEDY = "run `verifier cache clear`"


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> list[bytes]:
    folder = tmp_path_factory.mktemp("cache-pdfs")
    return [write_paper_pdf(folder / f"v{n}.pdf", PaperSpec(
        title="Adapters", authors=["Ada Lovelace"], abstract=f"Version {n}. It works.",
        sections=[SectionSpec(heading="Results", paragraphs=[f"Adapters gain {n}.4 points on WikiANN."])])).read_bytes()
        for n in (1, 2)]


@pytest.fixture
def filled(arxiv_server, pdfs, tmp_path) -> Path:  # noqa: F811
    """A cache holding one paper in two versions, both downloaded and extracted."""
    arxiv_server.add_paper(ID, pdfs)
    cache = tmp_path / "cache"
    with Library(cache, api_url=arxiv_server.api_url, limits=Limits(timeout=5, api_interval=0, backoff=0)) as lib:
        assert lib.get(f"{ID}v2").status == "resolved"
    return cache


def local_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "papers"
    folder.mkdir(exist_ok=True)
    (folder / f"{ID}v2.txt").write_text(TEXT)
    return folder


def test_disk_full_is_a_papers_error_with_a_remedy(tmp_path):
    cache = PaperCache(tmp_path / "cache")
    try:
        pages = cache.db.execute("PRAGMA page_count").fetchone()[0]
        cache.db.execute(f"PRAGMA max_page_count = {pages}")  # as if the disk were full
        passages = [Passage(arxiv_id=ID, page=1, text=f"Sentence {n} says {n}.4 points.") for n in range(3000)]
        with pytest.raises(CacheError) as raised:
            cache.save_extraction("ab" * 32, "x", Extraction(1, ["page text"], passages, "T"))
        cache.save_metadata(PaperMetadata(arxiv_id=ID, title="T", latest="v1"))  # the connection is still usable
    finally:
        cache.close()
    message = str(raised.value)
    assert "database or disk is full" in message and REMEDY in message and str(tmp_path / "cache") in message
    assert isinstance(raised.value, PapersError)


def test_disk_full_while_getting_a_paper_is_its_status_with_the_remedy(tmp_path):
    folder = local_folder(tmp_path)
    (folder / f"{ID}v2.txt").write_text("Adapters\n\n" + " ".join(f"Sentence {n} says {n}.4 points." for n in range(3000)))
    with Library(tmp_path / "cache", papers_dir=folder, offline=True) as lib:
        pages = lib.cache.db.execute("PRAGMA page_count").fetchone()[0]
        lib.cache.db.execute(f"PRAGMA max_page_count = {pages}")
        paper = lib.get(f"{ID}v2")
    assert paper.status == "unavailable" and "database or disk is full" in paper.message and REMEDY in paper.message


def test_index_that_is_not_a_database_is_a_papers_error_with_a_remedy(tmp_path):
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / INDEX_NAME).write_bytes(b"this is not sqlite " * 300)
    with pytest.raises(PapersError, match="verifier cache clear"):
        Library(cache, offline=True)


def test_index_damaged_inside_is_a_papers_error_with_a_remedy(filled, tmp_path):
    index = filled / INDEX_NAME
    data = bytearray(index.read_bytes())
    page = 4096
    assert len(data) > 3 * page
    data[page:] = b"\xa5" * (len(data) - page)  # every page but the first (the header and schema root) destroyed
    index.write_bytes(bytes(data))
    try:
        with Library(filled, papers_dir=local_folder(tmp_path), offline=True) as lib:
            messages = [lib.get(f"{ID}v1").message or "", lib.get(f"{ID}v2").message or ""]
    except PapersError as error:  # found damaged while opening
        messages = [str(error)]
    assert any("damaged" in m and REMEDY in m for m in messages), messages


def test_info_counts_what_the_cache_holds(filled):
    info = cache_info(filled)
    assert (info.papers, info.versions, info.files) == (1, 2, 2)
    assert info.extractions == {papers.extract.EXTRACTOR_VERSION: 2}
    on_disk = sum(p.stat().st_size for p in filled.rglob("*") if p.is_file())
    assert 0 < info.size_bytes <= on_disk and info.problem is None


def test_info_of_a_missing_or_damaged_cache_does_not_raise(tmp_path):
    assert cache_info(tmp_path / "none").size_bytes == 0
    (tmp_path / INDEX_NAME).write_bytes(b"garbage " * 1000)
    info = cache_info(tmp_path)
    assert info.problem and REMEDY in info.problem and info.size_bytes == 8000


def test_verify_passes_on_a_sound_cache_and_names_each_problem(filled):
    check = verify_cache(filled)
    assert check.ok and check.files_checked == 2
    cache = PaperCache(filled)
    try:
        sha = cache.version_file(ID, "v2")
        damaged = cache.file_path(sha)
    finally:
        cache.close()
    damaged.write_bytes(damaged.read_bytes()[:-10] + b"0123456789")
    (damaged.parent / "stray.pdf").write_bytes(b"%PDF-")
    (damaged.parent / ".x.pdf.123.tmp").write_bytes(b"")
    problems = verify_cache(filled).problems
    assert len(problems) == 3
    assert any(sha[:12] in p and "hash" in p for p in problems)
    assert any("stray.pdf" in p and "not in the index" in p for p in problems)
    assert any(".tmp" in p and "temporary" in p for p in problems)


def test_verify_reports_a_missing_file_and_a_broken_index(filled):
    cache = PaperCache(filled)
    try:
        path = cache.file_path(cache.version_file(ID, "v1"))
    finally:
        cache.close()
    path.unlink()
    assert [p for p in verify_cache(filled).problems if "missing" in p]
    (filled / INDEX_NAME).write_bytes(b"garbage " * 1000)
    for name in (f"{INDEX_NAME}-wal", f"{INDEX_NAME}-shm"):
        (filled / name).unlink(missing_ok=True)
    problems = verify_cache(filled).problems
    assert len(problems) == 1 and REMEDY in problems[0]


def test_clear_removes_the_cache_and_nothing_else(filled):
    (filled / "notes.txt").write_text("mine")
    before = cache_info(filled).size_bytes
    assert clear_cache(filled) >= before > 0
    assert sorted(p.name for p in filled.iterdir()) == ["notes.txt"]
    assert cache_info(filled).size_bytes == 0 and verify_cache(filled).ok


def test_clear_works_on_a_damaged_index_and_the_cache_is_usable_again(filled, tmp_path):
    (filled / INDEX_NAME).write_bytes(b"garbage " * 1000)
    clear_cache(filled)
    with Library(filled, papers_dir=local_folder(tmp_path), offline=True) as lib:
        assert lib.get(f"{ID}v2").status == "resolved"
    with sqlite3.connect(filled / INDEX_NAME) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_cache_made_before_table_structures_is_upgraded_in_place(tmp_path):
    cache_dir = tmp_path / "cache"
    cache_dir.mkdir()
    with sqlite3.connect(cache_dir / INDEX_NAME) as db:
        db.execute('CREATE TABLE passages (sha256 TEXT NOT NULL, extractor TEXT NOT NULL, seq INTEGER NOT NULL, page'
                   ' INTEGER NOT NULL, section TEXT, kind TEXT NOT NULL, text TEXT NOT NULL, start INTEGER NOT NULL,'
                   ' "end" INTEGER NOT NULL, PRIMARY KEY (sha256, extractor, seq))')
    with Library(cache_dir, papers_dir=local_folder(tmp_path), offline=True) as lib:
        assert lib.get(f"{ID}v2").status == "resolved"
        again = lib.get(f"{ID}v2")
    assert again.status == "resolved" and verify_cache(cache_dir).ok
