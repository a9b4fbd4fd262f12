"""A report as numbered lines, split into headed sections and paragraphs. Pure functions, no I/O."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import claims.limits
from claims.errors import ClaimsError

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

# Heading numbering such as `2.`, `3.1`, `IV)` followed by spaces. Possessive, so it never backtracks; headings
# are otherwise read by plain string scanning (linear time on any line).
_NUMBERING = re.compile(r"(?:\d++(?:\.\d++)*+|[IVX]++)[.)]?\s++")
_NAME = re.compile(r"[A-Za-z][A-Za-z ]*+")
_EMPHASIS = ("**", "__")


@dataclass(frozen=True)
class SourceLine:
    """One line of the report: its text (trailing spaces removed), 1-based line number and PDF page (or None).
    For PDF text also where the line sits on its page: `top` and `bottom` in points from the page's top edge."""

    text: str
    line: int
    page: int | None = None
    top: float | None = None
    bottom: float | None = None


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


def split_lines(text: str, source: str = "<text>") -> list[SourceLine]:
    """Number the lines of `text` (CRLF and lone CR count as line ends; trailing spaces dropped; BOM removed).
    A line longer than `LIMITS.max_line_chars` is a ClaimsError naming it."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = [SourceLine(raw.rstrip(" \u00a0"), number) for number, raw in enumerate(text.split("\n"), start=1)]
    check_line_lengths(lines, source)
    return lines


def check_line_lengths(lines: list[SourceLine], source: str) -> None:
    """Refuse a report with a line over `LIMITS.max_line_chars` characters (no report writes such lines)."""
    limit = claims.limits.LIMITS.max_line_chars
    for line in lines:
        if len(line.text) > limit:
            raise ClaimsError(
                f"line is {len(line.text):,} characters long, more than the {limit:,} a report line may have",
                path=source, line=line.line,
            )


def heading_name(text: str) -> str | None:
    """The canonical section name when `text` is a heading line, the heading text for an unknown markdown heading,
    else None."""
    markdown = _markdown_heading(text)
    if markdown is not None:
        name = markdown.strip().strip("*_").strip().rstrip(":").strip()
        return SECTION_NAMES.get(name.lower(), name.lower() or "heading")
    plain = _plain_heading(text)
    if plain is not None:
        return SECTION_NAMES.get(" ".join(plain.lower().split()))
    return None


def _markdown_heading(text: str) -> str | None:
    """The text of an ATX heading (`## 2. Results ##`): up to three spaces, one to six `#`, whitespace, optional
    numbering; closing `#`s and spaces removed. None when `text` is not one."""
    body = text.lstrip()
    indent = len(text) - len(body)
    hashes = len(body) - len(body.lstrip("#"))
    if indent > 3 or text[:indent].strip() or not 1 <= hashes <= 6 or not body[hashes:hashes + 1].isspace():
        return None
    rest = body[hashes:].lstrip()
    numbering = _NUMBERING.match(rest)
    if numbering:
        rest = rest[numbering.end():]
    return rest.rstrip().rstrip("#").rstrip()


def _plain_heading(text: str) -> str | None:
    """The name of a plain heading line (`Results`, `**2. Methods:**`, `IV) Discussion`): letters and spaces with
    optional numbering, emphasis and colon. None when `text` is not one."""
    body = text.strip()
    if body.startswith(_EMPHASIS):
        body = body[2:].lstrip()
    numbering = _NUMBERING.match(body)
    for start in ((numbering.end(), 0) if numbering else (0,)):
        name = _NAME.match(body, start)
        if name and _heading_tail(body[name.end():]):
            return name.group(0)
    return None


def _heading_tail(rest: str) -> bool:
    """`rest` is what may follow a plain heading's name: spaces, a colon, closing emphasis, a colon."""
    rest = rest.lstrip()
    rest = rest[1:].lstrip() if rest.startswith(":") else rest
    rest = rest[2:].lstrip() if rest.startswith(_EMPHASIS) else rest
    rest = rest[1:].lstrip() if rest.startswith(":") else rest
    return not rest


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
