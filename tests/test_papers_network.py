"""Network limits against the local arXiv (127.0.0.1): size caps, the overall deadline, 429 + Retry-After, a 404
PDF, and the politeness interval kept across processes sharing a cache folder. Every test is bounded in time."""

from __future__ import annotations

import multiprocessing
import time
from pathlib import Path

import pytest

from papers import Library
from papers.errors import NotFound, RateLimited
from papers.limits import Limits
from papers.transfer import retry_after_seconds
from tests.arxiv_server import arxiv_server  # noqa: F401  (pytest fixture)
from tests.pdfgen import PaperSpec, SectionSpec, write_paper_pdf

ID = "2005.13013"
CLAIM = "Stacked adapters improve WikiANN F1 by 5.4 points over the baseline."


@pytest.fixture(scope="module")
def pdf(tmp_path_factory) -> bytes:
    spec = PaperSpec(title="Adapters", authors=["Ada Lovelace"], abstract=f"We study adapters. {CLAIM}",
                     sections=[SectionSpec(heading="Results", paragraphs=[CLAIM])])
    return write_paper_pdf(tmp_path_factory.mktemp("net") / "p.pdf", spec).read_bytes()


@pytest.fixture
def server(arxiv_server, pdf):  # noqa: F811
    arxiv_server.add_paper(ID, [pdf])
    return arxiv_server


def library(cache: Path, server, **limits) -> Library:
    return Library(cache, api_url=server.api_url, earlier_versions=0,
                   limits=Limits(**({"timeout": 5.0, "retries": 2, "api_interval": 0.0, "backoff": 0.0} | limits)))


def test_pdf_larger_than_the_cap_is_unavailable_and_not_read_to_the_end(server, tmp_path, pdf):
    server.pdf_behaviour[f"{ID}v1"] = ["endless"]
    started = time.monotonic()
    with library(tmp_path, server, max_pdf_bytes=1_000_000) as lib:
        paper = lib.get(ID)
    assert paper.status == "unavailable" and "too large" in paper.message and "1.0 MB" in paper.message
    assert "limit" in paper.message and paper.title == "A Test Paper"
    assert time.monotonic() - started < 10
    server.stop()
    assert server.sent_bytes and max(server.sent_bytes) < 50_000_000  # the client hung up, far from 1 GiB
    assert not list((tmp_path / "files").rglob("*.pdf"))


def test_declared_length_over_the_cap_is_refused_before_reading(server, tmp_path, pdf):
    with library(tmp_path, server, max_pdf_bytes=len(pdf) - 1) as lib:
        paper = lib.get(ID)
    assert paper.status == "unavailable" and "too large" in paper.message
    assert server.pdf_calls() == 1  # too large is final, not retried


def test_feed_larger_than_the_cap_is_unavailable(server, tmp_path):
    server.api_padding = 3_000_000
    with library(tmp_path, server, max_feed_bytes=1_000_000) as lib:
        paper = lib.get(ID)
    assert paper.status == "unavailable" and "too large" in paper.message and ID in paper.message


def test_dripping_pdf_stops_at_the_deadline(server, tmp_path):
    server.pdf_behaviour[f"{ID}v1"] = ["drip"]
    started = time.monotonic()
    with library(tmp_path, server, timeout=1.0, deadline=2.0) as lib:
        paper = lib.get(ID)
    elapsed = time.monotonic() - started
    assert paper.status == "unavailable" and "deadline" in paper.message and "2 s" in paper.message
    assert elapsed < 5, elapsed


def test_deadline_defaults_to_ten_timeouts():
    assert Limits(timeout=3).request_deadline == 30 and Limits(timeout=3, deadline=7).request_deadline == 7


def test_pdf_429_waits_for_retry_after_then_succeeds(server, tmp_path):
    server.pdf_behaviour[f"{ID}v1"] = ["429:1"]
    with library(tmp_path, server) as lib:
        paper = lib.get(ID)
    assert paper.status == "resolved" and CLAIM in [p.text for p in paper.passages]
    times = [t for path, t in zip(server.requests, server.request_times) if path == f"/pdf/{ID}v1"]
    assert len(times) == 2 and times[1] - times[0] >= 0.95


def test_pdf_429_every_time_is_unavailable_rate_limited(server, tmp_path):
    server.pdf_behaviour[f"{ID}v1"] = ["429:0"] * 10
    with library(tmp_path, server, retries=1) as lib:
        paper = lib.get(ID)
    assert paper.status == "unavailable" and "rate limited" in paper.message
    assert server.pdf_calls() == 2


