"""`verifier passages` through typer's runner: files and ids, JSON lines with table structure, text, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from verifier.cli import app

ROOT = Path(__file__).resolve().parents[1]
PAPERS = ROOT / "reports" / "examples" / "papers"
SHARED = ROOT.parent / "shared"
FIELDS = {"arxiv_id", "version", "page", "kind", "section", "text"}


def run(*args: str):
    return CliRunner().invoke(app, ["passages", *args])


def records(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def test_a_file_gives_one_record_per_passage_with_table_structure(tmp_path: Path) -> None:
    result = run(str(PAPERS / "2401.01234v1.md"), "--cache-dir", str(tmp_path))
    assert result.exit_code == 0, result.output
    rows = records(result.stdout)
    assert rows and all(FIELDS <= set(row) for row in rows)
    assert {row["arxiv_id"] for row in rows} == {"2401.01234"} and {row["version"] for row in rows} == {"v1"}
    tables = [row for row in rows if row["kind"] == "table"]
    assert tables and all("table" in row for row in tables)
    assert not any("table" in row for row in rows if row["kind"] != "table")
    first = tables[0]["table"]
    assert first["number"] == "1" and first["row"] and all(cell["column"] and cell["value"] for cell in first["cells"])


def test_an_id_is_resolved_from_local_sources_offline(tmp_path: Path) -> None:
    by_id = run("2401.01234", "--papers", str(PAPERS), "--offline", "--cache-dir", str(tmp_path))
    by_file = run(str(PAPERS / "2401.01234v1.md"), "--cache-dir", str(tmp_path))
    assert by_id.exit_code == 0, by_id.output
    assert [r["text"] for r in records(by_id.stdout)] == [r["text"] for r in records(by_file.stdout)]


def test_text_format_is_one_line_per_passage(tmp_path: Path) -> None:
    jsonl = records(run(str(PAPERS / "2402.05678v2.md"), "--cache-dir", str(tmp_path)).stdout)
    text = run(str(PAPERS / "2402.05678v2.md"), "--format", "text", "--cache-dir", str(tmp_path))
    lines = text.stdout.splitlines()
    assert text.exit_code == 0 and len(lines) == len(jsonl)
    assert lines[0].startswith("2402.05678v2 p. 1 [")


def test_a_paper_that_cannot_be_had_exits_1_and_a_bad_argument_exits_2(tmp_path: Path) -> None:
    missing = run("2501.00001", "--offline", "--cache-dir", str(tmp_path))
    assert missing.exit_code == 1 and "unavailable" in missing.stderr and missing.stdout == ""
    bad = run("not-a-paper", "--offline", "--cache-dir", str(tmp_path))
    assert bad.exit_code == 2
    assert bad.stderr.count("\n") == 1 and bad.stderr.startswith("error: ")
    absent = run(str(tmp_path / "absent.pdf"), "--cache-dir", str(tmp_path))
    assert absent.exit_code == 2 and "absent.pdf" in absent.stderr and "Traceback" not in absent.output


@pytest.mark.slow
def test_a_real_paper_has_tables_with_column_paths_and_no_evidence_from_references(tmp_path: Path) -> None:
    pdf = SHARED / "real-papers" / "1810.04805v2.pdf"
    if not pdf.exists():
        pytest.skip("../shared/real-papers is not here")
    rows = records(run(str(pdf), "--cache-dir", str(tmp_path)).stdout)
    kinds = {row["kind"] for row in rows}
    assert {"text", "table", "reference"} <= kinds
    assert any(len(cell["column"]) > 1 for row in rows if row["kind"] == "table" for cell in row["table"]["cells"])
