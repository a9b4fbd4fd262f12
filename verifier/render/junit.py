"""The audit as JUnit XML (testsuites > testsuite > testcase > failure) for CI systems that read test reports.

One test suite per report, one test case per claim and one per report-level finding that is an error or fails the
gate. The failing test cases are exactly what fails the gate (`verifier check` with the same policy; the default
policy for `verifier audit`): verdicts and findings in fail-on, and, unless unverifiable claims are allowed, each
claim that could not be checked and each cited paper that could not be read. An allowed `unverifiable` claim is
skipped. Test names are unique within a suite; `time` is the report's measured audit time (shared evenly by its
claims, which are checked together) or 0 when not measured.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter

from claims.models import Finding, Severity
from verifier.audit.gate import GateFailure, GatePolicy, GateResult
from verifier.models import VERDICTS, Audit, ClaimResult
from verifier.tally import confidence_text, evidence_link, paper_label, short_quote

_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(text: str) -> str:
    """`text` without the characters XML 1.0 cannot hold."""
    return _XML_INVALID.sub("", text)


def render_junit(audits: list[Audit], gate: GateResult | None = None) -> str:
    """A JUnit XML document for `audits`, failing what `gate` fails (default: the default policy)."""
    gate = gate or GateResult(audits, GatePolicy())
    root = ET.Element("testsuites", name="claims-verifier")
    names: Counter[str] = Counter()
    suites = []
    for number, audit in enumerate(audits):
        seconds = gate.seconds[number] if number < len(gate.seconds) else 0.0
        suites.append(_suite(audit, gate.items(audit), seconds, names))
    root.extend(suites)
    for key in ("tests", "failures", "errors", "skipped"):
        root.set(key, str(sum(int(suite.get(key, "0")) for suite in suites)))
    root.set("time", _seconds(sum(gate.seconds)))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _seconds(value: float) -> str:
    return f"{value:.3f}"


def _unique(name: str, seen: Counter[str]) -> str:
    """`name`, or `name #2`, `#3`, … when it was used before in the same scope."""
    seen[name] += 1
    return name if seen[name] == 1 else f"{name} #{seen[name]}"


def _suite(audit: Audit, items: list[GateFailure], seconds: float, suite_names: Counter[str]) -> ET.Element:
    source = xml_text(audit.report.source)
    suite = ET.Element("testsuite", name=_unique(source, suite_names))
    names: Counter[str] = Counter()
    claim_items = {item.claim_index: item for item in items if item.claim_index is not None and _is_verdict_item(item)}
    per_claim = seconds / len(audit.claims) if audit.claims else 0.0
    cases = [_claim_case(source, claim, claim_items.get(claim.index), per_claim, names) for claim in audit.claims]
    remaining = [item for item in items if not (item.claim_index is not None and _is_verdict_item(item))]
    for found in audit.findings:
        match = next((item for item in remaining if item.code == found.code and item.line == found.line), None)
        if match is not None:
            remaining.remove(match)
        if match is not None or found.severity == Severity.error:
            cases.append(_finding_case(source, found, match, names))
    for item in remaining:  # gate items without a finding of their own
        cases.append(_item_case(source, item, names))
    suite.extend(cases)
    suite.set("tests", str(len(cases)))
    suite.set("failures", str(sum(1 for case in cases if case.find("failure") is not None)))
    suite.set("errors", "0")
    suite.set("skipped", str(sum(1 for case in cases if case.find("skipped") is not None)))
    suite.set("time", _seconds(seconds))
    return suite


def _is_verdict_item(item: GateFailure) -> bool:
    """A gate item about a claim's verdict (not a claim-level finding such as `mark_disagrees`)."""
    return item.code in VERDICTS


def _claim_case(source: str, claim: ClaimResult, item: GateFailure | None, seconds: float,
                names: Counter[str]) -> ET.Element:
    name = _unique(f"claim {claim.index} (line {claim.line}): {short_quote(claim.text, 80)}", names)
    case = ET.Element("testcase", classname=source, name=xml_text(name), file=source, line=str(claim.line),
                      time=_seconds(seconds))
    verdict = claim.verdict or "unchecked"
    summary = f"{verdict} (confidence {confidence_text(claim.confidence)})"
    if claim.explanation:
        summary += f": {claim.explanation}"
    if item is not None:
        failure = ET.SubElement(case, "failure", message=xml_text(summary), type=item.code)
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


def _finding_case(source: str, finding: Finding, item: GateFailure | None, names: Counter[str]) -> ET.Element:
    where = f" (line {finding.line})" if finding.line else ""
    name = _unique(f"finding {finding.code}{where}", names)
    case = ET.Element("testcase", classname=source, name=xml_text(name), file=source, time=_seconds(0.0))
    if finding.line:
        case.set("line", str(finding.line))
    details = xml_text(f"{source}{where}: {finding.code}: {finding.message}")
    if item is not None:
        failure = ET.SubElement(case, "failure", message=xml_text(finding.message), type=finding.code)
        failure.text = details
    else:
        ET.SubElement(case, "system-out").text = details
    return case


def _item_case(source: str, item: GateFailure, names: Counter[str]) -> ET.Element:
    where = f" (line {item.line})" if item.line else ""
    case = ET.Element("testcase", classname=source, name=xml_text(_unique(f"{item.code}{where}", names)),
                      file=source, time=_seconds(0.0))
    if item.line:
        case.set("line", str(item.line))
    failure = ET.SubElement(case, "failure", message=xml_text(item.message), type=item.code)
    failure.text = xml_text(f"{source}{where}: {item.code}: {item.message}")
    return case
