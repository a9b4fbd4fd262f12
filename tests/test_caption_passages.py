"""A table caption's sentences after its label are text passages that carry their table's record: table material,
which the engine's table features count and which windows join only with the same caption's other sentences. Their
kind stays `text`, so scripts reading passages by kind (the shared extraction checker) still see them."""

from __future__ import annotations

from papers.document import DocumentText
from papers.extract import extract_pdf
from papers.models import Passage, TableCell, TableRowRecord
from papers.tables import TableBlock
from tests.pdfgen import PaperSpec, SectionSpec, TableSpec, write_paper_pdf
from verifier.embedding.embedders import HashingEmbedder
from verifier.engine.facts import claim_facts
from verifier.engine.features import compute_features
from verifier.engine.retrieval import build_index, cosine_scores
from verifier.engine.scoring import evidence_record, score_candidate

CAPTION = "Table 2: WikiANN F1 of the adapters. Best results in bold. Scores are averaged over three seeds."


def test_caption_sentences_after_the_label_are_text_passages_of_their_table():
    doc = DocumentText("2104.07412")
    doc.start_page()
    doc.line("Adapters transfer well to unseen languages.")
    doc.table(TableBlock(0, 100, 0, 50, CAPTION, ["Method", "am", "rw"], [["MAD-X", "47.9", "60.1"]]))
    passages = doc.finish().passages
    captions = [p for p in passages if p.caption_sentence]
    assert [p.text for p in captions] == ["Best results in bold.", "Scores are averaged over three seeds."]
    assert all(p.kind == "text" and p.table_material for p in captions)
    assert all(p.table is not None and p.table.number == "2" and p.table.caption == CAPTION and not p.table.cells
               for p in captions)
    body = [p for p in passages if p.kind == "text" and not p.caption_sentence]
    assert [p.text for p in body] == ["Adapters transfer well to unseen languages."]
    assert not body[0].table_material


def test_a_pdf_table_caption_gives_caption_sentences_not_body_text(tmp_path):
    spec = PaperSpec(title="Adapters Across Languages", sections=[SectionSpec(
        heading="Results", paragraphs=["The adapters transfer well to languages unseen in pretraining."])],
        tables=[TableSpec(caption="WikiANN F1 of the adapters. Best results are marked in bold.",
                          columns=["Method", "am", "rw"], rows=[["MAD-X", "47.9", "60.1"], ["Baseline", "41.2", "55.0"]])])
    passages = extract_pdf(write_paper_pdf(tmp_path / "paper.pdf", spec), arxiv_id="2401.01234").passages
    [caption] = [p for p in passages if p.kind != "table" and "marked in bold" in p.text]
    assert caption.kind == "text" and caption.caption_sentence
    assert caption.table is not None and caption.table.number == "1"
    assert sum(p.kind == "table" for p in passages) == 2


def _row(text: str, value: str) -> Passage:
    record = TableRowRecord(number="2", caption="Table 2: WikiANN F1.", row=[text],
                            cells=[TableCell(column=["Avg"], value=value)], page=1)
    return Passage(arxiv_id="2104.07412", page=1, kind="table", text=f"Table 2: WikiANN F1. | {text} | Avg: {value}",
                   table=record)


def _caption(text: str) -> Passage:
    return Passage(arxiv_id="2104.07412", page=1, kind="text", text=text,
                   table=TableRowRecord(number="2", caption=CAPTION, page=1))


def test_table_features_count_caption_sentences_as_table_material():
    passages = [_row("MAD-X", "52.1"), _row("Baseline", "47.3"), _caption("Best results are marked in bold.")]
    index = build_index(passages, HashingEmbedder())
    claim = "Best results are marked in bold."
    facts = claim_facts(claim)
    cosines = cosine_scores(index, HashingEmbedder().embed([claim])[0])
    best = score_candidate(index, (2,), facts, claim, False, cosines)
    assert best.caption and not best.table
    record = evidence_record(facts, [best], index)
    assert record.tables_only and not record.prose_only
    features = compute_features(record)
    assert features["table"] == 1.0 and features["tables_only"] == 1.0 and features["prose_only"] == 0.0


def test_windows_join_sentences_of_one_caption_never_a_caption_and_running_text():
    body = Passage(arxiv_id="2104.07412", page=1, text="MAD-X outperforms the baseline on every language.")
    first, second = _caption("Best results in bold."), _caption("Scores are averaged over three seeds.")
    other = Passage(arxiv_id="2104.07412", page=1, kind="text", text="Higher is better.",
                    table=TableRowRecord(number="3", caption="Table 3: NER F1. Higher is better.", page=1))
    index = build_index([body, first, second, other], HashingEmbedder())
    assert index.neighbours(1) == [2]  # not the body sentence before it
    assert index.neighbours(2) == [1]  # not the next table's caption
    assert index.neighbours(0) == []
