"""PDF claims tables drawn by reportlab (platypus `Table` with wrapping Paragraph cells), through `verifier parse`:
top-, centre- and bottom-aligned cells all parse to the right rows, also across page breaks (a wrapped line at the
foot of a page is part of its claim, not a running footer), and rows that cannot be aligned give an error finding."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.report_pdfs import ReportTableSpec, write_report_table_pdf
from verifier.cli import app

runner = CliRunner()
SHORT = ["SAT updates only 2.1% of the model parameters.", "The evaluation covers 24 low-resource pairs.",
         "Adapters are inserted after every layer."]


def long_claim(n: int) -> str:
    return (f"Claim {n} states that sparse adapter tuning improves BLEU by {n}.{n % 10} points over full fine-tuning "
            f"on the FLORES-200 devtest set for language pair number {n}.")


def rows_for(count: int, long_every: int = 2) -> list[tuple[str, str, str]]:
    rows = []
    for n in range(1, count + 1):
        text = long_claim(n) if n % long_every == 0 else SHORT[n % len(SHORT)].removesuffix(".") + f" (row {n})."
        rows.append((text, "yes" if n % 3 else "no", f"0.{10 + n}"))
    return rows


def parse_pdf(path: Path) -> dict:
    result = runner.invoke(app, ["parse", str(path)])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def facts(record: dict) -> list[tuple[str, bool, float]]:
    return [(c["text"], c["reported_verified"], c["reported_confidence"]) for c in record["claims"]]


def expected(rows: list[tuple[str, str, str]]) -> list[tuple[str, bool, float]]:
    return [(text, mark == "yes", float(confidence)) for text, mark, confidence in rows]


@pytest.mark.parametrize("valign", ["TOP", "MIDDLE", "BOTTOM"])
def test_wrapped_cells_parse_to_their_rows_whatever_the_alignment(tmp_path, valign):
    rows = rows_for(8)
    record = parse_pdf(write_report_table_pdf(tmp_path / f"{valign}.pdf", ReportTableSpec(rows=rows, valign=valign)))
    assert facts(record) == expected(rows)
    assert not [f for f in record["findings"] if f["code"] in ("unaligned_rows", "malformed_row")]
    assert record["report"]["stated"]["claims_extracted"] == len(rows)
    assert "count_mismatch" not in {f["code"] for f in record["findings"]}


@pytest.mark.parametrize("valign", ["TOP", "MIDDLE", "BOTTOM"])
def test_table_across_pages_keeps_wrapped_lines_at_the_foot_and_head_of_pages(tmp_path, valign):
    rows = rows_for(45, long_every=1)  # every claim wraps: the last row on each page has lines at the page foot
    path = write_report_table_pdf(tmp_path / "long.pdf", ReportTableSpec(rows=rows, valign=valign))
    record = parse_pdf(path)
    assert facts(record) == expected(rows)
    pages = [claim["page"] for claim in record["claims"]]
    assert pages[0] == 1 and pages[-1] >= 3  # the table runs over at least two page breaks
    assert not [f for f in record["findings"] if f["code"] in ("unaligned_rows", "malformed_row", "truncated_claim")]


def test_claim_line_is_where_its_text_starts(tmp_path):
    import pdfplumber

    rows = rows_for(6)
    path = write_report_table_pdf(tmp_path / "bottom.pdf", ReportTableSpec(rows=rows, valign="BOTTOM"))
    record = parse_pdf(path)
    with pdfplumber.open(path) as pdf:
        lines = [line["text"] for line in pdf.pages[0].extract_text_lines()]
    for claim in record["claims"]:
        assert lines[claim["line"] - 1].startswith(claim["text"][:30])


def test_rows_that_cannot_be_aligned_give_an_error_finding(tmp_path):
    """Bottom-aligned cells without padding: the lines of a cell and the rows are equally far apart, and every
    wrapped line could start a claim; the parser must say it could not tell, not splice rows silently."""
    rows = [("Short claim one.", "yes", "0.11"),
            ("Sparse adapter tuning reaches 18.9 BLEU on English-Nepali, which is a long claim that wraps in its cell "
             "Onto a line starting with a capital.", "no", "0.12"),
            ("Short claim three.", "yes", "0.13")]
    path = write_report_table_pdf(tmp_path / "tight.pdf", ReportTableSpec(rows=rows, valign="BOTTOM", padding=0.0))
    record = parse_pdf(path)
    unaligned = [f for f in record["findings"] if f["code"] == "unaligned_rows"]
    assert len(unaligned) == 1 and unaligned[0]["severity"] == "error"
    assert "claim 1" in unaligned[0]["message"] and unaligned[0]["page"] == 1
    assert len(record["claims"]) == 3


def test_unpadded_table_with_lower_case_continuations_needs_no_finding(tmp_path):
    """Without padding but with continuation lines that start in lower case, the rows are still certain."""
    rows = [("Short claim one.", "yes", "0.11"),
            ("Sparse adapter tuning reaches higher scores than full fine-tuning on the devtest set of every "
             "benchmark that was evaluated in the study, so this claim wraps onto lines in lower case.", "no", "0.12"),
            ("Short claim three.", "yes", "0.13")]
    path = write_report_table_pdf(tmp_path / "tight.pdf", ReportTableSpec(rows=rows, valign="TOP", padding=0.0))
    record = parse_pdf(path)
    assert facts(record) == expected(rows)
    assert "unaligned_rows" not in {f["code"] for f in record["findings"]}


def test_centred_cells_with_an_even_number_of_lines_put_the_marks_on_their_own_line(tmp_path):
    rows = [("Sparse adapter tuning reaches 18.9 BLEU on the English-Nepali devtest set of FLORES.", "yes", "0.31"),
            ("Short claim two.", "no", "0.12"),
            ("Adapters are inserted after every transformer layer of the model, which adds few parameters to it.",
             "yes", "0.44")]
    record = parse_pdf(write_report_table_pdf(tmp_path / "middle.pdf", ReportTableSpec(rows=rows, valign="MIDDLE")))
    assert facts(record) == expected(rows)
    assert not [f for f in record["findings"] if f["code"] in ("unaligned_rows", "malformed_row")]


def test_the_same_wrapped_tail_at_the_foot_of_several_pages_is_not_a_running_footer(tmp_path):
    """Claims of one template wrap to the same last line; at the foot of every page that line repeats, like a
    running foot would, but it sits at the line pitch inside the last row's cell."""
    rows = [(f"Claim {n:02d} states that sparse adapter tuning improves BLEU over full fine-tuning on the devtest "
             "set of the benchmark.", "yes" if n % 2 else "no", f"0.{10 + n}") for n in range(1, 61)]
    record = parse_pdf(write_report_table_pdf(tmp_path / "same.pdf", ReportTableSpec(rows=rows, valign="TOP")))
    assert facts(record) == expected(rows)
    assert record["claims"][-1]["page"] >= 3
