"""Typed records for cited papers and their page-anchored passages."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, Field

PaperStatus = Literal["resolved", "not_found", "unavailable"]
PassageKind = Literal["text", "table", "figure", "reference", "footnote"]


class TableCell(BaseModel):
    """One value of a table row with the path of its column header (spanning levels first)."""

    column: list[str] = Field(default_factory=list, description='Header path, e.g. ["Target tasks", "Avg."].')
    value: str = Field(description='The printed value with its sign and exponent, e.g. "+8.3", "2.3·10^19".')
    bbox: tuple[float, float, float, float] | None = Field(
        default=None, description="x0, top, x1, bottom in PDF points from the page's top-left corner.")


class TableRowRecord(BaseModel):
    """One data row of a table: the table's number and caption, the row's label path and its cells."""

    number: str | None = Field(default=None, description='The table number as printed ("3"), when captioned.')
    caption: str = ""
    row: list[str] = Field(default_factory=list, description='Row label path (group first), e.g. ["No MLM", "QQP"].')
    cells: list[TableCell] = Field(default_factory=list)
    page: int = Field(default=0, description="1-based page number (0 when the source has no pages).")
    bbox: tuple[float, float, float, float] | None = Field(default=None, description="The row's box on the page.")


EVIDENCE_KINDS: frozenset[str] = frozenset({"text", "table"})
"""The passage kinds that can support or contradict a claim (figure text, references and footnotes cannot)."""


class Passage(BaseModel):
    """A sentence (or one table row with its caption and headers) of a paper, anchored to a page."""

    arxiv_id: str
    version: str | None = None
    page: int = Field(description="1-based page number.")
    section: str | None = Field(default=None, description="Heading of the section the passage is in.")
    kind: PassageKind = Field(
        default="text",
        description="text: body sentences (and the sentences of a table's caption after its label, which carry "
                    "`table`); table: a table row; figure: text inside a figure (axis ticks, legends); reference: an "
                    "entry of the references list; footnote: a footnote. Only text and table are evidence for a "
                    "claim.")
    text: str
    start: int = Field(default=0, description="Character offset of the passage in its page's extracted text.")
    end: int = 0
    table: TableRowRecord | None = Field(
        default=None, description="For a table row: its structure; for a sentence of a table's caption: its "
                                  "table's number, caption and page (no row, no cells).")

    @property
    def caption_sentence(self) -> bool:
        """A sentence of a table's caption after its label ("Best results in bold."): a text passage that carries
        its table's record."""
        return self.kind == "text" and self.table is not None

    @property
    def table_material(self) -> bool:
        """A table's row or a sentence of its caption (the engine weighs both as table evidence)."""
        return self.kind == "table" or self.caption_sentence


class Paper(BaseModel):
    """A cited paper: metadata, the status of the cited version, and its passages."""

    arxiv_id: str = Field(description="Bare id without version.")
    version: str | None = Field(default=None, description="The version whose passages are in `passages`.")
    status: PaperStatus
    title: str | None = None
    authors: list[str] = Field(default_factory=list)
    published: str | None = None
    updated: str | None = None
    primary_category: str | None = None
    abstract: str | None = None
    versions: list[str] = Field(default_factory=list, description="Versions known to exist, e.g. ['v1', 'v2'].")
    pages: int = 0
    passages: list[Passage] = Field(default_factory=list)
    other_versions: dict[str, list[Passage]] = Field(
        default_factory=dict,
        description="Passages of other versions (at least the latest, when it differs from the cited one).",
    )
    message: str | None = Field(default=None, description="Why the paper is not_found or unavailable.")
    source: str | None = Field(default=None, description="Where the text came from: an arxiv.org PDF URL or a local file path.")
    cited_version: str | None = Field(
        default=None,
        description="Set only when another version stood in for the cited one: the version the citation names, "
                    "while `version` is the one whose text was used (a local source of that version was all there was).",
    )


class PaperMetadata(BaseModel):
    """What the arXiv API says about a paper (its latest version)."""

    arxiv_id: str = Field(description="Bare id without version.")
    title: str
    authors: list[str] = Field(default_factory=list)
    published: str | None = None
    updated: str | None = None
    primary_category: str | None = None
    abstract: str | None = None
    latest: str = Field(description="The latest version, e.g. 'v2'.")
    pdf_url: str | None = Field(default=None, description="PDF URL of the latest version.")

    @property
    def versions(self) -> list[str]:
        """All versions, v1 up to the latest (arXiv keeps every version)."""
        return [f"v{n}" for n in range(1, int(self.latest[1:]) + 1)]

    def pdf_url_for(self, version: str) -> str:
        """The PDF URL of `version`: the latest one's URL with the version replaced."""
        base = self.pdf_url or f"https://arxiv.org/pdf/{self.arxiv_id}{self.latest}"
        if re.search(r"v\d+$", base):
            return re.sub(r"v\d+$", version, base)
        return base + version
