"""`Library` against a local arXiv (127.0.0.1): resolution, versions, failures, cache, local sources, offline."""

from __future__ import annotations

import multiprocessing
import time
from pathlib import Path

import pytest

import papers.extract
from papers import Library, PapersError
from papers.cache import PaperCache, sha256_of
from papers.library import versions_to_keep
from tests.arxiv_server import arxiv_server  # noqa: F401  (pytest fixture)
from tests.pdfgen import PaperSpec, SectionSpec, TableSpec, write_paper_pdf

V1_CLAIM = "Stacked adapters improve WikiANN F1 by 8.4 points over the baseline."
V2_CLAIM = "Stacked adapters improve WikiANN F1 by 5.4 points over the baseline."
ID = "2005.13013"


def small_paper(claim: str, title: str = "Intermediate-Task Transfer for Adapters") -> PaperSpec:
    body = [f"{claim} The effect holds for {n} of the ten languages we evaluate on." for n in range(3, 9)]
    return PaperSpec(
        title=title, authors=["Ada Lovelace"], abstract=f"We study adapters. {claim}",
        sections=[SectionSpec(heading="Introduction", paragraphs=body[:3]), SectionSpec(heading="Results", paragraphs=body[3:])],
        tables=[TableSpec(caption="WikiANN F1.", columns=["Method", "am", "Avg"], rows=[["Stacked adapters", "47.9", "50.2"]])],
    )


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> dict[str, bytes]:
    folder = tmp_path_factory.mktemp("pdfs")
    specs = {"v1": small_paper(V1_CLAIM), "v2": small_paper(V2_CLAIM), "other": small_paper("Other papers say other things.", "Another Paper")}
    return {name: write_paper_pdf(folder / f"{name}.pdf", spec).read_bytes() for name, spec in specs.items()}


@pytest.fixture
def server(arxiv_server, pdfs):  # noqa: F811
    arxiv_server.add_paper(ID, [pdfs["v1"], pdfs["v2"]], title="Intermediate-Task Transfer for Adapters",
                           authors=["Ada Lovelace", "Alan Turing"], published="2020-05-26", updated="2020-10-06")
    arxiv_server.add_paper("2101.00001", [pdfs["other"]], title="Another Paper")
    arxiv_server.add_paper("hep-th/9901001", [pdfs["other"]], title="An Old-Style Paper")
    return arxiv_server


def library(cache: Path, server, **options) -> Library:
    options = {"api_url": server.api_url, "delay_seconds": 0, "timeout": 5, "retries": 3} | options
    return Library(cache, **options)


def texts(passages) -> list[str]:
    return [p.text for p in passages]


def test_resolves_metadata_and_passages_of_the_cited_version(server, tmp_path):
    with library(tmp_path, server) as lib:
        paper = lib.get(f"http://arxiv.org/abs/{ID}v2")
    assert (paper.status, paper.arxiv_id, paper.version) == ("resolved", ID, "v2")
    assert paper.title == "Intermediate-Task Transfer for Adapters"
    assert paper.authors == ["Ada Lovelace", "Alan Turing"]
    assert (paper.published, paper.updated, paper.primary_category) == ("2020-05-26", "2020-10-06", "cs.CL")
    assert paper.versions == ["v1", "v2"] and list(paper.other_versions) == ["v1"]  # the version before the cited
    assert V1_CLAIM in texts(paper.other_versions["v1"]) and V2_CLAIM not in texts(paper.other_versions["v1"])
    assert paper.pages >= 1 and paper.source.endswith(f"/pdf/{ID}v2")
    assert V2_CLAIM in texts(paper.passages) and V1_CLAIM not in texts(paper.passages)
    row = "Table 1: WikiANN F1. | Stacked adapters | am: 47.9 | Avg: 50.2"
    assert row in texts(paper.passages)
    assert all(p.arxiv_id == ID and p.version == "v2" for p in paper.passages)
    assert server.api_calls() == 1 and server.pdf_calls() == 2


