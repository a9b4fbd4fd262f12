"""The CI gate: which findings and verdicts fail a build (flags, else the project's `[tool.claims-verifier]` read by
`verifier.config`, else defaults), and what an audited batch gives under that policy.

`fail-on` names finding codes (`count_mismatch`, …) and claim verdicts (`contradicted`, `unsupported`, …);
`min-confidence` ignores verdicts (and claim-level findings) whose confidence is below it. Independently of
`fail-on`, work that could not be done fails too: a claim that could not be checked (`unverifiable`) or a cited
paper that could not be read (unavailable, not found), unless `allow-unverifiable` says so explicitly.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, Field

from claims.finding_codes import FINDING_CODES, is_finding_code
from verifier.config import ProjectConfig
from verifier.errors import VerifierError
from verifier.models import DEFAULT_FAILING_VERDICTS, VERDICTS, Audit, ReferenceResult
from verifier.tally import confidence_text

if TYPE_CHECKING:
    from verifier.config import ProjectConfig

DEFAULT_FAIL_ON: tuple[str, ...] = tuple(
    sorted([*DEFAULT_FAILING_VERDICTS, *(entry.code for entry in FINDING_CODES if entry.fails_by_default)])
)
UNCHECKED = "unchecked"
"""The code of the gate line that says a report was not fully checked (not a finding code: it cannot be in fail-on)."""
_CODE = re.compile(r"^[a-z][a-z0-9_]*$")


class GatePolicy(BaseModel):
    """What fails the gate."""

    fail_on: tuple[str, ...] = Field(default=DEFAULT_FAIL_ON, description="Finding codes and claim verdicts that fail.")
    min_confidence: float = Field(default=0.0, ge=0.0, le=1.0, description="Ignore verdicts below this confidence.")
    allow_unverifiable: bool = Field(
        default=False, description="Pass claims that could not be checked and papers that could not be read.")
    config_file: Path | None = Field(default=None, description="The pyproject.toml the policy was read from, if any.")


class GateFailure(BaseModel):
    """One thing that fails the gate, anchored to a report line. `kind` says why: in `fail-on`, or not checked."""

    source: str
    line: int | None
    code: str
    message: str
    kind: Literal["fail_on", "unchecked"] = "fail_on"
    claim_index: int | None = None


def parse_codes(text: str | Iterable[str], origin: str) -> tuple[str, ...]:
    """`"contradicted, count_mismatch"` (or a list) as a tuple of codes; `none` means nothing fails. An empty value
    (`--fail-on ''`, `fail-on = []`) is an error, and so is a code that is neither a known finding code nor a verdict
    (a typo or a blank would silently disable the gate)."""
    if not isinstance(text, (str, list, tuple)):
        raise VerifierError(f"{origin}: fail-on must be a list of codes or a comma-separated string, got {text!r}")
    items = text.split(",") if isinstance(text, str) else list(text)
    codes = []
    explicit_none = False
    for item in items:
        if not isinstance(item, str):
            raise VerifierError(f"{origin}: fail-on entries must be strings, got {item!r}")
        code = item.strip().lower().replace("-", "_")
        if code == "none":
            explicit_none = True
            continue
        if not code:
            continue
        if not _CODE.match(code):
            raise VerifierError(f"{origin}: {item.strip()!r} is not a finding code or verdict")
        codes.append(code)
    if not codes and not explicit_none:
        raise VerifierError(f"{origin}: fail-on is empty; name finding codes or verdicts, or `none` to fail on nothing")
    typos = unknown_codes(codes)
    if typos:
        known = ", ".join(sorted([entry.code for entry in FINDING_CODES] + list(VERDICTS)))
        raise VerifierError(f"{origin}: {typos[0]!r} is not a known finding code or verdict (known: {known})")
    return tuple(dict.fromkeys(codes))


def unknown_codes(codes: Iterable[str]) -> list[str]:
    """Codes that are neither a known finding code nor a verdict (likely typos)."""
    return [code for code in codes if not is_finding_code(code) and code not in VERDICTS]


def policy_from_project(config: ProjectConfig) -> GatePolicy:
    """The policy a project configures (`fail-on`, `min-confidence`, `allow-unverifiable` in
    `[tool.claims-verifier]`, read by `verifier.config`); defaults for what it leaves out."""
    codes = DEFAULT_FAIL_ON if config.fail_on is None else parse_codes(config.fail_on, config.origin("fail-on"))
    return GatePolicy(fail_on=codes, min_confidence=config.min_confidence or 0.0,
                      allow_unverifiable=bool(config.allow_unverifiable), config_file=config.file)


def resolve_policy(fail_on: str | None, min_confidence: float | None, where: Path | ProjectConfig,
                   allow_unverifiable: bool | None = None) -> GatePolicy:
    """Flags win over the project's configuration (given, or discovered upward from the folder `where`), which
    wins over the defaults."""
    from verifier.config import discover_config

    config = discover_config([], where) if isinstance(where, Path) else where
    return apply_flags(policy_from_project(config), fail_on, min_confidence, allow_unverifiable)


def apply_flags(policy: GatePolicy, fail_on: str | None, min_confidence: float | None,
                allow_unverifiable: bool | None) -> GatePolicy:
    """`policy` with the command-line flags that were given."""
    if fail_on is not None:
        policy = policy.model_copy(update={"fail_on": parse_codes(fail_on, "--fail-on")})
    if min_confidence is not None:
        if not 0.0 <= min_confidence <= 1.0:
            raise VerifierError(f"--min-confidence must be between 0 and 1, got {min_confidence}")
        policy = policy.model_copy(update={"min_confidence": min_confidence})
    if allow_unverifiable is not None:
        policy = policy.model_copy(update={"allow_unverifiable": allow_unverifiable})
    return policy


def gate_failures(audit: Audit, policy: GatePolicy) -> list[GateFailure]:
    """Everything in `audit` that fails under `policy`'s fail-on: matching findings, then matching claim verdicts."""
    failing = set(policy.fail_on)
    confidence = {claim.index: claim.confidence for claim in audit.claims}
    source = audit.report.source
    failures = []
    for finding in audit.findings:
        if finding.code not in failing:
            continue
        if finding.claim_index is not None and not _confident(confidence.get(finding.claim_index), policy):
            continue
        failures.append(GateFailure(source=source, line=finding.line, code=finding.code, message=finding.message,
                                    claim_index=finding.claim_index))
    for claim in audit.claims:
        if claim.verdict in failing and _confident(claim.confidence, policy):
            text = claim.explanation or claim.text
            message = f"claim {claim.index} is {claim.verdict} (confidence {confidence_text(claim.confidence)}): {text}"
            failures.append(GateFailure(source=source, line=claim.line, code=claim.verdict, message=message,
                                        claim_index=claim.index))
    return failures


