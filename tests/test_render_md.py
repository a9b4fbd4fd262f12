"""Markdown rendering: golden files plus structural checks (links, escaping, one section per claim)."""

from __future__ import annotations

import re

from golden_files import assert_matches_golden
from sample_audits import pipe_case, tsv_case

from verifier.models import Evidence
from verifier.render import render_audits
from verifier.render.markdown import escape_md


def test_markdown_golden_one_report():
    assert_matches_golden(render_audits([tsv_case()[1]], "md"), "sample-tsv.md")


def test_markdown_golden_two_reports():
    assert_matches_golden(render_audits([tsv_case()[1], pipe_case()[1]], "md"), "two-reports.md")


def test_markdown_has_summary_then_every_claim_with_page_links():
    audit = tsv_case()[1]
    text = render_audits([audit], "md")
    assert text.index("## Summary") < text.index("## Findings") < text.index("## Claims")
    headings = re.findall(r"^### (\d+)\. (\w+) \((\d\.\d\d)\) — line (\d+)$", text, flags=re.M)
    assert [(int(i), v, float(c), int(line)) for i, v, c, line in headings] == [
        (c.index, c.verdict, c.confidence, c.line) for c in audit.claims
    ]
    links = re.findall(r"\]\((https://arxiv\.org/pdf/[^)]+)\)", text)
    expected = [f"https://arxiv.org/pdf/{e.arxiv_id}{e.version}#page={e.page}" for c in audit.claims for e in c.evidence]
    assert links == expected and len(links) == 3


def test_markdown_escapes_html_and_table_syntax():
    audit = tsv_case()[1]
    claim = audit.claims[0]
    claim.text = "A <script>alert(1)</script> claim | with *stars* and [link](x)"
    claim.evidence = [Evidence(arxiv_id="2005.13013", page=2, quote="<img src=x>", lexical=0.1, semantic=0.2)]
    text = render_audits([audit], "md")
    assert "<" not in text, "every < must be an entity"
    assert "&lt;script&gt;" in text and "\\|" in text and "\\*stars\\*" in text and "\\[link\\](x)" in text
    assert "(https://arxiv.org/pdf/2005.13013#page=2)" in text


def test_escape_md_flattens_newlines():
    assert escape_md("two\nlines\r\nhere_") == "two lines here\\_"
