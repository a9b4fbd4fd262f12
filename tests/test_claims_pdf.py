"""PDF reports (generated here with reportlab) parse to the same claims as their text versions, including a
claims table that continues across a page break with page numbers, running heads and a repeated header row."""

from __future__ import annotations

from pathlib import Path

import pytest

from claims import ClaimsError, parse_file

EXAMPLES = Path(__file__).resolve().parents[1] / "reports" / "examples"
FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/TTF/DejaVuSans.ttf",
    "/Library/Fonts/Arial Unicode.ttf",
)


def unicode_font() -> str:
    """Register a TrueType font that has ✓ and × (reportlab's built-in fonts lack ✓)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for candidate in FONT_CANDIDATES:
        if Path(candidate).is_file():
            pdfmetrics.registerFont(TTFont("ReportSans", candidate))
            return "ReportSans"
    pytest.skip("no TrueType font with ✓ available to draw the test PDF")


def render_pdf(text: str, target: Path, *, break_after_row: int, repeat_header: bool, rows_per_page: int = 80) -> None:
    """Draw a report like a word processor would: wrapped prose, tab columns at fixed x positions, a running head
    and page numbers, and a page break inside the claims table after `break_after_row` rows."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.utils import simpleSplit
    from reportlab.pdfgen import canvas

    font = unicode_font()
    width, height = landscape(A4)
    pdf = canvas.Canvas(str(target), pagesize=(width, height))
    state = {"page": 1, "y": height - 40.0}
    title = next(line for line in text.splitlines() if line.strip()).lstrip("# ")

    def new_page() -> None:
        pdf.setFont(font, 7)
        pdf.drawString(40, 20, f"Page {state['page']}")
        pdf.showPage()
        state["page"] += 1
        pdf.setFont(font, 7)
        pdf.drawString(40, height - 25, title)
        state["y"] = height - 45.0

    def draw(line: str) -> None:
        if state["y"] < 40:
            new_page()
        pdf.setFont(font, 7)
        if "\t" in line:
            for x, cell in zip((40, 600, 660), line.split("\t")):
                pdf.drawString(x, state["y"], cell)
        else:
            pdf.drawString(40, state["y"], line)
        state["y"] -= 10

    rows = 0
    header = None
    for line in text.splitlines():
        if not line.strip():
            continue
        is_row = "\t" in line or line.lstrip().startswith("|") or line.count(" | ") >= 2
        if is_row and header is None:
            header = line
        elif is_row and "---" not in line:
            rows += 1
            if rows == break_after_row + 1:
                new_page()
                if repeat_header:
                    draw(header)
        for piece in ([line] if is_row else simpleSplit(line, font, 7, width - 80)):
            draw(piece)
    pdf.setFont(font, 7)
    pdf.drawString(40, 20, f"Page {state['page']}")
    pdf.showPage()
    pdf.save()


def claim_facts(report):
    return [(c.text, c.reported_verified, c.reported_confidence, c.truncated) for c in report.claims]


@pytest.mark.parametrize("name", ["sparse_adapters_synthesis.txt", "multilingual_pretraining_synthesis.md"])
@pytest.mark.parametrize("repeat_header", [False, True])
def test_pdf_rendering_parses_like_text(tmp_path: Path, name: str, repeat_header: bool) -> None:
    source = EXAMPLES / name
    text_report = parse_file(source)
    pdf_path = tmp_path / (source.stem + ".pdf")
    render_pdf(source.read_text(encoding="utf-8"), pdf_path, break_after_row=5, repeat_header=repeat_header)

    pdf_report = parse_file(pdf_path)

    assert claim_facts(pdf_report) == claim_facts(text_report)
    assert [(r.arxiv_id, r.version) for r in pdf_report.references] == [(r.arxiv_id, r.version) for r in text_report.references]
    for field in ("title", "date", "examined_title", "research_question", "abstract", "abstract_truncated"):
        assert getattr(pdf_report, field) == getattr(text_report, field), field
    assert pdf_report.stated.model_dump(exclude={"line"}) == text_report.stated.model_dump(exclude={"line"})
    assert pdf_report.pages == 2
    assert [c.page for c in pdf_report.claims] == [1] * 5 + [2] * (len(text_report.claims) - 5)
    assert pdf_report.table.header_page == 1 and pdf_report.table.last_row_page == 2
    assert {f.code for f in pdf_report.findings} == {f.code for f in text_report.findings}


