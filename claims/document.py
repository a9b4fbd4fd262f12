"""A report as numbered lines, split into headed sections and paragraphs. Pure functions, no I/O."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

SECTION_NAMES: dict[str, str] = {
    "abstract": "abstract",
    "summary": "abstract",
    "introduction": "introduction",
    "background": "introduction",
    "methodology": "methodology",
    "methods": "methodology",
    "method": "methodology",
    "results": "results",
    "findings": "results",
    "limitations": "limitations",
    "discussion": "discussion",
    "conclusion": "conclusion",
    "conclusions": "conclusion",
    "extracted claims": "claims",
    "claims": "claims",
    "claims table": "claims",
    "key claims": "claims",
    "references": "references",
    "bibliography": "references",
    "sources": "references",
    "cited papers": "references",
    "works cited": "references",
}
"""Heading text (lower case) -> canonical section name."""

_NUMBERING = r"(?:(?:\d+(?:\.\d+)*|[IVX]+)[.)]?\s+)?"
_PLAIN_HEADING = re.compile(
    rf"^\s*(?:\*\*|__)?\s*{_NUMBERING}(?P<name>[A-Za-z][A-Za-z ]*?)\s*:?\s*(?:\*\*|__)?\s*:?\s*$"
)
_MARKDOWN_HEADING = re.compile(rf"^\s{{0,3}}(?P<hashes>#{{1,6}})\s+{_NUMBERING}(?P<name>.*?)\s*#*\s*$")


@dataclass(frozen=True)
class SourceLine:
    """One line of the report: its text (trailing spaces removed), 1-based line number and PDF page (or None)."""

    text: str
    line: int
    page: int | None = None


@dataclass
class Section:
    """A headed part of the report. `lines` excludes the heading itself; `name` is canonical or the heading text."""

    name: str
    heading: SourceLine | None
    lines: list[SourceLine] = field(default_factory=list)


@dataclass(frozen=True)
class Paragraph:
    """Consecutive non-blank lines joined by single spaces, with the line each character came from."""

    text: str
    starts: tuple[tuple[int, SourceLine], ...]

    def line_at(self, offset: int) -> SourceLine:
        """The source line holding character `offset` of `text`."""
        chosen = self.starts[0][1]
        for start, source in self.starts:
            if start > offset:
                break
            chosen = source
        return chosen


def split_lines(text: str) -> list[SourceLine]:
    """Number the lines of `text` (CRLF and lone CR count as line ends; trailing spaces dropped; BOM removed)."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return [SourceLine(raw.rstrip(" \u00a0"), number) for number, raw in enumerate(text.split("\n"), start=1)]


def heading_name(text: str) -> str | None:
    """The canonical section name when `text` is a heading line, the heading text for an unknown markdown heading,
    else None."""
    markdown = _MARKDOWN_HEADING.match(text)
    if markdown:
        name = markdown.group("name").strip().strip("*_").strip().rstrip(":").strip()
        return SECTION_NAMES.get(name.lower(), name.lower() or "heading")
    plain = _PLAIN_HEADING.match(text)
    if plain:
        return SECTION_NAMES.get(" ".join(plain.group("name").lower().split()))
    return None


def split_sections(lines: list[SourceLine], skip: frozenset[tuple[int, int | None]] = frozenset()) -> list[Section]:
    """Cut the report at heading lines. The part before the first heading is the section `front`.
    Lines whose (line, page) is in `skip` (table rows) never count as headings."""
    sections = [Section("front", None)]
    for source in lines:
        name = None if (source.line, source.page) in skip else heading_name(source.text)
        if name is None:
            sections[-1].lines.append(source)
        else:
            sections.append(Section(name, source))
    return sections


def paragraphs(lines: list[SourceLine]) -> list[Paragraph]:
    """Group lines into paragraphs at blank lines (PDF text has none, so a PDF section is one paragraph)."""
    groups: list[list[SourceLine]] = [[]]
    for source in lines:
        if source.text.strip():
            groups[-1].append(source)
        elif groups[-1]:
            groups.append([])
    return [_join(group) for group in groups if group]


def _join(group: list[SourceLine]) -> Paragraph:
    parts: list[str] = []
    starts: list[tuple[int, SourceLine]] = []
    offset = 0
    for source in group:
        piece = " ".join(source.text.split())
        if not piece:
            continue
        if parts:
            offset += 1
        starts.append((offset, source))
        parts.append(piece)
        offset += len(piece)
    return Paragraph(" ".join(parts), tuple(starts))


def squash_spaces(text: str) -> str:
    """Collapse runs of whitespace to one space and trim the ends."""
    return " ".join(text.split())
