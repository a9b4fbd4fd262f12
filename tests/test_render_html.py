"""The HTML page without a browser: self-contained, escaped, one row per claim, findings before claims."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from sample_audits import pipe_case, tsv_case

from verifier.errors import VerifierError
from verifier.render import render_audits
from verifier.render.html import highlight


class PageScan(HTMLParser):
    """Collects tags, attributes and text of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def scan(page: str) -> PageScan:
    parser = PageScan()
    parser.feed(page)
    return parser


def test_page_is_self_contained():
    page = render_audits([tsv_case()[1], pipe_case()[1]], "html")
    tags = scan(page).tags
    assert not [a for t, a in tags if "src" in a], "nothing may be loaded from elsewhere"
    assert not [a for t, a in tags if t == "link"]
    assert any(t == "meta" and a.get("http-equiv") == "Content-Security-Policy" and "default-src 'none'" in a["content"]
               for t, a in tags)
    hrefs = [a["href"] for t, a in tags if t == "a"]
    assert all(h.startswith("#report-") or h.startswith("https://arxiv.org/pdf/") for h in hrefs)


def test_one_row_per_claim_with_verdict_and_findings_first():
    audit = tsv_case()[1]
    page = render_audits([audit], "html")
    rows = [a for t, a in scan(page).tags if t == "tr" and a.get("class") == "claim"]
    assert [r["data-verdict"] for r in rows] == [c.verdict for c in audit.claims]
    assert [r["data-agrees"] for r in rows] == [str(c.agrees_with_report).lower() for c in audit.claims]
    assert page.index('class="findings"') < page.index('class="claims"')
    filters = [a["value"] for t, a in scan(page).tags if t == "input" and a.get("class") == "verdict-filter"]
    assert filters == ["supported", "partial", "contradicted", "unsupported", "unverifiable"]


def test_all_report_text_is_escaped():
    report, audit = tsv_case()
    audit.claims[0].text = '<script>alert("x")</script>'
    audit.claims[0].explanation = "<img src=x onerror=alert(1)>"
    audit.report.title = "</title><script>bad()</script>"
    page = render_audits([audit], "html")
    assert page.count("<script>") == 1  # only the page's own script
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert not [a for t, a in scan(page).tags if t == "img"]


def test_highlight_marks_shared_runs_and_escapes():
    marked = highlight("the MNLI set has 392,702 <b>examples</b> of text", "MNLI contains 392,702 examples.")
    assert marked == "the <mark>MNLI</mark> set has <mark>392,702</mark> &lt;b&gt;<mark>examples</mark>&lt;/b&gt; of text"
    assert highlight("a of an", "a of an") == "a of an"


def test_unknown_format_is_a_user_error():
    with pytest.raises(VerifierError, match="unknown output format 'pdf'"):
        render_audits([tsv_case()[1]], "pdf")
