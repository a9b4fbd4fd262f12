"""The labelled sets the accuracy benchmarks read (benchmarks/labelled_sets.py): every question they ask has one
answer, i.e. no claim is labelled two ways against the same passages, and Check-COVID is read against what its
labels are given on."""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import labelled_sets  # noqa: E402
from labelled_sets import LabelledSet, check_covid_set, scifact_set, scitab_set, shared_data_present  # noqa: E402


def _two_way_questions(labelled: LabelledSet) -> list[tuple[str, set[str]]]:
    """(claim, its labels) for every claim given more than one label against the same passages."""
    labels: dict[tuple[str, tuple[str, ...]], set[str]] = defaultdict(set)
    for group in labelled.groups:
        passages = tuple(p.text for p in group.passages)
        for claim in group.claims:
            labels[(claim.text, passages)].add(claim.label)
    return [(claim, found) for (claim, _), found in labels.items() if len(found) > 1]


SHARED_SETS = {
    "scifact-train": lambda: scifact_set("train"),
    "scifact-dev": lambda: scifact_set("dev"),
    "scitab-tune": lambda: scitab_set("tune"),
    "scitab-eval": lambda: scitab_set("eval"),
    "check-covid-extracted": lambda: check_covid_set("extracted"),
    "check-covid-composed": lambda: check_covid_set("composed"),
    "check-covid-extracted-sentences": lambda: check_covid_set("extracted", evidence="sentences"),
    "check-covid-composed-sentences": lambda: check_covid_set("composed", evidence="sentences"),
}


@pytest.mark.parametrize("name", sorted(SHARED_SETS))
def test_no_claim_is_labelled_two_ways_against_the_same_passages(name):
    if not (shared_data_present() and (labelled_sets.SHARED_DATA / "check-covid").is_dir()):
        pytest.skip("../shared/data is absent")
    labelled = SHARED_SETS[name]()
    assert labelled.size > 0
    assert _two_way_questions(labelled) == []


@pytest.fixture
def covid_folder(tmp_path, monkeypatch):
    """A Check-COVID folder of our own: one abstract of four sentences, a claim it supports (sentences 1 and 2)
    that is also a NOTENOUGHINFO row against sentence 3, a claim it refutes, and a NOTENOUGHINFO row with no twin."""
    folder = tmp_path / "check-covid"
    folder.mkdir()
    abstract = ["We followed 40 patients.", "Half recovered within a week.", "The rest recovered within a month.",
                "Funding came from a regional grant."]
    (folder / "corpus.json").write_text(json.dumps({"cord_id": "abc123", "abstract": abstract}) + "\n")
    rows = [
        {"claim": "Most patients recovered within a month.", "cord_id": "abc123", "label": "SUPPORT",
         "evidence_set": [{"sent_index": 2, "type": "PRIMARY"}, {"sent_index": 1, "type": "SUPPLEMENTARY"}]},
        {"claim": "Most patients recovered within a month.", "cord_id": "abc123", "label": "NOTENOUGHINFO",
         "evidence_set": [{"sent_index": 3, "type": "PRIMARY"}]},
        {"claim": "No patient recovered.", "cord_id": "abc123", "label": "REFUTE",
         "evidence_set": [{"sent_index": 1, "type": "PRIMARY"}, {"sent_index": 9, "type": "PRIMARY"}]},
        {"claim": "The virus mutated during the study.", "cord_id": "abc123", "label": "NOTENOUGHINFO",
         "evidence_set": [{"sent_index": 0, "type": "PRIMARY"}]},
    ]
    (folder / "covidCheck_test_composed.json").write_text("".join(json.dumps(r) + "\n" for r in rows))
    monkeypatch.setattr(labelled_sets, "SHARED_DATA", tmp_path)
    return abstract


def test_against_the_abstract_a_row_its_twin_decides_is_left_out(covid_folder):
    labelled = check_covid_set("composed")
    assert [len(g.passages) for g in labelled.groups] == [4]
    assert [(c.text, c.label) for c in labelled.groups[0].claims] == [
        ("Most patients recovered within a month.", "supported"),
        ("No patient recovered.", "contradicted"),
        ("The virus mutated during the study.", "unsupported"),  # no twin: the abstract decides nothing here
    ]


def test_against_the_sentences_each_row_reads_its_evidence_set_in_the_abstracts_order(covid_folder):
    labelled = check_covid_set("composed", evidence="sentences")
    read = {(c.text, c.label): [p.text for p in g.passages] for g in labelled.groups for c in g.claims}
    assert read == {
        ("Most patients recovered within a month.", "supported"): covid_folder[1:3],
        ("Most patients recovered within a month.", "unsupported"): covid_folder[3:4],
        ("No patient recovered.", "contradicted"): covid_folder[1:2],  # index 9 is past the abstract's end
        ("The virus mutated during the study.", "unsupported"): covid_folder[0:1],
    }
    assert labelled.name.endswith("-sentences")


def test_an_unknown_evidence_reading_is_refused(covid_folder):
    with pytest.raises(ValueError, match="evidence must be"):
        check_covid_set("composed", evidence="paragraphs")
