"""GitHub Actions workflow commands (`::error file=…,line=…::message`) pointing at claims and findings.

Findings become `error`, `warning` or `notice` by severity; `contradicted` claims become errors and
`unsupported` claims warnings, at the claim's line in the report.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TextIO

from claims.models import Severity
from verifier.escaping import terminal_text
from verifier.models import Audit
from verifier.tally import confidence_text, evidence_link, short_quote

_LINE_BREAK = re.compile(r"(\r|\n)")
_LEVEL = {Severity.error: "error", Severity.warning: "warning", Severity.info: "notice"}
_CLAIM_LEVEL = {"contradicted": "error", "unsupported": "warning"}


def escape_data(text: str) -> str:
    """Escape a workflow command's message the way the runner decodes it (%, CR, LF), after removing control
    characters and escape sequences (`terminal_text`: the log would show them raw); line breaks stay, as %0D/%0A."""
    text = "".join(part if part in ("\r", "\n") else terminal_text(part) for part in _LINE_BREAK.split(text))
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a workflow command property value (message escapes plus `:` and `,`)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def workflow_command(level: str, message: str, file: str, line: int | None, title: str) -> str:
    """One `::level file=…,line=…,title=…::message` line."""
    props = [f"file={escape_property(file)}"]
    if line:
        props.append(f"line={line}")
    props.append(f"title={escape_property(title)}")
    return f"::{level} {','.join(props)}::{escape_data(message)}"


def github_annotations(audits: list[Audit]) -> list[str]:
    """Workflow command lines for every finding and every contradicted or unsupported claim, in report order."""
    lines: list[str] = []
    for audit in audits:
        source = audit.report.source
        for finding in audit.findings:
            title = f"claims-verifier: {finding.code}"
            lines.append(workflow_command(_LEVEL[finding.severity], finding.message, source, finding.line, title))
        for claim in audit.claims:
            level = _CLAIM_LEVEL.get(claim.verdict or "")
            if level is None:
                continue
            message = f"Claim {claim.index} is {claim.verdict} (confidence {confidence_text(claim.confidence)}): "
            message += claim.explanation or short_quote(claim.text, 120)
            if claim.evidence:
                message += f" Evidence: {evidence_link(claim.evidence[0])}"
            lines.append(workflow_command(level, message, source, claim.line, f"claims-verifier: {claim.verdict}"))
    return lines


def running_in_github_actions(environ: Mapping[str, str]) -> bool:
    """True when `GITHUB_ACTIONS=true` (set by the Actions runner)."""
    return environ.get("GITHUB_ACTIONS", "").lower() == "true"


def print_github_annotations(audits: list[Audit], stream: TextIO, environ: Mapping[str, str]) -> int:
    """Write the annotations to `stream` when running under GitHub Actions; return how many were written."""
    if not running_in_github_actions(environ):
        return 0
    lines = github_annotations(audits)
    for line in lines:
        stream.write(line + "\n")
    stream.flush()
    return len(lines)