def test_retry_after_beyond_the_bound_is_not_waited_for(server, tmp_path):
    server.pdf_behaviour[f"{ID}v1"] = ["429:3600"]
    started = time.monotonic()
    with library(tmp_path, server, max_retry_after=5.0) as lib:
        paper = lib.get(ID)
    assert paper.status == "unavailable" and "rate limited" in paper.message and "3600" in paper.message
    assert time.monotonic() - started < 5 and server.pdf_calls() == 1


def test_api_429_honours_retry_after(server, tmp_path):
    server.api_statuses, server.api_retry_after = [429], "1"
    with library(tmp_path, server) as lib:
        paper = lib.get(ID)
    assert paper.status == "resolved"
    assert len(server.api_times) == 2 and server.api_times[1] - server.api_times[0] >= 0.95


def test_api_429_to_the_end_is_unavailable_rate_limited(server, tmp_path):
    server.api_statuses, server.api_retry_after = [429] * 10, "0"
    with library(tmp_path, server, retries=1) as lib:
        paper = lib.get(ID)
    assert paper.status == "unavailable" and "rate limited" in paper.message and ID in paper.message
    assert server.api_calls() == 2


def test_404_pdf_is_not_found(server, tmp_path):
    server.pdf_behaviour[f"{ID}v1"] = ["404"]
    with library(tmp_path, server) as lib:
        paper = lib.get(ID)
    assert paper.status == "not_found" and "HTTP 404" in paper.message and paper.title


def test_errors_carry_what_callers_act_on(server, tmp_path):
    from papers.download import PdfDownloader

    server.pdf_behaviour[f"{ID}v1"] = ["404", "429:0"]
    downloader = PdfDownloader(Limits(timeout=5, retries=0, backoff=0))
    url = f"{server.base}/pdf/{ID}v1"
    try:
        with pytest.raises(NotFound) as missing:
            downloader.fetch(url)
        with pytest.raises(RateLimited) as limited:
            downloader.fetch(url)
    finally:
        downloader.close()
    assert (missing.value.status, missing.value.url) == (404, url)
    assert (limited.value.status, limited.value.retry_after, limited.value.url) == (429, 0.0, url)


def test_retry_after_forms():
    assert retry_after_seconds("120") == 120
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412470.0) == 10.0
    assert retry_after_seconds("soon") is None and retry_after_seconds(None) is None


def lookups_in_process(cache_dir: str, api_url: str, ids: list[str], start_at: float) -> list[str]:
    """Runs in a child process: wait for the common start, then look the papers up."""
    time.sleep(max(0.0, start_at - time.time()))
    with Library(Path(cache_dir), api_url=api_url, delay_seconds=1.0, timeout=10, earlier_versions=0) as lib:
        return [lib._metadata(lib._parse(i, None)).arxiv_id for i in ids]


@pytest.mark.slow
def test_politeness_interval_holds_across_three_processes(server, tmp_path, pdf):
    ids = [[f"2101.0002{n}", f"2101.0003{n}"] for n in range(1, 4)]
    for group in ids:
        for arxiv_id in group:
            server.add_paper(arxiv_id, [pdf])
    context = multiprocessing.get_context("spawn")
    start_at = time.time() + 4.0
    with context.Pool(3) as pool:
        results = pool.starmap(lookups_in_process, [(str(tmp_path), server.api_url, group, start_at) for group in ids])
    assert results == ids
    times = sorted(server.api_times)
    gaps = [b - a for a, b in zip(times, times[1:])]
    assert len(times) == 6 and min(gaps) >= 1.0, gaps


def test_dripping_feed_stops_at_the_deadline(server, tmp_path):
    server.api_drip, server.drip_rate = True, 64
    started = time.monotonic()
    with library(tmp_path, server, timeout=1.0, deadline=2.0, retries=0) as lib:
        paper = lib.get(ID)
    assert paper.status == "unavailable" and "deadline" in paper.message and ID in paper.message
    assert time.monotonic() - started < 5


def test_compressed_response_is_capped_after_decompression(server, tmp_path):
    server.pdf_behaviour[f"{ID}v1"] = ["gzip-bomb"]
    with library(tmp_path, server, max_pdf_bytes=2_000_000) as lib:
        paper = lib.get(ID)
    assert paper.status == "unavailable" and "too large" in paper.message
