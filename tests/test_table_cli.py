"""`verifier table` through typer's runner (offline, bundled example papers, hashing embedder): stdout, -o,
--in-place with a .bak, the original encoding kept, and one-line errors."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claims import parse_file
from verifier.cli import app

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "reports" / "examples"


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    shutil.copytree(EXAMPLES / "papers", tmp_path / "papers")
    for name in ("sparse_adapters_synthesis.txt", "vocabulary_transfer_brief.md"):
        shutil.copy(EXAMPLES / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("VERIFIER_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("VERIFIER_MODEL", "hashing")
    return tmp_path


def table(*args: str):
    return CliRunner().invoke(app, ["table", "--papers", "papers", "--offline", *args])


def test_stdout_output_keeps_everything_outside_the_table(workspace):
    source = (workspace / "sparse_adapters_synthesis.txt").read_text(encoding="utf-8")
    result = table("sparse_adapters_synthesis.txt")
    assert result.exit_code == 0, result.output
    report = parse_file(workspace / "sparse_adapters_synthesis.txt")
    before, after = source.split("\n"), result.stdout.split("\n")
    skip = set(range(report.table.header_line, report.table.last_row_line + 1)) | {report.stated.line}
    assert len(before) == len(after)
    assert [line for n, line in enumerate(after, 1) if n not in skip] == \
        [line for n, line in enumerate(before, 1) if n not in skip]
    row = after[report.claims[3].line - 1].split("\t")  # claim 4: 5.1 points where the paper says 3.4
    assert row[0] == report.claims[3].text and row[1] == "×"


def test_in_place_keeps_a_backup_and_output_file(workspace):
    path = workspace / "vocabulary_transfer_brief.md"
    original = path.read_bytes()
    to_file = table("vocabulary_transfer_brief.md", "--with-evidence", "-o", "out.md")
    assert to_file.exit_code == 0, to_file.output
    rewritten = table("vocabulary_transfer_brief.md", "--with-evidence", "--in-place")
    assert rewritten.exit_code == 0, rewritten.output
    assert (workspace / "vocabulary_transfer_brief.md.bak").read_bytes() == original
    assert path.read_bytes() == (workspace / "out.md").read_bytes() != original
    assert parse_file(path).table.columns == ["Claim", "Verified", "Confidence", "Verdict", "Paper", "Page", "Quote"]
    assert not [p for p in workspace.iterdir() if p.name.endswith(".tmp")]


def test_cp1252_report_keeps_its_encoding(workspace):
    path = workspace / "sparse_adapters_synthesis.txt"
    text = path.read_text(encoding="utf-8").replace("Assignee Research", "Assignee Research \u2014 caf\u00e9")
    path.write_bytes(text.replace("✓", "yes").replace("×", "no").encode("cp1252"))
    result = table("sparse_adapters_synthesis.txt", "--in-place")
    assert result.exit_code == 0, result.output
    data = path.read_bytes()
    assert "Assignee Research \u2014 caf\u00e9".encode("cp1252") in data
    data.decode("cp1252")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["vocabulary_transfer_brief.md", "--in-place", "-o", "x.md"], "either --in-place or -o"),
        (["missing.md"], "missing.md"),
    ],
)
def test_usage_errors_exit_2(workspace, args, message):
    result = table(*args)
    assert result.exit_code == 2 and message in result.stderr and "Traceback" not in result.output


def test_report_without_table_exits_2(workspace):
    path = workspace / "vocabulary_transfer_brief.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("## Claims")] + "## Sources\n\n- arXiv:2401.01234v1\n", encoding="utf-8")
    result = table("vocabulary_transfer_brief.md")
    assert result.exit_code == 2 and "vocabulary_transfer_brief.md" in result.stderr


def test_pdf_report_gives_the_table_alone_and_refuses_in_place(workspace):
    from test_claims_pdf import render_pdf  # the parser tests' PDF renderer (reportlab, Unicode font)

    text = (workspace / "sparse_adapters_synthesis.txt").read_text(encoding="utf-8")
    render_pdf(text, workspace / "sparse.pdf", break_after_row=5, repeat_header=True)
    result = table("sparse.pdf")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    claims = parse_file(workspace / "sparse_adapters_synthesis.txt").claims
    assert lines[0] == "Claim\tVerified\tConfidence" and len(lines) == 1 + len(claims)
    assert [line.split("\t")[0] for line in lines[1:]] == [c.text for c in claims]
    assert lines[4].split("\t")[1] == "×"  # claim 4: 5.1 points where the paper says 3.4
    refused = table("sparse.pdf", "--in-place")
    assert refused.exit_code == 2 and "cannot rewrite a PDF" in refused.stderr
