"""The report parser on small hand-written reports: tables, marks, confidences, references, dates, line ends,
missing sections, malformed rows and the report findings."""

from __future__ import annotations

import pytest

from claims import ClaimsError, NotAReportError, parse_text, report_findings
from claims.cells import CellProblem, read_confidence, read_mark, split_pipe_row

HEAD = """Some Synthesis Title

Assignee Research

June 25, 2026

Abstract

A short abstract that ends properly.

1 Introduction

This paper examines: A Study of Things. Research question: Do things work?.

3 Results

2 papers retrieved. {claims} claims extracted; {verified} independently verified. Quality review score: 7.5/10.

5 Extracted Claims

"""
REFS = """
References

- <http://arxiv.org/abs/2005.13013v2>
"""


def report(table: str, claims: int = 2, verified: int = 1, refs: str = REFS) -> str:
    return HEAD.format(claims=claims, verified=verified) + table + "\n" + refs


def codes(parsed) -> list[str]:
    return sorted(finding.code for finding in parsed.findings)


@pytest.mark.parametrize(
    "table",
    [
        "| Claim | Verified | Confidence |\n|---|---|---|\n| Alpha holds. | ✓ | 0.40 |\n| Beta holds. | × | 0.10 |",
        "| Claim | Verified | Confidence |\n|-|-----------------|:-:|\n| Alpha holds. | ✓ | 0.40 |\n| Beta holds. | × | 0.10 |",
        "Claim | Verified | Confidence\n--- | :---: | ---:\nAlpha holds. | ✓ | 0.40\nBeta holds. | × | 0.10",
        "| Claim | Verified | Confidence\n|:--|--|--\n| Alpha holds. | ✓ | 0.40\n| Beta holds. | × | 0.10",
        "Claim\tVerified\tConfidence\nAlpha holds.\t✓\t0.40\nBeta holds.\t×\t0.10",
        "Claim\tVerified\tConfidence\nAlpha holds.\t✓\t0.40\t\nBeta holds.\t×\t0.10\t\t",
        "Claim\tVerified\tConfidence\t\nAlpha holds.\t✓\t0.40\nBeta holds.\t×\t0.10\t",
        "Claim\tVerified\tConfidence\nAlpha holds.\tyes\t40%\nBeta holds.\tno\t10 %",
    ],
    ids=["pipes", "odd-dashes", "no-outer-pipes", "leading-pipe-only", "tsv", "tsv-trailing-tabs", "tsv-header-trailing-tab",
         "tsv-yes-no-percent"],
)
def test_table_styles(table: str) -> None:
    parsed = parse_text(report(table), "r.txt")
    assert [(c.text, c.reported_verified, c.reported_confidence) for c in parsed.claims] == [
        ("Alpha holds.", True, 0.40),
        ("Beta holds.", False, 0.10),
    ]
    assert [c.line for c in parsed.claims] == [parsed.table.first_row_line, parsed.table.last_row_line]
    assert parsed.table.columns == ["Claim", "Verified", "Confidence"]
    assert codes(parsed) == []


def test_pipe_layout_is_exact() -> None:
    text = report("Claim | Verified | Confidence\n--- | --- | ---\nAlpha holds. | ✓ | 0.40\nBeta holds. | × | 0.10")
    parsed = parse_text(text)
    lines = text.split("\n")
    layout = parsed.table
    assert layout.style == "pipe" and layout.outer_pipes is False
    assert lines[layout.header_line - 1] == "Claim | Verified | Confidence"
    assert lines[layout.separator_line - 1] == "--- | --- | ---"
    assert lines[layout.first_row_line - 1].startswith("Alpha")
    assert lines[layout.last_row_line - 1].startswith("Beta")
    assert (layout.claim_column, layout.mark_column, layout.confidence_column) == (0, 1, 2)


def test_columns_found_by_name_in_any_order() -> None:
    table = "| # | Confidence | Claim | Verified? |\n|--|--|--|--|\n| 1 | 0.4 | Alpha holds. | true |\n| 2 | 0.1 | Beta holds. | FALSE |"
    parsed = parse_text(report(table))
    assert [(c.text, c.reported_verified, c.reported_confidence) for c in parsed.claims] == [
        ("Alpha holds.", True, 0.4), ("Beta holds.", False, 0.1)]
    assert (parsed.table.claim_column, parsed.table.mark_column, parsed.table.confidence_column) == (2, 3, 1)


