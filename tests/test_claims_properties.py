"""Properties: the parser raises nothing but ClaimsError on arbitrary text and bytes, and claims survive the round
trip parse -> `--format tsv|md` -> parse (for the seed reports, the examples and generated tables)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claims import ClaimsError, parse_bytes, parse_file, parse_text
from claims.cells import escape_pipe_cell, write_confidence, write_mark
from verifier.render.parse import render_parsed

ROOT = Path(__file__).resolve().parents[1]
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seed-reports"
REPORT_FILES = sorted((ROOT / "reports" / "examples").glob("*_*.*")) + (sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else [])
EXAMPLES_PER_PROPERTY = int(os.environ.get("CLAIMS_HYPOTHESIS_EXAMPLES", "150"))  # raise it for a deeper search
FAST = settings(max_examples=EXAMPLES_PER_PROPERTY, deadline=None, suppress_health_check=[HealthCheck.too_slow])

REPORT_PIECES = st.sampled_from([
    "Claim\tVerified\tConfidence", "| Claim | Verified | Confidence |", "|---|---|---|", "--- | ---", "Claim | Verified",
    "A claim.\t✓\t0.19", "| A claim \\| with pipe | × | 19% |", "| broken | row", "x\ty", "References", "## Abstract",
    "5 Extracted Claims", "- <http://arxiv.org/abs/2005.13013v2>", "arXiv:hep-th/9901001", "June 25, 2026", "2026-13-45",
    "This paper examines: X. Research question: Y?.", "20 claims extracted; 12 independently verified.",
    "Quality review score: 7.0/10.", "", "   ", "\t", "|", "\\", "%PDF-1.4", "1 Introduction", "Page 2",
])


def check_parse_text(text: str) -> None:
    try:
        parsed = parse_text(text, "gen.txt")
    except ClaimsError as error:
        assert "\n" not in str(error) and str(error).startswith("gen.txt")
        return
    assert [claim.index for claim in parsed.claims] == list(range(1, len(parsed.claims) + 1))
    assert all(claim.line >= 1 for claim in parsed.claims)


@FAST
@given(st.text())
def test_arbitrary_text_raises_only_claims_errors(text: str) -> None:
    check_parse_text(text)


@FAST
@given(st.lists(st.one_of(REPORT_PIECES, st.text(max_size=40)), max_size=30), st.sampled_from(["\n", "\r\n", "\r"]))
def test_report_like_text_raises_only_claims_errors(pieces: list[str], newline: str) -> None:
    check_parse_text(newline.join(pieces))


@FAST
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_raise_only_claims_errors(data: bytes) -> None:
    try:
        parse_bytes(data, "gen.bin")
    except ClaimsError as error:
        assert "\n" not in str(error)


@settings(max_examples=25, deadline=None)
@given(st.binary(max_size=3000))
def test_arbitrary_pdf_like_bytes_raise_only_claims_errors(data: bytes) -> None:
    with pytest.raises(ClaimsError):
        parse_bytes(b"%PDF-1.4\n" + data, "gen.pdf")


def claim_facts(report) -> list[tuple]:
    return [(c.index, c.text, c.reported_verified, c.reported_confidence, c.truncated) for c in report.claims]


@pytest.mark.parametrize("fmt", ["tsv", "md"])
@pytest.mark.parametrize("path", REPORT_FILES, ids=lambda p: p.name)
def test_round_trip_of_real_reports(path: Path, fmt: str) -> None:
    original = parse_file(path)
    again = parse_text(render_parsed([original], fmt, many=False), f"again.{fmt}")
    assert claim_facts(again) == claim_facts(original)
    assert len(original.claims) >= 6


CLAIM_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"), blacklist_characters="\u0085"),
    min_size=1, max_size=150,
).map(lambda text: " ".join(text.split())).filter(bool)
ROW = st.tuples(CLAIM_TEXT, st.sampled_from([True, False, None]),
                st.one_of(st.none(), st.integers(0, 100).map(lambda n: n / 100)))


def table_text(rows: list[tuple], style: str) -> str:
    if style == "tsv":
        lines = ["Claim\tVerified\tConfidence"] + [f"{t}\t{write_mark(v)}\t{write_confidence(c)}" for t, v, c in rows]
    else:
        lines = ["| Claim | Verified | Confidence |", "|---|:-:|---|"]
        lines += [f"| {escape_pipe_cell(t)} | {write_mark(v)} | {write_confidence(c)} |" for t, v, c in rows]
    return "Generated report\n\n" + "\n".join(lines) + "\n"


@FAST
@given(st.lists(ROW, min_size=1, max_size=12), st.sampled_from(["tsv", "pipe"]), st.sampled_from(["tsv", "md"]))
def test_round_trip_of_generated_tables(rows: list[tuple], style: str, fmt: str) -> None:
    original = parse_text(table_text(rows, style), "gen.txt")
    assert [(c.text, c.reported_verified, c.reported_confidence) for c in original.claims] == rows
    again = parse_text(render_parsed([original], fmt, many=False), f"again.{fmt}")
    assert claim_facts(again) == claim_facts(original)
