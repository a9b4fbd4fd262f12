"""The tuning sources of benchmarks/train_calibration.py: per-source weights, and the SciTab tables rendered to PDF
and read back (scitab-tune-pdf) held out together with the tables themselves."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import train_calibration  # noqa: E402
from labelled_sets import Group, LabelledClaim, LabelledSet, table_passages  # noqa: E402
from scitab_pdf import through_pdf  # noqa: E402
from train_calibration import EXTRACTED_SOURCE, held_out_units, records_of, weights_of  # noqa: E402

from verifier.embedding.embedders import load_embedder  # noqa: E402
from verifier.engine.checker import ClaimChecker  # noqa: E402


def test_each_source_sums_to_its_weight_and_classes_share_it(monkeypatch):
    monkeypatch.setattr(train_calibration, "CLASS_BALANCE", 0.75)
    monkeypatch.setitem(train_calibration.MODEL_WEIGHTS, "heavy", 2.0)
    monkeypatch.setitem(train_calibration.MODEL_WEIGHTS, "off", 0.0)
    labels = [0, 0, 0, 1, 0, 1, 2, 0]
    sources = ["plain"] * 4 + ["heavy"] * 2 + ["off"] * 2
    w = weights_of(labels, sources)
    by_source = {s: w[np.array(sources) == s].sum() for s in set(sources)}
    assert by_source["heavy"] == pytest.approx(2 * by_source["plain"])
    assert by_source["off"] == 0.0
    assert w.sum() == pytest.approx(1.0)
    # "plain": three of class 0, one of class 1 -> shares 0.25 * 3/4 + 0.75/2 and 0.25 * 1/4 + 0.75/2 of its weight
    plain = w[:4] / by_source["plain"]
    assert plain[:3].sum() == pytest.approx(0.5625)
    assert plain[3] == pytest.approx(0.4375)


def _table(number: int) -> dict:
    """A SciTab-shaped item: a small results table with a two-sentence caption."""
    return {
        "paper_id": f"1234.{5670 + number}v1",
        "table_caption": f"Table {number}: Accuracy of the systems on test set {number}. Higher is better.",
        "table_column_names": ["Model", "Accuracy", "F1"],
        "table_content_values": [["Baseline", f"{70 + number}.1", "65.0"], ["Ours", f"{80 + number}.4", "77.2"]],
    }


def _scitab_like() -> LabelledSet:
    groups = []
    for number in range(1, 7):
        claims = [LabelledClaim(f"Ours reaches {80 + number}.4 accuracy on test set {number}.", "supported"),
                  LabelledClaim(f"The baseline beats ours on test set {number}.", "contradicted")]
        groups.append(Group(table_passages(_table(number)), claims))
    return LabelledSet("scitab-tune", groups)


def test_the_extracted_copy_is_held_out_with_its_table(tmp_path):
    original = _scitab_like()
    extracted, figures = through_pdf(original, tmp_path)
    extracted = LabelledSet(EXTRACTED_SOURCE, extracted.groups)
    assert figures["tables_found"] == figures["tables"] == 6
    units = held_out_units(original)
    assert len(units) == original.size and len(set(units)) == 6  # one unit per table
    assert held_out_units(extracted, original) == units
    # keyed on its own name and passages, each extracted table would land in a fold of its own: a fold judge could
    # then have read the very table it is asked about
    assert not set(held_out_units(extracted)) & set(units)

    checker = ClaimChecker(load_embedder("hashing"), judge=False)
    for fold in range(train_calibration.FOLDS):
        wanted = [c.text for c, u in zip((c for g in original.groups for c in g.claims), units)
                  if int(u, 16) % train_calibration.FOLDS == fold]
        found = [c.text for c, _ in records_of(checker, extracted, fold, original)]
        assert found == wanted