def _confident(value: float | None, policy: GatePolicy) -> bool:
    return policy.min_confidence <= 0.0 or (value is not None and value >= policy.min_confidence)


@dataclass
class Coverage:
    """How much of one report was checked: claims with a verdict from source text, and the papers not read."""

    source: str
    claims: int
    checked: int
    unread: list[ReferenceResult] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return self.checked == self.claims and not self.unread


def coverage(audit: Audit) -> Coverage:
    """What `audit` could check: a claim counts when it has a verdict other than `unverifiable`; a reference is
    unread when its paper is `unavailable` or `not_found`."""
    checked = sum(1 for claim in audit.claims if claim.verdict not in (None, "unverifiable"))
    unread = [ref for ref in audit.references if ref.status in ("unavailable", "not_found")]
    return Coverage(audit.report.source, len(audit.claims), checked, unread)


def unread_reason(reference: ReferenceResult, offline: bool) -> str:
    """Why a paper was not read, in a few words: `not found`, `offline` or `unavailable`."""
    if reference.status == "not_found":
        return "not found"
    return "offline, no local source" if offline else "unavailable"


def coverage_text(cover: Coverage, offline: bool) -> str:
    """`3 of 20 claims checked; not read: 2401.01234v1 (offline, no local source)`."""
    text = f"{cover.checked} of {cover.claims} claim{'s' if cover.claims != 1 else ''} checked"
    if cover.unread:
        papers = ", ".join(f"{ref.arxiv_id or ref.url}{ref.version or ''} ({unread_reason(ref, offline)})"
                           for ref in cover.unread)
        text += f"; {cover.claims - cover.checked} not checked" if cover.checked < cover.claims else ""
        text += f"; not read: {papers}"
    elif cover.checked < cover.claims:
        text += f"; {cover.claims - cover.checked} not checked (no source text)"
    return text


def unchecked_items(audit: Audit, policy: GatePolicy) -> list[GateFailure]:
    """The gate's items for work not done: each `unverifiable` claim and each unread paper (none when
    `allow_unverifiable`). A reference already failing through fail-on is not repeated."""
    if policy.allow_unverifiable:
        return []
    source = audit.report.source
    failing = set(policy.fail_on)
    items = []
    for claim in audit.claims:
        if claim.verdict in (None, "unverifiable") and not (claim.verdict in failing and _confident(None, policy)):
            items.append(GateFailure(source=source, line=claim.line, code="unverifiable", kind="unchecked",
                                     claim_index=claim.index,
                                     message=f"claim {claim.index} could not be checked: {claim.explanation or claim.text}"))
    for ref in audit.references:
        code = {"unavailable": "reference_unavailable", "not_found": "reference_not_found"}.get(ref.status or "")
        if code is not None and code not in failing:
            items.append(GateFailure(source=source, line=ref.line, code=code, kind="unchecked",
                                     message=f"reference {ref.url} could not be read ({ref.status})"))
    return items


