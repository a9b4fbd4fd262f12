"""Tables of the five shared real arXiv papers, measured with ../shared/tools/extraction_check.py: at least 90 %
of the hand-checked truth cells found with their row label and column header path, and every table captioned in
the PDF found. Skips when the shared papers, the checker or pdftotext are absent."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from papers.extract import extract_pdf

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
PAPERS = SHARED / "real-papers"
CHECKER = SHARED / "tools" / "extraction_check.py"


@pytest.mark.slow
def test_real_paper_tables_found_with_rows_and_columns(tmp_path):
    pdfs = sorted(PAPERS.glob("*.pdf"))
    if not pdfs or not CHECKER.exists() or not (PAPERS / "tables_truth.tsv").exists():
        pytest.skip("shared real papers or extraction_check.py absent")
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    args: list[str] = []
    for pdf in pdfs:
        out = tmp_path / f"{pdf.stem}.jsonl"
        rows = [{"page": p.page, "kind": p.kind, "text": p.text}
                for p in extract_pdf(pdf, arxiv_id=pdf.stem).passages]
        out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
        args += [str(pdf), str(out)]
    report = tmp_path / "check.json"
    subprocess.run([sys.executable, str(CHECKER), *args, "--truth", str(PAPERS / "tables_truth.tsv"),
                    "--json", str(report)], check=True, capture_output=True, text=True)
    papers = json.loads(report.read_text())
    found = sum(p["cells_found"] for p in papers)
    total = sum(p["cells"] for p in papers)
    assert total >= 100 and found >= 0.9 * total, [m for p in papers for m in p["missing_cells"]][:5]
    for paper in papers:
        assert paper["tables_found"] >= paper["tables_captioned"], paper["paper"]
