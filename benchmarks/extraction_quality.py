"""Extraction quality and speed on the real arXiv PDFs in ../shared/real-papers; prints the per-paper table.

    .venv/bin/python benchmarks/extraction_quality.py [--papers DIR] [--json OUT.json]

Writes each paper's passages as JSONL and runs ../shared/tools/extraction_check.py on them (sentences intact /
split / garbled against pdftotext, table cells found with row and column against tables_truth.tsv, tables found
against captions; `--json` keeps the checker's full record), then prints pages/s of extraction and,
per paper, how many of the sentences not intact are whole in a footnote passage (the checker reads text and table
passages only, so a footnote's sentences count against the share although they are extracted whole).
Skips with a message when ../shared or pdftotext is absent.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))

from papers.extract import extract_pdf  # noqa: E402


def squash(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def footnote_share(results: list[dict], folder: Path) -> None:
    """Per paper: failed sentences found whole in a footnote passage."""
    from rapidfuzz import fuzz

    total_failed = total_notes = 0
    for r in results:
        notes = [squash(json.loads(line)["text"]) for line in (folder / f"{r['paper']}.jsonl").open(encoding="utf-8")
                 if json.loads(line)["kind"] == "footnote"]
        failed = r.get("sentence_failures", [])
        in_notes = sum(1 for f in failed if any(len(n) >= 0.95 * len(squash(f["sentence"]))
                                                and fuzz.partial_ratio(squash(f["sentence"]), n) >= 95 for n in notes))
        total_failed, total_notes = total_failed + len(failed), total_notes + in_notes
        print(f"{r['paper']:14s} not intact {len(failed):3d}, of them whole in a footnote passage {in_notes}")
    measured = sum(r["sentences"] for r in results) - total_notes
    intact = sum(r["intact"] for r in results)
    print(f"TOTAL not intact {total_failed}, in footnotes {total_notes}; intact of the sentences outside footnotes "
          f"{intact}/{measured} ({100 * intact / max(measured, 1):.1f}%)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=Path, default=SHARED / "real-papers", help="folder of PDFs (and truth TSV)")
    parser.add_argument("--json", type=Path, default=None, help="also write the checker's JSON record here")
    options = parser.parse_args()
    papers = sorted(options.papers.glob("*.pdf"))
    check = SHARED / "tools" / "extraction_check.py"
    if not papers or not check.is_file():
        print(f"skipped: no PDFs in {options.papers} or no checker under {SHARED}")
        return 0
    if shutil.which("pdftotext") is None:
        print("skipped: pdftotext not found (apt-get install poppler-utils)")
        return 0
    pages, seconds, args = 0, 0.0, []
    with tempfile.TemporaryDirectory() as tmp:
        for pdf in papers:
            start = time.perf_counter()
            extraction = extract_pdf(pdf, arxiv_id=pdf.stem)
            seconds += time.perf_counter() - start
            pages += extraction.pages
            out = Path(tmp) / f"{pdf.stem}.jsonl"
            out.write_text("".join(json.dumps({"page": p.page, "kind": p.kind, "text": p.text}, ensure_ascii=False)
                                   + "\n" for p in extraction.passages), encoding="utf-8")
            args += [str(pdf), str(out)]
        truth = options.papers / "tables_truth.tsv"
        extra = ["--truth", str(truth)] if truth.is_file() else []
        report = options.json or Path(tmp) / "check.json"
        subprocess.run([sys.executable, str(check), *args, *extra, "--json", str(report)], check=False)
        if report.is_file():
            footnote_share(json.loads(report.read_text(encoding="utf-8")), Path(tmp))
    print(f"extraction speed: {pages} pages in {seconds:.2f} s = {pages / seconds:.1f} pages/s (target >= 10)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
