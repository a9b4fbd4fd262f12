"""The whole online path through the CLI: a report citing arXiv papers -> the real `arxiv` client against a local
stand-in on 127.0.0.1 -> generated two-column PDFs downloaded, extracted and cached -> verdicts, findings, the gate.

The story is the seed reports' own: the cited v2 says +5.4 where v1 said +8.4, one citation names a version that
does not exist, and one names a paper arXiv does not have.
"""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from tests.arxiv_server import arxiv_server  # noqa: F401  (pytest fixture)
from tests.pdfgen import PaperSpec, SectionSpec, TableSpec, write_paper_pdf
from verifier.cli import app

TITLE = "English Intermediate-Task Training Improves Zero-Shot Cross-Lingual Transfer Too"
V1_AVERAGE = "Evaluating our best models on the XTREME benchmark yields an average improvement of 8.4 points."
V2_AVERAGE = "Evaluating our best models on the XTREME benchmark yields an average improvement of 5.4 points."
STATIC = [
    "We use the pretrained XLM-R Large model as the starting point for all our experiments.",
    "Intermediate-task training on SQuAD yields a target-task improvement of 8.2 points on the development set.",
    "XNLI does not see benefits from intermediate training.",
]


def paper_spec(average: str, stamp: str) -> PaperSpec:
    filler = [f"We report results for {n} target languages of the benchmark in the appendix." for n in range(10, 14)]
    return PaperSpec(
        title=TITLE, authors=["Jason Phang", "Samuel R. Bowman"], abstract=f"We study intermediate-task training. {average}",
        sections=[SectionSpec(heading="Introduction", paragraphs=[" ".join(STATIC), *filler[:2]]),
                  SectionSpec(heading="Results", paragraphs=[average, *filler[2:]])],
        tables=[TableSpec(caption="Intermediate tasks and training set sizes.", columns=["Task", "Train", "Dev"],
                          rows=[["ANLI+", "1,104,934", "22,857"], ["MNLI", "392,702", "9,815"]])],
        arxiv_stamp=stamp,
    )


REPORT = f"""Intermediate Training and Zero-Shot Transfer

Assignee Research

June 25, 2026

1 Introduction

This paper examines: {TITLE}. Research question: Does English intermediate training help other languages?.

3 Results

3 papers retrieved. 4 claims extracted; 3 independently verified. Quality review score: 7.0/10.

5 Extracted Claims

Claim\tVerified\tConfidence
{STATIC[0]}\t\u2713\t0.20
{STATIC[1]}\t\u2713\t0.19
The MNLI intermediate task contains 392,702 training examples.\t\u00d7\t0.09
{V1_AVERAGE}\t\u2713\t0.28

References

- <http://arxiv.org/abs/2005.13013v2>

- <http://arxiv.org/abs/2104.07412v9>

- <http://arxiv.org/abs/2306.99999v1>
"""


def line_of(text: str) -> int:
    """1-based line of the report on which `text` stands."""
    return next(number for number, line in enumerate(REPORT.splitlines(), 1) if text in line)


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> list[bytes]:
    folder = tmp_path_factory.mktemp("e2e-pdfs")
    specs = [paper_spec(V1_AVERAGE, "arXiv:2005.13013v1 [cs.CL] 26 May 2020"),
             paper_spec(V2_AVERAGE, "arXiv:2005.13013v2 [cs.CL] 30 Sep 2020")]
    return [write_paper_pdf(folder / f"v{i}.pdf", spec).read_bytes() for i, spec in enumerate(specs, 1)]


