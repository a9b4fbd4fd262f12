"""Text lines of a PDF report, page by page (pdfplumber, imported only when a PDF is parsed)."""

from __future__ import annotations

import io
import unicodedata
from pathlib import Path

from claims.document import SourceLine
from claims.errors import ClaimsError


def pdf_lines(pdf: Path | bytes, source: str) -> tuple[list[SourceLine], int]:
    """Every text line of the PDF with its page and 1-based line number within that page, and the page count.

    Raises ClaimsError when the file is not a readable PDF or has no text layer (e.g. a scan)."""
    import pdfplumber

    handle = io.BytesIO(pdf) if isinstance(pdf, bytes) else pdf
    lines: list[SourceLine] = []
    try:
        with pdfplumber.open(handle) as document:
            page_count = len(document.pages)
            for page_number, page in enumerate(document.pages, start=1):
                text = page.extract_text() or ""
                lines.extend(_page_lines(text, page_number))
    except ClaimsError:
        raise
    except Exception as error:  # pdfminer raises many unrelated types for damaged or encrypted files
        raise ClaimsError(f"not a readable PDF ({type(error).__name__}: {_first_line(error)})", path=source) from None
    if not any(line.text.strip() for line in lines):
        raise ClaimsError("PDF has no text layer (a scan?); nothing to parse", path=source)
    return lines, page_count


def _page_lines(text: str, page_number: int) -> list[SourceLine]:
    """Lines of one page's text, NFKC-normalised (ligatures such as `ﬁ` become `fi`)."""
    normalised = unicodedata.normalize("NFKC", text)
    return [
        SourceLine(raw.rstrip(), number, page_number)
        for number, raw in enumerate(normalised.split("\n"), start=1)
    ]


def _first_line(error: Exception) -> str:
    message = str(error).strip().splitlines()
    return message[0][:120] if message else "unreadable"
