"""`verifier check` through typer's runner on reports written here against the bundled example paper (offline,
hashing embedder): exit 0 for a clean report, 1 for each failing code, 2 for bad input; config and annotations."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from verifier.cli import app

ROOT = Path(__file__).resolve().parents[1]
PAPER = ROOT / "reports" / "examples" / "papers" / "2401.01234v1.md"
TITLE = "Sparse Adapter Tuning Improves Low-Resource Machine Translation"
SUPPORTED = [
    ("SAT updates only 2.1% of the model parameters.", "✓", "0.31"),
    ("On English-Nepali, sparse adapter tuning reaches 18.9 BLEU on the FLORES-200 devtest set.", "✓", "0.24"),
    ("The evaluation covers 24 low-resource language pairs from the FLORES-200 benchmark.", "✓", "0.11"),
]
CONTRADICTED = ("SAT improves BLEU by 5.1 points over full fine-tuning on average.", "✓", "0.22")


def report_text(rows, stated=None, examined=TITLE) -> str:
    """A report in the seed format citing 2401.01234v1."""
    extracted, verified = stated or (len(rows), sum(1 for _, mark, _ in rows if mark == "✓"))
    table = "\n".join("\t".join(row) for row in rows)
    return (
        "\n\nSparse Adapters Reviewed\n\nAssignee Research\n\nMarch 14, 2026\n\nAbstract\n\nA short abstract.\n\n"
        f"1 Introduction\n\nThis paper examines: {examined}. Research question: Does SAT help?.\n\n"
        f"3 Results\n\n1 papers retrieved. {extracted} claims extracted; {verified} independently verified. "
        "Quality review score: 7.0/10.\n\n5 Extracted Claims\n\nClaim\tVerified\tConfidence\n"
        f"{table}\n\nReferences\n\n- <http://arxiv.org/abs/2401.01234v1>\n"
    )


def line_of(text: str, needle: str) -> int:
    """1-based line of the first line of `text` containing `needle` (a plain reference for the parser's numbering)."""
    return next(number for number, line in enumerate(text.split("\n"), start=1) if needle in line)


BAD = report_text([SUPPORTED[0], CONTRADICTED])
BAD_LINE = line_of(BAD, CONTRADICTED[0])


def check(*args: str, env: dict | None = None):
    return CliRunner().invoke(app, ["check", "--papers", "papers", "--offline", *args], env=env)


def write(folder: Path, name: str, text: str) -> str:
    (folder / name).write_text(text, encoding="utf-8")
    return name


def test_clean_report_passes(workspace):
    result = check(write(workspace, "clean.txt", report_text(SUPPORTED)))
    assert result.exit_code == 0, result.output
    assert "check passed: 1 report, 3 claims" in result.stdout
    assert "FAIL" not in result.stdout


def test_contradicted_claim_fails(workspace):
    result = check(write(workspace, "bad.txt", BAD))
    assert result.exit_code == 1, result.output
    fails = [line for line in result.stdout.splitlines() if line.startswith("FAIL")]
    assert len(fails) == 1 and fails[0].startswith(f"FAIL bad.txt:{BAD_LINE}: contradicted: claim 2 is contradicted")
    assert "5.1" in fails[0] and "3.4" in fails[0]


def test_count_mismatch_fails(workspace):
    result = check(write(workspace, "counts.txt", report_text(SUPPORTED, stated=(5, 3))))
    assert result.exit_code == 1, result.output
    assert [line.split(": ")[1] for line in result.stdout.splitlines() if line.startswith("FAIL")] == ["count_mismatch"]


def test_title_mismatch_fails(workspace):
    result = check(write(workspace, "title.txt", report_text(SUPPORTED, examined="Protein Folding With Graph Networks")))
    assert result.exit_code == 1, result.output
    assert [line.split(": ")[1] for line in result.stdout.splitlines() if line.startswith("FAIL")] == ["title_mismatch"]


def test_fail_on_flag_and_pyproject_config(workspace):
    name = write(workspace, "bad.txt", BAD)
    assert check("--fail-on", "none", name).exit_code == 0
    assert check("--fail-on", "count_mismatch", name).exit_code == 0
    assert check("--min-confidence", "1.0", name).exit_code == 0  # no verdict reaches confidence 1.0 here
    (workspace / "pyproject.toml").write_text('[tool.claims-verifier]\nfail-on = ["title_mismatch"]\n')
    assert check(name).exit_code == 0
    assert check("--fail-on", "contradicted", name).exit_code == 1
    (workspace / "pyproject.toml").write_text('[tool.claims-verifier]\nmin-confidence = "high"\n')
    broken = check(name)
    assert broken.exit_code == 2 and "pyproject.toml" in broken.stderr and "Traceback" not in broken.output


def test_github_annotations_under_actions(workspace):
    name = write(workspace, "bad.txt", BAD)
    result = check(name, env={"GITHUB_ACTIONS": "true"})
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("::error ")]
    assert errors and errors[0].startswith(f"::error file=bad.txt,line={BAD_LINE},title=claims-verifier%3A contradicted::Claim 2")
    assert "::" not in result.stdout  # annotations always on one stream: stderr, as README says
    assert "::error" not in check(name).stderr


def test_bad_input_exits_2_with_one_line(workspace):
    result = check("missing.txt")
    assert result.exit_code == 2 and "missing.txt" in result.stderr and "Traceback" not in result.output
    unknown = check("--min-confidence", "3", write(workspace, "clean.txt", report_text(SUPPORTED)))
    assert unknown.exit_code == 2 and "--min-confidence" in unknown.stderr


def test_unknown_fail_on_code_is_bad_input_not_a_silent_pass(workspace):
    name = write(workspace, "bad.txt", BAD)
    typo = check(name, "--fail-on", "contradictd")
    assert typo.exit_code == 2 and "'contradictd' is not a known finding code" in typo.stderr
    assert "Traceback" not in typo.output and len(typo.stderr.strip().splitlines()) == 1
    (workspace / "pyproject.toml").write_text('[tool.claims-verifier]\nfail-on = ["count_mismatch", "mark_disagree"]\n')
    configured = check(name)
    assert configured.exit_code == 2 and "'mark_disagree'" in configured.stderr and "pyproject.toml" in configured.stderr


def test_parser_reading_codes_are_accepted_by_fail_on(workspace):
    rows = [SUPPORTED[0], ("A row with a bad mark.", "maybe", "0.5")]
    name = write(workspace, "marks.txt", report_text(rows, stated=(2, 1)))
    result = check(name, "--fail-on", "bad_mark,malformed_row")
    assert result.exit_code == 1 and "FAIL marks.txt" in result.stdout and "bad_mark" in result.stdout
    assert "warning" not in result.stderr


def test_one_broken_report_among_good_ones_exits_2_after_checking_the_rest(workspace):
    folder = workspace / "reports"
    folder.mkdir()
    write(folder, "a.txt", report_text(SUPPORTED))
    write(folder, "b.txt", BAD)
    (folder / "c.txt").write_bytes(b"\x00\x01binary\x00" * 50)
    result = check("reports")
    assert result.exit_code == 2, result.output
    assert "c.txt" in result.stderr
    assert f"FAIL reports/b.txt:{BAD_LINE}: contradicted" in result.stdout
    assert "check failed: 1 failing item in 2 reports, 5 claims" in result.stdout
