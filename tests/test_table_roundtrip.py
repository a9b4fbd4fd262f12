"""Regenerated tables read back by the real parser: the marks and confidences are ours (an unverifiable claim keeps
the report's own, byte for byte), claim texts and everything outside the table are unchanged (seed reports and the
bundled examples, every table style they use)."""

from __future__ import annotations

from pathlib import Path

import pytest

from claims import parse_file
from verifier.records import audit_skeleton
from verifier.render.claims_table import regenerate_table, split_lines

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seed-reports"
EXAMPLES = sorted(p for p in (ROOT / "reports" / "examples").glob("*") if p.suffix in (".txt", ".md") and p.name != "README.md")
CYCLE = ["supported", "contradicted", "unsupported", "partial", "unverifiable"]


def reports() -> list[Path]:
    return EXAMPLES + (sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else [])


@pytest.mark.parametrize("with_evidence", [False, True])
@pytest.mark.parametrize("path", reports(), ids=lambda p: p.name)
def test_regenerated_table_parses_back_with_our_marks(path, with_evidence, tmp_path):
    report = parse_file(path)
    audit = audit_skeleton(report)
    for number, claim in enumerate(audit.claims):
        claim.verdict, claim.confidence = CYCLE[number % len(CYCLE)], round(0.05 + number * 0.07, 2) % 1
    source = path.read_bytes().decode("utf-8")
    out = regenerate_table(source, report, audit, with_evidence)

    copy = tmp_path / path.name
    copy.write_bytes(out.encode("utf-8"))
    again = parse_file(copy)
    assert [c.text for c in again.claims] == [c.text for c in report.claims]
    kept = [c.verdict == "unverifiable" for c in audit.claims]  # not checked: the report's own mark and confidence
    marks = [old.reported_verified if keep else c.verdict == "supported" for c, old, keep in zip(audit.claims, report.claims, kept)]
    assert [c.reported_verified for c in again.claims] == marks
    confidences = [old.reported_confidence if keep else c.confidence for c, old, keep in zip(audit.claims, report.claims, kept)]
    assert [c.reported_confidence for c in again.claims] == pytest.approx(confidences, abs=0.006)
    before_rows, after_rows = split_lines(source), split_lines(out)
    for claim, keep in zip(report.claims, kept):
        if keep and not with_evidence:
            assert after_rows[claim.line - 1] == before_rows[claim.line - 1]  # byte for byte
    assert again.stated.claims_extracted == len(audit.claims)
    assert again.stated.claims_verified == sum(1 for mark in marks if mark)
    assert not [f for f in again.findings if f.code == "count_mismatch"]

    table = set(range(report.table.header_line, report.table.last_row_line + 1)) | {report.stated.line}
    before, after = split_lines(source), split_lines(out)
    assert len(before) == len(after)
    assert [pair for n, pair in enumerate(after, 1) if n not in table] == [pair for n, pair in enumerate(before, 1) if n not in table]
    if with_evidence:
        assert again.table.columns[-4:] == ["Verdict", "Paper", "Page", "Quote"]
    else:
        assert split_lines(out)[report.table.header_line - 1] == before[report.table.header_line - 1]
