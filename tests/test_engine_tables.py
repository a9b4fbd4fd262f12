"""Comparisons between table rows and columns: superlatives, comparatives, stated gaps, transposed tables and the
claim's own numbers. Each rule is checked on claims that must agree and claims that must not."""

from __future__ import annotations

import pytest

from papers.models import Passage
from verifier.engine.facts import claim_facts
from verifier.engine.table_comparisons import check_tables, tables_of

CAPTION = "Table 2: BLEU on the test sets."
ROWS = [" | ".join([CAPTION, label, f"En-De: {de}", f"En-Cs: {cs}"])
        for label, de, cs in (("Seq2Seq", "18.2", "10.4"), ("GGNN", "19.6", "11.8"), ("DCGCN", "21.3", "12.9"))]
# The same numbers with the systems as columns.
COLUMNS = [f"Table 3: Accuracy by dataset. | {name} | Seq2Seq: {a} | GGNN: {b} | DCGCN: {c}"
           for name, a, b, c in (("WinoCoref", "70.1", "72.4", "75.0"), ("Winograd", "55.2", "58.0", "60.3"))]


def judged(claim: str, rows: list[str] = ROWS):
    passages = [Passage(arxiv_id="2401.00001", page=3, kind="table", text=t) for t in rows]
    return check_tables(claim_facts(claim), tables_of(passages))


@pytest.mark.parametrize(
    ("claim", "agrees"),
    [
        ("DCGCN outperforms GGNN on both language pairs.", True),
        ("GGNN outperforms DCGCN on both language pairs.", False),
        ("DCGCN does not outperform GGNN.", False),
        ("DCGCN achieves the best BLEU.", True),
        ("Seq2Seq achieves the best BLEU.", False),
        ("DCGCN is 1.7 points higher than GGNN on En-De.", True),  # 21.3 - 19.6
        ("DCGCN is 3.1 points higher than GGNN on En-De.", False),  # right direction, wrong gap
    ],
)
def test_row_comparisons(claim, agrees):
    result = judged(claim)
    assert result is not None and result.agrees == agrees


@pytest.mark.parametrize(
    ("claim", "agrees"),
    [("DCGCN performs best on WinoCoref.", True), ("GGNN performs best on Winograd.", False),
     ("DCGCN outperforms GGNN on Winograd.", True), ("Seq2Seq outperforms GGNN on WinoCoref.", False)],
)
def test_systems_written_as_columns_are_compared_too(claim, agrees):
    result = judged(claim, COLUMNS)
    assert result is not None and result.agrees == agrees


@pytest.mark.parametrize(("claim", "row"), [("DCGCN outperforms GGNN on Winograd.", 1),
                                             ("DCGCN performs best on WinoCoref.", 0),
                                             ("GGNN performs best on Winograd.", 1)])
def test_systems_written_as_columns_lead_to_the_row_passage_compared(claim, row):
    """Read by columns, the rows a comparison involves are the row passages its values sit in (the Winograd row
    for Winograd), not the table's first row, so the evidence shown is the row the reason names."""
    result = judged(claim, COLUMNS)
    assert result is not None and result.rows[0] == row
    assert set(result.rows) == {row}


@pytest.mark.parametrize(
    ("claim", "agrees"),
    [("The new encoder reaches 21.3, higher than the 19.6 of the baseline.", True),
     ("The new encoder reaches 18.2, higher than the 19.6 of the baseline.", False),
     ("The best En-De score is 21.3.", True), ("The best En-De score is 19.6.", False)],
)
def test_claims_numbers_are_compared_as_the_table_states_them(claim, agrees):
    result = judged(claim)
    assert result is not None and result.agrees == agrees


def test_claims_without_a_comparison_or_known_names_are_not_judged():
    assert judged("DCGCN reaches 21.3 BLEU on En-De.") is None
    assert judged("The Transformer outperforms the LSTM.") is None


MIXED = [f"Table 1: Accuracy and ECE before and after scaling. | {label} | CLINC150: {a} | ECE before: {e}"
         for label, a, e in (("Self-training", "92.1", "7.9"), ("Consistency regularisation", "89.0", "4.1"))]


