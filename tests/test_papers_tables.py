"""Rule-only table detection on hand-placed words: captions above or below, multi-line headers, rect rules."""

from __future__ import annotations

from papers.layout import Row, Word
from papers.tables import Rule, detect_tables, merge_rules, row_passage


def row(top: float, *cells: tuple[float, str], size: float = 8.0) -> Row:
    """A row of words at `top`; each cell is (x0, text) and its words are laid out with 2.5 pt spaces."""
    words = []
    for x, text in cells:
        for part in text.split():
            width = 4.4 * len(part)
            words.append(Word(part, x, x + width, top, top + size, size, 0.0))
            x += width + 2.5
    return Row(words, top, top + size)


def table_rows(top: float) -> list[Row]:
    return [
        row(top + 4, (100, "Method"), (200, "Low"), (260, "High")),
        row(top + 14, (200, "res."), (260, "res.")),
        row(top + 28, (100, "Stacked adapters"), (200, "47.9"), (260, "60.3")),
        row(top + 40, (100, "Baseline"), (200, "40.1"), (260, "55.0")),
    ]


def test_caption_below_and_two_line_header():
    rows = table_rows(100) + [row(160, (100, "Table 3: Results on the two")), row(170, (100, "resource groups.")),
                              row(200, (100, "Body text continues here."))]
    rules = [Rule(98, 300, 100), Rule(98, 300, 24 + 100), Rule(98, 300, 152)]
    [table] = detect_tables(rows, rules)
    assert table.caption == "Table 3: Results on the two resource groups."
    assert table.header == ["Method", "Low res.", "High res."]
    assert table.row_texts() == [
        "Table 3: Results on the two resource groups. | Stacked adapters | Low res.: 47.9 | High res.: 60.3",
        "Table 3: Results on the two resource groups. | Baseline | Low res.: 40.1 | High res.: 55.0",
    ]
    assert table.bottom >= 178 and table.top <= 100


def test_caption_above_stops_at_the_caption_start():
    rows = [row(60, (100, "A sentence before the table.")), row(76, (100, "Table 1: WikiANN F1.")), *table_rows(90)]
    rules = [Rule(98, 300, 90), Rule(98, 300, 114), Rule(98, 300, 142)]
    [table] = detect_tables(rows, rules)
    assert table.caption == "Table 1: WikiANN F1."
    assert table.top < 76 + 1 and table.top > 68


def test_filled_rectangle_rules_merge_and_single_rules_are_not_tables():
    edges = [Rule(98, 300, 100.0), Rule(98, 300, 100.8), Rule(98, 300, 152.0), Rule(98, 300, 152.6)]
    assert [(r.y) for r in merge_rules(edges)] == [100.0, 152.0]
    assert detect_tables(table_rows(100), edges)
    assert detect_tables(table_rows(100), [Rule(98, 300, 100.0)]) == []  # a footnote rule alone


def test_row_passage_format():
    assert row_passage("Table 2: X.", ["Method", "am", ""], ["Ours", "1.0", "2.0"]) == "Table 2: X. | Ours | am: 1.0 | 2.0"
    assert row_passage("", ["Method", "am"], ["Ours", ""]) == "Table | Ours"


def test_markdown_table_gives_the_same_structure():
    from papers.tables import markdown_table

    block = markdown_table(["| Model | Dev / EM | Dev / F1 |", "|---|---|---|", "| TRANSLATE-TRAIN | | |",
                            "| BiLSTM | + 8.3 | 90.1 |"], "Table 2: SQuAD.")
    [record] = block.records(page=0)
    assert record.number == "2" and record.row == ["TRANSLATE-TRAIN", "BiLSTM"]
    assert [(c.column, c.value) for c in record.cells] == [(["Dev", "EM"], "+8.3"), (["Dev", "F1"], "90.1")]
    assert block.row_texts() == ["Table 2: SQuAD. | TRANSLATE-TRAIN / BiLSTM | Dev / EM: +8.3 | Dev / F1: 90.1"]


def test_captions_are_table_labels_that_start_a_caption_not_mentions_in_text():
    from papers.table_captions import find_captions

    def area(x0: float, x1: float) -> tuple[float, float]:
        return 100.0, 400.0

    rows = [row(100, (100, "Table 1 shows the results on all languages.")),
            row(112, (100, "The results on the test sets are presented in")), row(122, (100, "Table 7.")),
            row(160, (100, "Table 2: WikiANN F1 of the adapters,")), row(170, (100, "averaged over seeds."))]
    [caption] = find_captions(rows, area)
    assert (caption.number, caption.text) == ("2", "Table 2: WikiANN F1 of the adapters, averaged over seeds.")


def test_a_table_header_between_rules_at_the_top_of_a_page_is_not_furniture():
    from papers.table_graphics import between_rules

    rules = [Rule(98, 300, 60), Rule(98, 300, 75)]
    assert between_rules(64, 72, 100, 290, rules)
    assert not between_rules(40, 48, 100, 290, rules)  # a running header above the table
    assert not between_rules(64, 72, 100, 290, [Rule(98, 300, 75)])
