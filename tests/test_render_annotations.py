"""GitHub Actions annotations: golden lines, escaping, and printing only under GITHUB_ACTIONS=true."""

from __future__ import annotations

import io

from golden_files import assert_matches_golden
from sample_audits import pipe_case, tsv_case

from verifier.render import github_annotations, print_github_annotations
from verifier.render.annotations import escape_data, escape_property, workflow_command


def test_annotations_golden():
    lines = github_annotations([tsv_case()[1], pipe_case()[1]])
    assert_matches_golden("\n".join(lines) + "\n", "two-reports.annotations.txt")


def test_annotations_point_at_claim_lines_with_levels():
    report, audit = tsv_case()
    lines = github_annotations([audit])
    contradicted = next(c for c in audit.claims if c.verdict == "contradicted")
    assert f"::error file=reports/sample-tsv.txt,line={contradicted.line},title=claims-verifier%3A contradicted::" in "\n".join(lines)
    levels = [line.split(" ", 1)[0] for line in lines]
    assert levels == ["::error", "::warning", "::error", "::warning"]


def test_workflow_command_escaping():
    assert escape_data("50% done\r\nnext") == "50%25 done%0D%0Anext"
    assert escape_property("a:b,c%") == "a%3Ab%2Cc%25"
    line = workflow_command("warning", "multi\nline", "dir/a,b:c.txt", 3, "t")
    assert line == "::warning file=dir/a%2Cb%3Ac.txt,line=3,title=t::multi%0Aline"
    assert "line=" not in workflow_command("notice", "m", "f", None, "t")


def test_print_only_under_github_actions():
    audit = tsv_case()[1]
    quiet = io.StringIO()
    assert print_github_annotations([audit], quiet, {"CI": "true"}) == 0 and quiet.getvalue() == ""
    loud = io.StringIO()
    assert print_github_annotations([audit], loud, {"GITHUB_ACTIONS": "true"}) == 4
    assert loud.getvalue().splitlines() == github_annotations([audit])
