"""Judgements remembered across runs: a repeated audit reads them back and gives the same audit; anything that can
change a judgement (claim, passages, settings, model, calibration, code) judges afresh; a damaged or forged row is
judged again, never trusted or crashed on."""

from __future__ import annotations

import json
import shutil
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from papers.models import Passage
from verifier.audit.batch import run_batch
from verifier.commands.cache import clear, info_record, verify
from verifier.embedding.embedders import HashingEmbedder
from verifier.engine import judgement_store
from verifier.engine.checker import ClaimChecker, ClaimToCheck
from verifier.engine.engine_settings import EngineSettings
from verifier.engine.judgement_store import JUDGEMENTS_FILE, JudgementStore
from verifier.errors import VerifierError
from verifier.settings import resolve_settings

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "reports" / "examples"
SENTENCES = ["Intermediate-task training on SQuAD yields a target-task improvement of 8.2 points.",
             "MNLI yields an improvement of 7.5 points and HellaSwag 7.0 points.",
             "XNLI does not see benefits from intermediate training."]
CLAIMS = [ClaimToCheck("SQuAD yields an improvement of 8.2 points"), ClaimToCheck("MNLI yields 9.5 points"),
          ClaimToCheck("XNLI sees benefits from intermediate", truncated=True)]


def passages(texts=SENTENCES) -> list[Passage]:
    return [Passage(arxiv_id="2005.13013", version="v2", page=1, text=t) for t in texts]


def checker(tmp_path, **options) -> ClaimChecker:
    return ClaimChecker(HashingEmbedder(), store=JudgementStore(tmp_path / JUDGEMENTS_FILE), **options)


def test_rulings_are_read_back_and_equal_the_fresh_ones(tmp_path):
    first = checker(tmp_path)
    fresh = first.rulings(passages(), CLAIMS)
    assert first.claims_checked == 3
    again = checker(tmp_path)
    remembered = again.rulings(passages(), CLAIMS)
    assert again.claims_checked == 0 and again.indexes_built == 0  # no index, no scoring
    assert remembered == fresh
    plain = ClaimChecker(HashingEmbedder()).rulings(passages(), CLAIMS)  # no store: the reference path
    assert plain == fresh
    twice = checker(tmp_path / "twice")
    assert twice.rulings(passages(), [CLAIMS[0], CLAIMS[1], CLAIMS[0]]) == [fresh[0], fresh[1], fresh[0]]
    assert twice.claims_checked == 2  # a claim written twice is judged once


@pytest.mark.parametrize("change", ["claim", "truncated", "passages", "settings", "embedder", "calibration", "code"])
def test_anything_that_decides_a_judgement_judges_afresh(tmp_path, monkeypatch, change):
    checker(tmp_path).rulings(passages(), CLAIMS)
    claims, texts, options = list(CLAIMS), list(SENTENCES), {}
    if change == "claim":
        claims[0] = ClaimToCheck("SQuAD yields an improvement of 8.3 points")
    elif change == "truncated":
        claims[0] = replace(claims[0], truncated=True)
    elif change == "passages":
        texts[0] = texts[0].replace("8.2", "8.3")
    elif change == "settings":
        options["settings"] = EngineSettings(candidates=3)
    elif change == "calibration":
        base = ClaimChecker(HashingEmbedder()).calibrator
        options["calibrator"] = replace(base, bias=base.bias + 0.5)
    elif change == "code":
        monkeypatch.setattr(judgement_store, "deciding_code_digest", lambda: "another engine")
    embedder = HashingEmbedder(128) if change == "embedder" else HashingEmbedder()
    second = ClaimChecker(embedder, store=JudgementStore(tmp_path / JUDGEMENTS_FILE), **options)
    second.rulings(passages(texts), claims)
    expected = 1 if change in ("claim", "truncated") else 3
    assert second.claims_checked == expected


def test_damaged_or_forged_rows_are_judged_again(tmp_path):
    fresh = checker(tmp_path).rulings(passages(), CLAIMS)
    db = sqlite3.connect(tmp_path / JUDGEMENTS_FILE)
    keys = [row[0] for row in db.execute("SELECT key FROM rulings")]
    forged = json.loads(db.execute("SELECT value FROM rulings WHERE key = ?", (keys[0],)).fetchone()[0])
    forged["verdict"] = "certainly-true"
    db.execute("UPDATE rulings SET value = ? WHERE key = ?", (json.dumps(forged), keys[0]))
    db.execute("UPDATE rulings SET value = ? WHERE key = ?", ("{not json", keys[1]))
    db.commit()
    db.close()
    again = checker(tmp_path)
    assert again.rulings(passages(), CLAIMS) == fresh
    assert again.claims_checked == 2


def test_an_unreadable_store_is_one_line_naming_the_file(tmp_path):
    path = tmp_path / JUDGEMENTS_FILE
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(VerifierError) as caught:
        JudgementStore(path).get_many([b"k"])
    assert str(caught.value).startswith(f"{path}: ") and "\n" not in str(caught.value)


def test_a_repeated_audit_judges_nothing_and_gives_the_same_audit(tmp_path):
    reports = tmp_path / "reports"
    reports.mkdir()
    shutil.copy(EXAMPLES / "sparse_adapters_synthesis.txt", reports / "report.txt")
    settings = resolve_settings(papers_dir=EXAMPLES / "papers", offline=True, cache_dir=tmp_path / "cache",
                                model="hashing-256")
    first = run_batch([reports], settings)
    second = run_batch([reports], settings)
    claims = len(first.audits[0].claims)
    assert first.checked >= claims > 0 and second.checked == 0
    assert second.audits[0].model_dump_json() == first.audits[0].model_dump_json()
    summary, problems = info_record(tmp_path / "cache")
    assert summary.judgements >= claims and not problems and not verify(tmp_path / "cache").problems
    clear(tmp_path / "cache")
    assert not (tmp_path / "cache" / JUDGEMENTS_FILE).exists()
    assert run_batch([reports], settings).checked == first.checked