def test_escaped_pipes_inside_claims() -> None:
    table = "| Claim | Verified | Confidence |\n|---|---|---|\n| F1 \\| EM is 80 \\| 70. | ✓ | 0.4 |\n| Path C:\\\\x holds. | × | 0.1 |"
    parsed = parse_text(report(table))
    assert [c.text for c in parsed.claims] == ["F1 | EM is 80 | 70.", "Path C:\\x holds."]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("✓", True), ("✔", True), ("☑", True), ("×", False), ("✗", False), ("✘", False), ("yes", True), ("No", False),
     ("TRUE", True), ("false", False), ("", None), (" **✓** ", True)],
)
def test_marks(cell: str, expected) -> None:
    assert read_mark(cell) is expected


@pytest.mark.parametrize(("cell", "expected"), [("0.19", 0.19), ("19%", 0.19), ("19 %", 0.19), (".5", 0.5), ("0,25", 0.25),
                                                ("1", 1.0), ("140%", 1.4), ("", None)])
def test_confidences(cell: str, expected) -> None:
    assert read_confidence(cell) == pytest.approx(expected) if expected is not None else read_confidence(cell) is None


@pytest.mark.parametrize("cell", ["high", "nan", "0.1.2", "1e5", "--"])
def test_bad_confidence_cells(cell: str) -> None:
    with pytest.raises(CellProblem):
        read_confidence(cell)


def test_split_pipe_row_reports_outer_pipes() -> None:
    assert split_pipe_row("| a | b |") == (["a", "b"], True)
    assert split_pipe_row("a | b") == (["a", "b"], False)
    assert split_pipe_row("| a \\| b | c |") == (["a | b", "c"], True)


def test_crlf_bom_and_trailing_spaces_keep_line_numbers() -> None:
    text = "\ufeff" + report("Claim\tVerified\tConfidence   \nAlpha holds.\t✓\t0.40   \nBeta holds.\t×\t0.10  ").replace("\n", "\r\n")
    parsed = parse_text(text)
    plain = parse_text(report("Claim\tVerified\tConfidence\nAlpha holds.\t✓\t0.40\nBeta holds.\t×\t0.10"))
    assert parsed.model_dump(exclude={"source"}) == plain.model_dump(exclude={"source"})
    assert parsed.title == "Some Synthesis Title"


def test_lone_carriage_returns_are_line_ends() -> None:
    parsed = parse_text(report("Claim\tVerified\tConfidence\nAlpha holds.\t✓\t0.40\nBeta holds.\t×\t0.10").replace("\n", "\r"))
    assert [c.text for c in parsed.claims] == ["Alpha holds.", "Beta holds."]
    assert parsed.claims[0].line == parsed.table.header_line + 1


@pytest.mark.parametrize(
    ("line", "iso"),
    [("June 25, 2026", "2026-06-25"), ("Jun 5 2026", "2026-06-05"), ("25 June 2026", "2026-06-25"),
     ("2026-06-25", "2026-06-25"), ("Date: 2026/06/25", "2026-06-25"), ("Sept. 3rd, 2025", "2025-09-03"),
     ("February 30, 2026", None)],
)
def test_dates(line: str, iso) -> None:
    text = report("Claim\tVerified\nAlpha holds.\t✓").replace("June 25, 2026", line)
    assert parse_text(text).date == iso


def test_examined_title_and_question_variants() -> None:
    text = report("Claim\tVerified\nAlpha holds.\t✓").replace(
        "This paper examines: A Study of Things. Research question: Do things work?.",
        "**This paper examines:** *Is Attention All You Need? A Reply*. More text follows here.\n\n**Research question:** Which heads matter?",
    )
    parsed = parse_text(text)
    assert parsed.examined_title == "Is Attention All You Need? A Reply"
    assert parsed.research_question == "Which heads matter?"
    lines = text.split("\n")
    assert "examines" in lines[parsed.section_lines["examined_title"] - 1]
    assert "Research question" in lines[parsed.section_lines["research_question"] - 1]


