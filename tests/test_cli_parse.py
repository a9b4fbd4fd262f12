"""`verifier parse` through typer's CliRunner: output formats, -o, exit codes, one-line errors for bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claims import parse_text
from verifier.cli import app

EXAMPLES = Path(__file__).resolve().parents[1] / "reports" / "examples"
TSV_REPORT = EXAMPLES / "sparse_adapters_synthesis.txt"
MD_REPORT = EXAMPLES / "multilingual_pretraining_synthesis.md"
runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, ["parse", *map(str, args)])


def assert_one_line_errors(result, *fragments: str) -> None:
    lines = result.stderr.strip().split("\n")
    assert len(lines) == len(fragments), result.stderr
    for line, fragment in zip(lines, fragments):
        assert line.startswith("error: ") and fragment in line, line
    assert "Traceback" not in result.output


def test_json_for_one_report() -> None:
    result = run(TSV_REPORT)
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert record["schema_version"] == 1
    assert set(record) >= {"report", "references", "claims", "findings"}
    assert record["report"]["source"] == str(TSV_REPORT)
    assert record["report"]["stated"]["claims_extracted"] == 12
    assert len(record["claims"]) == 12
    first = record["claims"][0]
    assert (first["verdict"], first["confidence"], first["agrees_with_report"], first["evidence"]) == (None, None, None, [])
    assert first["reported_verified"] is True and first["reported_confidence"] == 0.31
    assert [ref["status"] for ref in record["references"]] == [None, None]
    assert {f["code"] for f in record["findings"]} == {"truncated_claim", "duplicate_claim"}
    assert result.stderr == ""


def test_folder_gives_a_json_array() -> None:
    result = run(EXAMPLES)
    assert result.exit_code == 0, result.output
    records = json.loads(result.stdout)
    assert isinstance(records, list) and len(records) == 3
    assert [Path(r["report"]["source"]).name for r in records] == sorted(
        ["multilingual_pretraining_synthesis.md", "sparse_adapters_synthesis.txt", "vocabulary_transfer_brief.md"])


def test_two_files_give_a_json_array() -> None:
    result = run(TSV_REPORT, MD_REPORT)
    assert result.exit_code == 0
    assert [len(r["claims"]) for r in json.loads(result.stdout)] == [12, 11]


@pytest.mark.parametrize("fmt", ["tsv", "md"])
def test_table_formats_parse_back(fmt: str) -> None:
    result = runner.invoke(app, ["parse", str(MD_REPORT), "--format", fmt])
    assert result.exit_code == 0
    again = parse_text(result.stdout, f"out.{fmt}")
    original = json.loads(run(MD_REPORT).stdout)["claims"]
    assert [(c.text, c.reported_verified, c.reported_confidence) for c in again.claims] == [
        (c["text"], c["reported_verified"], c["reported_confidence"]) for c in original]
    assert "German perplexity under uniform | curriculum mixing" in again.claims[2].text


def test_tsv_for_several_reports_has_a_source_column() -> None:
    result = run(TSV_REPORT, MD_REPORT, "-f", "tsv")
    lines = result.stdout.strip().split("\n")
    assert lines[0].split("\t")[:4] == ["Source", "#", "Line", "Claim"]
    assert len(lines) == 1 + 12 + 11
    assert lines[1].split("\t")[0] == str(TSV_REPORT)


def test_csv_output() -> None:
    import csv

    result = run(MD_REPORT, "-f", "csv")
    rows = list(csv.DictReader(result.stdout.splitlines()))
    assert len(rows) == 11
    assert rows[2]["claim"].startswith("German perplexity under uniform | curriculum")
    assert (rows[7]["verified"], rows[7]["confidence"], rows[9]["truncated"]) == ("false", "0.12", "true")


def test_output_file_is_written(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    result = run(TSV_REPORT, "-o", target)
    assert result.exit_code == 0 and result.stdout == ""
    assert json.loads(target.read_text(encoding="utf-8"))["report"]["title"].startswith("Parameter-Efficient")
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_output_into_missing_folder_is_one_line_error(tmp_path: Path) -> None:
    result = run(TSV_REPORT, "-o", tmp_path / "nope" / "out.json")
    assert result.exit_code == 2
    assert_one_line_errors(result, "cannot write output")


def test_output_onto_a_folder_names_the_folder_not_a_temp_file(tmp_path: Path) -> None:
    result = run(TSV_REPORT, "-o", tmp_path)
    assert result.exit_code == 2
    assert_one_line_errors(result, f"{tmp_path}: cannot write output, it is a folder")
    assert ".tmp" not in result.stderr and list(tmp_path.iterdir()) == []


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def not_a_report_pdf(path: Path) -> Path:
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path))
    pdf.drawString(72, 720, "A poster for the summer party.")
    pdf.showPage()
    pdf.save()
    return path


@pytest.mark.parametrize(
    ("make", "fragment"),
    [
        (lambda d: d / "missing.txt", "missing.txt: no such file or folder"),
        (lambda d: (d / "folder").mkdir() or d / "folder", "folder: folder contains no reports"),
        (lambda d: write(d / "empty.txt", b""), "empty.txt: file is empty"),
        (lambda d: write(d / "image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 4), "image.txt: not a text report: binary data"),
        (lambda d: not_a_report_pdf(d / "poster.pdf"), "poster.pdf: not a synthesis report"),
        (lambda d: write(d / "broken.pdf", b"%PDF-1.5\nnot really"), "broken.pdf: not a readable PDF"),
        (lambda d: write(d / "notes.md", "Shopping: eggs, milk.\n"), "notes.md: not a synthesis report"),
        (lambda d: write(d / "report.docx", "x"), "report.docx: unsupported file type"),
    ],
    ids=["missing", "empty-folder", "empty-file", "binary", "pdf-not-report", "damaged-pdf", "not-a-report", "docx"],
)
def test_bad_input_exits_2_with_one_line(tmp_path: Path, make, fragment: str) -> None:
    result = run(make(tmp_path))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert_one_line_errors(result, fragment)


def test_fifty_megabyte_file(tmp_path: Path) -> None:
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as handle:
        handle.write(TSV_REPORT.read_bytes())
        handle.truncate(51 * 1024 * 1024)
    result = run(huge)
    assert result.exit_code == 2
    assert_one_line_errors(result, "huge.txt: file is 51 MB, larger than the 50 MB a report may have")


def test_non_utf8_text_is_decoded(tmp_path: Path) -> None:
    text = TSV_REPORT.read_text(encoding="utf-8").replace("✓", "yes").replace("×", "no").replace("Assignee", "Équipe")
    path = write(tmp_path / "legacy.txt", text.encode("cp1252"))
    result = run(path)
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)["claims"]) == 12


def test_malformed_row_is_reported_with_its_line_and_the_rest_printed(tmp_path: Path) -> None:
    text = TSV_REPORT.read_text(encoding="utf-8").replace("as the base model.\t×\t0.12", "as the base model.\t×")
    path = write(tmp_path / "row.txt", text)
    result = run(path)
    assert result.exit_code == 2
    assert_one_line_errors(result, f"{path}:37: table row has 2 columns, the header has 3")
    assert len(json.loads(result.stdout)["claims"]) == 11


def test_folder_run_goes_on_past_bad_files_and_exits_2(tmp_path: Path) -> None:
    write(tmp_path / "a_good.txt", TSV_REPORT.read_text(encoding="utf-8"))
    write(tmp_path / "b_empty.md", b"")
    write(tmp_path / "c_binary.txt", bytes(range(256)) * 4)
    write(tmp_path / "d_good.md", MD_REPORT.read_text(encoding="utf-8"))
    result = run(tmp_path)
    assert result.exit_code == 2
    assert [Path(r["report"]["source"]).name for r in json.loads(result.stdout)] == ["a_good.txt", "d_good.md"]
    assert_one_line_errors(result, "b_empty.md: file is empty", "c_binary.txt: not a text report")


def test_no_arguments_is_a_usage_error() -> None:
    result = runner.invoke(app, ["parse"])
    assert result.exit_code == 2


def test_help_describes_the_options() -> None:
    result = runner.invoke(app, ["parse", "--help"])
    assert result.exit_code == 0
    for word in ("--format", "--output", "json", "csv"):
        assert word in result.output


def test_parse_path_imports_no_heavy_modules() -> None:
    import subprocess
    import sys

    completed = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "verifier.cli", "parse", str(TSV_REPORT)],
        cwd=Path(__file__).resolve().parents[1], capture_output=True, text=True, check=True,
    )
    imported = {line.split("|")[-1].strip().split(".")[0] for line in completed.stderr.splitlines() if line.startswith("import time:")}
    assert "claims" in imported and "pydantic" in imported
    assert not imported & {"torch", "transformers", "sentence_transformers", "pdfplumber", "pdfminer", "numpy"}
