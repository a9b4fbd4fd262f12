"""What `verifier check --format text|json|junit|sarif` writes: one gate result in four shapes.

`text` is the gate's lines (`FAIL|warn|note|checked …` and the summary); `json` is the gate's record (status,
exit code, policy, per-report coverage and failing items) with the audits of the contract; `junit` and `sarif`
fail exactly what the gate fails.
"""

from __future__ import annotations

from verifier.audit.gate import GateResult, coverage, format_gate, unread_reason
from verifier.errors import VerifierError
from verifier.escaping import json_text
from verifier.render import CHECK_FORMATS

GATE_SCHEMA_VERSION = 1


def gate_record(result: GateResult) -> dict:
    """The gate as a JSON-ready dict; `audits` holds the contract's per-report objects."""
    policy = result.policy
    reports = []
    for audit in result.audits:
        cover = coverage(audit)
        reports.append({
            "source": audit.report.source,
            "claims": cover.claims,
            "checked": cover.checked,
            "not_checked": cover.claims - cover.checked,
            "unread_papers": [
                {"arxiv_id": ref.arxiv_id, "version": ref.version, "url": ref.url, "status": ref.status,
                 "reason": unread_reason(ref, result.offline), "line": ref.line}
                for ref in cover.unread
            ],
            "failures": [item.model_dump(mode="json") for item in result.items(audit)],
        })
    return {
        "gate_schema_version": GATE_SCHEMA_VERSION,
        "passed": result.exit_code == 0,
        "exit_code": result.exit_code,
        "summary": result.summary(),
        "policy": {
            "fail_on": list(policy.fail_on),
            "min_confidence": policy.min_confidence,
            "allow_unverifiable": policy.allow_unverifiable,
            "config_file": str(policy.config_file) if policy.config_file else None,
        },
        "errors": list(result.errors),
        "reports": reports,
        "audits": [audit.model_dump(mode="json") for audit in result.audits],
    }


def render_gate(result: GateResult, fmt: str) -> str:
    """`result` as `fmt`: text, json, junit or sarif."""
    if fmt == "text":
        return format_gate(result.audits, result.policy, result.errors, result.offline)
    if fmt == "json":
        return json_text(gate_record(result)) + "\n"
    if fmt == "junit":
        from verifier.render.junit import render_junit

        return render_junit(result.audits, result)
    if fmt == "sarif":
        from verifier.render.sarif import render_sarif

        return render_sarif(result)
    raise VerifierError(f"unknown check format {fmt!r} (choose one of {', '.join(CHECK_FORMATS)})")
