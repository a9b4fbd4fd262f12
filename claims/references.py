"""Reading the reference list: `<url>` bullets, bare URLs, `arXiv:ID`, old-style ids, with or without versions.

Ids are read with the shared grammar (`grammar.arxiv_id`). An id-shaped citation that breaks its rules
(`arXiv:2401.0123`) is kept as a reference with `arxiv_id` null and gives a `malformed_reference` error saying why.
"""

from __future__ import annotations

import re

from claims.document import Section, SourceLine
from claims.limits import shorten
from claims.models import Finding, Reference, Severity
from grammar.arxiv_id import IdMatch, find_arxiv_ids

_URL = re.compile(r"<?(?P<url>(?:https?://|www\.)[^\s<>]+)>?")
_BULLET = re.compile(r"^\s*(?:[-*+•]|\d+[.)]|\[\d+\])\s+(?P<rest>\S.*)$")


def read_references(sections: list[Section], problems: list[Finding]) -> tuple[list[Reference], SourceLine | None]:
    """References listed under a References/Bibliography/Sources heading, and that heading's line. Malformed ids
    are added to `problems`."""
    references: list[Reference] = []
    heading: SourceLine | None = None
    for section in sections:
        if section.name != "references":
            continue
        heading = heading or section.heading
        for source in section.lines:
            references.extend(references_in_line(source, problems, listed=True))
    return references, heading


def references_in_text(lines: list[SourceLine], skip: set[tuple[int, int | None]],
                       problems: list[Finding]) -> list[Reference]:
    """arXiv references written anywhere (URLs and `arXiv:` ids only, malformed ones included), for reports without
    a reference list."""
    found: list[Reference] = []
    for source in lines:
        if (source.line, source.page) not in skip:
            found.extend(references_in_line(source, problems, listed=False))
    return found


def references_in_line(source: SourceLine, problems: list[Finding], *, listed: bool) -> list[Reference]:
    """The references on one line. In a reference list (`listed`) bare ids count, and a bullet with no
    recognisable id or URL is kept with `arxiv_id` null so it can be reported as not found. Outside a list only
    URLs and `arXiv:` forms count. A malformed id is kept with `arxiv_id` null and reported in `problems`."""
    text = source.text.strip()
    if not text:
        return []
    refs: list[Reference] = []
    seen: set[tuple[str | None, str | None]] = set()
    for match in find_arxiv_ids(text, bare=listed):
        if match.error is not None:
            problems.append(malformed_reference(match, source))
        elif (match.arxiv_id, match.version) in seen:
            continue
        else:
            seen.add((match.arxiv_id, match.version))
        refs.append(Reference(arxiv_id=match.arxiv_id, version=match.version, url=match.written.rstrip("/"),
                              line=source.line, page=source.page))
    if refs or not listed:
        return refs
    url = _URL.search(text)
    if url:
        written = url.group("url").rstrip(".,;)")
        return [Reference(arxiv_id=None, url=written, line=source.line, page=source.page)]
    bullet = _BULLET.match(text)
    if bullet:
        return [Reference(arxiv_id=None, url=bullet.group("rest").strip(), line=source.line, page=source.page)]
    return []


def malformed_reference(match: IdMatch, source: SourceLine) -> Finding:
    """The `malformed_reference` error for an id-shaped citation that breaks the arXiv id rules."""
    reason = match.error.reason if match.error else "not an arXiv identifier"
    return Finding(code="malformed_reference", severity=Severity.error, line=source.line, page=source.page,
                   message=f"reference {shorten(match.written)!r} is not a valid arXiv identifier: {reason}")
