"""JUnit XML: golden file and the schema's structure (testsuites > testsuite > testcase > failure/skipped); the
failing cases are the gate's failing items (the default policy unless a gate result is given)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from golden_files import assert_matches_golden
from sample_audits import finding, pipe_case, tsv_case

from verifier.audit.gate import GatePolicy, GateResult
from verifier.render import render_audits
from verifier.render.junit import render_junit

SUITE_ATTRIBUTES = {"name", "tests", "failures", "errors", "skipped", "time"}
CASE_CHILDREN = {"failure", "skipped", "system-out", "error"}


def test_junit_golden():
    assert_matches_golden(render_audits([tsv_case()[1], pipe_case()[1]], "junit"), "two-reports.junit.xml")


def test_junit_structure_and_counts_follow_the_schema():
    audits = [tsv_case()[1], pipe_case()[1]]
    root = ET.fromstring(render_audits(audits, "junit"))
    assert root.tag == "testsuites"
    suites = list(root)
    assert [s.tag for s in suites] == ["testsuite", "testsuite"]
    for suite, audit in zip(suites, audits):
        assert SUITE_ATTRIBUTES <= set(suite.attrib)
        cases = list(suite)
        assert all(case.tag == "testcase" and {"name", "classname"} <= set(case.attrib) for case in cases)
        assert all(child.tag in CASE_CHILDREN for case in cases for child in case)
        gate = GateResult([audit], GatePolicy())
        items = gate.items(audit)
        errors = [f for f in audit.findings if f.severity.value == "error"]
        failing_findings = [f for f in audit.findings if f.code in GatePolicy().fail_on]
        assert int(suite.get("tests")) == len(cases) == len(audit.claims) + len({*map(id, errors), *map(id, failing_findings)})
        failures = [case.find("failure") for case in cases if case.find("failure") is not None]
        assert int(suite.get("failures")) == len(failures) == len(items)
        assert sorted(f.get("type") for f in failures) == sorted(item.code for item in items)
        assert int(suite.get("skipped")) == sum(1 for case in cases if case.find("skipped") is not None)
    assert int(root.get("tests")) == sum(int(s.get("tests")) for s in suites)
    assert int(root.get("failures")) == 3  # contradicted + count_mismatch, then contradicted (unsupported is not in fail-on)


def test_junit_follows_the_gate_policy():
    audits = [tsv_case()[1], pipe_case()[1]]
    strict = GateResult(audits, GatePolicy(fail_on=("contradicted", "unsupported", "count_mismatch")))
    assert ET.fromstring(render_junit(audits, strict)).get("failures") == "4"
    assert ET.fromstring(render_junit(audits, GateResult(audits, GatePolicy(fail_on=())))).get("failures") == "0"


def test_junit_unverifiable_fails_unless_allowed_and_warnings_are_not_cases():
    report, audit = pipe_case()
    audit.claims[2].verdict, audit.claims[2].confidence = "unverifiable", None
    audit.findings = [finding("truncated_claim", "warning", 19), finding("title_mismatch", "error", None)]
    suite = ET.fromstring(render_audits([audit], "junit")).find("testsuite")
    names = [case.get("name") for case in suite]
    assert names[-1] == "finding title_mismatch" and not any("truncated_claim" in n for n in names)
    assert suite.get("skipped") == "0" and suite.findall("testcase")[2].find("failure").get("type") == "unverifiable"
    allowed = GateResult([audit], GatePolicy(allow_unverifiable=True))
    suite = ET.fromstring(render_junit([audit], allowed)).find("testsuite")
    assert suite.get("skipped") == "1" and suite.findall("testcase")[2].find("skipped") is not None


def test_junit_drops_characters_xml_cannot_hold():
    audit = tsv_case()[1]
    audit.claims[2].text = "bad \x00 control \x1b chars & <tags>"
    root = ET.fromstring(render_audits([audit], "junit"))
    failure = root.find("testsuite").findall("testcase")[2].find("failure")
    assert "bad  control  chars & <tags>" in failure.text
