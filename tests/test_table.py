"""`regenerate_table`: goldens for both table styles, byte-identical text outside the table, the report's own
mark vocabulary and number format, corrected counts sentence, line endings kept."""

from __future__ import annotations

import pytest
from golden_files import assert_matches_golden
from sample_audits import PIPE_REPORT, TSV_REPORT, VERDICTS_TSV, build_audit, build_report, pipe_case, tsv_case

from verifier.errors import VerifierError
from verifier.render.claims_table import regenerate_table, render_table_only, split_lines


def outside_table(text: str, report) -> list[tuple[str, str]]:
    """Every line (with its ending) outside the table and the counts sentence, by position."""
    skip = set(range(report.table.header_line, report.table.last_row_line + 1)) | {report.stated.line}
    return [(n, pair) for n, pair in enumerate(split_lines(text), start=1) if n not in skip]


@pytest.mark.parametrize("with_evidence", [False, True])
def test_tsv_golden(with_evidence):
    report, audit = tsv_case()
    out = regenerate_table(TSV_REPORT, report, audit, with_evidence)
    assert_matches_golden(out, f"sample-tsv{'.evidence' if with_evidence else ''}.table.txt")
    assert outside_table(out, report) == outside_table(TSV_REPORT, report)


@pytest.mark.parametrize("with_evidence", [False, True])
def test_pipe_golden(with_evidence):
    report, audit = pipe_case()
    out = regenerate_table(PIPE_REPORT, report, audit, with_evidence)
    assert_matches_golden(out, f"sample-pipe{'.evidence' if with_evidence else ''}.table.md")
    assert outside_table(out, report) == outside_table(PIPE_REPORT, report)


def test_marks_follow_verdicts_and_confidence_is_ours():
    report, audit = tsv_case()
    lines = regenerate_table(TSV_REPORT, report, audit, False).split("\n")
    for claim in audit.claims:
        text, mark, confidence = lines[claim.line - 1].split("\t")
        assert text == claim.text
        assert mark == ("✓" if claim.verdict == "supported" else "×")
        assert confidence == f"{claim.confidence:.2f}"


def test_counts_sentence_is_corrected():
    report, audit = tsv_case()
    out = regenerate_table(TSV_REPORT, report, audit, False)
    assert "13 papers retrieved. 4 claims extracted; 2 independently verified. Quality" in out
    assert "3 independently verified" not in out


def test_pipe_row_keeps_escaped_pipes_and_header_gets_evidence_columns():
    report, audit = pipe_case()
    lines = regenerate_table(PIPE_REPORT, report, audit, True).split("\n")
    assert lines[report.table.header_line - 1] == "| Claim | Verified | Confidence | Verdict | Paper | Page | Quote |"
    assert lines[report.table.separator_line - 1] == "|---|----------|------------|---|---|---|---|"
    row = lines[report.claims[1].line - 1]
    assert row.startswith("| XLM-R \\| mBERT comparison shows XLM-R wins on average by 5.4 points. | × | 0.70 | contradicted |")
    assert row.count("|") - row.count("\\|") == 8


def test_crlf_bom_and_trailing_spaces_survive():
    text = "\ufeff" + TSV_REPORT.replace("\n", "\r\n").replace("Assignee Research", "Assignee Research  ") + "\r\n"
    report = build_report(text, "r.txt")
    audit = build_audit(report, VERDICTS_TSV)
    out = regenerate_table(text, report, audit, True)
    assert out.startswith("\ufeff") and out.endswith("\r\n") and "Assignee Research  \r\n" in out
    assert out.count("\r\n") == text.count("\r\n") and "\n" not in out.replace("\r\n", "")
    assert outside_table(out, report) == outside_table(text, report)


def test_report_vocabulary_and_percent_format_are_kept():
    text = TSV_REPORT.replace("\t✓\t0.19", "\tyes\t19%").replace("\t×\t0.09", "\tno\t9%") \
        .replace("\t✓\t0.15", "\tyes\t15%").replace("\t✓\t0.21", "\tyes\t21%")
    report, audit = tsv_case()
    out = regenerate_table(text, report, audit, False)
    rows = out.split("\n")[report.table.first_row_line - 1 : report.table.last_row_line]
    assert [r.split("\t")[1:] for r in rows] == [["yes", "91%"], ["yes", "88%"], ["no", "83%"], ["no", "40%"]]


def test_parser_column_indices_win_over_header_names():
    text = TSV_REPORT.replace("Claim\tVerified\tConfidence", "Statement\tOK?\tP")
    report, audit = tsv_case()
    report.table = report.table.model_copy(update={"columns": ["Statement", "OK?", "P"], "mark_column": 1, "confidence_column": 2})
    out = regenerate_table(text, report, audit, False)
    assert out.split("\n")[report.claims[2].line - 1].endswith("\t×\t0.83")


def test_table_only_for_sources_that_are_not_text():
    report, audit = pipe_case()
    out = render_table_only(report, audit, with_evidence=False)
    assert out.splitlines()[:2] == ["| Claim | Verified | Confidence |", "| --- | --- | --- |"]
    assert out.splitlines()[3] == "| XLM-R \\| mBERT comparison shows XLM-R wins on average by 5.4 points. | × | 0.70 |"
    spaced = report.model_copy(update={"table": report.table.model_copy(update={"style": "spaced", "separator_line": None})})
    assert render_table_only(spaced, audit).splitlines()[1].endswith("\t✓\t0.77")


def test_no_table_is_a_user_error():
    report, audit = tsv_case()
    with pytest.raises(VerifierError, match="no claims table"):
        regenerate_table(TSV_REPORT, report.model_copy(update={"table": None}), audit, False)


def test_split_lines_round_trips():
    for text in ["", "a", "a\n", "a\r\nb\rc\n\nd", "\n\n"]:
        assert "".join(body + end for body, end in split_lines(text)) == text
