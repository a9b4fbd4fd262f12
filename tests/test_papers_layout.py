"""Page layout cases of real papers, reproduced on generated pages: an indented abstract on a two-column page 1,
full-width floats at the top, middle and bottom of a page, figure text, footnotes, a references list, a raised
exponent and a compound hyphenated at a line break."""

from __future__ import annotations

import pytest

from papers.columns import Gutter, crosses, find_gutter, regions
from papers.document import DocumentText
from papers.extract import continues_heading, continues_sentence, extract_pdf, is_heading
from papers.glyphs import glyph_text
from papers.layout import Char, Line, Row, Word, join_signs, rows_from_chars
from papers.text import Vocabulary, join_wrapped
from tests.pdfgen import (
    big_figure_page,
    full_width_float_page,
    indented_abstract_page,
    notes_page,
    one_column_side_by_side_page,
    vector_plot_page,
)


def texts(extraction, kind: str = "text") -> list[str]:
    return [p.text for p in extraction.passages if p.kind == kind]


def test_indented_abstract_does_not_widen_the_gutter(tmp_path):
    case = indented_abstract_page(tmp_path / "abstract.pdf")
    found = set(texts(extract_pdf(case.path)))
    missing = [s for s in case.sentences if s not in found]
    assert not missing, missing[:3]


@pytest.mark.parametrize("where", ["top", "middle", "bottom"])
@pytest.mark.parametrize("rows,straddle,ruled", [(6, False, False), (20, True, False), (20, True, True)])
def test_full_width_float_is_a_band_of_its_own(tmp_path, where, rows, straddle, ruled):
    # straddle: a column of the float's numbers sits on the gutter, so the float's rows hide the column edges;
    # ruled: booktabs rules make it a table the table finder takes out of the page first
    case = full_width_float_page(tmp_path / f"{where}.pdf", where, rows=rows, straddle=straddle, ruled=ruled)
    extraction = extract_pdf(case.path)
    body = texts(extraction)
    missing = [s for s in case.sentences if s not in set(body)]
    assert not missing, missing[:3]
    polluted = [t for t in body if any(word in t.split() for word in case.float_words)]
    assert not polluted, polluted[:2]


@pytest.fixture(scope="module")
def notes(tmp_path_factory):
    case = notes_page(tmp_path_factory.mktemp("notes") / "notes.pdf")
    return case, extract_pdf(case.path)


def test_figure_text_footnotes_and_references_have_their_kind(notes):
    case, extraction = notes
    body = " ".join(texts(extraction))
    figure = " ".join(texts(extraction, "figure"))
    for label in case.figure:
        assert label in figure and label not in body
    footnotes = texts(extraction, "footnote")
    assert any(case.footnotes[0] in t for t in footnotes) and case.footnotes[0] not in body
    references = " ".join(texts(extraction, "reference"))
    for entry in case.references:
        assert entry.split(".")[0] in references and entry not in body


def test_body_sentences_around_notes_stay_whole(notes):
    case, extraction = notes
    found = set(texts(extraction))
    plain = [s for s in case.sentences if "^" not in s and "intermediate" not in s]
    assert [s for s in plain if s not in found] == []


def test_raised_exponent_keeps_a_caret(notes):
    _, extraction = notes
    body = " ".join(texts(extraction))
    assert "2.3 x 10^19 tokens" in body and "1019" not in body


def test_compound_hyphen_at_a_line_break_is_kept(notes):
    _, extraction = notes
    assert "intermediate-task training" in " ".join(texts(extraction))


def test_vocabulary_tells_compounds_from_broken_words():
    vocabulary = Vocabulary(["the intermediate stage of every task", "an intermediate task", "pre-training helps",
                             "a transformation of the data", "the transformation"])
    assert join_wrapped("this intermediate-", "task training", vocabulary)[0] == "this intermediate-task training"
    assert join_wrapped("we use pre-", "training", vocabulary)[0] == "we use pre-training"
    assert join_wrapped("a transfor-", "mation", vocabulary)[0] == "a transformation"
    assert join_wrapped("a transfor-", "mation")[0] == "a transformation"


