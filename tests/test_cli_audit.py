"""`verifier audit` through the CLI: the contract's JSON, formats, output files and exit codes (offline, fast)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from verifier.cli import app

SEED = Path(__file__).resolve().parents[2] / "shared" / "seed-reports"
SEED_REPORT = SEED / "000_e07d4f3471300845.txt"
TITLE = "English Intermediate-Task Training Improves Zero-Shot Cross-Lingual Transfer Too"
SOURCE = f"""{TITLE}

Abstract

Intermediate-task training fine-tunes a pretrained model on an intermediate task before the target task.

1 Experiments

We use the pretrained XLM-R Large model as a starting point for all our experiments. Intermediate-task training on
SQuAD yields a target-task improvement of 8.2 points on the development set. XNLI does not see benefits from
intermediate training.

Table 1: Intermediate tasks and their training set sizes.
| Task | Train | Dev |
|---|---|---|
| ANLI+ | 1,104,934 | 22,857 |
| MNLI | 392,702 | 9,815 |
"""

needs_seed = pytest.mark.skipif(not SEED_REPORT.is_file(), reason="shared seed reports are absent")


@pytest.fixture
def env(tmp_path, monkeypatch):
    monkeypatch.setenv("VERIFIER_MODEL", "hashing")  # the deterministic fake embedder: no model load
    monkeypatch.setenv("VERIFIER_CACHE_DIR", str(tmp_path / "cache"))
    papers = tmp_path / "papers"
    papers.mkdir()
    (papers / "2005.13013v2.txt").write_text(SOURCE)
    return papers


def run(*args: str):
    return CliRunner().invoke(app, ["audit", *args])


@needs_seed
def test_seed_report_gives_the_contract_json(env):
    result = run(str(SEED_REPORT), "--papers", str(env), "--offline", "--format", "json")
    assert result.exit_code == 0, result.output
    audit = json.loads(result.stdout)
    assert audit["schema_version"] == 1 and audit["report"]["examined_title"] == TITLE
    assert [r["status"] for r in audit["references"]] == ["unavailable", "unavailable", "resolved"]
    assert audit["references"][2]["title"] == TITLE
    assert len(audit["claims"]) == 20
    by_text = {c["text"]: c for c in audit["claims"]}
    mnli = by_text["The MNLI intermediate task contains 392,702 training examples."]
    assert mnli["verdict"] == "supported" and mnli["agrees_with_report"] is False  # marked × in the report
    assert mnli["evidence"][0]["quote"].startswith("Table 1") and "392,702" in mnli["evidence"][0]["quote"]
    for claim in audit["claims"]:
        assert claim["verdict"] in {"supported", "partial", "contradicted", "unsupported"}
        assert 0.0 <= claim["confidence"] <= 1.0
    codes = [f["code"] for f in audit["findings"]]
    assert codes.count("reference_unavailable") == 2 and "mark_disagrees" in codes and "title_mismatch" not in codes


@needs_seed
def test_folder_gives_an_array_and_output_file(env, tmp_path):
    out = tmp_path / "audit.json"
    result = run(str(SEED), "--papers", str(env), "--offline", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    audits = json.loads(out.read_text())
    assert isinstance(audits, list) and len(audits) == len(list(SEED.glob("*.txt")))


@needs_seed
def test_without_sources_every_claim_is_unverifiable(env, tmp_path):
    empty = tmp_path / "none"
    empty.mkdir()
    result = run(str(SEED_REPORT), "--papers", str(empty), "--offline")
    assert result.exit_code == 0, result.output
    audit = json.loads(result.stdout)
    assert {c["verdict"] for c in audit["claims"]} == {"unverifiable"}
    assert {r["status"] for r in audit["references"]} == {"unavailable"}


@needs_seed
def test_markdown_format(env):
    result = run(str(SEED_REPORT), "--papers", str(env), "--offline", "--format", "md")
    assert result.exit_code == 0, result.output
    assert "392,702" in result.stdout and not result.stdout.lstrip().startswith("{")


def test_missing_report_is_one_line_and_exit_2(env, tmp_path):
    result = run(str(tmp_path / "nope.txt"), "--offline")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "nope.txt" in result.stderr and "Traceback" not in result.output


@pytest.mark.parametrize(("variable", "value", "named"), [
    ("VERIFIER_JOBS", "abc", "VERIFIER_JOBS: expected a whole number, got 'abc'"),
    ("VERIFIER_OFFLINE", "maybe", "VERIFIER_OFFLINE: expected true or false, got 'maybe'"),
])
def test_bad_environment_setting_is_one_line_and_exit_2(env, tmp_path, monkeypatch, variable, value, named):
    report = tmp_path / "r.txt"
    report.write_text("Claim\tVerified\tConfidence\nA claim.\t✓\t0.5\n")
    monkeypatch.setenv(variable, value)
    result = run(str(report))  # no --offline: it would win over VERIFIER_OFFLINE (the report cites nothing)
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert result.stderr.count("\n") == 1 and result.stderr.startswith(f"error: {named}")


def test_empty_model_name_is_rejected_not_taken_as_the_current_folder(env, tmp_path):
    report = tmp_path / "r.txt"
    report.write_text("Claim\tVerified\tConfidence\nA claim.\t✓\t0.5\n")
    result = run(str(report), "--offline", "--model", " ")
    assert result.exit_code == 2 and result.stderr.startswith("error: --model: give a model name or path, got ' '")


def test_bad_report_among_good_ones_still_audits_the_good(env, tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(
        "A Synthesis\n\nAssignee Research\n\nJune 25, 2026\n\n1 Introduction\n\n"
        f"This paper examines: {TITLE}. Research question: Does it help?.\n\n3 Results\n\n"
        "5 papers retrieved. 1 claims extracted; 1 independently verified. Quality review score: 7.0/10.\n\n"
        "5 Extracted Claims\n\nClaim\tVerified\tConfidence\n"
        "XNLI does not see benefits from intermediate training.\t\u2713\t0.40\n\n"
        "References\n\n- <http://arxiv.org/abs/2005.13013v2>\n"
    )
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\x00garbage")
    result = run(str(good), str(bad), "--papers", str(env), "--offline")
    assert result.exit_code == 2
    audits = json.loads(result.stdout)
    assert len(audits) == 1 and audits[0]["claims"][0]["verdict"] == "supported"
    assert "bad.txt" in result.stderr


@needs_seed
def test_replication_result_labels_the_transfer_claims(env, tmp_path):
    from tests.test_replicate_claims import build_result

    measured = build_result((6.0, 7.5, 9.0), (1.0, 2.0, 3.0))  # PAWS-X +7.5 ± 3.7 after MNLI, Tatoeba up
    result_file = tmp_path / "result.json"
    result_file.write_text(measured.model_dump_json())
    result = run(str(SEED_REPORT), "--papers", str(env), "--offline", "--replication", str(result_file))
    assert result.exit_code == 0, result.output
    claims = {c["index"]: c for c in json.loads(result.stdout)["claims"]}
    assert claims[5]["replication"]["label"] == "replicated"  # MNLI +7.5: direction holds on the covered tasks
    assert claims[4]["replication"]["label"] == "inconclusive"  # SQuAD was not trained in this run
    assert "392,702" in claims[5]["replication"]["explanation"]
    assert claims[1]["replication"] is None  # not a transfer claim


def test_replication_file_that_is_missing_is_a_one_line_error(env, tmp_path):
    report = Path(__file__).resolve().parents[1] / "reports" / "examples" / "sparse_adapters_synthesis.txt"
    result = run(str(report), "--papers", str(env), "--offline", "--replication", str(tmp_path / "nope.json"))
    assert result.exit_code == 2
    assert "nope.json" in result.stderr and "Traceback" not in result.output
