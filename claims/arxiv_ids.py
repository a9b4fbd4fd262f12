"""Recognising arXiv identifiers in the forms reports write them.

Accepted: new-style ids (`2005.13013`, `2005.13013v2`), old-style ids (`hep-th/9901001`, `math.GT/0309136v1`),
`arXiv:` prefixes, and arxiv.org URLs (`/abs/`, `/pdf/`, `/html/`, `/format/`, with or without scheme, `.pdf`
suffix or `www.`/`export.` host). Pure functions; the `papers` package may use them too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_NEW_ID = r"(?P<new>\d{4}\.\d{4,5})"
# Archives that used old-style ids (YYMMNNN after the slash), e.g. `hep-th/9901001`, `math.GT/0309136`.
_ARCHIVES = (
    "acc-phys adap-org alg-geom ao-sci astro-ph atom-ph bayes-an chao-dyn chem-ph cmp-lg comp-gas cond-mat cs dg-ga "
    "funct-an gr-qc hep-ex hep-lat hep-ph hep-th math math-ph mtrl-th nlin nucl-ex nucl-th patt-sol physics "
    "plasm-ph q-alg q-bio q-fin quant-ph solv-int stat supr-con"
).split()
_ARCHIVE = "|".join(sorted((re.escape(name) for name in _ARCHIVES), key=len, reverse=True))
_OLD_ID = rf"(?P<old>(?:{_ARCHIVE})(?:\.[A-Za-z]{{2}})?/\d{{7}})"
_VERSION = r"(?P<version>v\d+)?"
_ID = rf"(?:{_NEW_ID}|{_OLD_ID}){_VERSION}"

_URL = re.compile(
    rf"(?:https?://)?(?:www\.|export\.)?arxiv\.org/(?:abs|pdf|html|format)/{_ID}(?:\.pdf)?/?",
    re.IGNORECASE,
)
_PREFIXED = re.compile(rf"\barxiv\s*:\s*{_ID}", re.IGNORECASE)
_BARE = re.compile(rf"(?<![\w./-]){_ID}(?![\w/]|\.\d)")


@dataclass(frozen=True)
class ArxivMatch:
    """One arXiv id found in text: the bare id, its version (or None), and where it was written."""

    arxiv_id: str
    version: str | None
    start: int
    end: int
    written: str


def _valid_new_id(new_id: str) -> bool:
    """A new-style id's first four digits are YYMM; the month must be 01..12."""
    month = int(new_id[2:4])
    return 1 <= month <= 12


def _normalise_old_id(old_id: str) -> str:
    """`HEP-TH/9901001` -> `hep-th/9901001`; a subject class keeps its capitals (`math.GT/0309136`)."""
    archive, number = old_id.split("/")
    name, dot, subject = archive.partition(".")
    return f"{name.lower()}{dot}{subject.upper()}/{number}"


def _from_match(match: re.Match[str]) -> ArxivMatch | None:
    new_id, old_id = match.group("new"), match.group("old")
    if new_id is not None and not _valid_new_id(new_id):
        return None
    arxiv_id = new_id or _normalise_old_id(old_id)
    version = match.group("version")
    return ArxivMatch(arxiv_id, version.lower() if version else None, match.start(), match.end(), match.group(0))


def find_arxiv_ids(text: str, *, bare: bool = True) -> list[ArxivMatch]:
    """Every arXiv id in `text`, in order: URLs first claim their span, then `arXiv:` forms, then bare ids.

    With `bare=False` only URLs and `arXiv:`-prefixed ids count (bare numbers in prose are too ambiguous there).
    """
    found: list[ArxivMatch] = []
    taken: list[tuple[int, int]] = []
    patterns = (_URL, _PREFIXED, _BARE) if bare else (_URL, _PREFIXED)
    for pattern in patterns:
        for match in pattern.finditer(text):
            if any(start < match.end() and match.start() < end for start, end in taken):
                continue
            item = _from_match(match)
            if item is not None:
                found.append(item)
                taken.append((item.start, item.end))
    return sorted(found, key=lambda item: item.start)


def parse_arxiv_id(text: str) -> tuple[str, str | None] | None:
    """`(id, version)` when `text` is one arXiv id, `arXiv:` id or arxiv.org URL (surrounding `<>` and spaces ignored)."""
    cleaned = text.strip().strip("<>").strip()
    matches = find_arxiv_ids(cleaned)
    if len(matches) != 1:
        return None
    only = matches[0]
    leftover = (cleaned[: only.start] + cleaned[only.end :]).strip(" .,;")
    if leftover:
        return None
    return only.arxiv_id, only.version


def canonical_abs_url(arxiv_id: str, version: str | None = None) -> str:
    """The arxiv.org abstract page for an id, e.g. `http://arxiv.org/abs/2005.13013v2`."""
    return f"http://arxiv.org/abs/{arxiv_id}{version or ''}"
