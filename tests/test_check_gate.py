"""The gate's policy and failures on hand-built audits: every default failing code, clean reports, min-confidence,
and `[tool.claims-verifier]` found upward from the working directory."""

from __future__ import annotations

import pytest
from sample_audits import finding, pipe_case, tsv_case

from verifier.audit.gate import (
    DEFAULT_FAIL_ON,
    GatePolicy,
    format_gate,
    gate_exit_code,
    gate_failures,
    parse_codes,
    resolve_policy,
    unknown_codes,
)
from verifier.config import find_config
from verifier.errors import VerifierError


def clean_audit():
    """The pipe sample with every claim supported and no findings."""
    audit = pipe_case()[1]
    for claim in audit.claims:
        claim.verdict, claim.agrees_with_report = "supported", True
    return audit


def test_clean_report_passes():
    audit = clean_audit()
    failures = gate_failures(audit, GatePolicy())
    assert failures == [] and gate_exit_code(failures, 0) == 0
    assert format_gate([audit], GatePolicy()).splitlines()[-1].startswith("check passed: 1 report, 3 claims")


@pytest.mark.parametrize("code", [c for c in DEFAULT_FAIL_ON if c != "contradicted"])
def test_each_default_finding_code_fails(code):
    audit = clean_audit()
    audit.findings = [finding(code, "error", 12)]
    failures = gate_failures(audit, GatePolicy())
    assert [(f.code, f.line) for f in failures] == [(code, 12)] and gate_exit_code(failures, 0) == 1


def test_contradicted_claim_fails_at_its_line():
    audit = clean_audit()
    audit.claims[1].verdict, audit.claims[1].confidence = "contradicted", 0.7
    failures = gate_failures(audit, GatePolicy())
    assert [(f.code, f.line) for f in failures] == [("contradicted", audit.claims[1].line)]
    assert "FAIL reports/sample-pipe.md:18: contradicted: claim 2 is contradicted (confidence 0.70)" in format_gate([audit], GatePolicy())


def test_findings_outside_the_failing_set_only_warn():
    audit = clean_audit()
    audit.findings = [finding("truncated_claim", "warning", 19), finding("mark_disagrees", "warning", 18, claim_index=2)]
    assert gate_failures(audit, GatePolicy()) == []
    lines = format_gate([audit], GatePolicy()).splitlines()
    assert lines[0] == "warn reports/sample-pipe.md:19: truncated_claim: Sample truncated_claim finding."
    assert lines[-1].startswith("check passed")


def test_min_confidence_ignores_weak_verdicts_and_claim_findings():
    audit = tsv_case()[1]  # claim 3 contradicted at 0.83, claim 4 unsupported at 0.40
    audit.findings = [finding("mark_disagrees", "warning", 23, claim_index=4)]
    policy = GatePolicy(fail_on=("contradicted", "unsupported", "mark_disagrees"), min_confidence=0.5)
    assert [f.code for f in gate_failures(audit, policy)] == ["contradicted"]
    loose = policy.model_copy(update={"min_confidence": 0.3})
    assert [f.code for f in gate_failures(audit, loose)] == ["mark_disagrees", "contradicted", "unsupported"]


def test_bad_input_wins_over_failures():
    assert gate_exit_code([], 1) == 2
    assert gate_exit_code(gate_failures(tsv_case()[1], GatePolicy()), 0) == 1


def test_parse_codes():
    assert parse_codes(" Contradicted, count-mismatch,,count_mismatch ", "--fail-on") == ("contradicted", "count_mismatch")
    assert parse_codes("none", "--fail-on") == ()
    for empty in ("", " ", ",", [], [""]):  # an empty value is bad input, not "fail on nothing"
        with pytest.raises(VerifierError, match="fail-on is empty"):
            parse_codes(empty, "--fail-on")
    assert parse_codes(["unsupported"], "cfg") == ("unsupported",)
    with pytest.raises(VerifierError, match="'bad code!' is not a finding code"):
        parse_codes("bad code!", "--fail-on")
    assert unknown_codes(("contradicted", "count_mismatch", "contradictd")) == ["contradictd"]
    with pytest.raises(VerifierError, match="'contradictd' is not a known finding code or verdict"):
        parse_codes("contradicted, contradictd", "--fail-on")
    assert parse_codes("malformed_row,bad_mark", "--fail-on") == ("malformed_row", "bad_mark")