def test_earlier_versions_zero_keeps_only_the_cited_and_latest(server, tmp_path):
    with library(tmp_path, server, earlier_versions=0) as lib:
        latest = lib.get(f"{ID}v2")
        older = lib.get(f"{ID}v1")
    assert latest.other_versions == {} and list(older.other_versions) == ["v2"]
    assert server.pdf_calls() == 2  # v2 once (cited, then kept as latest from the cache), v1 once


@pytest.mark.parametrize(
    "versions, cited, earlier, kept",
    [
        (["v1"], "v1", 1, []),
        (["v1", "v2"], "v2", 1, ["v1"]),
        (["v1", "v2"], "v1", 1, ["v2"]),
        (["v1", "v2", "v3", "v4"], "v3", 2, ["v4", "v2", "v1"]),
        (["v1", "v2", "v3"], "v3", 0, []),
        (["v1", "v2"], "v5", 1, []),
    ],
)
def test_versions_to_keep(versions, cited, earlier, kept):
    assert versions_to_keep(versions, cited, earlier) == kept


def test_cited_old_version_comes_with_the_latest(server, tmp_path):
    with library(tmp_path, server) as lib:
        paper = lib.get(ID, "v1")
    assert (paper.status, paper.version) == ("resolved", "v1")
    assert V1_CLAIM in texts(paper.passages)
    assert list(paper.other_versions) == ["v2"]
    assert V2_CLAIM in texts(paper.other_versions["v2"])
    assert all(p.version == "v2" for p in paper.other_versions["v2"])


def test_unversioned_citation_gets_the_latest(server, tmp_path):
    with library(tmp_path, server) as lib:
        paper = lib.get(f"arXiv:{ID}")
    assert (paper.status, paper.version) == ("resolved", "v2")


