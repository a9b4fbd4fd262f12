"""One `check` run gives the gate and the artifact (issue 11, item 4): `check --format text|json|junit|sarif
[-o FILE]` through typer's runner. SARIF is checked against the required fields of the SARIF 2.1.0 schema (and
what GitHub code scanning needs: rules with descriptions, results with a file and a line); JUnit fails exactly what
the gate fails, with unique test names and `time` attributes; annotations only ever go to stderr."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections import Counter

import pytest
from test_check_cli import BAD, BAD_LINE, SUPPORTED, line_of, report_text, write
from typer.testing import CliRunner

from claims.finding_codes import FINDING_CODES
from verifier.cli import app
from verifier.models import VERDICTS

LEVELS = {"none", "note", "warning", "error"}


def run(*args: str, env: dict | None = None):
    return CliRunner().invoke(app, ["check", "--offline", "--papers", "papers", *args], env=env)


def fail_lines(text: str) -> list[tuple[str, int]]:
    """(code, line) of each `FAIL path:line: code: …` line of the text output."""
    found = []
    for line in text.splitlines():
        match = re.match(r"FAIL (.+?):(\d+): (\w+): ", line)
        if match:
            found.append((match.group(3), int(match.group(2))))
    return found


def assert_valid_sarif_2_1_0(log: dict) -> None:
    """The properties SARIF 2.1.0 requires (sarif-schema-2.1.0.json `required` lists and enums), plus the rules
    and locations GitHub code scanning reads."""
    assert log["version"] == "2.1.0" and isinstance(log["runs"], list) and log["runs"]
    assert log.get("$schema", "").endswith("sarif-2.1.0.json")
    for run_ in log["runs"]:
        driver = run_["tool"]["driver"]  # run: required tool; tool: required driver; toolComponent: required name
        assert isinstance(driver["name"], str) and driver["name"]
        rules = driver.get("rules", [])
        ids = [rule["id"] for rule in rules]  # reportingDescriptor: required id
        assert len(ids) == len(set(ids))
        for rule in rules:
            assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"]  # multiformatMessageString: text
            assert rule["defaultConfiguration"]["level"] in LEVELS
        for invocation in run_.get("invocations", []):
            assert isinstance(invocation["executionSuccessful"], bool)  # invocation: required executionSuccessful
        for result in run_.get("results", []):
            assert isinstance(result["message"]["text"], str) and result["message"]["text"]  # result: required message
            assert result["ruleId"] in ids and ids[result["ruleIndex"]] == result["ruleId"]
            assert result["level"] in LEVELS
            assert result["locations"]
            for location in result["locations"]:
                physical = location["physicalLocation"]  # physicalLocation: artifactLocation (or address)
                assert physical["artifactLocation"]["uri"] and " " not in physical["artifactLocation"]["uri"]
                assert isinstance(physical["region"]["startLine"], int) and physical["region"]["startLine"] >= 1


def test_sarif_to_a_file_with_the_gate_on_stdout_in_one_run(workspace):
    name = write(workspace, "bad report.txt", BAD)
    result = run("--format", "sarif", "-o", "out.sarif", name)
    assert result.exit_code == 1, result.output
    assert result.stdout.strip().splitlines()[-1].startswith("check failed: 1 failing item")  # the gate's text
    log = json.loads((workspace / "out.sarif").read_text(encoding="utf-8"))
    assert_valid_sarif_2_1_0(log)
    run_ = log["runs"][0]
    rule_ids = {rule["id"] for rule in run_["tool"]["driver"]["rules"]}
    assert rule_ids == {entry.code for entry in FINDING_CODES} | set(VERDICTS)
    errors = [r for r in run_["results"] if r["level"] == "error"]
    assert [(r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in errors] == \
        [("contradicted", BAD_LINE)]
    assert errors[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "bad%20report.txt"
    assert run_["invocations"][0]["exitCode"] == 1


def test_sarif_errors_are_the_unchecked_work_offline(workspace):
    name = write(workspace, "clean.txt", report_text(SUPPORTED))
    result = CliRunner().invoke(app, ["check", "--offline", "--format", "sarif", name])
    assert result.exit_code == 1
    log = json.loads(result.stdout)  # without -o the artifact is stdout, the summary goes to stderr
    assert_valid_sarif_2_1_0(log)
    assert "check failed" in result.stderr
    levels = Counter(r["ruleId"] for r in log["runs"][0]["results"] if r["level"] == "error")
    assert levels == {"unverifiable": 3, "reference_unavailable": 1}


def test_json_is_the_gate_record_with_the_audits(workspace):
    name = write(workspace, "bad.txt", BAD)
    result = run("--format", "json", name)
    assert result.exit_code == 1
    record = json.loads(result.stdout)
    assert record["passed"] is False and record["exit_code"] == 1
    assert record["summary"].startswith("check failed") and record["summary"] in result.stderr
    assert [(f["code"], f["line"]) for f in record["reports"][0]["failures"]] == [("contradicted", BAD_LINE)]
    assert record["reports"][0]["checked"] == record["reports"][0]["claims"] == 2
    assert record["audits"][0]["report"]["source"] == "bad.txt"


def test_junit_fails_exactly_what_the_gate_fails(workspace):
    write(workspace, "bad.txt", BAD)
    counts = write(workspace, "counts.txt", report_text(SUPPORTED, stated=(5, 3)))
    counts_line = line_of((workspace / counts).read_text(encoding="utf-8"), "claims extracted")
    result = run("--format", "junit", "-o", "junit.xml", "bad.txt", "counts.txt")
    assert result.exit_code == 1
    root = ET.fromstring((workspace / "junit.xml").read_text(encoding="utf-8"))
    failing = []
    for suite in root:
        assert suite.get("time") is not None and float(suite.get("time")) >= 0
        names = [case.get("name") for case in suite]
        assert len(names) == len(set(names))
        for case in suite:
            assert case.get("time") is not None
            failure = case.find("failure")
            if failure is not None:
                failing.append((failure.get("type"), int(case.get("line"))))
    assert root.get("time") is not None
    assert sorted(failing) == sorted(fail_lines(result.stdout)) == sorted([("contradicted", BAD_LINE), ("count_mismatch", counts_line)])


def test_junit_fails_unverifiable_claims_unless_allowed(workspace):
    name = write(workspace, "clean.txt", report_text(SUPPORTED))
    strict = ET.fromstring(CliRunner().invoke(app, ["check", "--offline", "--format", "junit", name]).stdout)
    assert strict.get("failures") == "4" and strict.get("skipped") == "0"  # 3 claims and 1 unread paper
    allowed = CliRunner().invoke(app, ["check", "--offline", "--allow-unverifiable", "--format", "junit", name])
    root = ET.fromstring(allowed.stdout)
    assert allowed.exit_code == 0 and root.get("failures") == "0" and root.get("skipped") == "3"


def test_junit_test_names_are_unique_even_for_repeated_findings():
    from sample_audits import finding, pipe_case

    from verifier.render import render_audits

    audit = pipe_case()[1]
    audit.findings = [finding("count_mismatch", "error", 12), finding("count_mismatch", "error", 12)]
    suite = ET.fromstring(render_audits([audit, audit], "junit"))
    for element in suite:
        names = [case.get("name") for case in element]
        assert len(names) == len(set(names)) and "finding count_mismatch (line 12) #2" in names
    assert [element.get("name") for element in suite] == ["reports/sample-pipe.md", "reports/sample-pipe.md #2"]


@pytest.mark.parametrize("fmt", ["text", "json", "junit", "sarif"])
def test_annotations_always_go_to_stderr(workspace, fmt):
    name = write(workspace, "bad.txt", BAD)
    result = run("--format", fmt, name, env={"GITHUB_ACTIONS": "true"})
    assert result.exit_code == 1
    assert "::error file=bad.txt" in result.stderr and "::error" not in result.stdout


def test_audit_junit_fails_what_check_would_fail_under_the_project_policy(workspace):
    name = write(workspace, "bad.txt", BAD)
    (workspace / "pyproject.toml").write_text('[tool.claims-verifier]\nfail-on = ["mark_disagrees"]\n')
    audited = CliRunner().invoke(app, ["audit", "--offline", "--papers", "papers", "--format", "junit", name])
    checked = run("--format", "junit", name)
    assert audited.exit_code == 0 and checked.exit_code == 1

    def failing(xml: str) -> list[tuple[str, str]]:
        return sorted((f.get("type"), case.get("line")) for case in ET.fromstring(xml).iter("testcase")
                      for f in case.findall("failure"))

    assert failing(audited.stdout) == failing(checked.stdout) and [t for t, _ in failing(audited.stdout)] == ["mark_disagrees"]
