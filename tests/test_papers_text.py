"""Pure text functions of the papers package: normalisation, line joining, sentences, text sources."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from papers.text import ABBREVIATIONS, join_lines, join_wrapped, normalise, sentence_spans, strip_heading_number
from papers.textsource import extract_text_source


def test_normalise_ligatures_minus_and_spaces():
    assert normalise("\ufb01ne-tuning \ufb02ows e\ufb03cient") == "fine-tuning flows efficient"
    assert normalise("drops by \u22125.4\u00a0points") == "drops by -5.4 points"
    assert normalise("1\u2009000 and 2\u202f000\u200b") == "1 000 and 2 000"
    assert normalise("soft\u00adhyphen") == "softhyphen"


@pytest.mark.parametrize(
    "left, right, joined",
    [
        ("we study transfor-", "mation of inputs", "we study transformation of inputs"),
        ("a state-of-", "the-art model", "a state-of-the-art model"),
        ("uses self-", "attention layers", "uses self-attention layers"),
        ("BERT-", "base is used", "BERT-base is used"),
        ("scores 5-", "10 points", "scores 5-10 points"),
        ("Transfor-", "mation is", "Transformation is"),
        ("the end.", "Next sentence", "the end. Next sentence"),
        ("ends with dash -", "and more", "ends with dash - and more"),
    ],
)
def test_join_wrapped(left, right, joined):
    assert join_wrapped(left, right)[0] == joined


def test_join_lines_undoes_hyphenation_across_several_lines():
    assert join_lines(["Cross-lingual trans-", "fer im-", "proves  ", "", "results."]) == "Cross-lingual transfer improves results."


@pytest.mark.parametrize(
    "text, sentences",
    [
        ("It works. It also scales!", ["It works.", "It also scales!"]),
        ("As shown by Smith et al. (2020) it works. Fig. 3 agrees.", ["As shown by Smith et al. (2020) it works.", "Fig. 3 agrees."]),
        ("We use e.g. BERT and i.e. XLM-R here. Then 5.4 points.", ["We use e.g. BERT and i.e. XLM-R here.", "Then 5.4 points."]),
        ("J. Smith wrote it. It is (p < 0.05). Done", ["J. Smith wrote it.", "It is (p < 0.05).", "Done"]),
        ("Accuracy rose to 91.2. 2020 was a good year.", ["Accuracy rose to 91.2.", "2020 was a good year."]),
        ('He said "stop." Then left.', ['He said "stop."', "Then left."]),
    ],
)
def test_sentence_spans(text, sentences):
    assert [text[a:b] for a, b in sentence_spans(text)] == sentences


@settings(max_examples=200, deadline=None)
@given(st.lists(st.from_regex(r"[A-Z][a-z]{1,8}( [a-z]{1,8}){0,6} [a-z]{2,8}\.", fullmatch=True), min_size=1, max_size=8))
def test_sentence_spans_recover_generated_sentences(sentences):
    text = " ".join(sentences)
    spans = sentence_spans(text)
    for a, b in spans:
        assert text[a:b] == text[a:b].strip() and a < b
    abbreviation_free = all(s.split()[-1].rstrip(".").lower() not in ABBREVIATIONS
                            and not (len(s.split()) == 1) for s in sentences)
    if abbreviation_free:
        assert [text[a:b] for a, b in spans] == sentences


@pytest.mark.parametrize(
    "heading, name",
    [("3.2 Results", "Results"), ("1 Introduction", "Introduction"), ("A.1 Details", "Details"),
     ("IV. Method", "Method"), ("Abstract", "Abstract"), ("2020 Shared Task", "Shared Task")],
)
def test_strip_heading_number(heading, name):
    assert strip_heading_number(heading) == name


MARKDOWN = """# A Paper About Adapters

## Abstract
We propose stacked adapters. They improve F1 by 5.4 points over the base-
line on WikiANN.

## 2 Results

Table 2: WikiANN F1 of the adapters.

| Method | am | rw | Avg |
|---|---:|---|---|
| Stacked adapters | 47.9 | 60.3 | 50.2 |
| **Baseline** | 40.1 | 55.0 | 47.5 |

- The gain holds on every language. It is largest for am.
- A [linked](http://example.org) claim.
\fThe second page starts here. It ends here.
"""


def test_markdown_source_gives_sentences_tables_sections_and_pages():
    text = extract_text_source(MARKDOWN, markdown=True, arxiv_id="2005.13013", version="v2")
    assert text.title == "A Paper About Adapters" and text.pages == 2
    by_text = {p.text: p for p in text.passages}
    assert by_text["They improve F1 by 5.4 points over the baseline on WikiANN."].section == "Abstract"
    row = by_text["Table 2: WikiANN F1 of the adapters. | Stacked adapters | am: 47.9 | rw: 60.3 | Avg: 50.2"]
    assert (row.kind, row.section, row.page) == ("table", "Results", 1)
    assert "Table 2: WikiANN F1 of the adapters. | Baseline | am: 40.1 | rw: 55.0 | Avg: 47.5" in by_text
    assert by_text["A linked claim."].page == 1
    assert by_text["The gain holds on every language."].section == "Results"
    assert by_text["It ends here."].page == 2
    assert not any(p.text.startswith("Table 2") and p.kind == "text" for p in text.passages)
    for p in text.passages:
        assert text.page_texts[p.page - 1][p.start:p.end] == p.text
        assert (p.arxiv_id, p.version) == ("2005.13013", "v2")


def test_plain_text_source_headings_and_wrapping():
    source = "Adapters for Transfer\n\n1 Introduction\nCross-lingual trans-\nfer works well. It is cheap.\n\n2 Method\nWe stack adapters.\n"
    text = extract_text_source(source, markdown=False)
    assert text.title == "Adapters for Transfer"
    assert [(p.section, p.text) for p in text.passages] == [
        ("Introduction", "Cross-lingual transfer works well."), ("Introduction", "It is cheap."), ("Method", "We stack adapters."),
    ]
