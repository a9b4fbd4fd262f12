"""Table cells and sentences of the shared real arXiv papers, measured with ../shared/tools/extraction_check.py.

    .venv/bin/python benchmarks/table_cells.py [--papers DIR] [--json OUT.json]

Extracts every PDF in DIR (default ../shared/real-papers) with `papers.extract.extract_pdf`, writes the passages
as JSONL and prints the checker's per-paper lines (sentences intact/split/garbled, truth cells found with row and
column, tables found / captioned) and its TOTAL line, plus the extraction speed in pages/s. Needs pdftotext.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from papers.extract import extract_pdf  # noqa: E402

SHARED = ROOT.parent / "shared"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=Path, default=SHARED / "real-papers")
    parser.add_argument("--json", type=Path, default=None)
    options = parser.parse_args()
    pdfs = sorted(options.papers.glob("*.pdf"))
    checker = SHARED / "tools" / "extraction_check.py"
    if not pdfs or not checker.exists():
        print(f"error: no PDFs in {options.papers} or no {checker}", file=sys.stderr)
        return 2
    args, pages, seconds = [], 0, 0.0
    with tempfile.TemporaryDirectory() as folder:
        for pdf in pdfs:
            start = time.perf_counter()
            extraction = extract_pdf(pdf, arxiv_id=pdf.stem)
            seconds += time.perf_counter() - start
            pages += extraction.pages
            out = Path(folder) / f"{pdf.stem}.jsonl"
            rows = [{"page": p.page, "kind": p.kind, "text": p.text} for p in extraction.passages]
            out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
            args += [str(pdf), str(out)]
        truth = options.papers / "tables_truth.tsv"
        extra = ["--truth", str(truth)] if truth.exists() else []
        extra += ["--json", str(options.json)] if options.json else []
        result = subprocess.run([sys.executable, str(checker), *args, *extra], capture_output=True, text=True)
    print(result.stdout, end="")
    if result.returncode:
        print(result.stderr, end="", file=sys.stderr)
        return result.returncode
    print(f"extraction speed: {pages} pages in {seconds:.1f} s = {pages / seconds:.1f} pages/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
