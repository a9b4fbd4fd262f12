"""Table cases of real papers on generated pages: rules drawn as thin rectangles or images, tables without rules,
spanning headers, rotated group labels, group rows, two tables with their captions, signed values, and a
full-width table on a two-column page. Each asserts the structure carried by the table passages."""

from __future__ import annotations

from pathlib import Path

import pytest

from papers.extract import extract_pdf
from tests.pdfgen import GridSpec, table_case_page

HEADER = [[("Method", 1), ("am", 1), ("rw", 1), ("Avg", 1)]]
ROWS = [["Stacked adapters", "47.9", "60.3", "50.2"], ["Baseline", "40.1", "55.0", "47.5"]]


def tables(path: Path, grids: list[GridSpec], text_before: int = 0):
    sentences = table_case_page(path, grids, text_before=text_before)
    extraction = extract_pdf(path)
    rows = [p for p in extraction.passages if p.kind == "table"]
    texts = [p.text for p in extraction.passages if p.kind == "text"]
    return rows, texts, sentences


def cells(passage) -> dict[str, str]:
    return {" / ".join(c.column): c.value for c in passage.table.cells}


@pytest.mark.parametrize("rules", ["lines", "rects", "images", "none"])
def test_table_found_whatever_draws_its_rules(tmp_path, rules):
    rows, texts, sentences = tables(tmp_path / "t.pdf", [GridSpec("Table 3: WikiANN F1.", HEADER, ROWS, rules,
                                                                  where="left")])
    assert [p.table.row for p in rows] == [["Stacked adapters"], ["Baseline"]]
    assert cells(rows[0]) == {"am": "47.9", "rw": "60.3", "Avg": "50.2"}
    assert rows[0].table.number == "3" and rows[0].table.caption == "Table 3: WikiANN F1."
    assert rows[0].text == "Table 3: WikiANN F1. | Stacked adapters | am: 47.9 | rw: 60.3 | Avg: 50.2"
    assert rows[0].table.page == 1 and rows[0].table.bbox is not None
    assert all(s in texts for s in sentences)  # the body text around stays whole
    assert not any("47.9" in t for t in texts)


def test_spanning_header_names_both_levels(tmp_path):
    header = [[("", 1), ("Dev", 2), ("Test", 2)], [("System", 1), ("EM", 1), ("F1", 1), ("EM", 1), ("F1", 1)]]
    grid = GridSpec("Table 2: SQuAD results.", header, [["BERT", "84.1", "90.9", "85.0", "91.0"],
                                                        ["Human", "80.3", "90.5", "82.3", "91.2"]], where="full")
    rows, _, _ = tables(tmp_path / "t.pdf", [grid])
    assert cells(rows[0]) == {"Dev / EM": "84.1", "Dev / F1": "90.9", "Test / EM": "85.0", "Test / F1": "91.0"}
    assert "| BERT | Dev / EM: 84.1 | Dev / F1: 90.9 | Test / EM: 85.0 | Test / F1: 91.0" in rows[0].text


def test_spanning_header_over_some_columns_only(tmp_path):
    header = [[("", 1), ("Target tasks", 3), ("", 1)], [("Model", 1), ("QQP", 1), ("RTE", 1), ("SST", 1), ("Avg.", 1)]]
    grid = GridSpec("Table 4: Transfer.", header, [["Ours", "71.2", "66.4", "93.5", "77.0"],
                                                    ["Base", "70.1", "60.2", "92.8", "74.4"]], where="full")
    rows, _, _ = tables(tmp_path / "t.pdf", [grid])
    assert list(cells(rows[0])) == ["Target tasks / QQP", "Target tasks / RTE", "Target tasks / SST", "Avg."]


def test_rotated_group_labels_and_group_rows_are_carried_to_each_row(tmp_path):
    body = [[task, f"{n}.0", f"{n}.1", f"{n}.2"] for n, task in enumerate(["QQP", "RTE", "SST", "CoLA"] * 2)]
    rotated = GridSpec("Table 5: Ablation.", HEADER, body, rotated=[("No MLM", 0, 3), ("With MLM", 4, 7)], where="left")
    grouped = GridSpec("Table 6: XNLI.", HEADER, [["TRANSLATE-TRAIN"], ["BiLSTM", "71.0", "66.7", "67.0"],
                                                  ["TRANSLATE-TEST"], ["BiLSTM", "73.7", "70.4", "70.7"]],
                       where="right", label_width=80)
    rows, _, _ = tables(tmp_path / "t.pdf", [rotated, grouped])
    paths = {(p.table.number, tuple(p.table.row)) for p in rows}
    assert {("5", ("No MLM", "QQP")), ("5", ("No MLM", "CoLA")), ("5", ("With MLM", "QQP")), ("5", ("With MLM", "RTE"))} <= paths
    assert len([p for p in rows if p.table.number == "5"]) == 8
    assert {("6", ("TRANSLATE-TRAIN", "BiLSTM")), ("6", ("TRANSLATE-TEST", "BiLSTM"))} <= paths
    assert "Table 6: XNLI. | TRANSLATE-TEST / BiLSTM | am: 73.7 | rw: 70.4 | Avg: 70.7" in [p.text for p in rows]


