"""The one list of finding codes: each code's usual severity, whether the CI gate fails on it by default, who
emits it, and a one-line doc. The parser (`claims`) and the audit (`verifier`) emit only these codes; `verifier
check` accepts them in `fail-on`, the SARIF output lists them as rules, and README.md documents each of them
(a test checks both directions). A leaf module: it imports nothing of the project but `claims.models`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from claims.models import Severity

Origin = Literal["parser", "audit"]


@dataclass(frozen=True)
class FindingCode:
    """A finding code of the JSON contract."""

    code: str
    severity: Severity
    """The severity it is usually emitted with (some codes are emitted milder or stronger case by case)."""
    origin: Origin
    """`parser`: found from the report alone (`verifier parse`); `audit`: needs the cited papers."""
    doc: str
    """One line for README, `--help` and SARIF rule descriptions."""
    fails_by_default: bool = False
    """In the gate's default `fail-on` list."""


FINDING_CODES: tuple[FindingCode, ...] = (
    FindingCode("count_mismatch", Severity.error, "parser",
                "The stated claims/verified counts differ from the claims table.", fails_by_default=True),
    FindingCode("truncated_claim", Severity.warning, "parser",
                "A claim was cut by the generator (judged on its visible part; info when only punctuation is missing)."),
    FindingCode("duplicate_claim", Severity.warning, "parser", "Two claims of the table are the same or nearly so."),
    FindingCode("duplicate_reference", Severity.info, "parser", "The same paper is cited twice."),
    FindingCode("bad_confidence", Severity.warning, "parser",
                "A confidence is outside 0..1 or not a number."),
    FindingCode("bad_mark", Severity.warning, "parser", "A verification mark is neither ✓/× nor yes/no."),
    FindingCode("malformed_row", Severity.error, "parser",
                "A table row has the wrong number of cells or no claim text; the row is skipped."),
    FindingCode("unaligned_rows", Severity.error, "parser",
                "Wrapped lines of a PDF claims table could not be given to their rows; neighbouring claims may be mixed."),
    FindingCode("missing_section", Severity.warning, "parser",
                "A part of the report (title, date, claims table, references, …) was not found; its field is null."),
    FindingCode("malformed_reference", Severity.error, "parser",
                "A citation looks like an arXiv id but breaks its rules (the message says which).",
                fails_by_default=True),
    FindingCode("number_too_large", Severity.warning, "parser",
                "A stated count or score has more digits than any real one; it is ignored."),
    FindingCode("reference_not_found", Severity.error, "audit",
                "arXiv has no such paper or cited version (or the citation is not an arXiv id).", fails_by_default=True),
    FindingCode("reference_unavailable", Severity.warning, "audit",
                "A cited paper could not be read now (offline without a local source, network trouble)."),
    FindingCode("title_mismatch", Severity.error, "audit",
                "The examined title matches none of the cited papers.", fails_by_default=True),
    FindingCode("mark_disagrees", Severity.warning, "audit", "A claim's ✓/× disagrees with our verdict."),
    FindingCode("version_drift", Severity.warning, "audit",
                "A claim is stated in another version of a cited paper, not in the cited one."),
    FindingCode("version_substituted", Severity.warning, "audit",
                "The cited version could not be read, so another version of the paper was checked instead."),
    FindingCode("inconsistent_mark", Severity.warning, "audit",
                "The same claim is ✓ in one report and × in another of the same run."),
)

BY_CODE: dict[str, FindingCode] = {entry.code: entry for entry in FINDING_CODES}


def finding_code(code: str) -> FindingCode:
    """The registry entry of `code`; KeyError for a code that is not registered."""
    return BY_CODE[code]


def is_finding_code(code: str) -> bool:
    """True for a registered finding code."""
    return code in BY_CODE