@dataclass
class GateResult:
    """The gate over one batch: audits, the inputs that could not be read, and what fails."""

    audits: list[Audit]
    policy: GatePolicy
    errors: list[str] = field(default_factory=list)
    offline: bool = False
    seconds: list[float] = field(default_factory=list)
    """Audit time of each report (same order as `audits`), when measured."""

    def failures(self, audit: Audit) -> list[GateFailure]:
        """What fails in `audit` through fail-on."""
        return gate_failures(audit, self.policy)

    def items(self, audit: Audit) -> list[GateFailure]:
        """Everything that fails in `audit`: fail-on items, then work not done (unless allowed)."""
        return gate_failures(audit, self.policy) + unchecked_items(audit, self.policy)

    @property
    def all_items(self) -> list[GateFailure]:
        return [item for audit in self.audits for item in self.items(audit)]

    @property
    def exit_code(self) -> int:
        """2 when any input could not be read or nothing was audited, else 1 when anything fails, else 0."""
        if self.errors or not self.audits:
            return 2
        return 1 if self.all_items else 0

    def summary(self) -> str:
        """The last line of the text output; it says `passed` only when the exit code is 0."""
        return summary_line(self)


def gate_exit_code(failures: list[GateFailure], bad_inputs: int) -> int:
    """2 when any input could not be read, else 1 when anything fails, else 0."""
    if bad_inputs:
        return 2
    return 1 if failures else 0


def summary_line(result: GateResult) -> str:
    """`check passed: …` (exit 0) or `check failed: …` (exit 1 or 2), with counts and the policy."""
    audits, policy = result.audits, result.policy
    if not audits:
        return "check failed: no report could be audited"
    fail_on = sum(len(result.failures(audit)) for audit in audits)
    covers = [coverage(audit) for audit in audits]
    claims = sum(cover.claims for cover in covers)
    unchecked = claims - sum(cover.checked for cover in covers)
    unread = sum(len(cover.unread) for cover in covers)
    codes = ", ".join(policy.fail_on) or "nothing"
    threshold = f", min-confidence {policy.min_confidence:.2f}" if policy.min_confidence > 0 else ""
    scope = f"{len(audits)} report{'s' if len(audits) != 1 else ''}, {claims} claims"
    gaps = []
    if unchecked:
        gaps.append(f"{unchecked} claim{'s' if unchecked != 1 else ''} not checked")
    if unread:
        gaps.append(f"{unread} cited paper{'s' if unread != 1 else ''} not read")
    gap_text = ", ".join(gaps)
    errors = f"; {len(result.errors)} input{'s' if len(result.errors) != 1 else ''} could not be read" if result.errors else ""
    if result.exit_code == 0:
        allowed = f"; {gap_text} (allowed by allow-unverifiable)" if gap_text else ""
        return f"check passed: {scope}, nothing in fail-on ({codes}{threshold}){allowed}"
    parts = []
    if fail_on:
        parts.append(f"{fail_on} failing item{'s' if fail_on != 1 else ''}")
    if gap_text and not policy.allow_unverifiable:
        parts.append(gap_text)
    what = " and ".join(parts) if parts else "nothing failing"
    return f"check failed: {what} in {scope} (fail-on: {codes}{threshold}){errors}"


def format_gate(audits: list[Audit], policy: GatePolicy, errors: list[str] | None = None, offline: bool = False) -> str:
    """Gate output: every finding and failing verdict as `FAIL|warn|note path:line: code: message`, one `checked`
    (or, when not fully checked, `FAIL … unchecked`) line per report, then the summary line. The path is quoted
    when it is not ordinary (`plain_path`) and every line is one line without control characters (`log_line`), so
    no file name or report text can forge a line (a `::error` workflow command, a `check passed`)."""
    from verifier.escaping import log_line, plain_path

    result = GateResult(audits, policy, list(errors or []), offline)
    lines = []
    for audit in audits:
        source = plain_path(audit.report.source)
        failures = result.failures(audit)
        failing_keys = {(f.code, f.line, f.message) for f in failures}
        for finding in audit.findings:
            if (finding.code, finding.line, finding.message) in failing_keys:
                continue
            tag = "warn" if finding.severity.value in ("error", "warning") else "note"
            lines.append(f"{tag} {source}:{finding.line or 1}: {finding.code}: {finding.message}")
        lines += [f"FAIL {source}:{f.line or 1}: {f.code}: {f.message}" for f in failures]
        cover = coverage(audit)
        text = coverage_text(cover, offline)
        if cover.complete:
            lines.append(f"checked {source}: {text}")
        else:
            tag = "note" if policy.allow_unverifiable else "FAIL"
            line = cover.unread[0].line if cover.unread and cover.unread[0].line else 1
            lines.append(f"{tag} {source}:{line}: {UNCHECKED}: {text}")
    lines.append(result.summary())
    return "\n".join(log_line(line) for line in lines) + "\n"
