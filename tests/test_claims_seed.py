"""The five real seed reports in ../shared/seed-reports parse exactly (skipped when that folder is absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

from claims import parse_file
from claims.collect import parse_paths

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seed-reports"
needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason=f"seed reports not present at {SEEDS}")

XTREME_TITLE = "English Intermediate-Task Training Improves Zero-Shot Cross-Lingual Transfer Too"
EXPECTED = {
    "000_e07d4f3471300845.txt": dict(
        claims=20, ticks=12, date="2026-06-25", stated=(13, 20, 12, 7.0), examined=XTREME_TITLE,
        title="Domain Adaptation Effects on Zero-Shot Cross-Lingual Transfer in XTREME-R",
        question_start="How does domain adaptation", style="tsv",
        refs=[("2104.07412", "v2"), ("2306.12916", "v3"), ("2005.13013", "v2")], truncated=[8, 12, 15, 20],
    ),
    "001_3ce8507f90189fe9.txt": dict(
        claims=20, ticks=12, date="2026-06-26", stated=(12, 20, 12, 7.3), examined=XTREME_TITLE,
        title="Zero-Shot Cross-Lingual Transfer on XTREME via Non-English Versus English-Only Intermediate Entailment Training",
        question_start="How does the performance", style="tsv",
        refs=[("2305.15678", "v1"), ("2104.08645", "v2"), ("2005.13013", "v2")], truncated=[8, 12, 15, 20],
    ),
    "002_1479060bad54ff1b.txt": dict(
        claims=10, ticks=9, date="2026-07-11", stated=(11, 10, 9, 8.7), examined=XTREME_TITLE,
        title="Domain-Specific Intermediate Tasks for Zero-Shot Cross-Lingual Transfer in Low-Resource Languages",
        question_start="Can domain-specific English intermediate tasks", style="tsv",
        refs=[("2005.13013", "v2"), ("2009.05166", "v3"), ("2111.14192", "v2")], truncated=[1, 3, 4, 5, 6, 7, 8, 9, 10],
    ),
    "003_a766e549e12e42ec.txt": dict(
        claims=9, ticks=9, date="2026-06-29", stated=(14, 9, 9, 9.2), examined=XTREME_TITLE,
        title="Semantic Similarity and Zero-Shot Transfer Degradation in XLM-R Large",
        question_start="To what extent does the semantic similarity", style="pipe",
        refs=[("2505.18673", "v1"), ("2310.09917", "v3"), ("2005.13013", "v2")], truncated=[1, 3, 4, 5, 6, 7, 8, 9],
    ),
    "004_eff8120d604aeb04.txt": dict(
        claims=13, ticks=12, date="2026-06-25", stated=(9, 13, 12, 7.2),
        examined="The (In)Effectiveness of Intermediate Task Training For Domain Adaptation and Cross-Lingual Transfer Learning",
        title="Task Domain Alignment in Zero-Shot Cross-Lingual Transfer for XTREME-R",
        question_start="What is the impact of task domain alignment", style="tsv",
        refs=[("2210.01091", "v2"), ("1810.12836", "v4"), ("2005.13013", "v2")], truncated=[2, 5, 6, 9, 11, 12, 13],
    ),
}


def seed_path(name: str) -> Path:
    return SEEDS / name


@needs_seeds
def test_every_seed_is_covered() -> None:
    assert sorted(path.name for path in SEEDS.glob("*.txt")) == sorted(EXPECTED)


@needs_seeds
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_seed_report(name: str) -> None:
    expected = EXPECTED[name]
    report = parse_file(seed_path(name))
    lines = seed_path(name).read_text(encoding="utf-8").split("\n")

    assert len(report.claims) == expected["claims"]
    assert sum(1 for claim in report.claims if claim.reported_verified) == expected["ticks"]
    assert all(claim.reported_verified is not None for claim in report.claims)
    assert all(0.0 < claim.reported_confidence < 1.0 for claim in report.claims)
    assert report.title == expected["title"]
    assert report.date == expected["date"]
    assert report.examined_title == expected["examined"]
    assert report.research_question.startswith(expected["question_start"])
    assert report.research_question.endswith("?")
    stated = report.stated
    assert (stated.papers_retrieved, stated.claims_extracted, stated.claims_verified, stated.quality_score) == expected["stated"]
    assert lines[stated.line - 1].endswith(f"Quality review score: {expected['stated'][3]}/10.")
    assert [(ref.arxiv_id, ref.version) for ref in report.references] == expected["refs"]
    assert report.table.style == expected["style"]
    assert [claim.index for claim in report.claims if claim.truncated] == expected["truncated"]
    assert report.abstract_truncated and len(report.abstract) >= 590
    assert not [finding for finding in report.findings if finding.code in ("count_mismatch", "missing_section", "malformed_row")]


@needs_seeds
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_seed_line_numbers_point_at_the_source(name: str) -> None:
    report = parse_file(seed_path(name))
    lines = seed_path(name).read_text(encoding="utf-8").split("\n")
    for claim in report.claims:
        row = lines[claim.line - 1]
        assert row.replace("\\|", "|").lstrip("| ").startswith(claim.text)
    for ref in report.references:
        assert f"{ref.arxiv_id}{ref.version}" in lines[ref.line - 1]
    table = report.table
    assert "Claim" in lines[table.header_line - 1]
    assert lines[table.first_row_line - 1].lstrip("| ").startswith(report.claims[0].text)
    assert lines[table.last_row_line - 1].lstrip("| ").startswith(report.claims[-1].text)
    assert (table.separator_line is not None) == (table.style == "pipe")
    assert table.outer_pipes == (table.style == "pipe")


@needs_seeds
def test_visibly_cut_claims_are_truncated() -> None:
    report = parse_file(seed_path("000_e07d4f3471300845.txt"))
    cut = next(claim for claim in report.claims if claim.text.endswith("with almost every intermediate tra"))
    assert cut.truncated and cut.index == 8
    complete = next(c for c in report.claims if c.text.startswith("The XTREME benchmark evaluates"))
    assert len(complete.text) > 110 and not complete.truncated
    warnings = [f for f in report.findings if f.code == "truncated_claim" and f.claim_index == 8]
    assert warnings and warnings[0].severity.value == "warning" and warnings[0].line == 39


@needs_seeds
def test_seed_folder_parses_in_order() -> None:
    reports, errors = parse_paths([SEEDS])
    assert errors == []
    assert [Path(report.source).name for report in reports] == sorted(EXPECTED)
