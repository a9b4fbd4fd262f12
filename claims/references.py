"""Reading the reference list: `<url>` bullets, bare URLs, `arXiv:ID`, old-style ids, with or without versions."""

from __future__ import annotations

import re

from claims.arxiv_ids import find_arxiv_ids
from claims.document import Section, SourceLine
from claims.models import Reference

_URL = re.compile(r"<?(?P<url>(?:https?://|www\.)[^\s<>]+)>?")
_BULLET = re.compile(r"^\s*(?:[-*+•]|\d+[.)]|\[\d+\])\s+(?P<rest>\S.*)$")


def read_references(sections: list[Section]) -> tuple[list[Reference], SourceLine | None]:
    """References listed under a References/Bibliography/Sources heading, and that heading's line."""
    references: list[Reference] = []
    heading: SourceLine | None = None
    for section in sections:
        if section.name != "references":
            continue
        heading = heading or section.heading
        for source in section.lines:
            references.extend(references_in_line(source, listed=True))
    return references, heading


def references_in_text(lines: list[SourceLine], skip: set[tuple[int, int | None]]) -> list[Reference]:
    """arXiv references written anywhere (URLs and `arXiv:` ids only), for reports without a reference list."""
    found: list[Reference] = []
    for source in lines:
        if (source.line, source.page) not in skip:
            found.extend(ref for ref in references_in_line(source, listed=False) if ref.arxiv_id)
    return found


def references_in_line(source: SourceLine, *, listed: bool) -> list[Reference]:
    """The references on one line. In a reference list (`listed`) bare ids count, and a bullet with no
    recognisable id or URL is kept with `arxiv_id` null so it can be reported as not found."""
    text = source.text.strip()
    if not text:
        return []
    refs: list[Reference] = []
    seen: set[tuple[str, str | None]] = set()
    for match in find_arxiv_ids(text, bare=listed):
        if (match.arxiv_id, match.version) in seen:
            continue
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
