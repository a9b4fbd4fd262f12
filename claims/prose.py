"""Reading the report's prose: title, date, abstract, examined title, research question and stated counts.

Each reader takes the report's sections (table rows already removed) and returns the value with the source line
it came from, or None when the report does not state it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from claims.document import SECTION_NAMES, Paragraph, Section, SourceLine, heading_name, paragraphs, squash_spaces
from claims.models import StatedCounts

_MONTHS = {
    name: number
    for number, names in enumerate(
        (("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
         ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"),
         ("november", "nov"), ("december", "dec")),
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DATE_FORMS = (
    re.compile(r"\b(?P<year>\d{4})-(?P<mon>\d{1,2})-(?P<day>\d{1,2})\b"),
    re.compile(r"\b(?P<year>\d{4})/(?P<mon>\d{1,2})/(?P<day>\d{1,2})\b"),
    re.compile(rf"\b{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})\b", re.IGNORECASE),
    re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH},?\s+(?P<year>\d{{4}})\b", re.IGNORECASE),
)
_EXAMINES = re.compile(
    r"(?:(?:this|the)\s+(?:paper|report|study|synthesis)\s+examines|examined\s+paper|paper\s+examined)\s*[*_]*\s*:\s*[*_]*\s*",
    re.IGNORECASE,
)
_QUESTION = re.compile(r"(?:research\s+question|\bRQ)\s*[*_]*\s*:\s*[*_]*\s*", re.IGNORECASE)
_SENTENCE_END = re.compile(r"\.\s+(?=[A-Z])")
_INLINE_ABSTRACT = re.compile(r"^\s*[*_]*abstract[*_]*\s*[:.\-—]\s*[*_]*\s*(?P<text>\S.*)$", re.IGNORECASE)
_TITLE_PREFIX = re.compile(r"^\s*(?:#{1,6}\s+)?[*_]*\s*(?:title\s*:\s*)?", re.IGNORECASE)
_COUNT = r"(?P<n>\d[\d,]*)"
_PAPERS = (re.compile(rf"{_COUNT}\s+papers?\s+(?:were\s+)?retrieved", re.I), re.compile(rf"yielded\s+{_COUNT}\s+papers?", re.I))
_CLAIMS = (re.compile(rf"{_COUNT}\s+claims?\s+(?:were\s+)?extracted", re.I),)
_VERIFIED = (re.compile(rf"{_COUNT}\s+(?:claims?\s+)?(?:were\s+)?(?:independently\s+)?verified", re.I),)
_QUALITY = (
    re.compile(r"quality(?:\s+review)?\s+score(?:\s+of|\s+was|\s*:)?\s*(?P<n>\d+(?:\.\d+)?)\s*(?:/\s*10\b|out\s+of\s+10)", re.I),
)
_MAX_TITLE = 300


@dataclass(frozen=True)
class Found:
    """A value read from the prose and where it was."""

    value: str
    at: SourceLine


def prose_paragraphs(sections: list[Section], *, exclude: tuple[str, ...] = ("references",)) -> list[Paragraph]:
    """Paragraphs of every section except `exclude`, in document order."""
    return [para for section in sections if section.name not in exclude for para in paragraphs(section.lines)]


def read_title(lines: list[SourceLine], occupied: set[tuple[int, int | None]]) -> Found | None:
    """The first non-blank line, unless it is a known section heading, a date, or a table line."""
    for source in lines:
        text = source.text.strip()
        if not text:
            continue
        if (source.line, source.page) in occupied or heading_name(text) in SECTION_NAMES.values():
            return None
        if read_date_in(text) is not None and not _without_dates(text):
            continue
        title = squash_spaces(_TITLE_PREFIX.sub("", text)).strip("*_ ").rstrip("#").strip()
        return Found(title, source) if title and len(title) <= _MAX_TITLE else None
    return None


def _without_dates(text: str) -> str:
    """`text` with every date removed (and a leading `Date:` label), to tell a date line from a title."""
    for form in _DATE_FORMS:
        text = form.sub("", text)
    return re.sub(r"(?i)^\W*date\W*", "", text).strip(" *_,.")


def read_date_in(text: str) -> str | None:
    """The first valid date in `text` as ISO `YYYY-MM-DD`, or None."""
    for form in _DATE_FORMS:
        for match in form.finditer(text):
            parts = match.groupdict()
            month = _MONTHS[parts["month"].lower()] if parts.get("month") else int(parts["mon"])
            try:
                return date(int(parts["year"]), month, int(parts["day"])).isoformat()
            except ValueError:
                continue
    return None


def read_date(sections: list[Section], lines: list[SourceLine]) -> Found | None:
    """The report's date: searched in the part before the first known section, then in the first 40 lines."""
    front: list[SourceLine] = []
    for section in sections:
        if section.name in SECTION_NAMES.values():
            break
        front.extend(([section.heading] if section.heading else []) + section.lines)
    for source in front + lines[:40]:
        found = read_date_in(source.text)
        if found:
            return Found(found, source)
    return None