def test_pdf_claim_lines_point_at_their_rows(tmp_path: Path) -> None:
    import pdfplumber

    source = EXAMPLES / "sparse_adapters_synthesis.txt"
    pdf_path = tmp_path / "report.pdf"
    render_pdf(source.read_text(encoding="utf-8"), pdf_path, break_after_row=7, repeat_header=True)
    report = parse_file(pdf_path)
    with pdfplumber.open(pdf_path) as pdf:
        pages = [page.extract_text().split("\n") for page in pdf.pages]
    for claim in report.claims:
        assert pages[claim.page - 1][claim.line - 1].startswith(claim.text[:40])
    for ref in report.references:
        assert ref.arxiv_id in pages[ref.page - 1][ref.line - 1]


def test_pdf_that_is_not_a_report(tmp_path: Path) -> None:
    from reportlab.pdfgen import canvas

    path = tmp_path / "invoice.pdf"
    pdf = canvas.Canvas(str(path))
    pdf.drawString(72, 720, "Invoice 2024-117: two chairs, one table. Total due: 312 EUR.")
    pdf.showPage()
    pdf.save()
    with pytest.raises(ClaimsError, match=r"invoice\.pdf: not a synthesis report"):
        parse_file(path)


def test_pdf_without_text_and_damaged_pdf(tmp_path: Path) -> None:
    from reportlab.pdfgen import canvas

    blank = tmp_path / "scan.pdf"
    pdf = canvas.Canvas(str(blank))
    pdf.rect(100, 100, 200, 200)
    pdf.showPage()
    pdf.save()
    with pytest.raises(ClaimsError, match=r"scan\.pdf: PDF has no text layer"):
        parse_file(blank)
    damaged = tmp_path / "damaged.pdf"
    damaged.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 20)
    with pytest.raises(ClaimsError, match=r"damaged\.pdf: not a readable PDF"):
        parse_file(damaged)


def test_wrapped_claim_cells_are_joined(tmp_path: Path) -> None:
    """A claim cell wrapped onto a second line (marks on the first line, as word processors align them)."""
    from reportlab.pdfgen import canvas

    font = unicode_font()
    path = tmp_path / "wrapped.pdf"
    pdf = canvas.Canvas(str(path))
    pdf.setFont(font, 8)
    lines = [
        ("Wrapped Table Report", None, None), ("This paper examines: Some Paper.", None, None),
        ("5 Extracted Claims", None, None), ("Claim", "Verified", "Confidence"),
        ("The first claim is short.", "✓", "0.20"),
        ("The second claim is long enough that the table", "×", "0.10"), ("cell wraps onto another line.", None, None),
        ("The third claim is short again.", "✓", "31%"), ("References", None, None), ("- arXiv:2005.13013v2", None, None),
    ]
    y = 760
    for text, mark, confidence in lines:
        pdf.drawString(60, y, text)
        if mark:
            pdf.drawString(400, y, mark)
            pdf.drawString(470, y, confidence)
        y -= 14
    pdf.showPage()
    pdf.save()
    report = parse_file(path)
    assert [(c.text, c.reported_verified, c.reported_confidence) for c in report.claims] == [
        ("The first claim is short.", True, 0.2),
        ("The second claim is long enough that the table cell wraps onto another line.", False, 0.1),
        ("The third claim is short again.", True, 0.31),
    ]
    assert report.table.style == "spaced" and [c.line for c in report.claims] == [5, 6, 8]
    assert [(r.arxiv_id, r.version, r.page) for r in report.references] == [("2005.13013", "v2", 1)]