def test_cid_codes_are_mapped_by_font_or_dropped():
    assert glyph_text("(cid:107)", "ABCDEF+CMSY10") == "\u2016"
    assert glyph_text("(cid:80)", "CMEX10") == "\u2211"
    assert glyph_text("(cid:96)", "CMMI10") == "\u2113"
    assert glyph_text("(cid:12)", "Times-Roman") == ""
    assert glyph_text("a", "Times-Roman") == "a"


# -- pure geometry: rows of words built by hand ---------------------------------------------------------------


def word(text: str, x0: float, top: float, size: float = 10.0, bold: float = 0.0) -> Word:
    return Word(text, x0, x0 + 5.5 * len(text), top, top + size, size, bold)


def column_row(top: float, left: tuple[float, float] | None, right: tuple[float, float] | None) -> Row:
    """A row with a line of words spanning `left` and/or `right` (x ranges)."""
    words = []
    for span in (left, right):
        if span:
            x = span[0]
            while x + 30 <= span[1] + 0.01:
                words.append(Word("wordy", x, min(x + 27, span[1]), top, top + 10, 10.0, 0.0))
                x += 30
            words[-1].x1 = span[1]
    return Row(words, top, top + 10)


def test_gutter_is_narrowed_to_the_column_edges_under_an_indented_abstract():
    # ACL page 1: the abstract is indented inside the left column (89-273), the right column starts at 307 and the
    # introduction below the abstract fills the left column to its edge at 290.
    rows = [column_row(100 + 12 * i, (89, 273), (307, 526)) for i in range(25)]
    rows += [column_row(420 + 12 * i, (72, 290), (307, 526)) for i in range(10)]
    gutter = find_gutter(rows, 595)
    assert gutter is not None and abs(gutter.x0 - 290) <= 1 and abs(gutter.x1 - 307) <= 1
    assert not any(crosses(row, gutter) for row in rows)


def test_a_box_poking_into_the_gutter_does_not_cut_the_page():
    gutter = Gutter(291, 307)
    placeholder = Row([Word("", 305, 528, 250, 300, 0.0, 0.0, table=0)], 250, 300)
    full_width = column_row(40, (72, 526), None)
    assert not crosses(placeholder, gutter) and crosses(full_width, gutter)


def test_rows_of_a_float_off_the_column_grid_form_a_full_width_band():
    gutter = Gutter(290, 307)
    text = [column_row(100 + 12 * i, (72, 290), (307, 526)) for i in range(5)]
    table = [Row([word("SysA", 72, 170 + 11 * i), word("85.2", 250, 170 + 11 * i), word("77.5", 330, 170 + 11 * i)],
                 170 + 11 * i, 180 + 11 * i) for i in range(4)]
    bands = regions(text + table, gutter)
    assert [(b.columns, len(b.rows)) for b in bands] == [(2, 5), (1, 4)]


def char(text: str, x0: float, base: float, size: float = 10.0) -> Char:
    return Char(text, x0, x0 + 0.5 * size, base - 0.75 * size, base + 0.25 * size, size, False, base)


def test_raised_exponent_is_marked_and_a_lowered_subscript_joins_its_own_column():
    chars = [char(c, 72 + 5 * i, 100) for i, c in enumerate("2.3x10")]
    chars += [char(c, 102.2 + 3.5 * i, 96.5, 7.0) for i, c in enumerate("19")]
    # left column: "BERT" + subscript "LARGE" lowered 1.5 pt, which is on the baseline of a right-column row
    chars += [char(c, 72 + 5 * i, 200) for i, c in enumerate("BERT")]
    chars += [char(c, 92.2 + 3.5 * i, 201.5, 7.0) for i, c in enumerate("LARGE")]
    chars += [char(c, 310 + 5 * i, 201.4) for i, c in enumerate("right")]
    rows = rows_from_chars(chars)
    assert [r.text for r in rows] == ["2.3x10^19", "BERTLARGE", "right"]