def test_markdown_headings_and_inline_abstract() -> None:
    text = (
        "# A Markdown Report\n\n**Abstract:** Short and complete.\n\n## Introduction\n\nThis paper examines: X Paper.\n\n"
        "## Claims\n\n| Claim | Verified |\n|---|---|\n| Alpha holds. | ✓ |\n\n## Sources\n\n* https://arxiv.org/html/2401.01234v1\n"
    )
    parsed = parse_text(text)
    assert parsed.title == "A Markdown Report"
    assert parsed.abstract == "Short and complete."
    assert parsed.examined_title == "X Paper"
    assert [(r.arxiv_id, r.version, r.url) for r in parsed.references] == [
        ("2401.01234", "v1", "https://arxiv.org/html/2401.01234v1")]


def test_reference_forms() -> None:
    refs = """
References

- <http://arxiv.org/abs/2104.07412v2>

https://arxiv.org/pdf/2306.12916.pdf
3. arXiv:hep-th/9901001v3
[4] Conneau et al. 2020, 1911.02116
- https://aclanthology.org/2020.acl-main.747
- Smith, J. An unpublished note.
Some prose in the references section without a reference.
"""
    parsed = parse_text(report("Claim\tVerified\nAlpha holds.\t✓", refs=refs))
    assert [(r.arxiv_id, r.version) for r in parsed.references] == [
        ("2104.07412", "v2"), ("2306.12916", None), ("hep-th/9901001", "v3"), ("1911.02116", None), (None, None), (None, None)]
    assert parsed.references[4].url == "https://aclanthology.org/2020.acl-main.747"
    assert parsed.references[5].url == "Smith, J. An unpublished note."
    text = report("Claim\tVerified\nAlpha holds.\t✓", refs=refs).split("\n")
    assert all(ref.url.split("/")[-1][:8] in text[ref.line - 1] for ref in parsed.references)


def test_references_without_a_section_are_found_in_the_text() -> None:
    text = report("Claim\tVerified\nAlpha holds.\t✓", refs="\nSee arXiv:2005.13013v2 for details.\n")
    parsed = parse_text(text)
    assert [(r.arxiv_id, r.version) for r in parsed.references] == [("2005.13013", "v2")]
    assert [f.severity.value for f in parsed.findings if f.message.startswith("no References section found")] == ["info"]


def test_missing_sections_become_null_with_findings() -> None:
    parsed = parse_text("Claim\tVerified\tConfidence\nAlpha holds.\t✓\t0.4\n")
    assert (parsed.title, parsed.date, parsed.abstract, parsed.examined_title, parsed.research_question) == (None,) * 5
    assert parsed.stated.claims_extracted is None and parsed.references == []
    missing = [f for f in parsed.findings if f.code == "missing_section"]
    assert len(missing) == 7 and all(f.line is None for f in missing)
    assert {f.severity.value for f in missing} == {"warning", "info"}


def test_report_without_claims_table() -> None:
    parsed = parse_text(HEAD.format(claims=3, verified=2) + REFS)
    assert parsed.claims == [] and parsed.table is None
    assert any(f.code == "missing_section" and f.severity.value == "error" for f in parsed.findings)
    assert "count_mismatch" not in codes(parsed)


def test_malformed_row_is_reported_and_the_rest_parsed() -> None:
    table = "| Claim | Verified | Confidence |\n|---|---|---|\n| Alpha holds. | ✓ | 0.4 |\n| Broken row | ✓ |\n| Beta holds. | × | 0.1 |"
    text = report(table, claims=2, verified=1)
    parsed = parse_text(text)
    assert [c.text for c in parsed.claims] == ["Alpha holds.", "Beta holds."]
    assert [c.index for c in parsed.claims] == [1, 2]
    bad = [f for f in parsed.findings if f.code == "malformed_row"]
    assert len(bad) == 1 and bad[0].severity.value == "error"
    assert text.split("\n")[bad[0].line - 1] == "| Broken row | ✓ |"
    assert "2 columns" in bad[0].message


def test_tsv_line_without_tabs_inside_the_table_is_malformed() -> None:
    table = "Claim\tVerified\tConfidence\nAlpha holds.\t✓\t0.4\nStray line without tabs\nBeta holds.\t×\t0.1"
    parsed = parse_text(report(table))
    assert [c.text for c in parsed.claims] == ["Alpha holds.", "Beta holds."]
    assert [f.line for f in parsed.findings if f.code == "malformed_row"] == [parsed.claims[0].line + 1]


