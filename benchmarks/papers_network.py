"""Network limits of `papers.Library`, measured against the tests' local arXiv on 127.0.0.1.

Prints, for the code in this tree: the smallest gap between API calls of three processes sharing one cache
(politeness interval 1 s here), how long a PDF dripping at 64 B/s keeps a fetch busy (timeout 1 s), the wait
after a 429 with Retry-After 1, what a 404 PDF and a 429 to the end become, and the memory taken by an endless
response. Uses only `Library` arguments that older versions accept too, so it can measure them as well.

    .venv/bin/python benchmarks/papers_network.py [--endless-mb 1024]
"""

from __future__ import annotations

import argparse
import multiprocessing
import resource
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from papers import Library  # noqa: E402
from tests.arxiv_server import FakeArxiv  # noqa: E402
from tests.pdfgen import PaperSpec, SectionSpec, write_paper_pdf  # noqa: E402

ID = "2005.13013"


def lookups(cache: str, url: str, ids: list[str], start_at: float) -> None:
    time.sleep(max(0.0, start_at - time.time()))
    with Library(Path(cache), api_url=url, delay_seconds=1.0, timeout=10, earlier_versions=0) as lib:
        for arxiv_id in ids:
            lib.get(arxiv_id)


def get_within(lib: Library, seconds: float):
    """lib.get(ID) in a thread, given up after `seconds`: (paper or None, elapsed)."""
    box: dict = {}
    started = time.monotonic()
    worker = threading.Thread(target=lambda: box.update(paper=lib.get(ID)), daemon=True)
    worker.start()
    worker.join(seconds)
    return box.get("paper"), time.monotonic() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--endless-mb", type=int, default=1024, help="size of the endless response (MiB)")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="papers-network-"))
    spec = PaperSpec(title="T", authors=["A"], abstract="We test. It works.",
                     sections=[SectionSpec(heading="Results", paragraphs=["Adapters gain 5.4 points."])])
    pdf = write_paper_pdf(tmp / "p.pdf", spec).read_bytes()
    server = FakeArxiv().start()
    server.add_paper(ID, [pdf])
    groups = [[f"2101.0002{n}", f"2101.0003{n}"] for n in range(1, 4)]
    for group in groups:
        for arxiv_id in group:
            server.add_paper(arxiv_id, [pdf])
    start_at = time.time() + 4
    with multiprocessing.get_context("spawn").Pool(3) as pool:
        pool.starmap(lookups, [(str(tmp / "shared"), server.api_url, group, start_at) for group in groups])
    times = sorted(server.api_times)
    gaps = [b - a for a, b in zip(times, times[1:])]
    print(f"politeness, 3 processes x 2 papers, interval 1.0 s: min gap {min(gaps):.3f} s over {len(times)} API calls")

    def fresh(name: str, **options) -> Library:
        return Library(tmp / name, api_url=server.api_url, delay_seconds=0, earlier_versions=0,
                       **({"timeout": 5, "retries": 1} | options))

    server.pdf_behaviour[f"{ID}v1"] = ["429:1"]
    with fresh("c429") as lib:
        paper = lib.get(ID)
    pdf_times = [t for path, t in zip(server.requests, server.request_times) if path == f"/pdf/{ID}v1"]
    print(f"PDF 429 with Retry-After 1: {paper.status}; waited {pdf_times[-1] - pdf_times[-2]:.2f} s before retrying")
    server.pdf_behaviour[f"{ID}v1"] = ["429:0"] * 10
    with fresh("c429all") as lib:
        paper = lib.get(ID)
    print(f"PDF 429 every time: {paper.status}: {paper.message}")
    server.pdf_behaviour[f"{ID}v1"] = ["404"]
    with fresh("c404") as lib:
        paper = lib.get(ID)
    print(f"PDF 404: {paper.status}")
    server.api_statuses, server.api_retry_after = [429] * 10, "0"
    with fresh("capi") as lib:
        paper = lib.get(ID)
    print(f"API 429 every time: {paper.status}: {paper.message}")
    server.api_statuses = []
    server.pdf_behaviour[f"{ID}v1"] = ["drip"]
    with fresh("cdrip", timeout=1, retries=0) as lib:
        paper, elapsed = get_within(lib, 30)
    print("PDF dripping 64 B/s, timeout 1 s: " + (f"stopped after {elapsed:.1f} s ({paper.message})" if paper
                                                    else f"still downloading after {elapsed:.0f} s"))
    server.pdf_behaviour[f"{ID}v1"], server.endless_bytes = ["endless"], args.endless_mb * 2**20
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with fresh("cendless", retries=0) as lib:
        paper, elapsed = get_within(lib, 120)
    grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    print(f"endless response (up to {args.endless_mb} MiB): " + (f"{paper.status} after {elapsed:.1f} s" if paper else "not done")
          + f"; peak memory grew by {grown:.0f} MB" + (f" ({paper.message})" if paper else ""))
    server.stop()


if __name__ == "__main__":
    main()
