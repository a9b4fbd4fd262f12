"""Synthesis-report PDFs whose claims table is a reportlab (platypus) `Table` with wrapping Paragraph cells, the way
report generators draw them (fonts and page size from `tests.pdfgen`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib.pagesizes import letter
from reportlab.pdfgen.canvas import Canvas

from tests.pdfgen import BODY, register_fonts


@dataclass
class ReportTableSpec:
    """A report: paragraphs, then a `Table` of Paragraph cells (Claim / Verified / Confidence) whose claim cells
    wrap. `valign`: TOP, MIDDLE or BOTTOM (reportlab's default); `padding`: top and bottom cell padding in points
    (0: rows as close as the lines of a cell); `footer`: drawn at the foot of every page, with the page number."""

    rows: list[tuple[str, str, str]]
    valign: str = "BOTTOM"
    padding: float = 3.0
    claim_width: float = 300.0
    title: str = "Sparse Adapters Reviewed"
    examined: str = "Sparse Adapter Tuning Improves Low-Resource Machine Translation"
    footer: str = "Assignee Research synthesis"
    font: str = BODY
    references: list[str] = field(default_factory=lambda: ["http://arxiv.org/abs/2401.01234v1"])


def write_report_table_pdf(path: Path, spec: ReportTableSpec) -> Path:
    """Write `spec` as a PDF report: title, examined paper, stated counts, the claims table (header row repeated
    on every page it runs onto), references, and a footer with a page number on every page."""
    from xml.sax.saxutils import escape

    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    register_fonts()
    style = ParagraphStyle("report", fontName=spec.font, fontSize=10, leading=12)
    verified = sum(1 for _, mark, _ in spec.rows if mark in ("✓", "yes"))

    def paragraph(text: str) -> Paragraph:
        return Paragraph(escape(text), style)

    story = [paragraph(spec.title), paragraph(f"This paper examines: {spec.examined}."), paragraph("3 Results"),
             paragraph(f"{len(spec.references)} papers retrieved. {len(spec.rows)} claims extracted; "
                       f"{verified} independently verified."),
             paragraph("5 Extracted Claims")]
    data = [[paragraph("Claim"), paragraph("Verified"), paragraph("Confidence")]]
    data += [[paragraph(text), paragraph(mark), paragraph(confidence)] for text, mark, confidence in spec.rows]
    table = Table(data, colWidths=[spec.claim_width, 60, 70], repeatRows=1)
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), spec.valign), ("GRID", (0, 0), (-1, -1), 0.5, "black"),
        ("TOPPADDING", (0, 0), (-1, -1), spec.padding), ("BOTTOMPADDING", (0, 0), (-1, -1), spec.padding),
    ]))
    story += [table, paragraph("References")] + [paragraph(f"- <{url}>") for url in spec.references]

    def foot(canvas: Canvas, document: object) -> None:
        canvas.setFont(spec.font, 8)
        canvas.drawString(72, 40, f"{spec.footer} · page {canvas.getPageNumber()}")

    SimpleDocTemplate(str(path), pagesize=letter, invariant=1).build(story, onFirstPage=foot, onLaterPages=foot)
    return path