def test_a_sign_set_apart_from_its_number_keeps_it():
    words = [word("(", 72, 0), Word("+", 80, 85, 0, 10, 10, 0), Word("8.3", 87, 100, 0, 10, 10, 0)]
    assert [w.text for w in join_signs(words)] == ["(", "+8.3"]
    binary = [word("2L", 72, 0), Word("+", 87, 92, 0, 10, 10, 0), Word("1", 94, 99, 0, 10, 10, 0)]
    assert [w.text for w in join_signs(binary)] == ["2L", "+", "1"]


def line_of_words(words: list[Word], top: float) -> Line:
    return Line(words, top, top + 10, words[0].x0, words[-1].x1, 0, 0)


def test_bold_emphasis_inside_a_sentence_is_no_heading_and_a_run_in_heading_is_text():
    above = line_of_words([word("we", 72, 100), word("only", 90, 100), word("finetune", 120, 100)], 100)
    bold = line_of_words([word("RoBERTa", 72, 112, bold=1.0), word("using", 120, 112, bold=1.0)], 112)
    assert is_heading(bold, bold.text, 10.0) and continues_sentence(bold, above)
    run_in = line_of_words([word("Multilingual", 72, 200, bold=1.0), word("Sentences", 140, 200, bold=1.0),
                            word("Representations", 200, 200, bold=1.0), word("There", 290, 200)], 200)
    assert not is_heading(run_in, run_in.text, 10.0)


def test_one_column_page_with_side_by_side_blocks_keeps_its_text(tmp_path):
    case = one_column_side_by_side_page(tmp_path / "one.pdf")
    extraction = extract_pdf(case.path)
    found = set(texts(extraction))
    assert [s for s in case.sentences if s not in found] == []
    assert not texts(extraction, "figure")


def test_text_of_a_plot_drawn_on_the_page_is_figure_text(tmp_path):
    case = vector_plot_page(tmp_path / "plot.pdf")
    extraction = extract_pdf(case.path)
    body = texts(extraction)
    figure = " ".join(texts(extraction, "figure"))
    assert all(label in figure for label in case.figure), figure
    assert [s for s in case.sentences if s not in set(body)] == []
    assert not any(t.split()[0] in case.figure for t in body)
    assert "Figure 3: Accuracy against training steps." in body


def test_a_heading_wrapped_over_two_lines_is_one_heading():
    first = line_of_words([word("3.4", 72, 100, bold=1.0), word("Pre-trained", 95, 100, bold=1.0),
                           word("bidirectional", 160, 100, bold=1.0)], 100)
    second = line_of_words([word("architecture", 97, 113, bold=1.0)], 113)
    body = line_of_words([word("The", 72, 140), word("model", 95, 140)], 140)
    assert continues_heading(second, first) and not continues_heading(body, second)
    doc = DocumentText()
    doc.start_page()
    doc.heading(first.text)
    doc.heading(second.text, continued=True)
    doc.line("The model is small.")
    passage = doc.finish().passages[0]
    assert passage.section == "Pre-trained bidirectional architecture"


def test_a_float_covering_most_of_the_page_does_not_hide_the_gutter(tmp_path):
    case = big_figure_page(tmp_path / "big.pdf", rows=60)
    extraction = extract_pdf(case.path)
    found = set(texts(extraction))
    assert len(case.sentences) >= 10 and [s for s in case.sentences if s not in found] == []
    assert set(case.figure) <= set(texts(extraction, "figure"))


def test_a_heading_broken_inside_a_word_joins_without_losing_a_letter():
    doc = DocumentText()
    doc.start_page()
    doc.heading("4 Pre-trained bidirectional language repre-")
    doc.heading("sentations", continued=True)
    doc.line("The model is small.")
    extraction = doc.finish()
    assert extraction.passages[0].section == "Pre-trained bidirectional language representations"
    assert extraction.page_texts[0].startswith("4 Pre-trained bidirectional language representations\n")
