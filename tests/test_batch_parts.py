"""Batch building blocks: distinct papers, parallel fetch (each once, failures collected), the cross-report
`inconsistent_mark` finding (fast path against a plain double loop), summary rows and progress lines."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rapidfuzz import fuzz, utils
from sample_audits import pipe_case, tsv_case

from claims.models import Reference
from verifier.audit.batch import BatchResult, distinct_references, summary_rows
from verifier.audit.cross_report import SIMILARITY_CUTOFF, add_inconsistent_marks, compatible, marked_pairs
from verifier.progress import LineProgress, SilentProgress, progress_for
from verifier.records import audit_skeleton


def fuzzy_equal(first: str, second: str) -> bool:
    """The reference for the fast path (`marked_pairs` scores all pairs at once with rapidfuzz's cdist)."""
    score = fuzz.token_set_ratio(first, second, processor=utils.default_process)
    return score >= SIMILARITY_CUTOFF and compatible(first, second)


SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seed-reports"


def ref(arxiv_id: str, version: str | None = "v1") -> Reference:
    return Reference(arxiv_id=arxiv_id, version=version, url=f"http://arxiv.org/abs/{arxiv_id}{version or ''}", line=1)


def test_distinct_references_keep_first_seen_order_and_versions_apart():
    first, second = tsv_case()[0], pipe_case()[0]
    second.references.append(ref("2005.13013", "v1"))
    second.references.append(Reference(arxiv_id=None, url="not an id", line=3))
    keys = [(r.arxiv_id, r.version) for r in distinct_references([first, second])]
    assert keys == [("2005.13013", "v2"), ("2104.07412", "v2"), ("2005.13013", "v1")]


def test_fetch_runs_through_the_library_loop_and_names_each_failure(tmp_path: Path) -> None:
    """Each distinct paper is fetched once; one that cannot be had offline is logged with its status and reason."""
    from claims import parse_file
    from verifier.audit.batch import fetch_papers
    from verifier.settings import resolve_settings

    examples = Path(__file__).resolve().parents[1] / "reports" / "examples"
    reports = [parse_file(p) for p in sorted(examples.glob("*synthesis*"))]
    settings = resolve_settings(papers_dir=examples / "papers", offline=True, cache_dir=tmp_path)
    stream = io.StringIO()
    papers = fetch_papers(reports + reports, settings, LineProgress(stream))
    assert len(papers) == len(distinct_references(reports))  # the repeated reports add nothing to fetch
    lines = stream.getvalue().splitlines()
    assert len(lines) == len(papers) and lines[-1].startswith(f"[fetch {len(papers)}/{len(papers)}] ")
    missing = [p for p in papers if p.status != "resolved"]
    for paper in missing:
        assert any(f"({paper.status}: " in line and paper.arxiv_id in line for line in lines)


def slow_pairs(audits):
    """The obvious reference: every ✓ claim against every × claim of another report."""
    found = set()
    for i, first in enumerate(audits):
        for j, second in enumerate(audits):
            if first.report.source == second.report.source:
                continue
            for yes in first.claims:
                for no in second.claims:
                    if yes.reported_verified is True and no.reported_verified is False and fuzzy_equal(yes.text, no.text):
                        found.add((i, yes.index, j, no.index))
    return found


@pytest.mark.skipif(not SEEDS.is_dir(), reason="shared seed reports are absent")
def test_inconsistent_marks_on_seed_reports_match_the_slow_reference():
    from claims import parse_file

    audits = [audit_skeleton(parse_file(path)) for path in sorted(SEEDS.glob("*.txt"))]
    fast = {(i, yes.index, j, no.index) for i, yes, j, no in marked_pairs(audits)}
    assert fast == slow_pairs(audits)
    # "The study uses the pretrained XLM-R Large model ..." is × in 000/001 and ✓ (reworded) in 002/003.
    assert fast == {(2, 7, 0, 1), (2, 7, 1, 1), (3, 7, 0, 1), (3, 7, 1, 1)}
    assert add_inconsistent_marks(audits) == 8
    finding = audits[0].findings[-1]
    assert finding.code == "inconsistent_mark" and finding.line == audits[0].claims[0].line
    assert "003_a766e549e12e42ec.txt" in finding.message


def test_fuzzy_equal_rules():
    assert fuzzy_equal("Experiments are conducted on 9 target tasks from XTREME.",
                       "Experiments are performed on 9 target tasks from XTREME.")
    assert not fuzzy_equal("Training on SQuAD yields an improvement of 8.2 points on the development set.",
                           "Training on MNLI yields an improvement of 7.5 points on the development set.")
    assert not fuzzy_equal("XNLI does not see benefits from intermediate training.",
                           "TyDiQA shows consistent improvements with many intermediate tasks, whereas XNLI does not "
                           "see benefits from intermediate training.")


def test_same_report_twice_is_not_inconsistent():
    first, second = tsv_case()[1], tsv_case()[1]
    second.claims[0].reported_verified = False
    assert marked_pairs([first, second]) == []
    second.report.source = "elsewhere.txt"
    assert [(i, y.index, j, n.index) for i, y, j, n in marked_pairs([first, second])] == [(0, 1, 1, 1)]


def test_summary_rows_count_verdicts_and_findings():
    result = BatchResult(audits=[tsv_case()[1], pipe_case()[1]], errors=[ValueError("bad")], papers=2, seconds=1.25)
    rows = dict(summary_rows(result))
    assert rows["reports audited"] == "2" and rows["reports failed"] == "1" and rows["claims"] == "7"
    assert rows["  supported"] == "3" and rows["  contradicted"] == "2" and rows["  partial"] == "1"
    assert rows["findings"] == "2" and rows["  count_mismatch"] == "1" and rows["seconds"] == "1.2"


def test_progress_choice_follows_the_stream():
    assert isinstance(progress_for(io.StringIO()), LineProgress)
    assert isinstance(progress_for(io.StringIO(), enabled=False), SilentProgress)
