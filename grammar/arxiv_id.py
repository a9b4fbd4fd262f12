"""The one grammar of arXiv identifiers, for reports (`claims`) and for fetching and caching papers (`papers`).

Valid ids (ASCII digits only):

* new style, April 2007 on: `YYMM.NNNN` for 0704..1412, `YYMM.NNNNN` from 1501; the month is 01..12;
* old style, August 1991 to March 2007: `archive/YYMMNNN` or `archive.SC/YYMMNNN` (`hep-th/9901001`,
  `stat/0101001`, `math.GT/0309136`); the archive name is one of `OLD_ARCHIVES` (any case, written lower case);
* an optional version `v1`, `v2`, ... (`v0` and leading zeros are invalid);
* written bare, after an `arXiv:` prefix, or in an arxiv.org `/abs/`, `/pdf/`, `/html/` or `/format/` URL (scheme,
  `www.`/`export.` host, `.pdf` suffix and trailing slash optional).

`parse_arxiv_id` reads one identifier and raises `ArxivIdError` (with the reason) for anything else;
`find_arxiv_ids` finds every identifier in a text in one left-to-right pass (linear time), reporting id-shaped
text that breaks the rules as a match with an `error` rather than dropping it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OLD_ARCHIVES = frozenset(
    "acc-phys adap-org alg-geom ao-sci astro-ph atom-ph bayes-an chao-dyn chem-ph cmp-lg comp-gas cond-mat cs dg-ga "
    "funct-an gr-qc hep-ex hep-lat hep-ph hep-th math math-ph mtrl-th nlin nucl-ex nucl-th patt-sol physics "
    "plasm-ph q-alg q-bio q-fin quant-ph solv-int stat supr-con".split()
)
"""Archives whose papers had old-style ids (`archive/YYMMNNN`)."""
FIRST_NEW_STYLE = "0704"
FIVE_DIGITS_FROM = "1501"
OLD_STYLE_MONTHS = (199108, 200703)
"""First and last month (YYYYMM) of old-style ids."""
MAX_VERSION_DIGITS = 3
MAX_ID_CHARS = 200
"""`parse_arxiv_id` refuses longer input without looking further."""
EXAMPLES = "expected e.g. 2005.13013v2, hep-th/9901001 or an arxiv.org URL"

# The shape of an identifier, looser than the rules so that a near miss can be reported with its reason.
_TOKEN = (
    r"(?:[0-9]++\.[0-9]++"
    r"|[A-Za-z]++(?:-[A-Za-z]++)?(?:\.[A-Za-z]{2})?/[0-9]++)"
    r"(?:[vV][0-9]*+)?"
)
_SHAPE = re.compile(
    r"(?:(?P<yymm>[0-9]++)\.(?P<num>[0-9]++)"
    r"|(?P<archive>[A-Za-z]++(?:-[A-Za-z]++)?)(?:\.(?P<subject>[A-Za-z]{2}))?/(?P<oldnum>[0-9]++))"
    r"(?:[vV](?P<version>[0-9]*+))?",
    re.ASCII,
)
# Bare ids in text must look like ids on their own: four digits, a dot, four or five digits; or an archive name
# (checked against OLD_ARCHIVES after matching), a slash and digits.
_BARE = r"(?:[0-9]{4}\.[0-9]{4,5}|[A-Za-z]++(?:-[A-Za-z]++)?(?:\.[A-Za-z]{2})?/[0-9]++)(?:v[0-9]++)?"
_BARE_FORM = rf"(?<![\w./-])(?P<bare>{_BARE})(?![\w/]|\.[0-9])"
_URL_HEAD = r"(?:https?://)?(?:www\.|export\.)?arxiv\.org/(?:abs|pdf|html|format)/"
_FIND = re.compile(
    rf"(?<![\w-]){_URL_HEAD}(?P<url>{_TOKEN})(?:\.pdf)?/?"
    rf"|\barxiv[ \t]*+:[ \t]*+(?P<prefixed>{_TOKEN})"
    rf"|{_BARE_FORM}",
    re.IGNORECASE,
)
_FIND_BARE = re.compile(_BARE_FORM, re.IGNORECASE)
_HAS_DIGIT = re.compile(r"[0-9]")
_HAS_ARXIV = re.compile(r"arxiv", re.IGNORECASE)
_URL = re.compile(rf"{_URL_HEAD}(?P<rest>.*)", re.IGNORECASE | re.DOTALL)
_PREFIX = re.compile(r"arxiv[ \t]*+:[ \t]*+", re.IGNORECASE)
_VERSION = re.compile(r"[vV]?(?P<number>[0-9]++)")


class ArxivIdError(ValueError):
    """Text that is not a valid arXiv identifier. `reason` says what is wrong; `written` is the text (shortened)."""

    def __init__(self, reason: str, written: str = ""):
        self.reason = reason
        self.written = written[:80]
        super().__init__(str(self))

    def __str__(self) -> str:
        if not self.written.strip():
            return f"empty arXiv identifier ({self.reason})" if self.reason != "empty" else "empty arXiv identifier"
        return f"not an arXiv identifier: {self.written!r} ({self.reason})"


@dataclass(frozen=True)
class ParsedId:
    """A valid identifier: `id` is the bare id (`2005.13013`, `hep-th/9901001`), `version` e.g. `v2` or None."""

    id: str
    version: str | None = None

    @property
    def versioned(self) -> str:
        """The id with its version when it has one: `2005.13013v2`."""
        return f"{self.id}{self.version or ''}"


@dataclass(frozen=True)
class IdMatch:
    """An identifier found in text: where it was written and either the parsed id or why it is invalid."""

    start: int
    end: int
    written: str
    parsed: ParsedId | None
    error: ArxivIdError | None

    @property
    def arxiv_id(self) -> str | None:
        return self.parsed.id if self.parsed else None

    @property
    def version(self) -> str | None:
        return self.parsed.version if self.parsed else None


def find_arxiv_ids(text: str, *, bare: bool = True) -> list[IdMatch]:
    """Every identifier in `text`, in order, valid or not: arxiv.org URLs, `arXiv:` forms and (with `bare`) bare
    ids such as `2005.13013` or `hep-th/9901001`. One regular-expression pass, linear in the length of `text`."""
    if not _HAS_DIGIT.search(text):
        return []
    if _HAS_ARXIV.search(text):
        pattern = _FIND
    elif bare:
        pattern = _FIND_BARE  # the same matches without trying the URL and prefix forms at every position
    else:
        return []
    found: list[IdMatch] = []
    for match in pattern.finditer(text):
        token = match.group("url") or match.group("prefixed") if pattern is _FIND else None
        if token is None:
            token = match.group("bare")
            if not bare or ("/" in token and token.split("/")[0].split(".")[0].lower() not in OLD_ARCHIVES):
                continue
        try:
            parsed, error = _validate(token, match.group(0)), None
        except ArxivIdError as problem:
            parsed, error = None, problem
        found.append(IdMatch(match.start(), match.end(), match.group(0), parsed, error))
    return found


def parse_arxiv_id(text: str) -> ParsedId:
    """The identifier written as `text`: a bare id, an `arXiv:` form or an arxiv.org URL (surrounding spaces and
    `<...>` ignored; a URL may end in `.pdf`, `/`, `?query` or `#fragment`). Raises ArxivIdError otherwise."""
    if not isinstance(text, str):
        raise ArxivIdError(f"expected text, got {type(text).__name__}", repr(text))
    core = text.strip()
    if len(core) > MAX_ID_CHARS:
        raise ArxivIdError(f"longer than {MAX_ID_CHARS} characters", core)
    if core.startswith("<") and core.endswith(">"):
        core = core[1:-1].strip()
    if not core:
        raise ArxivIdError("empty", "")
    url = _URL.fullmatch(core)
    if url:
        token = url.group("rest").split("?", 1)[0].split("#", 1)[0].rstrip("/")
        if token.lower().endswith(".pdf"):
            token = token[:-4]
    else:
        prefix = _PREFIX.match(core)
        token = core[prefix.end():] if prefix else core
        if prefix and not token:
            raise ArxivIdError("nothing after the arXiv: prefix", core)
    return _validate(token, core)


def parse_version(text: str | None) -> str | None:
    """A version given on its own (`2`, `v2`, `V2`) as `v2`; None or blank stays None. Raises ArxivIdError."""
    if text is None or str(text).strip() == "":
        return None
    written = str(text).strip()
    match = _VERSION.fullmatch(written) if written.isascii() else None
    if not match:
        raise ArxivIdError("not an arXiv version (expected e.g. v2)", written)
    return _check_version(match.group("number"), written)


def _validate(token: str, written: str) -> ParsedId:
    """Check an id-shaped token against the rules; the ArxivIdError names the first rule broken."""
    shape = _SHAPE.fullmatch(token) if token.isascii() else None
    if shape is None:
        reason = "non-ASCII characters" if not token.isascii() else EXAMPLES
        raise ArxivIdError(reason, written)
    version = shape.group("version")
    checked = None if version is None else _check_version(version, written)
    if shape.group("yymm") is not None:
        return ParsedId(_new_style(shape.group("yymm"), shape.group("num"), written), checked)
    return ParsedId(_old_style(shape.group("archive"), shape.group("subject"), shape.group("oldnum"), written), checked)


def _new_style(yymm: str, number: str, written: str) -> str:
    if len(yymm) != 4:
        raise ArxivIdError(f"new-style ids have 4 digits (YYMM) before the dot, not {len(yymm)}", written)
    _check_month(yymm[2:], written)
    if yymm < FIRST_NEW_STYLE:
        raise ArxivIdError(f"new-style ids start at {FIRST_NEW_STYLE} (April 2007), not {yymm}", written)
    digits = 5 if yymm >= FIVE_DIGITS_FROM else 4
    if len(number) != digits:
        period = f"from {FIVE_DIGITS_FROM}" if digits == 5 else f"before {FIVE_DIGITS_FROM}"
        raise ArxivIdError(f"ids {period} have {digits} digits after the dot, not {len(number)}", written)
    if not number.strip("0"):
        raise ArxivIdError("paper numbers start at 1", written)
    return f"{yymm}.{number}"


def _old_style(archive: str, subject: str | None, number: str, written: str) -> str:
    name = archive.lower()
    if name not in OLD_ARCHIVES:
        raise ArxivIdError(f"{archive!r} is not an arXiv archive with old-style ids", written)
    if len(number) != 7:
        raise ArxivIdError(f"old-style ids have 7 digits (YYMMNNN) after the slash, not {len(number)}", written)
    _check_month(number[2:4], written)
    year = int(number[:2])
    month = (1900 + year if year >= 91 else 2000 + year) * 100 + int(number[2:4])
    first, last = OLD_STYLE_MONTHS
    if not first <= month <= last:
        period = f"{first % 10000:04d} to {last % 10000:04d}"
        raise ArxivIdError(f"old-style ids run from {period}, not {number[:4]}", written)
    if not number[4:].strip("0"):
        raise ArxivIdError("paper numbers start at 1", written)
    return f"{name}{'.' + subject.upper() if subject else ''}/{number}"


def _check_month(month: str, written: str) -> None:
    if not "01" <= month <= "12":
        raise ArxivIdError(f"month {month} is not 01-12", written)


def _check_version(number: str, written: str) -> str:
    if not number:
        raise ArxivIdError("a version needs a number after the v", written)
    if number.startswith("0"):
        raise ArxivIdError(f"versions start at v1 (v{number} is invalid)", written)
    if len(number) > MAX_VERSION_DIGITS:
        raise ArxivIdError(f"version v{number} has more than {MAX_VERSION_DIGITS} digits", written)
    return f"v{number}"
