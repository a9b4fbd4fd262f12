"""Unchecked is not passed (issue 11, items 1 and 3), through typer's runner: offline without papers, `check`
exits 1 with one line per report saying how many claims were checked and why the rest were not; the explicit
opt-out (`--allow-unverifiable`, `allow-unverifiable = true`); the summary line always matches the exit code; an
empty `--fail-on` is bad input; unverifiable claims have confidence null and are never counted as disagreeing."""

from __future__ import annotations

import json

import pytest
from test_check_cli import BAD, SUPPORTED, report_text, write
from typer.testing import CliRunner

from verifier.cli import app

SECOND = "2402.05678v2"


def run(*args: str):
    return CliRunner().invoke(app, ["check", "--offline", *args])


def summary(result) -> str:
    return result.stdout.strip().splitlines()[-1]


def test_offline_without_sources_fails_and_says_why(workspace):
    name = write(workspace, "clean.txt", report_text(SUPPORTED))
    result = run(name)
    assert result.exit_code == 1, result.output
    assert "FAIL clean.txt:" in result.stdout
    line = next(line for line in result.stdout.splitlines() if ": unchecked: " in line)
    assert line.endswith("unchecked: 0 of 3 claims checked; 3 not checked; not read: 2401.01234v1 (offline, no local source)")
    assert summary(result).startswith("check failed: 3 claims not checked, 1 cited paper not read in 1 report")


def test_fail_on_none_does_not_pass_unchecked_work(workspace):
    result = run("--fail-on", "none", write(workspace, "clean.txt", report_text(SUPPORTED)))
    assert result.exit_code == 1 and summary(result).startswith("check failed")


def test_explicit_opt_out_by_flag_and_by_config(workspace):
    name = write(workspace, "clean.txt", report_text(SUPPORTED))
    allowed = run("--allow-unverifiable", name)
    assert allowed.exit_code == 0, allowed.output
    assert summary(allowed) == ("check passed: 1 report, 3 claims, nothing in fail-on (contradicted, count_mismatch, "
                                "malformed_reference, reference_not_found, title_mismatch); 3 claims not checked, "
                                "1 cited paper not read (allowed by allow-unverifiable)")
    assert "note clean.txt:" in allowed.stdout and "FAIL" not in allowed.stdout
    (workspace / "pyproject.toml").write_text("[tool.claims-verifier]\nallow-unverifiable = true\n")
    assert run(name).exit_code == 0
    assert run("--no-allow-unverifiable", name).exit_code == 1  # the flag wins over the file


def test_a_paper_that_could_not_be_read_fails_even_when_the_claims_were_checked(workspace):
    text = report_text(SUPPORTED).replace("- <http://arxiv.org/abs/2401.01234v1>",
                                          f"- <http://arxiv.org/abs/2401.01234v1>\n\n- <http://arxiv.org/abs/{SECOND}>")
    name = write(workspace, "two.txt", text)
    result = run("--papers", "papers", name)
    assert result.exit_code == 1, result.output
    assert f"unchecked: 3 of 3 claims checked; not read: {SECOND} (offline, no local source)" in result.stdout
    assert "checked against the other sources only" in result.stdout
    assert run("--papers", "papers", "--allow-unverifiable", name).exit_code == 0


@pytest.mark.parametrize(
    "args",
    [
        ["--papers", "papers", "clean.txt"],  # 0
        ["--papers", "papers", "bad.txt"],  # 1: contradicted
        ["clean.txt"],  # 1: unchecked
        ["--allow-unverifiable", "clean.txt"],  # 0
        ["--papers", "papers", "clean.txt", "missing.txt"],  # 2
        ["missing.txt"],  # 2
    ],
)
def test_the_summary_line_matches_the_exit_code(workspace, args):
    write(workspace, "clean.txt", report_text(SUPPORTED))
    write(workspace, "bad.txt", BAD)
    result = run(*args)
    last = summary(result)
    assert last.startswith("check passed" if result.exit_code == 0 else "check failed"), (result.exit_code, last)
    assert result.exit_code in (0, 1, 2)


@pytest.mark.parametrize("value", ["", " ", ","])
def test_empty_fail_on_is_bad_input(workspace, value):
    result = run("--fail-on", value, write(workspace, "clean.txt", report_text(SUPPORTED)))
    assert result.exit_code == 2 and "fail-on is empty" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.output


def test_empty_fail_on_list_in_config_is_bad_input(workspace):
    (workspace / "pyproject.toml").write_text("[tool.claims-verifier]\nfail-on = []\n")
    result = run(write(workspace, "clean.txt", report_text(SUPPORTED)))
    assert result.exit_code == 2 and "pyproject.toml" in result.stderr and "fail-on is empty" in result.stderr


def test_unverifiable_is_null_confidence_and_never_a_disagreement(workspace):
    marks = [SUPPORTED[0], (SUPPORTED[1][0], "×", "0.20"), SUPPORTED[2]]
    name = write(workspace, "mixed.txt", report_text(marks))
    result = CliRunner().invoke(app, ["audit", "--offline", name])
    assert result.exit_code == 0, result.output
    audit = json.loads(result.stdout)
    assert [c["verdict"] for c in audit["claims"]] == ["unverifiable"] * 3
    assert [c["confidence"] for c in audit["claims"]] == [None] * 3  # was 1.00
    assert [c["agrees_with_report"] for c in audit["claims"]] == [None] * 3  # ✓ was counted as disagreeing
    assert not [f for f in audit["findings"] if f["code"] == "mark_disagrees"]
    unavailable = [f for f in audit["findings"] if f["code"] == "reference_unavailable"]
    assert unavailable and "checked against the other sources" not in unavailable[0]["message"]
    assert "so no claim was checked" in unavailable[0]["message"]
    md = CliRunner().invoke(app, ["audit", "--offline", "--format", "md", name]).stdout
    assert "0 disagree with our verdict" in md and "**disagrees**" not in md
    html = CliRunner().invoke(app, ["audit", "--offline", "--format", "html", name]).stdout
    rows = [part for part in html.split("<tr ")[1:] if part.startswith('class="claim"')]
    assert len(rows) == 3 and all('data-agrees="unknown"' in row for row in rows)


def test_new_codes_from_the_registry_are_accepted_by_fail_on(workspace):
    # the old hand-copied KNOWN_FINDING_CODES rejected these as typos (exit 2)
    name = write(workspace, "clean.txt", report_text(SUPPORTED))
    result = run("--papers", "papers", "--fail-on", "malformed_reference,number_too_large,version_substituted", name)
    assert result.exit_code == 0, result.output


def test_another_version_standing_in_for_the_cited_one_is_a_warning(workspace):
    text = report_text(SUPPORTED).replace("2401.01234v1", "2401.01234v3")  # only v1 is in papers/
    name = write(workspace, "v3.txt", text)
    result = run("--papers", "papers", name)
    line = next(line for line in result.stdout.splitlines() if "version_substituted" in line)
    assert line.startswith("warn v3.txt:") and "cites 2401.01234v3, but only 2401.01234v1 was available (" in line
    assert "(papers/2401.01234v1.md); claims were checked against v1." in line
    assert result.exit_code == 0, result.output  # checked, against v1: a warning, not a failure
