"""Damaged paper PDFs (truncated, garbage, mutated) are a PapersError "FILE: not a readable PDF (reason)" and the
paper `unavailable` with that reason -- never another exception, from a local source, the cache or a download."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from papers import Library, PapersError, extract_pdf
from papers.limits import Limits
from tests.arxiv_server import arxiv_server  # noqa: F401  (pytest fixture)
from tests.pdfgen import PaperSpec, SectionSpec, write_paper_pdf

ID = "2005.13013"
CLAIM = "Stacked adapters improve WikiANN F1 by 5.4 points over the baseline."


@pytest.fixture(scope="module")
def pdf(tmp_path_factory) -> bytes:
    spec = PaperSpec(title="Adapters", authors=["Ada Lovelace"], abstract="We study adapters. It works.",
                     sections=[SectionSpec(heading="Results", paragraphs=[CLAIM * 3])])
    return write_paper_pdf(tmp_path_factory.mktemp("dmg") / "p.pdf", spec).read_bytes()


def damaged(pdf: bytes) -> dict[str, bytes]:
    """Hand-made damage: the page tree broken in ways that make the PDF library fail late (while closing)."""
    return {
        "pages-node-renamed": pdf.replace(b"/Type /Pages", b"/Type /Page", 1),
        "kids-not-a-list": re.sub(rb"/Kids \[", b"/Kids 7 [", pdf, count=1),
        "truncated": pdf[: len(pdf) // 3],
        "garbage": b"%PDF-1.4\n" + bytes(random.Random(7).randrange(256) for _ in range(4000)) + b"\n%%EOF\n",
        "empty": b"",
    }


CASES = ["pages-node-renamed", "kids-not-a-list", "truncated", "garbage", "empty"]


@pytest.mark.parametrize("case", CASES)
def test_extract_pdf_raises_only_papers_error(pdf, case):
    with pytest.raises(PapersError, match=r"^PDF data: not a readable PDF \(.+\)$"):
        extract_pdf(damaged(pdf)[case])


@pytest.mark.parametrize("case", CASES)
def test_damaged_local_pdf_makes_the_paper_unavailable_with_the_reason(pdf, case, tmp_path):
    folder = tmp_path / "papers"
    folder.mkdir()
    source = folder / f"{ID}v2.pdf"
    source.write_bytes(damaged(pdf)[case])
    with Library(tmp_path / "cache", papers_dir=folder, offline=True) as lib:
        paper = lib.get(f"{ID}v2")
    assert paper.status == "unavailable"
    assert paper.message.startswith(f"{source}: not a readable PDF (") and paper.message.endswith(")")


def test_random_mutations_never_escape_as_another_error(pdf, tmp_path):
    rng = random.Random(13)
    outcomes = set()
    for _ in range(24):
        data = bytearray(pdf)
        start = rng.randrange(len(data))
        data[start:start + 64] = bytes(rng.randrange(256) for _ in range(64))
        try:
            extract_pdf(bytes(data))
            outcomes.add("read")
        except PapersError as error:
            assert "not a readable PDF" in str(error)
            outcomes.add("refused")
    assert outcomes  # every mutation either reads or is refused with the message


def test_damaged_download_is_unavailable_not_cached(arxiv_server, pdf, tmp_path):  # noqa: F811
    bad = damaged(pdf)["pages-node-renamed"]
    arxiv_server.add_paper(ID, [bad])
    with Library(tmp_path, api_url=arxiv_server.api_url, earlier_versions=0,
                 limits=Limits(timeout=5, retries=0, api_interval=0, backoff=0)) as lib:
        paper = lib.get(ID)
    assert paper.status == "unavailable" and "not a readable PDF" in paper.message and paper.title
    assert not list(Path(tmp_path, "files").rglob("*.pdf"))
