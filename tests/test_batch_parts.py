"""Batch building blocks: distinct papers, parallel fetch (each once, failures collected), the cross-report
`inconsistent_mark` finding (fast path against a plain double loop), summary rows and progress lines."""

from __future__ import annotations

import io
import threading
import time
from pathlib import Path

import pytest

from claims.models import Reference
from sample_audits import pipe_case, tsv_case
from verifier.audit.batch import BatchResult, distinct_references, fetch_all, summary_rows
from verifier.audit.cross_report import add_inconsistent_marks, fuzzy_equal, marked_pairs
from verifier.progress import LineProgress, SilentProgress, progress_for
from verifier.audit.records import audit_skeleton

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seed-reports"


def ref(arxiv_id: str, version: str | None = "v1") -> Reference:
    return Reference(arxiv_id=arxiv_id, version=version, url=f"http://arxiv.org/abs/{arxiv_id}{version or ''}", line=1)


def test_distinct_references_keep_first_seen_order_and_versions_apart():
    first, second = tsv_case()[0], pipe_case()[0]
    second.references.append(ref("2005.13013", "v1"))
    second.references.append(Reference(arxiv_id=None, url="not an id", line=3))
    keys = [(r.arxiv_id, r.version) for r in distinct_references([first, second])]
    assert keys == [("2005.13013", "v2"), ("2104.07412", "v2"), ("2005.13013", "v1")]


def test_fetch_all_runs_each_reference_once_in_parallel_and_collects_failures():
    calls: list[str] = []
    running, peak = [0], [0]
    lock = threading.Lock()

    def fetch(reference: Reference) -> None:
        with lock:
            calls.append(reference.arxiv_id)
            running[0] += 1
            peak[0] = max(peak[0], running[0])
        time.sleep(0.05)
        with lock:
            running[0] -= 1
        if reference.arxiv_id == "2101.00003":
            raise OSError("connection reset")

    references = [ref(f"2101.0000{i}") for i in range(6)]
    stream = io.StringIO()
    errors = fetch_all(references, fetch, jobs=3, progress=LineProgress(stream))
    assert sorted(calls) == sorted(r.arxiv_id for r in references)
    assert peak[0] == 3
    assert [str(e) for e in errors] == ["connection reset"]
    lines = stream.getvalue().splitlines()
    assert len(lines) == 6 and lines[-1].startswith("[fetch 6/6] ")
    assert any(line.endswith("2101.00003v1 (failed: connection reset)") for line in lines)


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