def read_abstract(sections: list[Section]) -> Found | None:
    """The abstract section's text (paragraphs joined), or an inline `Abstract: ...` line."""
    for section in sections:
        if section.name == "abstract":
            parts = paragraphs(section.lines)
            if parts:
                return Found(" ".join(part.text for part in parts), parts[0].starts[0][1])
    for section in sections:
        for source in section.lines:
            inline = _INLINE_ABSTRACT.match(source.text)
            if inline:
                return Found(squash_spaces(inline.group("text")), source)
    return None


def read_examined_title(paras: list[Paragraph]) -> Found | None:
    """X in "This paper examines: X." (up to "Research question:" or the end of the sentence)."""
    for para in paras:
        label = _EXAMINES.search(para.text)
        if not label:
            continue
        rest = para.text[label.end():]
        question = _QUESTION.search(rest)
        if question:
            rest = rest[: question.start()]
        else:
            end = _SENTENCE_END.search(rest)
            rest = rest[: end.start()] if end else rest
        title = _clean_phrase(rest)
        if title:
            return Found(title, para.line_at(label.start()))
    return None


def read_research_question(paras: list[Paragraph]) -> Found | None:
    """The text after "Research question:" to the end of its paragraph."""
    for para in paras:
        label = _QUESTION.search(para.text)
        if label:
            question = _clean_phrase(para.text[label.end():])
            if question:
                return Found(question, para.line_at(label.start()))
    return None


def _clean_phrase(text: str) -> str:
    """Trim spaces, emphasis, quotes and trailing full stops ("...tasks?." -> "...tasks?")."""
    cleaned = squash_spaces(text).strip("*_ ")
    cleaned = cleaned.strip("\"'“”‘’").strip()
    while cleaned.endswith("."):
        cleaned = cleaned[:-1].rstrip()
    return cleaned.strip("*_\"'“”‘’ ")


def read_stated_counts(sections: list[Section]) -> tuple[StatedCounts, SourceLine | None]:
    """The counts the report states about itself (Results section first, then anywhere in the prose), and the line
    of the first one found (the claim counts when stated)."""
    ordered = sorted(sections, key=lambda section: section.name != "results")
    paras = prose_paragraphs(ordered, exclude=("references", "claims"))
    stated = StatedCounts()
    first: SourceLine | None = None
    for field_name, patterns in (("claims_extracted", _CLAIMS), ("claims_verified", _VERIFIED), ("papers_retrieved", _PAPERS), ("quality_score", _QUALITY)):
        found = _first_number(paras, patterns)
        if found is not None:
            value, source = found
            setattr(stated, field_name, float(value) if field_name == "quality_score" else int(value.replace(",", "")))
            first = first or source
    stated.line = first.line if first else None
    return stated, first


def _first_number(paras: list[Paragraph], patterns: tuple[re.Pattern[str], ...]) -> tuple[str, SourceLine] | None:
    for pattern in patterns:
        for para in paras:
            match = pattern.search(para.text)
            if match:
                return match.group("n"), para.line_at(match.start())
    return None
