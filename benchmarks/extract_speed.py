"""Extraction speed and cache-hit latency of the papers package; prints the figures.

    .venv/bin/python benchmarks/extract_speed.py [--runs 3]

1. A generated 12-page two-column paper (tests/pdfgen.py): pages/s of `extract_pdf` (target >= 6 on 2 cores),
   next to pdfplumber's plain `extract_text` on the same file (which interleaves the columns).
2. A cache hit: `Library.get` of that paper from a populated cache, no network (target <= 50 ms), both on an
   open Library and including opening one.
3. The real arXiv PDFs in ../shared/real-papers (when present): pages/s of `extract_pdf` over all of them
   (target >= 10 on 2 cores), next to pdfminer's own parsing of the same pages (the floor under any extractor).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from papers import EXTRACTOR_VERSION, Library, extract_pdf  # noqa: E402
from papers.cache import PaperCache  # noqa: E402
from papers.models import PaperMetadata  # noqa: E402
from tests.pdfgen import render_paper, synthetic_spec  # noqa: E402

ARXIV_ID = "2401.01234"
REAL_PAPERS = Path(__file__).resolve().parents[2] / "shared" / "real-papers"


def twelve_page_paper(folder: Path) -> Path:
    """Grow a synthetic paper until it has exactly 12 pages."""
    for paragraphs in range(6, 14):
        rendered = render_paper(folder / "paper.pdf", synthetic_spec(seed=12, sections=9, paragraphs=paragraphs,
                                                                     sentences=8, tables=4))
        if rendered.pages == 12:
            return rendered.path
        if rendered.pages > 12:
            break
    raise SystemExit(f"could not make a 12-page paper (got {rendered.pages})")


def timed(function, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return times


def plain_extract_text(path: Path) -> None:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()


def populate_cache(cache_dir: Path, pdf: Path) -> int:
    """Put the paper in a cache as a fetch would; returns its passage count."""
    data = pdf.read_bytes()
    extraction = extract_pdf(data, arxiv_id=ARXIV_ID, version="v1")
    cache = PaperCache(cache_dir)
    try:
        cache.save_metadata(PaperMetadata(arxiv_id=ARXIV_ID, title="Synthetic", latest="v1",
                                          pdf_url=f"https://arxiv.org/pdf/{ARXIV_ID}v1"))
        sha = cache.store_file(data)
        cache.save_extraction(sha, EXTRACTOR_VERSION, extraction)
        cache.link_version(ARXIV_ID, "v1", sha, None)
    finally:
        cache.close()
    return len(extraction.passages)


def open_and_get(cache_dir: Path) -> None:
    with Library(cache_dir, offline=True) as library:
        assert library.get(ARXIV_ID, "v1").status == "resolved"


def pdfminer_only(path: Path) -> int:
    """Parse every page with pdfminer (through pdfplumber) and nothing else; returns the page count."""
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.layout  # noqa: B018 - the parse is the point
            page.close()
        return len(pdf.pages)


def real_papers(runs: int) -> None:
    """Pages/s on the real PDFs, best of `runs` passes over all of them."""
    papers = sorted(REAL_PAPERS.glob("*.pdf"))
    if not papers:
        print(f"real PDFs: none under {REAL_PAPERS} (skipped)")
        return
    pages = sum(extract_pdf(p).pages for p in papers)  # also warms imports and the page cache
    ours = timed(lambda: [extract_pdf(p) for p in papers], runs)
    floor = timed(lambda: [pdfminer_only(p) for p in papers], runs)
    print(f"{len(papers)} real arXiv PDFs, {pages} pages, {runs} runs")
    print(f"  extract_pdf:        best {pages / min(ours):5.1f} pages/s, median {pages / statistics.median(ours):5.1f}"
          f" pages/s   (target >= 10)")
    print(f"  pdfminer parse only: best {pages / min(floor):5.1f} pages/s, median "
          f"{pages / statistics.median(floor):5.1f} pages/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="timed runs of each measurement (best and median shown)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        pdf = twelve_page_paper(folder)
        ours = timed(lambda: extract_pdf(pdf), args.runs)
        plain = timed(lambda: plain_extract_text(pdf), args.runs)
        print(f"12-page two-column PDF, {args.runs} runs")
        print(f"  extract_pdf (columns, tables, passages): best {12 / min(ours):5.1f} pages/s, "
              f"median {12 / statistics.median(ours):5.1f} pages/s   (target >= 6)")
        print(f"  pdfplumber extract_text (plain):         best {12 / min(plain):5.1f} pages/s, "
              f"median {12 / statistics.median(plain):5.1f} pages/s")
        passages = populate_cache(folder / "cache", pdf)
        with Library(folder / "cache", offline=True) as library:
            library.get(ARXIV_ID, "v1")
            warm = timed(lambda: library.get(ARXIV_ID, "v1"), max(args.runs, 20))
        cold = timed(lambda: open_and_get(folder / "cache"), max(args.runs, 10))
        print(f"cache hit, {passages} passages (target <= 50 ms)")
        print(f"  open Library:           best {1000 * min(warm):5.1f} ms, median {1000 * statistics.median(warm):5.1f} ms")
        print(f"  including opening one:  best {1000 * min(cold):5.1f} ms, median {1000 * statistics.median(cold):5.1f} ms")
    real_papers(args.runs)


if __name__ == "__main__":
    main()