@pytest.mark.parametrize(
    ("claim", "agrees"),
    [("Self-training outperforms consistency regularisation on CLINC150.", True),
     ("Consistency regularisation outperforms self-training on CLINC150.", False),
     ("Consistency regularisation is better on ECE before scaling than self-training.", True)],
)
def test_a_caption_naming_accuracy_and_ece_leaves_dataset_columns_higher_is_better(claim, agrees):
    result = judged(claim, MIXED)
    assert result is not None and result.agrees == agrees


def test_no_support_from_a_table_row_when_its_table_compares_the_other_way():
    from verifier.embedding.embedders import HashingEmbedder
    from verifier.engine.checker import ClaimChecker, ClaimToCheck

    passages = [Passage(arxiv_id="2401.00001", page=2, kind="table", text=t) for t in MIXED]
    checker = ClaimChecker(HashingEmbedder())
    index = checker.index(passages)
    wrong, right = checker.check(index, [ClaimToCheck("Consistency regularisation outperforms self-training on CLINC150.", False),
                                         ClaimToCheck("Self-training outperforms consistency regularisation on CLINC150.", False)])
    assert wrong.judgement.verdict == "contradicted"
    assert right.judgement.verdict == "supported"


PERPLEXITY = [f"Table 2: Held-out perplexity (lower is better). | {lang} | Uniform mixing perplexity: {u} | "
              f"Curriculum mixing perplexity: {c}" for lang, u, c in (("German", "9.7", "9.9"), ("Yoruba", "30.2", "26.1"))]


@pytest.mark.parametrize(
    ("claim", "agrees"),
    [("Curriculum mixing improves German perplexity compared with uniform mixing.", False),  # 9.9 > 9.7: worse
     ("Curriculum mixing improves Yoruba perplexity compared with uniform mixing.", True)],
)
def test_columns_named_without_the_measure_the_caption_gives(claim, agrees):
    result = judged(claim, PERPLEXITY)
    assert result is not None and result.agrees == agrees


def test_a_structured_row_reads_like_its_text():
    from papers.models import TableCell, TableRowRecord
    from verifier.engine.table_rows import parse_table_row, row_of

    text = "Table 4: Gains over the baseline. | No MLM / SQuAD | Target tasks / Avg.: +8.3 | XQuAD: +2.0"
    record = TableRowRecord(number="4", caption="Table 4: Gains over the baseline.", row=["No MLM", "SQuAD"],
                            cells=[TableCell(column=["Target tasks", "Avg."], value="+8.3"),
                                   TableCell(column=["XQuAD"], value="+2.0")])
    structured = row_of(Passage(arxiv_id="2401.00001", page=5, kind="table", text="(not parsed)", table=record))
    assert structured == parse_table_row(text)
    assert structured.path == ("No MLM", "SQuAD") and structured.cells[0].path == ("Target tasks", "Avg.")
    assert row_of(Passage(arxiv_id="2401.00001", page=5, kind="text", text=text)) is None


def test_a_row_under_a_group_is_named_by_its_parts_and_explained_by_its_cell():
    from papers.models import TableCell, TableRowRecord

    def passage(group: str, label: str, avg: str) -> Passage:
        record = TableRowRecord(number="4", caption="Gains over the baseline.", row=[group, label],
                                cells=[TableCell(column=["Avg."], value=avg)])
        return Passage(arxiv_id="2401.00001", page=5, kind="table", text=f"{group} {label} {avg}", table=record)

    rows = [passage("No MLM", "SQuAD", "+8.3"), passage("No MLM", "MNLI", "+6.0"), passage("MLM", "SQuAD", "+5.1")]
    claim = claim_facts("In the No MLM setting, SQuAD and MNLI give average gains of 8.2 and 6.0 points.")
    result = check_tables(claim, tables_of(rows))
    assert result is not None and not result.agrees
    assert "row No MLM / SQuAD, column Avg.: +8.3" in result.reason and "8.2" in result.reason


SPEECH = [f"Table 2: Speech enhancement. | {label} | DCE: {d} | WER (%): {w}"
          for label, d, w in (("Spectral gating", "0.41", "21.7"), ("No enhancement", "0.52", "18.9"))]


