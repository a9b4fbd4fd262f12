"""One strict parser for arXiv identifiers, from any of the forms reports cite them in."""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict

from papers.errors import PapersError

# New style (April 2007 on): YYMM.NNNN (to Dec 2014) or YYMM.NNNNN (from Jan 2015), optional vN.
NEW_STYLE = r"(?P<new>(?P<yymm>\d{2}(?:0[1-9]|1[0-2]))\.(?P<num>\d{4,5}))"
# Old style: archive(.SUBJECT)/YYMMNNN, e.g. hep-th/9901001, math.GT/0309136, cs/0112017.
OLD_STYLE = r"(?P<old>(?P<archive>[a-z]+(?:-[a-z]+)?)(?:\.(?P<subject>[A-Z]{2}))?/(?P<oldnum>\d{2}(?:0[1-9]|1[0-2])\d{3}))"
VERSION = r"(?:v(?P<version>[1-9]\d{0,2}))?"
ID_PATTERN = re.compile(rf"(?:{NEW_STYLE}|{OLD_STYLE}){VERSION}")
URL_PREFIX = re.compile(
    r"^(?:https?://)?(?:www\.|export\.)?arxiv\.org/(?:abs|pdf|html)/", re.IGNORECASE
)
ARXIV_PREFIX = re.compile(r"^arxiv:\s*", re.IGNORECASE)
OLD_ARCHIVES = frozenset(
    "acc-phys adap-org alg-geom ao-sci astro-ph atom-ph bayes-an chao-dyn chem-ph cmp-lg comp-gas cond-mat cs "
    "dg-ga funct-an gr-qc hep-ex hep-lat hep-ph hep-th math math-ph mtrl-th nlin nucl-ex nucl-th patt-sol "
    "physics plasm-ph q-alg q-bio quant-ph solv-int supr-con".split()
)


class ArxivId(BaseModel):
    """A parsed arXiv identifier: `id` is the bare id ("2005.13013", "hep-th/9901001"), `version` e.g. "v2"."""

    model_config = ConfigDict(frozen=True)

    id: str
    version: str | None = None

    @property
    def versioned(self) -> str:
        """The id with its version when it has one: "2005.13013v2"."""
        return f"{self.id}{self.version or ''}"

    @property
    def filename_stem(self) -> str:
        """A file-name-safe stem: only [A-Za-z0-9._-], never a path separator ("hep-th_9901001v1")."""
        return self.versioned.replace("/", "_")

    @property
    def bare_stem(self) -> str:
        """`filename_stem` without the version."""
        return self.id.replace("/", "_")

    def with_version(self, version: str | None) -> ArxivId:
        """The same paper at another version (None: unversioned)."""
        return ArxivId(id=self.id, version=version)

    def __str__(self) -> str:
        return self.versioned


def strip_forms(text: str) -> str:
    """Remove the URL or `arXiv:` wrapper and a trailing `.pdf` or slash around an id."""
    core = text.strip()
    core = URL_PREFIX.sub("", core)
    core = ARXIV_PREFIX.sub("", core)
    core = core.split("?", 1)[0].split("#", 1)[0].rstrip("/")
    if core.lower().endswith(".pdf"):
        core = core[:-4]
    return core


def parse_arxiv_id(text: str) -> ArxivId:
    """Parse an arXiv id from a bare id, `arXiv:` form or arxiv.org abs/pdf/html URL; raise PapersError otherwise."""
    if not isinstance(text, str) or not text.strip():
        raise PapersError("empty arXiv identifier")
    core = strip_forms(text)
    match = ID_PATTERN.fullmatch(core)
    if not match or (match["archive"] and match["archive"] not in OLD_ARCHIVES):
        shown = text.strip()[:80]
        raise PapersError(f"not an arXiv identifier: {shown!r} (expected e.g. 2005.13013v2, hep-th/9901001 or an arxiv.org URL)")
    if match["new"]:
        digits = 5 if match["yymm"] >= "1501" else 4
        if match["yymm"] < "0704" or len(match["num"]) != digits:
            raise PapersError(
                f"not an arXiv identifier: {text.strip()[:80]!r} (new-style ids start at 0704; YYMM.NNNN before 2015, YYMM.NNNNN from 2015)"
            )
        bare = match["new"]
    else:
        subject = f".{match['subject']}" if match["subject"] else ""
        bare = f"{match['archive']}{subject}/{match['oldnum']}"
    version = f"v{match['version']}" if match["version"] else None
    return ArxivId(id=bare, version=version)


def parse_version(text: str | None) -> str | None:
    """Normalise a version given separately ("2", "v2", "V2") to "v2"; None stays None."""
    if text is None or str(text).strip() == "":
        return None
    match = re.fullmatch(r"[vV]?([1-9]\d{0,2})", str(text).strip())
    if not match:
        raise PapersError(f"not an arXiv version: {text!r} (expected e.g. v2)")
    return f"v{match[1]}"
