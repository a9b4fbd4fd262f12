"""arXiv ids in reports, read with the shared grammar: valid ids become references, malformed ones become
`malformed_reference` errors with the reason (and a reference with a null id, so the audit reports it not found)."""

from __future__ import annotations

from claims import parse_text

REPORT = """Adapters synthesis

This paper examines: Adapters for cross-lingual transfer.

| Claim | Verified | Confidence |
|---|---|---|
| Adapters help. | ✓ | 0.9 |

1 claims extracted, 1 verified.

## References
- <http://arxiv.org/abs/2104.07412v2>
{reference}
"""


def _parse(reference: str):
    return parse_text(REPORT.format(reference=reference), "r.md")


def test_valid_forms_become_references() -> None:
    report = _parse("- arXiv:stat/0101001\n- https://arxiv.org/format/2005.13013\n- math.GT/0309136v1")
    assert [(r.arxiv_id, r.version) for r in report.references] == [
        ("2104.07412", "v2"), ("stat/0101001", None), ("2005.13013", None), ("math.GT/0309136", "v1")]
    assert not [f for f in report.findings if f.code == "malformed_reference"]


def test_malformed_ids_are_errors_with_the_reason() -> None:
    report = _parse("- arXiv:2401.0123\n- 0612.12345\n- 2005.13013v0\n- 0٠01.00001")
    malformed = [f for f in report.findings if f.code == "malformed_reference"]
    assert [f.line for f in malformed] == [13, 14, 15]
    assert all(f.severity.value == "error" for f in malformed)
    assert "5 digits after the dot" in malformed[0].message and "arXiv:2401.0123" in malformed[0].message
    assert "0704" in malformed[1].message and "v1" in malformed[2].message
    cited = {r.url: r.arxiv_id for r in report.references}
    assert cited["arXiv:2401.0123"] is None and cited["0612.12345"] is None and cited["2005.13013v0"] is None
    assert "2401.0123" not in [r.arxiv_id for r in report.references]


def test_malformed_ids_in_text_without_a_reference_list() -> None:
    text = REPORT.split("## References")[0] + "We build on arXiv:2104.07412 and arXiv:2413.01234.\n"
    report = parse_text(text, "r.md")
    assert [r.arxiv_id for r in report.references] == ["2104.07412", None]
    (malformed,) = [f for f in report.findings if f.code == "malformed_reference"]
    assert "month 13" in malformed.message and malformed.line == 11


def test_the_gate_fails_a_report_citing_a_malformed_id(tmp_path, monkeypatch) -> None:
    """`arXiv:2401.0123` was accepted by the parser and refused by `papers`: the audit gave a reference_unavailable
    warning ("no local source and no download") and `check` passed."""
    import shutil
    from pathlib import Path

    from typer.testing import CliRunner

    from verifier.cli import app

    root = Path(__file__).resolve().parents[1]
    papers = tmp_path / "papers"
    papers.mkdir()
    shutil.copy(root / "reports" / "examples" / "papers" / "2401.01234v1.md", papers)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("VERIFIER_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("VERIFIER_MODEL", "hashing")
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    text = (root / "reports" / "examples" / "vocabulary_transfer_brief.md").read_text(encoding="utf-8")
    (tmp_path / "r.md").write_text(text + "- arXiv:2401.0123\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["check", "--papers", "papers", "--offline", "r.md"])
    assert result.exit_code == 1, result.output
    assert "malformed_reference" in result.stdout and "5 digits after the dot" in result.stdout
    assert "reference_unavailable: Reference arXiv:2401.0123" not in result.stdout