@pytest.fixture
def online(arxiv_server, pdfs, tmp_path, monkeypatch):  # noqa: F811
    arxiv_server.add_paper("2005.13013", pdfs, title=TITLE)
    arxiv_server.add_paper("2104.07412", [pdfs[0]], title="XTREME-R: Towards More Challenging Multilingual Evaluation")
    monkeypatch.setenv("VERIFIER_ARXIV_API_URL", arxiv_server.api_url)
    monkeypatch.setenv("VERIFIER_ARXIV_DELAY_SECONDS", "0")
    monkeypatch.setenv("VERIFIER_HTTP_TIMEOUT", "5")
    monkeypatch.setenv("VERIFIER_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("VERIFIER_MODEL", "hashing")  # the deterministic fake embedder: no model load
    report = tmp_path / "report.txt"
    report.write_text(REPORT, encoding="utf-8")
    return arxiv_server, report


def test_audit_fetches_extracts_and_judges_against_the_cited_version(online):
    server, report = online
    result = CliRunner().invoke(app, ["audit", str(report), "--online"])
    assert result.exit_code == 0, result.output
    audit = json.loads(result.stdout)
    assert [(r["arxiv_id"], r["status"]) for r in audit["references"]] == [
        ("2005.13013", "resolved"), ("2104.07412", "not_found"), ("2306.99999", "not_found")]
    assert audit["references"][0]["title"] == TITLE
    verdicts = [c["verdict"] for c in audit["claims"]]
    assert verdicts[:3] == ["supported", "supported", "supported"]
    assert verdicts[3] == "contradicted" and "5.4" in audit["claims"][3]["explanation"]
    mnli = audit["claims"][2]
    assert mnli["agrees_with_report"] is False and "392,702" in mnli["evidence"][0]["quote"]
    assert all(e["arxiv_id"] == "2005.13013" and e["version"] == "v2" for c in audit["claims"] for e in c["evidence"])
    findings = {(f["code"], f.get("line")) for f in audit["findings"]}
    missing_version, unknown_paper = line_of("2104.07412v9"), line_of("2306.99999v1")
    assert ("reference_not_found", missing_version) in findings and ("reference_not_found", unknown_paper) in findings
    not_found = next(f for f in audit["findings"] if f["code"] == "reference_not_found" and f["line"] == missing_version)
    assert "v9" in not_found["message"] and "v1" in not_found["message"]  # names the versions that do exist
    drift = [f for f in audit["findings"] if f["code"] == "version_drift"]
    assert [f["claim_index"] for f in drift] == [4] and "v1" in drift[0]["message"]
    assert "title_mismatch" not in {code for code, _ in findings}
    assert server.pdf_calls("2005.13013v2") == 1 and server.pdf_calls("2005.13013v1") == 1


def test_second_run_is_served_from_the_cache(online):
    server, report = online
    first = CliRunner().invoke(app, ["audit", str(report), "--online"])
    calls = (server.api_calls(), server.pdf_calls())
    second = CliRunner().invoke(app, ["audit", str(report), "--online"])
    assert first.exit_code == second.exit_code == 0
    assert server.pdf_calls() == calls[1]  # nothing downloaded again
    assert json.loads(first.stdout)["claims"] == json.loads(second.stdout)["claims"]
    offline = CliRunner().invoke(app, ["audit", str(report), "--offline"])
    assert json.loads(offline.stdout)["claims"] == json.loads(first.stdout)["claims"]


def test_check_fails_on_missing_citations_and_the_contradiction(online):
    _, report = online
    result = CliRunner().invoke(app, ["check", str(report), "--online"])
    assert result.exit_code == 1, result.output
    failing = {line.split(": ")[1] for line in result.stdout.splitlines() if line.startswith("FAIL")}
    assert failing == {"reference_not_found", "contradicted", "unchecked"}  # a cited paper could not be read
    still_unchecked = CliRunner().invoke(app, ["check", str(report), "--online", "--fail-on", "count_mismatch"])
    assert still_unchecked.exit_code == 1, still_unchecked.output
    relaxed = CliRunner().invoke(app, ["check", str(report), "--online", "--fail-on", "count_mismatch",
                                       "--allow-unverifiable"])
    assert relaxed.exit_code == 0, relaxed.output
