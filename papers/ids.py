"""arXiv identifiers for `papers`: the `ArxivId` record over the shared grammar in `grammar.arxiv_id`."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from grammar.arxiv_id import ArxivIdError
from grammar.arxiv_id import parse_arxiv_id as parse_id
from grammar.arxiv_id import parse_version as parse_version_text
from papers.errors import PapersError


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


def parse_arxiv_id(text: str) -> ArxivId:
    """Parse an arXiv id from a bare id, `arXiv:` form or arxiv.org abs/pdf/html/format URL; raise PapersError
    (saying why) otherwise."""
    try:
        parsed = parse_id(text)
    except ArxivIdError as error:
        raise PapersError(str(error)) from None
    return ArxivId(id=parsed.id, version=parsed.version)


def parse_version(text: str | None) -> str | None:
    """Normalise a version given separately ("2", "v2", "V2") to "v2"; None stays None."""
    try:
        return parse_version_text(text)
    except ArxivIdError as error:
        raise PapersError(str(error)) from None
