"""The CI gate: which findings and verdicts fail a build, read from flags or `[tool.claims-verifier]` in pyproject.toml.

`fail-on` names finding codes (`count_mismatch`, …) and claim verdicts (`contradicted`, `unsupported`, …);
`min-confidence` ignores verdicts (and claim-level findings) whose confidence is below it.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from pathlib import Path

from pydantic import BaseModel, Field

from verifier.errors import VerifierError
from verifier.models import Audit
from verifier.render.tally import VERDICTS, confidence_text

DEFAULT_FAIL_ON: tuple[str, ...] = ("contradicted", "count_mismatch", "reference_not_found", "title_mismatch")
KNOWN_FINDING_CODES: frozenset[str] = frozenset({
    "count_mismatch", "truncated_claim", "duplicate_claim", "reference_not_found", "reference_unavailable",
    "title_mismatch", "mark_disagrees", "bad_confidence", "missing_section", "version_drift", "inconsistent_mark",
    "malformed_row", "bad_mark", "duplicate_reference",
})
CONFIG_TABLE = "claims-verifier"
_CODE = re.compile(r"^[a-z][a-z0-9_]*$")


class GatePolicy(BaseModel):
    """What fails the gate."""

    fail_on: tuple[str, ...] = Field(default=DEFAULT_FAIL_ON, description="Finding codes and claim verdicts that fail.")
    min_confidence: float = Field(default=0.0, ge=0.0, le=1.0, description="Ignore verdicts below this confidence.")
    config_file: Path | None = Field(default=None, description="The pyproject.toml the policy was read from, if any.")


class GateFailure(BaseModel):
    """One thing that fails the gate, anchored to a report line."""

    source: str
    line: int | None
    code: str
    message: str


def parse_codes(text: str | Iterable[str], origin: str) -> tuple[str, ...]:
    """`"contradicted, count_mismatch"` (or a list) as a tuple of codes; `none` or empty means nothing fails.
    A code that is neither a known finding code nor a verdict (a typo would silently disable the gate) is an error."""
    if not isinstance(text, (str, list, tuple)):
        raise VerifierError(f"{origin}: fail-on must be a list of codes or a comma-separated string, got {text!r}")
    items = text.split(",") if isinstance(text, str) else list(text)
    codes = []
    for item in items:
        if not isinstance(item, str):
            raise VerifierError(f"{origin}: fail-on entries must be strings, got {item!r}")
        code = item.strip().lower().replace("-", "_")
        if not code or code == "none":
            continue
        if not _CODE.match(code):
            raise VerifierError(f"{origin}: {item.strip()!r} is not a finding code or verdict")
        codes.append(code)
    typos = unknown_codes(codes)
    if typos:
        known = ", ".join(sorted(KNOWN_FINDING_CODES | set(VERDICTS)))
        raise VerifierError(f"{origin}: {typos[0]!r} is not a known finding code or verdict (known: {known})")
    return tuple(dict.fromkeys(codes))


def unknown_codes(codes: Iterable[str]) -> list[str]:
    """Codes that are neither a known finding code nor a verdict (likely typos)."""
    return [code for code in codes if code not in KNOWN_FINDING_CODES and code not in VERDICTS]


def find_config(start: Path) -> Path | None:
    """The nearest pyproject.toml at or above `start` that has a `[tool.claims-verifier]` table."""
    for folder in [start, *start.parents]:
        candidate = folder / "pyproject.toml"
        if candidate.is_file() and CONFIG_TABLE in _read_toml(candidate).get("tool", {}):
            return candidate
    return None


def _read_toml(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise VerifierError(f"{path}: not valid TOML ({error})") from None
    except UnicodeDecodeError:
        raise VerifierError(f"{path}: not UTF-8 text") from None


def policy_from_config(path: Path) -> GatePolicy:
    """The policy in `[tool.claims-verifier]` of `path` (keys `fail-on`, `min-confidence`)."""
    table = _read_toml(path)["tool"][CONFIG_TABLE]
    if not isinstance(table, dict):
        raise VerifierError(f"{path}: [tool.{CONFIG_TABLE}] must be a table")
    unknown = sorted(set(table) - {"fail-on", "fail_on", "min-confidence", "min_confidence"})
    if unknown:
        raise VerifierError(f"{path}: unknown key {unknown[0]!r} in [tool.{CONFIG_TABLE}] (use fail-on, min-confidence)")
    fail_on = table.get("fail-on", table.get("fail_on"))
    minimum = table.get("min-confidence", table.get("min_confidence", 0.0))
    origin = f"{path} [tool.{CONFIG_TABLE}]"
    if isinstance(minimum, bool) or not isinstance(minimum, (int, float)) or not 0.0 <= minimum <= 1.0:
        raise VerifierError(f"{origin}: min-confidence must be a number between 0 and 1, got {minimum!r}")
    codes = DEFAULT_FAIL_ON if fail_on is None else parse_codes(fail_on, origin)
    return GatePolicy(fail_on=codes, min_confidence=float(minimum), config_file=path)


def resolve_policy(fail_on: str | None, min_confidence: float | None, cwd: Path) -> GatePolicy:
    """Flags win over the nearest `[tool.claims-verifier]`, which wins over the defaults."""
    config = find_config(cwd.resolve())
    policy = policy_from_config(config) if config else GatePolicy()
    if fail_on is not None:
        policy = policy.model_copy(update={"fail_on": parse_codes(fail_on, "--fail-on")})
    if min_confidence is not None:
        if not 0.0 <= min_confidence <= 1.0:
            raise VerifierError(f"--min-confidence must be between 0 and 1, got {min_confidence}")
        policy = policy.model_copy(update={"min_confidence": min_confidence})
    return policy


def gate_failures(audit: Audit, policy: GatePolicy) -> list[GateFailure]:
    """Everything in `audit` that fails under `policy`: matching findings, then matching claim verdicts."""
    failing = set(policy.fail_on)
    confidence = {claim.index: claim.confidence for claim in audit.claims}
    source = audit.report.source
    failures = []
    for finding in audit.findings:
        if finding.code not in failing:
            continue
        if finding.claim_index is not None and not _confident(confidence.get(finding.claim_index), policy):
            continue
        failures.append(GateFailure(source=source, line=finding.line, code=finding.code, message=finding.message))
    for claim in audit.claims:
        if claim.verdict in failing and _confident(claim.confidence, policy):
            text = claim.explanation or claim.text
            message = f"claim {claim.index} is {claim.verdict} (confidence {confidence_text(claim.confidence)}): {text}"
            failures.append(GateFailure(source=source, line=claim.line, code=claim.verdict, message=message))
    return failures


def _confident(value: float | None, policy: GatePolicy) -> bool:
    return policy.min_confidence <= 0.0 or (value is not None and value >= policy.min_confidence)


def gate_exit_code(failures: list[GateFailure], bad_inputs: int) -> int:
    """2 when any input could not be read, else 1 when anything fails, else 0."""
    if bad_inputs:
        return 2
    return 1 if failures else 0


def format_gate(audits: list[Audit], policy: GatePolicy) -> str:
    """Gate output: every finding and failing verdict as `FAIL|warn|note path:line: code: message`, then a verdict line."""
    lines, failed = [], 0
    for audit in audits:
        failures = gate_failures(audit, policy)
        failed += len(failures)
        failing_keys = {(f.code, f.line, f.message) for f in failures}
        for finding in audit.findings:
            if (finding.code, finding.line, finding.message) in failing_keys:
                continue
            tag = "warn" if finding.severity.value in ("error", "warning") else "note"
            lines.append(f"{tag} {audit.report.source}:{finding.line or 1}: {finding.code}: {finding.message}")
        lines += [f"FAIL {f.source}:{f.line or 1}: {f.code}: {f.message}" for f in failures]
    codes = ", ".join(policy.fail_on) or "nothing"
    threshold = f", min-confidence {policy.min_confidence:.2f}" if policy.min_confidence > 0 else ""
    claims = sum(len(audit.claims) for audit in audits)
    scope = f"{len(audits)} report{'s' if len(audits) != 1 else ''}, {claims} claims"
    if not audits:
        lines.append("check failed: no report could be audited")
    elif failed:
        lines.append(f"check failed: {failed} failing item{'s' if failed != 1 else ''} in {scope} (fail-on: {codes}{threshold})")
    else:
        lines.append(f"check passed: {scope}, nothing in fail-on ({codes}{threshold})")
    return "\n".join(lines) + "\n"


def run_check(paths: list[Path], settings, policy: GatePolicy, stdout, stderr, environ) -> int:
    """Audit `paths` as a batch, print the gate's output (and GitHub annotations under Actions); return the exit code."""
    from verifier.audit.batch import print_summary, run_batch
    from verifier.progress import progress_for
    from verifier.render import print_github_annotations

    result = run_batch(paths, settings, progress=progress_for(stderr))
    for error in result.errors:
        stderr.write(f"error: {error}\n")
    print_github_annotations(result.audits, stdout, environ)
    stdout.write(format_gate(result.audits, policy))
    stdout.flush()
    if result.audits and len(result.audits) + len(result.errors) > 1:
        print_summary(result, stderr)
    failures = [failure for audit in result.audits for failure in gate_failures(audit, policy)]
    return gate_exit_code(failures, len(result.errors))
