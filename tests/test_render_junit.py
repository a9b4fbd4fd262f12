"""JUnit XML: golden file and the schema's structure (testsuites > testsuite > testcase > failure/skipped)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from golden_files import assert_matches_golden
from sample_audits import finding, pipe_case, tsv_case
from verifier.render import render_audits

SUITE_ATTRIBUTES = {"name", "tests", "failures", "errors", "skipped"}
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
        errors = [f for f in audit.findings if f.severity.value == "error"]
        assert int(suite.get("tests")) == len(cases) == len(audit.claims) + len(errors)
        failing = [c for c in audit.claims if c.verdict in ("contradicted", "unsupported")]
        failures = [case.find("failure") for case in cases if case.find("failure") is not None]
        assert int(suite.get("failures")) == len(failures) == len(failing) + len(errors)
        assert sorted(f.get("type") for f in failures) == sorted([c.verdict for c in failing] + [f.code for f in errors])
        assert int(suite.get("skipped")) == sum(1 for case in cases if case.find("skipped") is not None)
    assert int(root.get("tests")) == sum(int(s.get("tests")) for s in suites)
    assert int(root.get("failures")) == 4  # 2 verdicts + 1 error finding, then 1 verdict


def test_junit_unverifiable_is_skipped_and_warnings_are_not_cases():
    report, audit = pipe_case()
    audit.claims[2].verdict = "unverifiable"
    audit.findings = [finding("truncated_claim", "warning", 19), finding("title_mismatch", "error", None)]
    suite = ET.fromstring(render_audits([audit], "junit")).find("testsuite")
    names = [case.get("name") for case in suite]
    assert names[-1] == "finding title_mismatch" and not any("truncated_claim" in n for n in names)
    assert suite.get("skipped") == "1" and suite.findall("testcase")[2].find("skipped") is not None


def test_junit_drops_characters_xml_cannot_hold():
    audit = tsv_case()[1]
    audit.claims[2].text = "bad \x00 control \x1b chars & <tags>"
    root = ET.fromstring(render_audits([audit], "junit"))
    failure = root.find("testsuite").findall("testcase")[2].find("failure")
    assert "bad  control  chars & <tags>" in failure.text
