"""Several PDFs extracted at once in worker processes: the same passages as in-process, errors with their fields,
a dead worker is one paper's error."""

from __future__ import annotations

import functools
import os
import pickle
import signal

import pytest

from papers import Library
from papers.errors import CacheError, NetworkError, NotFound, PapersError, RateLimited, UnreadableSource
from papers.extraction_pool import ExtractionPool
from papers.library import extract_bytes
from papers.limits import Limits
from tests.pdfgen import PaperSpec, SectionSpec, TableSpec, write_paper_pdf


def paper_spec(n: int) -> PaperSpec:
    body = [f"Method {n} improves accuracy by {n}.{k} points on task {k}." for k in range(6)]
    return PaperSpec(title=f"Paper {n}", authors=["Ada Lovelace"], abstract=f"We study method {n}.",
                     sections=[SectionSpec(heading="Results", paragraphs=body)],
                     tables=[TableSpec(caption="Scores.", columns=["Method", "F1"], rows=[[f"M{n}", f"4{n}.5"]])])


@pytest.fixture(scope="module")
def papers_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("papers")
    for n in range(1, 4):
        write_paper_pdf(folder / f"2409.0000{n}v1.pdf", paper_spec(n))
    (folder / "2409.00004v1.pdf").write_bytes(b"%PDF-1.4 this is not really a PDF")
    return folder


@pytest.mark.parametrize("error", [
    PapersError("plain"), CacheError("disk full"), UnreadableSource("x.pdf: damaged", path="x.pdf", reason="bad xref"),
    NetworkError("down", url="https://a", status=503, retryable=True), NotFound("gone", url="https://b", status=404),
    RateLimited("slow down", url="https://c", status=429, retry_after=7.0),
])
def test_errors_cross_a_process_boundary_with_their_fields(error):
    back = pickle.loads(pickle.dumps(error))
    assert type(back) is type(error) and str(back) == str(error) and vars(back) == vars(error)


def test_worker_extraction_equals_in_process_extraction(papers_dir):
    data = (papers_dir / "2409.00001v1.pdf").read_bytes()
    here = extract_bytes(data, "pdf", "p.pdf", "2409.00001", "v1")
    with ExtractionPool(2, extract_bytes) as pool:
        there = pool.extract(data, "pdf", "p.pdf", "2409.00001", "v1")
        with pytest.raises(UnreadableSource) as caught:
            pool.extract(b"%PDF-1.4 broken", "pdf", "broken.pdf", "2409.00009", "v1")
    assert there == here and len(there.passages) > 5
    assert caught.value.path == "broken.pdf" and str(caught.value).startswith("broken.pdf")


def test_a_dead_worker_is_one_papers_error_not_a_hang(papers_dir):
    data = (papers_dir / "2409.00001v1.pdf").read_bytes()
    with ExtractionPool(1, extract_bytes) as pool:
        pool.extract(data, "pdf", "p.pdf", "2409.00001", "v1")  # starts the worker
        for pid in list(pool._executor._processes):  # type: ignore[union-attr]
            os.kill(pid, signal.SIGKILL)
        with pytest.raises(UnreadableSource, match="worker process died"):
            pool.extract(data, "pdf", "p.pdf", "2409.00001", "v1")


def test_get_many_with_processes_gives_the_papers_of_one_process(papers_dir, tmp_path):
    items = [(f"2409.0000{n}", "v1") for n in range(1, 5)]
    results = {}
    for processes in (1, 2):
        with Library(tmp_path / f"cache{processes}", papers_dir=papers_dir, offline=True,
                     limits=Limits(extract_processes=processes)) as library:
            results[processes] = library.get_many(items, jobs=4)
            assert library._pool is None  # the workers live for one call
    one, two = results[1], results[2]
    assert [p.status for p in two] == ["resolved"] * 3 + ["unavailable"]
    assert [p.passages for p in two] == [p.passages for p in one]
    assert two[3].message == one[3].message and "not a readable PDF" in two[3].message


def test_on_extract_is_called_once_before_the_first_extraction_and_never_when_cached(papers_dir, tmp_path):
    items = [(f"2409.0000{n}", "v1") for n in range(1, 4)]
    for processes in (1, 2):
        calls: list[str] = []
        cache = tmp_path / f"hook{processes}"
        with Library(cache, papers_dir=papers_dir, offline=True, limits=Limits(extract_processes=processes),
                     on_extract=functools.partial(calls.append, "extract")) as library:
            library.get_many(items, jobs=3)
        assert calls == ["extract"]
        with Library(cache, papers_dir=papers_dir, offline=True,
                     on_extract=functools.partial(calls.append, "again")) as library:
            assert [p.status for p in library.get_many(items, jobs=3)] == ["resolved"] * 3
        assert calls == ["extract"]  # every text came from the cache
