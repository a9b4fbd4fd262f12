"""Text from hostile input made safe for terminals, plain-text lines, Markdown, CSV and rich."""

from __future__ import annotations

import csv
import io

from hypothesis import given
from hypothesis import strategies as st

from verifier.escaping import csv_cell, markdown_text, plain_path, rich_text, terminal_text

FORGED = "x\n::error file=README.md,line=1::Approved by security\n.txt"


def test_escape_sequences_and_controls_are_removed() -> None:
    text = "a\x1b[31mred\x1b[0m b\x1b]8;;http://evil\x07link\x1b]8;;\x07 c\x07\x08\x9b d\u202eevil"
    assert terminal_text(text) == "ared blink c devil"


def test_newlines_kept_or_folded() -> None:
    assert terminal_text("one\ntwo") == "one\ntwo"
    assert terminal_text("one\r\ntwo\rthree", newlines=False) == "one twothree"


@given(st.text())
def test_terminal_text_never_holds_a_control_character(text: str) -> None:
    cleaned = terminal_text(text, newlines=False)
    assert "\x1b" not in cleaned and "\n" not in cleaned and "\r" not in cleaned and "\x07" not in cleaned


def test_ordinary_paths_are_unchanged() -> None:
    assert plain_path("reports/sparse_adapters_synthesis.txt") == "reports/sparse_adapters_synthesis.txt"


def test_a_newline_in_a_file_name_cannot_start_a_line() -> None:
    quoted = plain_path(FORGED)
    assert "\n" not in quoted and quoted.startswith("'") and "\\n::error" in quoted


@given(st.text())
def test_plain_path_is_always_one_printable_line(text: str) -> None:
    quoted = plain_path(text)
    assert "\n" not in quoted and "\r" not in quoted and "\x1b" not in quoted
    assert all(char.isprintable() for char in quoted)


def test_markdown_escapes_html_and_newlines() -> None:
    text = markdown_text('evil\n<img src=x onerror="alert(1)">')
    assert "\n" not in text and "<img" not in text and "&lt;img" in text


def test_csv_formula_starts_are_neutralised() -> None:
    buffer = io.StringIO()
    csv.writer(buffer).writerow([csv_cell(v) for v in ["=HYPERLINK(\"http://x\")", "+1+1", "-2", "@SUM(A1)", "0.19", 3]])
    row = next(csv.reader(io.StringIO(buffer.getvalue())))
    assert row == ["'=HYPERLINK(\"http://x\")", "'+1+1", "-2", "'@SUM(A1)", "0.19", "3"]


def test_rich_markup_is_not_interpreted() -> None:
    from rich.console import Console

    out = io.StringIO()
    Console(file=out, force_terminal=False, width=200).print(rich_text("Title [/] [link=http://evil]x[/link] \x1b[2J"))
    assert out.getvalue().strip() == "Title [/] [link=http://evil]x[/link]"
