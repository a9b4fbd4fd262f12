"""Inputs that crashed the parser or leaked non-finite numbers: each is now a ClaimsError with a one-line message
naming the file (and line), or a finding while the rest of the report is still read."""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path

import pytest

import claims.limits
from claims import ClaimsError, parse_bytes, parse_file, parse_text

HEAD = "Report\n\nThis paper examines: Adapters for transfer.\n\n| Claim | Verified | Confidence |\n|---|---|---|\n"


def test_a_claim_count_of_5000_digits_is_a_finding() -> None:
    """Python refuses int() of over 4,300 digits: the ValueError escaped the parser."""
    report = parse_text(HEAD + "| Adapters help. | ✓ | 0.9 |\n\n" + "9" * 5_000 + " claims extracted.\n", "r.md")
    (finding,) = [f for f in report.findings if f.code == "number_too_large"]
    assert finding.line == 9 and "5,000 digits" in finding.message and len(finding.message) < 200
    assert report.stated.claims_extracted is None


def test_a_quality_score_of_400_nines_is_a_finding_not_infinity() -> None:
    report = parse_text(HEAD + "| Adapters help. | ✓ | 0.9 |\n\nQuality score: " + "9" * 400 + "/10.\n", "r.md")
    assert report.stated.quality_score is None
    assert [f.code for f in report.findings if f.code == "number_too_large"] == ["number_too_large"]


def test_a_confidence_of_400_nines_is_bad_confidence_and_null() -> None:
    """float('9' * 400) is inf: it reached JSON as Infinity and md/tsv as inf."""
    report = parse_text(HEAD + "| Adapters help. | ✓ | " + "9" * 400 + " |\n| Two. | × | 1e999 |\n", "r.md")
    assert [c.reported_confidence for c in report.claims] == [None, None]
    bad = [f for f in report.findings if f.code == "bad_confidence"]
    assert [f.claim_index for f in bad] == [1, 2] and all(len(f.message) < 200 for f in bad)
    dumped = report.model_dump_json()
    json.loads(dumped, parse_constant=lambda name: pytest.fail(f"{name} in JSON"))
    assert "inf" not in dumped.lower().replace("info", "")


def test_a_file_name_with_invalid_utf8_can_be_printed(tmp_path: Path) -> None:
    """A name with undecodable bytes (surrogate escapes) crashed printing under C.UTF-8 (UnicodeEncodeError)."""
    name = os.fsdecode(b"report-\xff\xfe.md")
    path = tmp_path / name
    try:
        path.write_text(HEAD + "| Adapters help. | ✓ | 0.9 |\n", encoding="utf-8")
    except (OSError, UnicodeError):
        pytest.skip("this file system refuses undecodable names")
    report = parse_file(path)
    assert report.source.endswith("report-\\xff\\xfe.md")
    report.source.encode("utf-8")
    report.model_dump_json()
    empty = tmp_path / os.fsdecode(b"empty-\xff.md")
    empty.write_bytes(b"")
    with pytest.raises(ClaimsError) as caught:
        parse_file(empty)
    str(caught.value).encode("utf-8")
    assert "empty-\\xff.md" in str(caught.value)


def test_control_characters_in_a_file_name_stay_on_one_line(tmp_path: Path) -> None:
    path = tmp_path / "x\n::error file=README.md::forged\x1b[31m.md"
    path.write_bytes(b"")
    with pytest.raises(ClaimsError) as caught:
        parse_file(path)
    assert "\n" not in str(caught.value) and "\x1b" not in str(caught.value)


def test_a_line_longer_than_the_limit_is_refused_with_its_number() -> None:
    limit = claims.limits.LIMITS.max_line_chars
    with pytest.raises(ClaimsError, match=r"^r\.md:3: line is .* characters long"):
        parse_text(HEAD.replace("transfer.", "x" * (limit + 1)), "r.md")


def test_the_time_budget_turns_a_slow_parse_into_a_claims_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(claims.limits, "LIMITS", dataclasses.replace(claims.limits.LIMITS, parse_seconds=-1.0))
    with pytest.raises(ClaimsError, match=r"^r\.md(:\d+)?: parsing took longer than -1 s"):
        parse_text(HEAD + "| Adapters help. | ✓ | 0.9 |\n", "r.md")


def test_the_budget_is_per_file() -> None:
    for _ in range(3):
        assert parse_bytes((HEAD + "| Adapters help. | ✓ | 0.9 |\n").encode(), "r.md").claims


def test_bytes_over_the_file_size_limit_are_refused_at_once() -> None:
    """`parse_bytes` had no size limit (a 60 MB fuzz case took 7.9 s); files had one (50 MB)."""
    from claims.decoding import MAX_REPORT_BYTES

    with pytest.raises(ClaimsError, match=r"^big\.md: file is 51 MB, larger than the 50 MB"):
        parse_bytes(b"x" * (MAX_REPORT_BYTES + 2**20), "big.md")
