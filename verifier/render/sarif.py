"""The gate's result as SARIF 2.1.0, the format GitHub code scanning reads (`github/codeql-action/upload-sarif`).

Rules are the registered finding codes and the verdicts, each with its one-line doc. Results point at the report
file and line: every finding; every claim that is contradicted, unsupported, partial or could not be checked; and
the gate's own items. A result that fails the gate has level `error`; the others follow the finding's severity
(`warning`, `note`) or the verdict (contradicted and unsupported `warning`, partial and allowed unverifiable
`note`).
"""

from __future__ import annotations

import hashlib
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from claims.finding_codes import FINDING_CODES
from claims.models import Severity
from verifier import __version__
from verifier.audit.gate import GateFailure, GateResult
from verifier.escaping import json_text
from verifier.models import DEFAULT_FAILING_VERDICTS, VERDICT_DOCS, VERDICTS, Audit
from verifier.tally import confidence_text, evidence_link, short_quote

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
INFORMATION_URI = "https://github.com/claims-verifier/claims-verifier#readme"
_SEVERITY_LEVEL = {Severity.error: "warning", Severity.warning: "warning", Severity.info: "note"}
"""Levels of findings that do not fail the gate (an error-severity finding outside fail-on is shown, not failed)."""
_VERDICT_LEVEL = {"contradicted": "warning", "unsupported": "warning", "partial": "note", "unverifiable": "note"}


def sarif_rules() -> list[dict]:
    """One reportingDescriptor per finding code, then per verdict."""
    rules = []
    for entry in FINDING_CODES:
        level = "error" if entry.fails_by_default else _SEVERITY_LEVEL[entry.severity]
        rules.append(_rule(entry.code, entry.doc, level, ["finding", entry.origin]))
    for verdict in VERDICTS:
        level = "error" if verdict in DEFAULT_FAILING_VERDICTS else _VERDICT_LEVEL.get(verdict, "none")
        rules.append(_rule(verdict, VERDICT_DOCS[verdict], level, ["verdict"]))
    return rules


def _rule(code: str, doc: str, level: str, tags: list[str]) -> dict:
    return {
        "id": code,
        "name": "".join(part.capitalize() for part in code.split("_")),
        "shortDescription": {"text": doc},
        "fullDescription": {"text": doc},
        "help": {"text": f"{code}: {doc} See the README section on finding codes and verdicts."},
        "helpUri": f"{INFORMATION_URI}",
        "defaultConfiguration": {"level": level},
        "properties": {"tags": ["claims-verifier", *tags]},
    }


def artifact_uri(source: str) -> tuple[str, str | None]:
    """(uri, uriBaseId) of a report path: relative paths stay relative to the checkout (`%SRCROOT%`), absolute
    ones become `file://` URIs. Spaces and other unsafe characters are percent-encoded."""
    path = Path(source)
    if path.is_absolute():
        try:
            path = path.relative_to(Path.cwd())
        except ValueError:
            return path.as_uri(), None
    posix = PurePosixPath(*path.parts).as_posix()
    return quote(posix, safe="/"), "%SRCROOT%"


def render_sarif(result: GateResult) -> str:
    """The SARIF log (one run) of `result`."""
    rules = sarif_rules()
    index = {rule["id"]: number for number, rule in enumerate(rules)}
    results = [entry for audit in result.audits for entry in _results(audit, result, index)]
    run = {
        "tool": {"driver": {"name": "claims-verifier", "version": __version__, "semanticVersion": __version__,
                            "informationUri": INFORMATION_URI, "rules": rules}},
        "automationDetails": {"id": "claims-verifier/check/"},
        "columnKind": "unicodeCodePoints",
        "originalUriBaseIds": {"%SRCROOT%": {"description": {"text": "The folder `verifier check` ran in."}}},
        "invocations": [{"executionSuccessful": not result.errors and bool(result.audits),
                         "exitCode": result.exit_code,
                         "toolExecutionNotifications": [{"level": "error", "message": {"text": error}}
                                                        for error in result.errors]}],
        "results": results,
    }
    log = {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}
    return json_text(log) + "\n"


def _results(audit: Audit, result: GateResult, index: dict[str, int]) -> list[dict]:
    source = audit.report.source
    items = result.items(audit)
    out = []
    claimed: set[int] = set()
    for item in items:
        if item.claim_index is not None and item.code in index and item.code in VERDICTS:
            claimed.add(item.claim_index)
    for finding in audit.findings:
        failing = _take(items, finding.code, finding.line)
        level = "error" if failing else _SEVERITY_LEVEL[finding.severity]
        out.append(_result(finding.code, index, level, finding.message, source, finding.line))
    for claim in audit.claims:
        verdict = claim.verdict or "unverifiable"
        failing = claim.index in claimed
        if not failing and verdict not in _VERDICT_LEVEL:
            continue
        level = "error" if failing else _VERDICT_LEVEL[verdict]
        code = verdict if verdict in index else "unverifiable"
        message = f"Claim {claim.index} is {verdict} (confidence {confidence_text(claim.confidence)}): "
        message += claim.explanation or short_quote(claim.text, 120)
        if claim.evidence:
            message += f" Evidence: {evidence_link(claim.evidence[0])}"
        out.append(_result(code, index, level, message, source, claim.line, claim.text))
    for item in items:  # gate items with no finding or claim of their own
        if item.claim_index is None and item.code in index and not _matched(audit, item):
            out.append(_result(item.code, index, "error", item.message, source, item.line))
    return out


def _take(items: list[GateFailure], code: str, line: int | None) -> bool:
    """Remove and report the first non-claim gate item with this code and line (findings fail through it)."""
    for item in items:
        if item.code == code and item.line == line and item.code not in VERDICTS:
            items.remove(item)
            return True
    return False


def _matched(audit: Audit, item: GateFailure) -> bool:
    return any(finding.code == item.code and finding.line == item.line for finding in audit.findings)


def _result(code: str, index: dict[str, int], level: str, message: str, source: str, line: int | None,
            anchor: str | None = None) -> dict:
    uri, base = artifact_uri(source)
    artifact: dict = {"uri": uri}
    if base:
        artifact["uriBaseId"] = base
    fingerprint = hashlib.sha256("\x1f".join([code, source, anchor or message]).encode("utf-8")).hexdigest()
    return {
        "ruleId": code,
        "ruleIndex": index[code],
        "level": level,
        "message": {"text": message},
        "locations": [{"physicalLocation": {"artifactLocation": artifact, "region": {"startLine": max(line or 1, 1)}}}],
        "partialFingerprints": {"claimsVerifier/v1": fingerprint},
    }
