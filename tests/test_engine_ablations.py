"""Ablation claims ("removing X lowers BLEU") against the table row that takes X away and the full model's row
(verifier.engine.table_ablations, read through verifier.engine.table_comparisons.check_tables)."""

from __future__ import annotations

import pytest

from papers.models import Passage
from verifier.engine.facts import claim_facts
from verifier.engine.table_ablations import ablated_part, names_removed, removed_parts
from verifier.engine.table_comparisons import check_tables, tables_of

CAPTION = "Table 4: Ablation of the retriever-reader model on the test set."
ROWS = [f"{CAPTION} | Full model | BLEU-2: 12.4 | ROUGE-2: 9.8 | METEOR: 15.1",
        f"{CAPTION} | w/o psg | BLEU-2: 10.9 | ROUGE-2: 8.7 | METEOR: 15.3",
        f"{CAPTION} | - Cross-Attn | BLEU-2: 11.8 | ROUGE-2: 9.1 | METEOR: 14.6"]


def table(*rows: str) -> dict:
    return tables_of([Passage(arxiv_id="2401.00003", page=4, kind="table", text=t) for t in rows])


@pytest.mark.parametrize(("label", "part"), [("w/o psg", "psg"), ("- Cross-Attn", "Cross-Attn"), ("No NSP", "NSP"),
                                             ("−Coverage", "Coverage"),
                                             ("Full model", None), ("Nothing", None), ("-", None)])
def test_ablation_rows_say_what_they_take_away(label, part):
    assert ablated_part(label) == part


def test_the_claim_states_what_it_removes():
    (position, words), = removed_parts("Removing the retrieved passages lowers BLEU-2 and METEOR.")
    assert position == 0 and words == ["retrieved", "passages"]
    assert removed_parts("Without cross attention, ROUGE-2 drops.")[0][1] == ["cross", "attention"]
    assert removed_parts("An accuracy drop of 1.2 points on the test set.") == []  # a drop is no removal


@pytest.mark.parametrize(("part", "words", "named"), [
    ("psg", ["retrieved", "passages"], True),  # letters in order
    ("NSP", ["the", "next", "sentence", "prediction", "task"], True),  # initials
    ("Cross-Attn", ["cross", "attention"], True),
    ("Coverage", ["the", "coverage", "mechanism"], True),
    ("psg", ["the", "decoder"], False),
    ("NSP", ["the", "span", "boundary", "objective"], False),
    ("Cross-Attn", ["cross", "entropy"], False),  # every piece must be named
])
def test_a_removed_part_is_matched_by_spelling_abbreviation_or_initials(part, words, named):
    assert names_removed(part, words) == named


@pytest.mark.parametrize(("claim", "agrees"), [
    ("Removing the retrieved passages lowers BLEU-2 and ROUGE-2.", True),
    ("Removing the retrieved passages raises BLEU-2 and ROUGE-2.", False),
    ("Removing the retrieved passages does not lower BLEU-2.", False),
    # every column the claim names is claimed: METEOR rises without passages (15.3 against 15.1)
    ("Removing the retrieved passages lowers BLEU-2 and METEOR.", False),
    # the full model is the nearest row above that removes nothing, not the other ablation
    ("Without cross attention, ROUGE-2 drops.", True),
    ("Removing cross attention improves ROUGE-2.", False),
])
def test_an_ablation_claim_is_checked_against_the_full_model(claim, agrees):
    found = check_tables(claim_facts(claim), table(*ROWS))
    assert found is not None and found.agrees == agrees
    assert found.rows[-1] == 0  # the full model's row


def test_the_reason_names_a_column_that_disagrees():
    found = check_tables(claim_facts("Removing the retrieved passages lowers BLEU-2 and METEOR."), table(*ROWS))
    assert found is not None and "METEOR" in found.reason and "w/o psg" in found.reason


def test_a_removal_no_row_ablates_or_no_direction_is_not_read():
    assert check_tables(claim_facts("Removing the decoder lowers BLEU-2."), table(*ROWS)) is None
    assert check_tables(claim_facts("We also report a model without passages."), table(*ROWS)) is None
    # the removal word itself is no direction ("dropping" counts as one elsewhere)
    assert check_tables(claim_facts("The ablation drops the retrieved passages."), table(*ROWS)) is None


def test_an_ablation_claim_with_the_wrong_direction_is_contradicted():
    from verifier.embedding.embedders import HashingEmbedder
    from verifier.engine.checker import ClaimChecker, ClaimToCheck

    checker = ClaimChecker(HashingEmbedder())
    index = checker.index([Passage(arxiv_id="2401.00003", page=4, kind="table", text=t) for t in ROWS])
    right, wrong = (o.judgement for o in checker.check(index, [
        ClaimToCheck("Removing the retrieved passages lowers BLEU-2 and ROUGE-2.", False),
        ClaimToCheck("Removing the retrieved passages raises BLEU-2 and ROUGE-2.", False)]))
    assert wrong.verdict == "contradicted" and "w/o psg" in wrong.explanation
    assert right.verdict != "contradicted"
