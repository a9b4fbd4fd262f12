"""Render audits for people and machines: JSON (the contract), Markdown, HTML, JUnit XML, GitHub annotations."""

from __future__ import annotations

from verifier.errors import VerifierError
from verifier.escaping import json_text
from verifier.models import Audit
from verifier.render.annotations import github_annotations, print_github_annotations

FORMATS: tuple[str, ...] = ("json", "md", "html", "junit")
CHECK_FORMATS: tuple[str, ...] = ("text", "json", "junit", "sarif")
"""What `verifier check --format` writes: the gate's lines, its JSON record, JUnit XML or SARIF 2.1.0."""

__all__ = ["FORMATS", "github_annotations", "print_github_annotations", "render_audits", "render_json"]


def render_json(audits: list[Audit], many: bool | None = None) -> str:
    """The contract's JSON: one object for one report, an array when `many` (default: more than one audit)."""
    records = [audit.model_dump(mode="json") for audit in audits]
    many = len(audits) != 1 if many is None else many or not audits
    return json_text(records if many else records[0]) + "\n"


def render_audits(audits: list[Audit], fmt: str, many: bool | None = None, gate=None) -> str:
    """`audits` as `fmt` (json, md, html or junit). `many` forces a JSON array (e.g. a folder of one report);
    `gate` (a `GateResult`) decides which JUnit test cases fail (default: the default gate policy)."""
    if fmt == "json":
        return render_json(audits, many)
    if not audits:
        raise VerifierError(f"nothing to render as {fmt}: no report was audited")
    if fmt == "md":
        from verifier.render.markdown import render_markdown

        return render_markdown(audits)
    if fmt == "html":
        from verifier.render.html import render_html

        return render_html(audits)
    if fmt == "junit":
        from verifier.render.junit import render_junit

        return render_junit(audits, gate)
    raise VerifierError(f"unknown output format {fmt!r} (choose one of {', '.join(FORMATS)})")
