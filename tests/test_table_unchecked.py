"""`verifier table` keeps what it could not check (issue 11, item 2), through typer's runner: offline without
papers every claim is unverifiable, so the report comes back byte for byte with a note on stderr, `--in-place`
refuses unless `--force`; the first `.bak` is kept and never written through a symlink; several reports and
`--check` (a unified diff, exit 1 when a table would change) for CI."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sample_audits import TSV_REPORT, build_audit, build_report
from typer.testing import CliRunner

from verifier.cli import app
from verifier.render.claims_table import regenerate_table, split_lines

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "reports" / "examples"
NAMES = ("sparse_adapters_synthesis.txt", "vocabulary_transfer_brief.md")


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    shutil.copytree(EXAMPLES / "papers", tmp_path / "papers")
    for name in NAMES:
        shutil.copy(EXAMPLES / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("VERIFIER_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("VERIFIER_MODEL", "hashing")
    return tmp_path


def offline(*args: str):
    """`verifier table --offline` without local papers: nothing can be checked."""
    return CliRunner().invoke(app, ["table", "--offline", *args])


def with_papers(*args: str):
    return CliRunner().invoke(app, ["table", "--papers", "papers", "--offline", *args])


def test_nothing_checked_keeps_the_report_byte_for_byte_and_says_so(workspace):
    original = (workspace / NAMES[0]).read_bytes()
    result = offline(NAMES[0])
    assert result.exit_code == 0, result.output
    assert result.stdout.encode("utf-8") == original  # marks, confidences and the counts sentence unchanged
    assert "none of its 12 claims could be checked" in result.stderr


def test_in_place_refuses_when_nothing_was_checked_unless_forced(workspace):
    path = workspace / NAMES[0]
    original = path.read_bytes()
    refused = offline(NAMES[0], "--in-place")
    assert refused.exit_code == 2 and "refusing to rewrite" in refused.stderr and "--force" in refused.stderr
    assert path.read_bytes() == original and not (workspace / f"{NAMES[0]}.bak").exists()
    forced = offline(NAMES[0], "--in-place", "--force")
    assert forced.exit_code == 0, forced.output
    assert path.read_bytes() == original and (workspace / f"{NAMES[0]}.bak").read_bytes() == original


def test_in_place_twice_keeps_the_first_backup(workspace):
    path = workspace / NAMES[0]
    original = path.read_bytes()
    assert with_papers(NAMES[0], "--in-place").exit_code == 0
    first = path.read_bytes()
    assert first != original
    path.write_bytes(first.replace(b"Sparse", b"Sparser", 1))
    again = with_papers(NAMES[0], "--in-place")
    assert again.exit_code == 0, again.output
    assert "kept the earlier backup" in again.stderr
    assert (workspace / f"{NAMES[0]}.bak").read_bytes() == original


def test_a_planted_backup_symlink_is_never_written_through(workspace):
    victim = workspace / "victim.txt"
    victim.write_bytes(b"precious\n")
    (workspace / f"{NAMES[0]}.bak").symlink_to(victim)
    path = workspace / NAMES[0]
    original = path.read_bytes()
    result = with_papers(NAMES[0], "--in-place")
    assert result.exit_code == 2 and "not a regular file" in result.stderr and "Traceback" not in result.output
    assert victim.read_bytes() == b"precious\n" and path.read_bytes() == original


def test_several_reports_need_in_place_or_check(workspace):
    result = with_papers(*NAMES)
    assert result.exit_code == 2 and "need --in-place or --check" in result.stderr


def test_check_prints_a_diff_and_exits_1_until_the_tables_are_regenerated(workspace):
    before = {name: (workspace / name).read_bytes() for name in NAMES}
    checked = with_papers("--check", *NAMES)
    assert checked.exit_code == 1, checked.output
    assert {name: (workspace / name).read_bytes() for name in NAMES} == before  # --check writes nothing
    for name in NAMES:
        assert f"--- {name}\n" in checked.stdout and f"+++ {name} (regenerated)\n" in checked.stdout
    assert "table --check: 2 of 2 tables would change" in checked.stderr
    assert with_papers("--in-place", *NAMES).exit_code == 0
    clean = with_papers("--check", *NAMES)
    assert clean.exit_code == 0, clean.output
    assert clean.stdout == "" and "0 of 2 tables would change" in clean.stderr


def test_check_refuses_when_nothing_was_checked_unless_forced(workspace):
    refused = offline("--check", NAMES[0])
    assert refused.exit_code == 2 and "refusing to check" in refused.stderr
    forced = offline("--check", "--force", NAMES[0])
    assert forced.exit_code == 0 and forced.stdout == ""


def test_unverifiable_rows_keep_their_cells_and_the_counts_count_the_table():
    report = build_report(TSV_REPORT, "reports/sample-tsv.txt")  # marks ✓ × ✓ ✓, stated 4 extracted; 3 verified
    audit = build_audit(report, [("contradicted", 0.9), ("supported", 0.8), ("unverifiable", 0.0), ("unverifiable", 0.0)])
    for claim in audit.claims[2:]:
        claim.confidence = None
    out = regenerate_table(TSV_REPORT, report, audit)
    before, after = split_lines(TSV_REPORT), split_lines(out)
    for claim in report.claims[2:]:
        assert after[claim.line - 1] == before[claim.line - 1]  # mark and confidence byte for byte
    assert after[report.claims[0].line - 1][0].split("\t")[1:] == ["×", "0.90"]
    assert after[report.claims[1].line - 1][0].split("\t")[1:] == ["✓", "0.80"]
    # ✓ in the rewritten table: claim 2 (supported) and claims 3 and 4 (kept ✓): 3, not "1 independently verified"
    assert "4 claims extracted; 3 independently verified" in after[report.stated.line - 1][0]


def test_pdf_tables_keep_unchecked_marks_and_can_be_checked(workspace):
    from test_claims_pdf import render_pdf  # the parser tests' PDF renderer (reportlab, Unicode font)

    text = (workspace / NAMES[0]).read_text(encoding="utf-8")
    render_pdf(text, workspace / "sparse.pdf", break_after_row=5, repeat_header=True)
    kept = offline("sparse.pdf")
    assert kept.exit_code == 0, kept.output
    rows = [line.split("\t") for line in kept.stdout.splitlines()[1:]]
    source_rows = [line.split("\t") for line in text.splitlines() if line.count("\t") == 2][1:]
    assert [row[1:] for row in rows] == [row[1:] for row in source_rows]  # the report's own ✓/× and confidences
    checked = with_papers("--check", "sparse.pdf")
    assert checked.exit_code == 1 and "+++ sparse.pdf (regenerated)" in checked.stdout
