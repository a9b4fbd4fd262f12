"""Text lines of a PDF report, page by page (pdfplumber, imported only when a PDF is parsed).

Each page is released after its text is read (a 300-page report stays in a few hundred MB), and before any page
is read every compressed stream in the file is inflated once with a bound, so a decompression bomb is refused
instead of filling memory."""

from __future__ import annotations

import io
import re
import unicodedata
import zlib

import claims.limits
from claims.document import SourceLine, check_line_lengths
from claims.errors import ClaimsError
from claims.limits import check_time, extend_time

_STREAM = re.compile(rb"stream\r?\n")
_END_STREAM = b"endstream"
_CHUNK = 1024 * 1024


def pdf_lines(pdf: bytes, source: str) -> tuple[list[SourceLine], int]:
    """Every text line of the PDF with its page and 1-based line number within that page, and the page count.

    Raises ClaimsError when the file is not a readable PDF, has no text layer (e.g. a scan), has too many pages or
    a stream that inflates past `LIMITS.max_inflated_bytes`."""
    import pdfplumber

    check_inflation(pdf, source)
    lines: list[SourceLine] = []
    try:
        with pdfplumber.open(io.BytesIO(pdf)) as document:
            page_count = len(document.pages)
            most = claims.limits.LIMITS.max_pdf_pages
            if page_count > most:
                raise ClaimsError(f"PDF has {page_count:,} pages, more than the {most:,} a report may have", path=source)
            extend_time(claims.limits.LIMITS.pdf_page_seconds * page_count)
            for page_number, page in enumerate(document.pages, start=1):
                check_time()
                try:
                    rows = page.extract_text_lines(strip=False)  # the lines of extract_text(), with positions
                finally:
                    page.close()
                lines.extend(_page_lines(rows, page_number))
    except ClaimsError:
        raise
    except Exception as error:  # pdfminer raises many unrelated types for damaged or encrypted files
        raise ClaimsError(f"not a readable PDF ({type(error).__name__}: {_first_line(error)})", path=source) from None
    if not any(line.text.strip() for line in lines):
        raise ClaimsError("PDF has no text layer (a scan?); nothing to parse", path=source)
    check_line_lengths(lines, source)
    return lines, page_count


def check_inflation(pdf: bytes, source: str) -> None:
    """Inflate every zlib-compressed stream of the file (between `stream` and `endstream`), keeping nothing, and
    raise a ClaimsError when one would grow past `LIMITS.max_inflated_bytes`. Streams that are not zlib data
    (images, other filters) are left to the PDF reader."""
    limit = claims.limits.LIMITS.max_inflated_bytes
    position = 0
    while True:
        start = _STREAM.search(pdf, position)
        if start is None:
            return
        end = pdf.find(_END_STREAM, start.end())
        end = len(pdf) if end < 0 else end
        if _inflated_size(pdf, start.end(), end, limit) > limit:
            raise ClaimsError(
                f"PDF stream at byte {start.end():,} inflates past {limit // (1024 * 1024)} MB (a decompression bomb?)",
                path=source,
            )
        check_time()
        position = end + len(_END_STREAM)


def _inflated_size(pdf: bytes, start: int, end: int, limit: int) -> int:
    """Bytes the zlib data in `pdf[start:end]` inflates to, counting at most `limit + 1`; 0 for non-zlib data."""
    inflater = zlib.decompressobj()
    size = 0
    pending = memoryview(pdf)[start:end]
    try:
        while pending and size <= limit:
            size += len(inflater.decompress(pending, _CHUNK))
            pending = memoryview(inflater.unconsumed_tail) if inflater.unconsumed_tail else pending[:0]
            if inflater.eof:
                break
    except zlib.error:
        return size if size > limit else 0
    return size


def _page_lines(rows: list[dict], page_number: int) -> list[SourceLine]:
    """Lines of one page (pdfplumber's text lines, top to bottom), NFKC-normalised (ligatures such as `ﬁ` become
    `fi`), each with its vertical position (claims tables use it to tell wrapped cell lines from row breaks)."""
    return [
        SourceLine(unicodedata.normalize("NFKC", row["text"]).rstrip(), number, page_number,
                   top=float(row["top"]), bottom=float(row["bottom"]))
        for number, row in enumerate(rows, start=1)
    ]


def _first_line(error: Exception) -> str:
    message = str(error).strip().splitlines()
    return message[0][:120] if message else "unreadable"