def test_old_style_id(server, tmp_path):
    with library(tmp_path, server) as lib:
        paper = lib.get("http://arxiv.org/abs/hep-th/9901001v1")
    assert (paper.status, paper.arxiv_id, paper.title) == ("resolved", "hep-th/9901001", "An Old-Style Paper")
    assert not any(".." in str(p) or "hep-th/" in str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*"))


def test_unknown_id_is_not_found(server, tmp_path):
    with library(tmp_path, server) as lib:
        paper = lib.get("2412.99999")
    assert paper.status == "not_found" and "2412.99999" in paper.message and not paper.passages
    assert server.pdf_calls() == 0


def test_missing_version_is_not_found_and_names_existing_versions(server, tmp_path):
    with library(tmp_path, server) as lib:
        paper = lib.get(f"{ID}v3")
    assert paper.status == "not_found"
    assert paper.message == f"{ID}v3 does not exist; arXiv has v1, v2"
    assert paper.title and paper.versions == ["v1", "v2"]
    assert server.pdf_calls() == 0


def test_api_503_twice_then_200_is_retried(server, tmp_path):
    server.api_statuses = [503, 503]
    with library(tmp_path, server) as lib:
        paper = lib.get(ID)
    assert paper.status == "resolved"
    assert server.api_calls() == 3


def test_api_failing_every_time_is_unavailable(server, tmp_path):
    server.api_statuses = [503] * 10
    with library(tmp_path, server, retries=2) as lib:
        paper = lib.get(ID)
    assert paper.status == "unavailable" and "HTTP 503" in paper.message
    assert server.api_calls() == 3


def test_truncated_download_is_detected_and_fetched_again(server, tmp_path, pdfs):
    server.pdf_behaviour[f"{ID}v2"] = ["truncate"]
    with library(tmp_path, server) as lib:
        paper = lib.get(ID)
        assert paper.status == "resolved" and V2_CLAIM in texts(paper.passages)
        assert server.pdf_calls(f"{ID}v2") == 2
        sha = lib.cache.version_file(ID, "v2")
        assert sha == sha256_of(pdfs["v2"])
        assert lib.cache.read_file(sha) == pdfs["v2"]


def test_truncated_every_time_is_unavailable_and_not_cached(server, tmp_path):
    server.pdf_behaviour[f"{ID}v2"] = ["truncate"] * 10
    with library(tmp_path, server, retries=2) as lib:
        paper = lib.get(ID)
        assert paper.status == "unavailable" and "cut off" in paper.message and paper.title
        assert lib.cache.version_file(ID, "v2") is None
    assert not list((tmp_path / "files").rglob("*.pdf"))
    assert server.pdf_calls(f"{ID}v2") == 3


def test_stalled_api_times_out_with_a_clear_message(server, tmp_path):
    server.api_stall = 10
    started = time.monotonic()
    with library(tmp_path, server, timeout=0.3) as lib:
        paper = lib.get(ID)
    assert paper.status == "unavailable"
    assert paper.message == f"arXiv API did not answer within 0.3 s for {ID} ({server.api_url})"
    assert time.monotonic() - started < 5


def test_stalled_download_times_out(server, tmp_path):
    server.pdf_behaviour[f"{ID}v2"] = ["stall"]
    with library(tmp_path, server, timeout=0.3) as lib:
        paper = lib.get(ID)
    assert paper.status == "unavailable" and "no answer within 0.3 s" in paper.message


def test_malformed_atom_is_unavailable_not_missing(server, tmp_path):
    server.api_malformed = True
    with library(tmp_path, server) as lib:
        paper = lib.get(ID)
    assert paper.status == "unavailable" and "malformed feed" in paper.message


def test_bad_id_raises(server, tmp_path):
    with library(tmp_path, server) as lib, pytest.raises(PapersError, match="not an arXiv identifier"):
        lib.get("../../etc/passwd")


def test_cache_hit_needs_no_network_and_gives_the_same_passages(server, tmp_path):
    with library(tmp_path, server) as lib:
        first = lib.get(ID, "v1")
    calls = list(server.requests)
    server.stop()  # nothing is listening any more
    with Library(tmp_path, api_url="http://127.0.0.1:9/api/query", delay_seconds=0, timeout=1) as lib:
        again = lib.get(f"{ID}v1")
    assert again.status == "resolved"
    assert [p.model_dump() for p in again.passages] == [p.model_dump() for p in first.passages]
    assert again.other_versions.keys() == first.other_versions.keys()
    assert server.requests == calls


def test_offline_uses_the_cache_and_never_the_network(server, tmp_path):
    with library(tmp_path, server) as lib:
        lib.get(ID)
    calls = len(server.requests)
    with library(tmp_path, server, offline=True) as lib:
        cached = lib.get(ID, "v2")
        missing = lib.get("2101.00001")
    assert cached.status == "resolved" and V2_CLAIM in texts(cached.passages)
    assert missing.status == "unavailable" and "offline" in missing.message
    assert len(server.requests) == calls


def test_local_sources_take_precedence(server, tmp_path, pdfs):
    local = tmp_path / "papers"
    local.mkdir()
    (local / f"{ID}v1.pdf").write_bytes(pdfs["v1"])
    (local / f"{ID}v2.md").write_text("# Local Title\n\nThe local copy says 7.7 points. Nothing else.\n")
    (local / "hep-th_9901001.txt").write_text("Old Paper\n\nIt is old. Very old.\n")
    with library(tmp_path / "cache", server, papers_dir=local) as lib:
        cited_v2 = lib.get(ID, "v2")
        cited_v1 = lib.get(f"{ID}v1")
        old = lib.get("hep-th/9901001v4")
    assert server.requests == []
    assert (cited_v2.status, cited_v2.version, cited_v2.title) == ("resolved", "v2", "Local Title")
    assert texts(cited_v2.passages) == ["The local copy says 7.7 points.", "Nothing else."]
    assert V1_CLAIM in texts(cited_v2.other_versions["v1"])
    assert cited_v1.source == str(local / f"{ID}v1.pdf") and V1_CLAIM in texts(cited_v1.passages)
    assert cited_v1.versions == ["v1", "v2"]
    assert (old.status, old.version, texts(old.passages)) == ("resolved", "v4", ["It is old.", "Very old."])


def test_offline_without_source_is_unavailable_not_an_error(tmp_path):
    local = tmp_path / "papers"
    local.mkdir()
    with Library(tmp_path / "cache", papers_dir=local, offline=True) as lib:
        paper = lib.get(f"{ID}v2")
    assert paper.status == "unavailable" and str(local) in paper.message


def test_missing_papers_folder_is_an_error(tmp_path):
    with pytest.raises(PapersError, match="does not exist"):
        Library(tmp_path / "cache", papers_dir=tmp_path / "nope")


def test_papers_path_that_is_a_file_says_so(tmp_path):
    source = tmp_path / "2005.13013v2.md"
    source.write_text("A paper.")
    with pytest.raises(PapersError, match="--papers is a file, not a folder"):
        Library(tmp_path / "cache", papers_dir=source)


def test_get_many_keeps_order_and_fetches_each_paper_once(server, tmp_path):
    seen = []
    items = [(ID, "v2"), ("2101.00001", None), (f"arXiv:{ID}v2", None), (ID, "v1"), ("2412.99999", None), (ID, "2")]
    with library(tmp_path, server, progress=seen.append) as lib:
        result = lib.get_many(items, jobs=4)
    assert [(p.arxiv_id, p.version, p.status) for p in result] == [
        (ID, "v2", "resolved"), ("2101.00001", "v1", "resolved"), (ID, "v2", "resolved"), (ID, "v1", "resolved"),
        ("2412.99999", None, "not_found"), (ID, "v2", "resolved"),
    ]
    assert server.pdf_calls(f"{ID}v2") == 1 and server.pdf_calls(f"{ID}v1") == 1
    assert server.api_calls() == 3  # one per distinct paper
    assert len(seen) == 4  # one progress call per distinct (id, version)


def test_api_calls_respect_the_delay_across_threads(server, tmp_path):
    with library(tmp_path, server, delay_seconds=0.25) as lib:
        lib.get_many([(ID, None), ("2101.00001", None), ("hep-th/9901001", None)], jobs=3)
    gaps = [b - a for a, b in zip(server.api_times, server.api_times[1:])]
    assert len(gaps) == 2 and min(gaps) >= 0.24


def test_extractor_version_change_re_extracts_from_the_cached_file(server, tmp_path, monkeypatch):
    with library(tmp_path, server, earlier_versions=0) as lib:
        lib.get(ID)
    monkeypatch.setattr(papers.extract, "EXTRACTOR_VERSION", "test-next")
    with library(tmp_path, server, earlier_versions=0) as lib:
        paper = lib.get(ID)
        sha = lib.cache.version_file(ID, "v2")
        assert lib.cache.extraction(sha, "test-next") is not None
        assert lib.cache.extraction(sha, "1") is None
    assert paper.status == "resolved" and V2_CLAIM in texts(paper.passages)
    assert server.pdf_calls() == 1


def test_corrupt_cached_pdf_is_detected_and_fetched_again(server, tmp_path, monkeypatch, pdfs):
    with library(tmp_path, server) as lib:
        lib.get(ID)
        path = lib.cache.file_path(lib.cache.version_file(ID, "v2"))
    path.write_bytes(pdfs["v2"][:1000])  # damaged on disk
    monkeypatch.setattr(papers.extract, "EXTRACTOR_VERSION", "test-next")
    with library(tmp_path, server) as lib:
        paper = lib.get(ID)
    assert paper.status == "resolved" and V2_CLAIM in texts(paper.passages)
    assert server.pdf_calls(f"{ID}v2") == 2
    assert path.read_bytes() == pdfs["v2"]


def fetch_in_process(cache_dir: str, api_url: str, ids: list[str]) -> list[tuple[str, str, int]]:
    """Runs in a child process: fetch papers into a shared cache."""
    with Library(Path(cache_dir), api_url=api_url, delay_seconds=0, timeout=10, earlier_versions=0) as lib:
        return [(p.arxiv_id, p.status, len(p.passages)) for p in lib.get_many([(i, None) for i in ids], jobs=2)]


@pytest.mark.slow
def test_two_processes_writing_one_cache_leave_it_consistent(server, tmp_path, pdfs):
    for n in range(2, 8):
        server.add_paper(f"2101.0000{n}", [pdfs["other"], pdfs["v1"]], title=f"Paper {n}")
    ids = [ID, "2101.00001", *(f"2101.0000{n}" for n in range(2, 8))]
    context = multiprocessing.get_context("spawn")
    with context.Pool(2) as pool:
        results = pool.starmap(fetch_in_process, [(str(tmp_path), server.api_url, ids), (str(tmp_path), server.api_url, ids[::-1])])
    assert results[0] == results[1][::-1]
    assert all(status == "resolved" and count > 0 for _, status, count in results[0])
    cache = PaperCache(tmp_path)
    try:
        assert cache.check() == []
        rows = cache.db.execute("SELECT arxiv_id, version, sha256 FROM versions").fetchall()
        assert len(rows) == len({(a, v) for a, v, _ in rows}) == len(ids)  # each cited unversioned: its latest only
        for _, _, sha in rows:
            assert cache.read_file(sha) is not None
        assert cache.db.execute("SELECT COUNT(*) FROM extractions").fetchone()[0] == 3  # three distinct PDFs
    finally:
        cache.close()


def test_local_source_of_another_version_stands_in_and_says_so(tmp_path, pdfs):
    local = tmp_path / "papers"
    local.mkdir()
    (local / f"{ID}v1.pdf").write_bytes(pdfs["v1"])
    with Library(tmp_path / "cache", papers_dir=local, offline=True) as lib:
        paper = lib.get(f"{ID}v2")
        exact = lib.get(f"{ID}v1")
    assert (paper.status, paper.version, paper.cited_version) == ("resolved", "v1", "v2")
    assert paper.source == str(local / f"{ID}v1.pdf") and V1_CLAIM in texts(paper.passages)
    assert all(p.version == "v1" for p in paper.passages)
    assert (exact.version, exact.cited_version) == ("v1", None)


def test_nearest_local_version_is_the_latest_before_the_cited_else_the_next(tmp_path):
    local = tmp_path / "papers"
    local.mkdir()
    for version in ("v1", "v2", "v5"):
        (local / f"{ID}{version}.txt").write_text(f"Paper {version}\n\nThis is {version}. It is.\n")
    with Library(tmp_path / "cache", papers_dir=local, offline=True) as lib:
        assert [(p.version, p.cited_version) for p in (lib.get(f"{ID}v4"), lib.get(f"{ID}v6"))] == [("v2", "v4"), ("v5", "v6")]
    local2 = tmp_path / "later"
    local2.mkdir()
    (local2 / f"{ID}v3.txt").write_text("Paper v3\n\nThis is v3. It is.\n")
    with Library(tmp_path / "cache", papers_dir=local2, offline=True) as lib:
        assert (lib.get(f"{ID}v2").version, lib.get(f"{ID}v2").cited_version) == ("v3", "v2")


def test_local_other_version_stands_in_when_arxiv_cannot_be_reached(tmp_path, pdfs):
    local = tmp_path / "papers"
    local.mkdir()
    (local / f"{ID}v1.pdf").write_bytes(pdfs["v1"])
    with Library(tmp_path / "cache", papers_dir=local, api_url="http://127.0.0.1:9/api/query", delay_seconds=0,
                 timeout=1, retries=0) as lib:
        paper = lib.get(f"{ID}v2")
    assert (paper.status, paper.version, paper.cited_version) == ("resolved", "v1", "v2")


def test_exact_version_from_arxiv_beats_a_local_other_version(server, tmp_path, pdfs):
    local = tmp_path / "papers"
    local.mkdir()
    (local / f"{ID}v1.pdf").write_bytes(pdfs["v1"])
    with library(tmp_path / "cache", server, papers_dir=local) as lib:
        paper = lib.get(f"{ID}v2")
    assert (paper.status, paper.version, paper.cited_version) == ("resolved", "v2", None)
    assert V2_CLAIM in texts(paper.passages)
