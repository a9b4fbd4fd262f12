"""Local `.txt` and `.md` sources -> the same passages as a PDF, pure.

Pages are separated by form feeds (no form feed: everything is page 1). Blank lines end paragraphs; wrapped lines
are joined (hyphenation undone). Headings: markdown `#` lines, or in plain text short numbered lines such as
"3.2 Results". Pipe tables become one passage per row, with the "Table N: ..." line just above or below as caption.
"""

from __future__ import annotations

import re

from papers.document import DocumentText, Extraction
from papers.tables import CAPTION_START, is_markdown_row, is_separator, markdown_table

TEXT_HEADING = re.compile(r"^(?:\d+(?:\.\d+)*\.?\s+[A-Z][^.!?]{0,80}|Abstract|ABSTRACT|References|REFERENCES|Acknowledge?ments)$")
LIST_MARKER = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
EMPHASIS = re.compile(r"(\*\*|__|\*|`)")


def table_at(lines: list[str], i: int) -> int:
    """Number of lines of the pipe table starting at line i (header, separator, rows), 0 when none starts."""
    if not (is_markdown_row(lines[i]) and i + 1 < len(lines) and is_separator(lines[i + 1])):
        return 0
    end = i + 2
    while end < len(lines) and is_markdown_row(lines[end]):
        end += 1
    return end - i


def caption_index(lines: list[str], start: int, end: int) -> int | None:
    """The line just above (or else just below) lines[start:end] that starts "Table N", skipping blank lines."""
    above = start - 1
    while above >= 0 and not lines[above].strip():
        above -= 1
    if above >= 0 and CAPTION_START.match(plain(lines[above])):
        return above
    below = end
    while below < len(lines) and not lines[below].strip():
        below += 1
    if below < len(lines) and CAPTION_START.match(plain(lines[below])):
        return below
    return None


def plain(line: str) -> str:
    """Markdown inline markup removed: links keep their text, emphasis marks and code ticks go."""
    return EMPHASIS.sub("", LINK.sub(r"\1", line)).strip()


def add_text_page(doc: DocumentText, page: str, markdown: bool, first_page: bool) -> None:
    """Feed one page of a text source to the document."""
    lines = page.splitlines()
    captions: dict[int, int] = {}  # caption line -> table start
    for i in range(len(lines)):
        size = table_at(lines, i)
        if size:
            at = caption_index(lines, i, i + size)
            if at is not None:
                captions[at] = i
    i, seen_text = 0, not first_page
    while i < len(lines):
        raw = lines[i].rstrip()
        size = table_at(lines, i)
        if size:
            caption = next((plain(lines[c]) for c, t in captions.items() if t == i), "")
            doc.table(markdown_table(lines[i:i + size], caption))
            i += size
            continue
        i += 1
        if i - 1 in captions or not raw.strip():
            doc.end_paragraph()
            continue
        text = plain(raw)
        if markdown and raw.lstrip().startswith("#"):
            heading = text.lstrip("#").strip()
            if not seen_text and raw.lstrip().startswith("# "):
                doc.title(heading)
            else:
                doc.heading(heading)
        elif not markdown and not seen_text and len(text) < 150 and not text.endswith("."):
            doc.title(text)
        elif not markdown and TEXT_HEADING.match(text):
            doc.heading(text)
        else:
            marker = LIST_MARKER.match(raw) if markdown else None
            doc.line(plain(raw[marker.end():]) if marker else text, new_paragraph=bool(marker))
        seen_text = True


def extract_text_source(text: str, *, markdown: bool, arxiv_id: str = "", version: str | None = None) -> Extraction:
    """Passages of a `.txt` (markdown False) or `.md` (markdown True) source."""
    doc = DocumentText(arxiv_id, version)
    for number, page in enumerate(text.replace("\r\n", "\n").split("\f")):
        doc.start_page()
        add_text_page(doc, page, markdown, number == 0)
    return doc.finish()
