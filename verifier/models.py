"""The audit result: exactly the JSON contract's per-report object (schema_version 1), plus added fields."""

from __future__ import annotations

from typing import Literal, get_args

from pydantic import BaseModel, Field

from claims.models import Finding, StatedCounts

Verdict = Literal["supported", "partial", "contradicted", "unsupported", "unverifiable"]
VERDICTS: tuple[str, ...] = get_args(Verdict)
"""The one list of verdicts, in the order renderers show them."""
VERDICT_DOCS: dict[str, str] = {
    "supported": "The sources state the claim (a truncated claim is judged on its visible part).",
    "partial": "Part of the claim is stated; the rest is absent from the sources.",
    "contradicted": "The sources state something incompatible: another number, the opposite direction, another entity.",
    "unsupported": "Nothing in the available sources states the claim.",
    "unverifiable": "No source text was available at all, so the claim was not checked (confidence null).",
}
"""One line per verdict for README, `--help` and SARIF rule descriptions (keys are exactly `VERDICTS`)."""
DEFAULT_FAILING_VERDICTS: tuple[str, ...] = ("contradicted",)
"""Verdicts in the gate's default `fail-on` list."""
ReferenceStatus = Literal["resolved", "not_found", "unavailable"]


class ReportInfo(BaseModel):
    source: str
    title: str | None = None
    date: str | None = None
    examined_title: str | None = None
    research_question: str | None = None
    stated: StatedCounts = Field(default_factory=StatedCounts)


class ReferenceResult(BaseModel):
    arxiv_id: str | None
    version: str | None = None
    url: str
    status: ReferenceStatus | None = Field(default=None, description="Null until papers are resolved (`verifier parse`).")
    title: str | None = None
    line: int | None = None


class Evidence(BaseModel):
    arxiv_id: str
    version: str | None = None
    page: int
    quote: str
    lexical: float = Field(ge=0.0, le=1.0)
    semantic: float = Field(ge=0.0, le=1.0)
    section: str | None = None


class Replication(BaseModel):
    """What rerunning the experiment said about a claim (`verifier audit --replication FILE`)."""

    label: Literal["replicated", "not_replicated", "inconclusive"]
    explanation: str


class ClaimResult(BaseModel):
    index: int
    line: int
    page: int | None = None
    text: str
    truncated: bool = False
    reported_verified: bool | None = None
    reported_confidence: float | None = None
    verdict: Verdict | None = None
    confidence: float | None = Field(default=None, ge=0.0, le=1.0,
                                     description="Calibrated confidence in the verdict; null for `unverifiable`.")
    evidence: list[Evidence] = Field(default_factory=list)
    agrees_with_report: bool | None = Field(
        default=None, description="The report's mark matches our verdict; null without a mark or when `unverifiable`.")
    explanation: str | None = Field(default=None, description="One sentence a reviewer can act on.")
    replication: Replication | None = Field(default=None, description="Set only when a replication result was given.")


class Audit(BaseModel):
    schema_version: Literal[1] = 1
    report: ReportInfo
    references: list[ReferenceResult] = Field(default_factory=list)
    claims: list[ClaimResult] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