def test_two_tables_in_one_column_each_keep_their_own_caption(tmp_path):
    first = GridSpec("Table 1: Dev results.", HEADER, ROWS, where="left")
    second = GridSpec("Table 2: Test results.", HEADER, [["Stacked adapters", "41.0", "52.3", "48.8"]], where="left")
    rows, texts, _ = tables(tmp_path / "t.pdf", [first, second])
    by_number = {p.table.number: [] for p in rows}
    for p in rows:
        by_number[p.table.number].append(p)
    assert sorted(by_number) == ["1", "2"]
    assert [cells(p)["am"] for p in by_number["1"]] == ["47.9", "40.1"]
    assert [cells(p)["am"] for p in by_number["2"]] == ["41.0"]
    assert all(p.text.startswith("Table 2: Test results.") for p in by_number["2"])


def test_signed_values_keep_their_sign_and_headers_are_not_rows(tmp_path):
    grid = GridSpec("Table 7: Gains over the baseline.", [[("Method", 1), ("Low", 1), ("High", 1)], [("", 1), ("res.", 1),
                    ("res.", 1)]], [["Adapters", "+ 8.3", "- 0.5"], ["Prompts", "+ 1.2", "+ 0.4"]],
                    rules="none", where="left")
    rows, _, _ = tables(tmp_path / "t.pdf", [grid])
    assert [p.table.row for p in rows] == [["Adapters"], ["Prompts"]]
    assert cells(rows[0]) == {"Low res.": "+8.3", "High res.": "-0.5"}


@pytest.mark.parametrize(("values", "expected"), [
    (["0.296", ".309", ".41"], [".309", ".41"]),  # correlations written without the leading zero
    (["1.13e-03", "9.63E-04", "2.1e+01"], ["9.63E-04", "2.1e+01"]),  # scientific notation
    (["70.5 (± 2.5)", "69.9 (± 1.9)", "72.6 (± 2.3)"], ["69.9 (± 1.9)", "72.6 (± 2.3)"]),  # mean (± deviation)
    (["88.7 %", "90.1 %", "91.4 %"], ["90.1 %", "91.4 %"]),  # the unit set apart
    (["0.1–0.5", "1e-5–1e-4", "2–8"], ["1e-5–1e-4", "2–8"]),  # ranges (a hyperparameter table)
])
def test_number_forms_of_real_tables_are_cells_not_row_labels(tmp_path, values, expected):
    """A value in one of these forms is a cell under its column, not words glued onto the row label."""
    header = [[("System", 1), ("Data", 1), ("Dev", 1), ("Test", 1)]]
    body = [["Ours", "full", *values[1:]], ["Base", "half", *values[:0:-1]], ["Old", "none", values[0], values[0]]]
    grid = GridSpec("Table 5: Scores.", header, body, rules="lines", where="full", cell_width=60)
    rows, _, _ = tables(tmp_path / "t.pdf", [grid])
    assert [p.table.row for p in rows] == [["Ours full"], ["Base half"], ["Old none"]]
    assert [c.value for c in rows[0].table.cells] == expected
    assert [c.value for c in rows[1].table.cells] == expected[::-1]
    assert cells(rows[2]) == {"Dev": values[0], "Test": values[0]}


def test_full_width_table_on_a_two_column_page(tmp_path):
    header = [[("Model", 1)] + [(name, 1) for name in ("en", "fr", "es", "de", "el", "bg", "ru", "tr", "ar", "vi")]]
    values = [["X-CBOW"] + [f"{60 + i}.{i}" for i in range(10)], ["X-LSTM"] + [f"{70 + i}.{i}" for i in range(10)]]
    rows, texts, sentences = tables(tmp_path / "t.pdf", [GridSpec("Table 4: XNLI test accuracy.", header, values,
                                                                  where="full", cell_width=36)])
    assert [len(p.table.cells) for p in rows] == [10, 10]
    assert cells(rows[1])["vi"] == "79.9" and cells(rows[0])["en"] == "60.0"
    assert all(s in texts for s in sentences)


@pytest.mark.parametrize("caption_below", [True, False])
def test_rule_less_table_between_paragraphs_takes_only_its_rows(tmp_path, caption_below):
    grid = GridSpec("Table 3: WikiANN F1.", HEADER, ROWS + [["Prompt tuning", "44.0", "58.1", "49.9"]], "none",
                    caption_below=caption_below, where="left")
    rows, texts, sentences = tables(tmp_path / "t.pdf", [grid], text_before=4)
    assert [p.table.row for p in rows] == [["Stacked adapters"], ["Baseline"], ["Prompt tuning"]]
    assert cells(rows[2]) == {"am": "44.0", "rw": "58.1", "Avg": "49.9"}
    assert all(s in texts for s in sentences)  # the paragraphs above and below stay text, whole
