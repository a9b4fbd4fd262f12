"""Reading the report's prose: title, date, abstract, examined title, research question and stated counts.

Each reader takes the report's sections (table rows already removed) and returns the value with the source line
it came from, or None when the report does not state it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import claims.limits
from claims.document import SECTION_NAMES, Paragraph, Section, SourceLine, heading_name, paragraphs, squash_spaces
from claims.models import Finding, Severity, StatedCounts
from grammar.lexicon import MONTHS

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DATE_FORMS = (
    re.compile(r"\b(?P<year>\d{4})-(?P<mon>\d{1,2})-(?P<day>\d{1,2})\b"),
    re.compile(r"\b(?P<year>\d{4})/(?P<mon>\d{1,2})/(?P<day>\d{1,2})\b"),
    re.compile(rf"\b{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})\b", re.IGNORECASE),
    re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH},?\s+(?P<year>\d{{4}})\b", re.IGNORECASE),
)
_EXAMINES = re.compile(
    r"(?:(?:this|the)\s++(?:paper|report|study|synthesis)\s++examines|examined\s++paper|paper\s++examined)"
    r"\s*+[*_]*+\s*+:\s*+[*_]*+\s*+",
    re.IGNORECASE,
)
_QUESTION = re.compile(r"(?:research\s++question|\bRQ)\s*+[*_]*+\s*+:\s*+[*_]*+\s*+", re.IGNORECASE)
_SENTENCE_END = re.compile(r"\.\s+(?=[A-Z])")
_INLINE_ABSTRACT = re.compile(r"^\s*[*_]*abstract[*_]*\s*[:.\-—]\s*[*_]*\s*(?P<text>\S.*)$", re.IGNORECASE)
_TITLE_PREFIX = re.compile(r"^\s*(?:#{1,6}\s+)?[*_]*\s*(?:title\s*:\s*)?", re.IGNORECASE)
# A count starts where a run of digits and commas starts (the lookbehind after the first digit) and takes the whole
# run without giving any back (possessive), so a long run of digits is scanned once, not once per starting digit.
_COUNT = r"(?P<n>\d(?<![\d,]\d)[\d,]*+)"
_PAPERS = (re.compile(rf"{_COUNT}\s++papers?\s++(?:were\s++)?retrieved", re.I),
           re.compile(rf"yielded\s++{_COUNT}\s++papers?", re.I))
_CLAIMS = (re.compile(rf"{_COUNT}\s++claims?\s++(?:were\s++)?extracted", re.I),)
_VERIFIED = (re.compile(rf"{_COUNT}\s++(?:claims?\s++)?(?:were\s++)?(?:independently\s++)?verified", re.I),)
_QUALITY = (
    re.compile(r"quality(?:\s++review)?\s++score(?:\s++of|\s++was|\s*+:)?\s*+(?P<n>\d++(?:\.\d++)?+)\s*+"
               r"(?:/\s*+10\b|out\s++of\s++10)", re.I),
)
_KEYWORDS: dict[re.Pattern[str], tuple[str, ...]] = {
    _EXAMINES: ("examine",), _QUESTION: ("question", "rq"), _PAPERS[0]: ("retrieved",), _PAPERS[1]: ("yielded",),
    _CLAIMS[0]: ("extracted",), _VERIFIED[0]: ("verified",), _QUALITY[0]: ("quality",),
}
"""Words (case-folded) without which a pattern cannot match: a paragraph lacking them is not searched."""
_MAX_TITLE = 300
_DIGIT = re.compile(r"\d")


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
    if not _DIGIT.search(text):
        return None
    for form in _DATE_FORMS:
        for match in form.finditer(text):
            parts = match.groupdict()
            month = MONTHS[parts["month"].lower()] if parts.get("month") else int(parts["mon"])
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
        label = _search(_EXAMINES, para.text)
        if not label:
            continue
        rest = para.text[label.end():]
        question = _search(_QUESTION, rest)
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
        label = _search(_QUESTION, para.text)
        if label:
            question = _clean_phrase(para.text[label.end():])
            if question:
                return Found(question, para.line_at(label.start()))
    return None


def _clean_phrase(text: str) -> str:
    """Trim spaces, emphasis, quotes and trailing full stops ("...tasks?." -> "...tasks?")."""
    cleaned = squash_spaces(text).strip("*_ ")
    cleaned = cleaned.strip("\"'“”‘’").strip().rstrip(" .")
    return cleaned.strip("*_\"'“”‘’ ")


def read_stated_counts(sections: list[Section], problems: list[Finding]) -> tuple[StatedCounts, SourceLine | None]:
    """The counts the report states about itself (Results section first, then anywhere in the prose), and the line
    of the first one found (the claim counts when stated). A count too long to be real is left unset and reported
    in `problems` as `number_too_large`."""
    ordered = sorted(sections, key=lambda section: section.name != "results")
    paras = prose_paragraphs(ordered, exclude=("references", "claims"))
    stated = StatedCounts()
    first: SourceLine | None = None
    for field_name, patterns in (("claims_extracted", _CLAIMS), ("claims_verified", _VERIFIED), ("papers_retrieved", _PAPERS), ("quality_score", _QUALITY)):
        found = _first_number(paras, patterns)
        if found is not None:
            value, source = found
            number = _stated_number(value, field_name, source, problems)
            if number is not None:
                setattr(stated, field_name, number)
            first = first or source
    stated.line = first.line if first else None
    return stated, first


def _first_number(paras: list[Paragraph], patterns: tuple[re.Pattern[str], ...]) -> tuple[str, SourceLine] | None:
    for pattern in patterns:
        for para in paras:
            match = _search(pattern, para.text)
            if match:
                return match.group("n"), para.line_at(match.start())
    return None


def _stated_number(value: str, field_name: str, at: SourceLine, problems: list[Finding]) -> int | float | None:
    """The stated number as int (counts) or float (the quality score); None, with a `number_too_large` finding,
    when it has more digits than `LIMITS.max_number_digits` (no real count does; Python refuses to convert
    integers of over 4,300 digits and large floats become infinite)."""
    digits = sum(char.isdigit() for char in value.split(".")[0])
    most = claims.limits.LIMITS.max_number_digits
    if digits > most:
        label = field_name.replace("_", " ")
        problems.append(Finding(code="number_too_large", severity=Severity.warning, line=at.line, page=at.page,
                                message=f"stated {label} has {digits:,} digits, more than the {most} a real count "
                                        "may have; value ignored"))
        return None
    return float(value) if field_name == "quality_score" else int(value.replace(",", ""))


@lru_cache(maxsize=4)
def _folded(text: str) -> str:
    return text.casefold()


def _search(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    """`pattern.search(text)`, answered None at once when `text` lacks every word the pattern needs (`_KEYWORDS`):
    a substring test runs at C speed, while a case-insensitive pattern is tried at every position of the text."""
    words = _KEYWORDS.get(pattern)
    if words and not any(word in _folded(text) for word in words):
        return None
    return pattern.search(text)
