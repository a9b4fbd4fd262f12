"""The audit as JUnit XML (testsuites > testsuite > testcase > failure) for CI systems that read test reports.

One test suite per report, one test case per claim (failure for `contradicted` and `unsupported`, skipped for
`unverifiable`), and one failing test case per report-level finding of severity `error`.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from claims.models import Finding, Severity
from verifier.models import Audit, ClaimResult
from verifier.render.tally import FAILING_VERDICTS, confidence_text, evidence_link, paper_label, short_quote

_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(text: str) -> str:
    """`text` without the characters XML 1.0 cannot hold."""
    return _XML_INVALID.sub("", text)


def render_junit(audits: list[Audit]) -> str:
    """A JUnit XML document for `audits`."""
    root = ET.Element("testsuites", name="claims-verifier")
    suites = [_suite(audit) for audit in audits]
    root.extend(suites)
    for key in ("tests", "failures", "errors", "skipped"):
        root.set(key, str(sum(int(suite.get(key, "0")) for suite in suites)))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _suite(audit: Audit) -> ET.Element:
    source = xml_text(audit.report.source)
    suite = ET.Element("testsuite", name=source)
    cases = [_claim_case(source, claim) for claim in audit.claims]
    cases += [_finding_case(source, finding) for finding in audit.findings if finding.severity == Severity.error]
    suite.extend(cases)
    suite.set("tests", str(len(cases)))
    suite.set("failures", str(sum(1 for case in cases if case.find("failure") is not None)))
    suite.set("errors", "0")
    suite.set("skipped", str(sum(1 for case in cases if case.find("skipped") is not None)))
    return suite


def _claim_case(source: str, claim: ClaimResult) -> ET.Element:
    name = f"claim {claim.index} (line {claim.line}): {short_quote(claim.text, 80)}"
    case = ET.Element("testcase", classname=source, name=xml_text(name), file=source, line=str(claim.line))
    verdict = claim.verdict or "unchecked"
    summary = f"{verdict} (confidence {confidence_text(claim.confidence)})"
    if claim.explanation:
        summary += f": {claim.explanation}"
    if verdict in FAILING_VERDICTS:
        failure = ET.SubElement(case, "failure", message=xml_text(summary), type=verdict)
        failure.text = xml_text(_claim_details(claim))
    elif verdict in ("unverifiable", "unchecked"):
        ET.SubElement(case, "skipped", message=xml_text(summary))
    else:
        ET.SubElement(case, "system-out").text = xml_text(_claim_details(claim))
    return case


def _claim_details(claim: ClaimResult) -> str:
    lines = [f"Claim (line {claim.line}): {claim.text}", f"Verdict: {claim.verdict} {confidence_text(claim.confidence)}"]
    for evidence in claim.evidence[:3]:
        lines.append(f"Evidence {paper_label(evidence)} p. {evidence.page} ({evidence_link(evidence)}): {evidence.quote}")
    return "\n".join(lines)


def _finding_case(source: str, finding: Finding) -> ET.Element:
    where = f" (line {finding.line})" if finding.line else ""
    case = ET.Element("testcase", classname=source, name=xml_text(f"finding {finding.code}{where}"), file=source)
    if finding.line:
        case.set("line", str(finding.line))
    failure = ET.SubElement(case, "failure", message=xml_text(finding.message), type=finding.code)
    failure.text = xml_text(f"{source}{where}: {finding.code}: {finding.message}")
    return case
