"""Typed records of a synthesis report: the JSON contract's `report`, `references`, `claims`, `findings`."""

from __future__ import annotations

from enum import Enum
from typing import Literal

from pydantic import BaseModel, Field


class Severity(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"


class Finding(BaseModel):
    """Something a reviewer should know about a report, anchored to a line where possible."""

    code: str = Field(description="Stable machine-readable code, e.g. `count_mismatch`.")
    severity: Severity
    message: str = Field(description="One sentence written for a reviewer.")
    line: int | None = Field(default=None, description="1-based line in the report source.")
    claim_index: int | None = Field(default=None, description="1-based index of the claim concerned, if any.")
    page: int | None = Field(default=None, description="1-based page for PDF reports (then `line` counts within it).")


class StatedCounts(BaseModel):
    """The counts a report states about itself in prose."""

    papers_retrieved: int | None = None
    claims_extracted: int | None = None
    claims_verified: int | None = None
    quality_score: float | None = None
    line: int | None = Field(default=None, description="Line of the sentence stating the claim counts.")


class Reference(BaseModel):
    """A cited arXiv paper, as written in the report."""

    arxiv_id: str | None = Field(description="Bare arXiv id without version, e.g. `2005.13013` or `hep-th/9901001`.")
    version: str | None = Field(default=None, description="Cited version such as `v2`, or null when unversioned.")
    url: str = Field(description="The reference exactly as written (URL or `arXiv:` form).")
    line: int
    page: int | None = Field(default=None, description="1-based page for PDF reports.")


class Claim(BaseModel):
    """One row of the report's claims table."""

    index: int = Field(description="1-based position in the claims table.")
    line: int = Field(description="1-based line of the row in the report source.")
    page: int | None = None
    text: str
    truncated: bool = Field(default=False, description="The generator cut the text (judge it on its visible part).")
    reported_verified: bool | None = Field(default=None, description="The report's own ✓ (true) / × (false) mark.")
    reported_confidence: float | None = None


class TableLayout(BaseModel):
    """Where and how the claims table is written, so it can be regenerated in place."""

    style: Literal["tsv", "pipe", "spaced"] = Field(
        description="`tsv` tab-separated, `pipe` markdown pipe table, `spaced` columns set apart by spaces (PDF text)."
    )
    columns: list[str] = Field(description="Header cells, in order, as written.")
    header_line: int
    separator_line: int | None = Field(default=None, description="The `|---|` line of a pipe table.")
    first_row_line: int | None = Field(default=None, description="Line of the first row (null for a header-only table).")
    last_row_line: int | None = Field(default=None, description="Line of the last row (null for a header-only table).")
    outer_pipes: bool = Field(default=True, description="Pipe table rows start and end with `|` (false for tsv).")
    claim_column: int = Field(default=0, description="0-based index of the claim text column.")
    mark_column: int | None = Field(default=None, description="0-based index of the ✓/× column, if any.")
    confidence_column: int | None = Field(default=None, description="0-based index of the confidence column, if any.")
    header_page: int | None = Field(default=None, description="PDF page of the header line.")
    last_row_page: int | None = Field(default=None, description="PDF page of the last row (tables may span pages).")


class Report(BaseModel):
    """A parsed synthesis report."""

    source: str = Field(description="Path as given by the user.")
    title: str | None = None
    date: str | None = Field(default=None, description="ISO date (YYYY-MM-DD) when one is stated.")
    examined_title: str | None = Field(default=None, description="Title of the paper the report says it examines.")
    research_question: str | None = None
    abstract: str | None = None
    stated: StatedCounts = Field(default_factory=StatedCounts)
    claims: list[Claim] = Field(default_factory=list)
    references: list[Reference] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    table: TableLayout | None = None
    pages: int | None = Field(default=None, description="Page count for PDF reports.")
    abstract_truncated: bool = Field(default=False, description="The abstract was cut by the generator.")
    section_lines: dict[str, int] = Field(
        default_factory=dict,
        description="1-based line of each part found: title, date, abstract, examined_title, research_question, "
        "stated, claims_table, references.",
    )
    section_pages: dict[str, int] = Field(default_factory=dict, description="PDF page of each part in `section_lines`.")