def test_config_found_upward_and_flags_win(tmp_path):
    project = tmp_path / "project"
    nested = project / "reports" / "deep"
    nested.mkdir(parents=True)
    (tmp_path / "pyproject.toml").write_text('[tool.claims-verifier]\nfail-on = ["unsupported"]\n')
    (project / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.claims-verifier]\nfail-on = ["contradicted", "mark_disagrees"]\nmin-confidence = 0.6\n'
    )
    assert find_config(nested) == project / "pyproject.toml"
    policy = resolve_policy(None, None, nested)
    assert policy.fail_on == ("contradicted", "mark_disagrees") and policy.min_confidence == 0.6
    assert policy.config_file == project / "pyproject.toml"
    flagged = resolve_policy("unsupported", 0.1, nested)
    assert flagged.fail_on == ("unsupported",) and flagged.min_confidence == 0.1


def test_pyproject_without_the_table_is_passed_over(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert find_config(tmp_path) is None  # nothing above the temporary folder has the table either
    policy = resolve_policy(None, None, tmp_path)
    assert policy.fail_on == DEFAULT_FAIL_ON and policy.min_confidence == 0.0 and policy.config_file is None


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("[tool.claims-verifier]\nfail-on = 3\n", "fail-on"),
        ("[tool.claims-verifier]\nmin-confidence = 2\n", "min-confidence"),
        ("[tool.claims-verifier]\nallow-unverifiable = \"yes\"\n", "allow-unverifiable"),
        ("[tool.claims-verifier]\nfail-on = []\n", "fail-on is empty"),
        ("[tool.claims-verifier]\nfail_on_typo = []\n", "unknown key 'fail_on_typo'"),
        ("[tool.claims-verifier\n", "not valid TOML"),
    ],
)
def test_bad_config_is_a_user_error_naming_the_file(tmp_path, body, message):
    (tmp_path / "pyproject.toml").write_text(body)
    with pytest.raises(VerifierError, match=message) as error:
        resolve_policy(None, None, tmp_path)
    assert str(tmp_path / "pyproject.toml") in str(error.value)


def test_min_confidence_flag_is_checked():
    with pytest.raises(VerifierError, match="--min-confidence must be between 0 and 1"):
        resolve_policy(None, 1.5, __import__("pathlib").Path("/"))


def test_unverifiable_claims_and_unread_papers_fail_unless_allowed():
    from verifier.audit.gate import GateResult, coverage, unchecked_items

    audit = clean_audit()
    audit.claims[0].verdict, audit.claims[0].confidence = "unverifiable", None
    audit.references[0].status = "unavailable"
    items = unchecked_items(audit, GatePolicy())
    assert [(i.code, i.kind) for i in items] == [("unverifiable", "unchecked"), ("reference_unavailable", "unchecked")]
    assert unchecked_items(audit, GatePolicy(allow_unverifiable=True)) == []
    cover = coverage(audit)
    assert (cover.claims, cover.checked, [r.arxiv_id for r in cover.unread]) == (3, 2, ["2005.13013"])
    assert GateResult([audit], GatePolicy()).exit_code == 1
    assert GateResult([audit], GatePolicy(allow_unverifiable=True)).exit_code == 0
    text = format_gate([audit], GatePolicy(), offline=True)
    assert "FAIL reports/sample-pipe.md:" in text and ": unchecked: 2 of 3 claims checked; 1 not checked; not read: " \
        "2005.13013v2 (offline, no local source)" in text


def test_the_summary_never_says_passed_unless_the_exit_code_is_0():
    from verifier.audit.gate import GateResult

    audit = clean_audit()
    assert GateResult([audit], GatePolicy()).summary().startswith("check passed")
    broken = GateResult([audit], GatePolicy(), errors=["missing.txt: no such file"])
    assert broken.exit_code == 2 and broken.summary().startswith("check failed")
    assert "1 input could not be read" in broken.summary()
    assert GateResult([], GatePolicy()).summary() == "check failed: no report could be audited"