@pytest.mark.parametrize(("claim", "agrees"), [
    ("Spectral gating shows lower DCE, but higher WER than no enhancement.", True),
    ("Spectral gating shows higher DCE, but higher WER than no enhancement.", False),
    ("Spectral gating shows lower DCE, but lower WER than no enhancement.", False),
])
def test_each_comparison_word_is_checked_on_the_measure_it_names(claim, agrees):
    result = judged(claim, SPEECH)
    assert result is not None and result.agrees == agrees


ANALOGY = [f"Table 3: Word analogy accuracy. | {label} | Semantic: {sem} | Syntactic: {syn}"
           for label, sem, syn in (("Ours", "79.9", "61.2"), ("GloVe", "78.9", "64.8"))]


@pytest.mark.parametrize(("claim", "agrees"), [
    ("Ours outperforms GloVe on semantic analogies, while GloVe is better on syntactic ones.", True),
    ("Ours outperforms GloVe on syntactic analogies, while GloVe is better on semantic ones.", False),
])
def test_each_clause_is_checked_on_the_columns_it_names(claim, agrees):
    result = judged(claim, ANALOGY)
    assert result is not None and result.agrees == agrees


def test_a_number_two_tables_hold_is_read_in_the_table_the_claim_names():
    other = [f"Table 5: Training set sizes. | {label} | Train: {n} | Dev: {d}"
             for label, n, d in (("Parallel", "21.3", "4.0"), ("Monolingual", "40.2", "9.9"), ("Synthetic", "12.0", "1.5"))]
    # 21.3 is the lowest value of another table's column too; the claim names the BLEU table's row and language pair
    claim = "DCGCN reaches 21.3 on En-De, the best result of all systems."
    result = judged(claim, other + ROWS)
    assert result is not None and result.agrees
    # naming neither table, a number two tables hold decides nothing
    assert judged("A score of 21.3 is the best result of all.", other + ROWS) is None
    assert judged("A score of 21.3 is the best result of all.", ROWS) is not None


# Two probing tables list the same rows, written "group, row" in one label.
PROBES = [f"Table 6: Named entity recognition F1 (NER). For GloVe, both layers. | {label} | F1: {f1}"
          for label, f1 in (("Tagger (2019)", "80.3"), ("GloVe, First Layer", "71.2"), ("GloVe, Second Layer", "74.5"))] \
    + [f"Table 7: Chunking accuracy. For GloVe, both layers. | {label} | Acc.: {acc}"
       for label, acc in (("Tagger (2019)", "93.0"), ("GloVe, First Layer", "90.1"), ("GloVe, Second Layer", "88.7"))]


@pytest.mark.parametrize(("claim", "agrees"), [
    ("In the named entity recognition probe, GloVe's first projection layer outperforms its second layer.", False),
    ("In the NER probe, GloVe's second layer outperforms its first layer.", True),
    ("In the chunking probe, GloVe's first projection layer outperforms its second layer.", True),
    ("In the chunking probe, GloVe's second layer outperforms its first layer.", False),
])
def test_rows_written_group_comma_row_are_compared_in_the_table_whose_task_the_claim_names(claim, agrees):
    result = judged(claim, PROBES)
    assert result is not None and result.agrees == agrees


LAYERS = [f"Table 4: Dev results by layers used. | {task} | Single layer: {top} | All layers / λ=0.5: {every}"
          for task, top, every in (("Parsing", "80.2", "81.9"), ("Tagging", "95.1", "95.6"))]


def test_a_number_written_in_a_columns_name_is_no_cell_value():
    result = judged("With all layers at λ=0.5, parsing and tagging reach 81.9 and 95.6.", LAYERS)
    assert result is not None and result.agrees and result.kind == "values"


@pytest.mark.parametrize(("claim", "judged_as"), [
    ("Parsing and tagging gain from all layers over a single layer (e.g. 81.9 vs 80.2 on parsing).", None),
    ("With a single layer, parsing and tagging reach 80.2 and 95.9.", False),  # a list: one number per row
    ("With a single layer, parsing reaches 80.2, tagging 95.9.", False),
])
def test_numbers_are_read_one_per_named_row_only_when_written_as_a_list(claim, judged_as):
    result = judged(claim, LAYERS)
    assert (None if result is None or result.kind != "values" else result.agrees) == judged_as