def test_unreadable_cells_give_findings_not_errors() -> None:
    table = "Claim\tVerified\tConfidence\nAlpha holds.\tmaybe\t0.4\nBeta holds.\t×\thigh\nGamma holds.\t✓\t1.3"
    parsed = parse_text(report(table, claims=3, verified=1))
    assert [(c.reported_verified, c.reported_confidence) for c in parsed.claims] == [(None, 0.4), (False, None), (True, 1.3)]
    assert codes(parsed) == ["bad_confidence", "bad_confidence", "bad_mark"]


def test_count_mismatch_on_both_counts() -> None:
    parsed = parse_text(report("Claim\tVerified\nAlpha holds.\t✓\nBeta holds.\t×", claims=3, verified=2))
    mismatches = [f for f in parsed.findings if f.code == "count_mismatch"]
    assert len(mismatches) == 2 and all(f.severity.value == "error" for f in mismatches)
    assert "3 claims extracted" in mismatches[0].message and "has 2" in mismatches[0].message
    assert "2 claims verified" in mismatches[1].message and "marks 1" in mismatches[1].message
    assert mismatches[0].line == parsed.stated.line


def test_duplicates_need_same_numbers_and_names() -> None:
    rows = [
        "Training on SQuAD yields an improvement of 8.2 points on the development set.",
        "Training on MNLI yields an improvement of 7.5 points on the development set.",
        "Training on SQuAD yields an improvement of 8.2 points on the dev set.",
        "Something else entirely is stated here.",
    ]
    parsed = parse_text(report("Claim\tVerified\n" + "\n".join(f"{row}\t✓" for row in rows), claims=4, verified=4))
    duplicates = [f for f in parsed.findings if f.code == "duplicate_claim"]
    assert [(f.claim_index, f.line) for f in duplicates] == [(3, parsed.claims[2].line)]
    assert "repeats claim 1" in duplicates[0].message


def test_truncation_follows_the_report_style() -> None:
    cut = "A" + " long claim" * 11 + " that is cu"
    rows = [f"{cut}\t✓", "Short complete claim.\t✓", "Short claim cut after a comma,\t✓", "Another complete one.\t✓", "(A bracketed one.)\t✓"]
    parsed = parse_text(report("Claim\tVerified\n" + "\n".join(rows), claims=5, verified=5))
    assert [c.truncated for c in parsed.claims] == [True, False, True, False, False]
    severities = {f.claim_index: f.severity.value for f in parsed.findings if f.code == "truncated_claim"}
    assert severities == {1: "warning", 3: "info"}
    unpunctuated = parse_text(report("Claim\tVerified\nNo full stops here\t✓\nNone here either\t✓", claims=2, verified=2))
    assert [c.truncated for c in unpunctuated.claims] == [False, False]


def test_report_findings_recomputes_from_the_report() -> None:
    parsed = parse_text(report("Claim\tVerified\tConfidence\nAlpha holds.\t✓\t0.4\nBeta holds.\t×\t0.1", claims=5))
    parsed.claims[1].reported_confidence = 7.0
    found = report_findings(parsed)
    assert [f.code for f in found] == ["count_mismatch", "bad_confidence"]


def test_empty_and_non_reports_raise_claims_errors() -> None:
    with pytest.raises(ClaimsError, match="empty"):
        parse_text(" \n\t\n", "blank.txt")
    with pytest.raises(NotAReportError, match=r"^notes\.md: not a synthesis report"):
        parse_text("# Shopping list\n\n- eggs\n- milk\n", "notes.md")


def test_a_reference_cited_twice_is_a_duplicate_reference() -> None:
    refs = REFS + "\n- <http://arxiv.org/abs/2104.07412v2>\n\n- arXiv:2005.13013v2\n- <http://arxiv.org/abs/2005.13013v1>\n"
    parsed = parse_text(report("Claim\tVerified\tConfidence\nAlpha holds.\t✓\t0.40\nBeta holds.\t×\t0.10", refs=refs))
    (finding,) = [f for f in parsed.findings if f.code == "duplicate_reference"]
    first, again = [r.line for r in parsed.references if (r.arxiv_id, r.version) == ("2005.13013", "v2")]
    assert finding.line == again and f"line {first}" in finding.message and finding.severity.value == "info"
    assert len(parsed.references) == 4  # every reference is still listed, as written
